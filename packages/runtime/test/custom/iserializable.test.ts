import { describe, expect, it } from 'vitest';
import { transformSource } from '@weft/transformer';
import {
  BinaryFormatter,
  FormatterServices,
  type IDeserializationCallback,
  type ISerializable,
  OnDeserialized,
  Serializable,
  SerializationBinder,
  SerializationInfo,
  StreamingContext,
  StreamingContextStates,
} from '@weft/runtime';
import { thrown } from '../helpers';

const f = new BinaryFormatter();
const rt = <T>(v: T, fm = f): T => fm.deserialize<T>(fm.serialize(v));


let calls: string[] = [];

/** The classic MyObject/ObjectTwo pair: ISerializable with a subclass that chains to it. */
@Serializable({ name: 'ser.MyObject' })
class MyObject implements ISerializable {
  n1 = 0;
  n2 = 0;
  str: string | null = null;
  constructor();
  constructor(info: SerializationInfo, context: StreamingContext);
  constructor(info?: SerializationInfo, _context?: StreamingContext) {
    if (info) {
      calls.push('MyObject(info)');
      this.n1 = info.getInt32('i');
      this.n2 = info.getInt32('j');
      this.str = info.getString('k');
    }
  }
  getObjectData(info: SerializationInfo, _context: StreamingContext): void {
    calls.push('MyObject.getObjectData');
    info.addValue('i', this.n1);
    info.addValue('j', this.n2);
    info.addValue('k', this.str);
  }
}

@Serializable({ name: 'ser.ObjectTwo' })
class ObjectTwo extends MyObject {
  num = 0;
  constructor();
  constructor(info: SerializationInfo, context: StreamingContext);
  constructor(info?: SerializationInfo, context?: StreamingContext) {
    if (info) {
      super(info, context!);
      calls.push('ObjectTwo(info)');
      this.num = info.getInt32('num');
    } else super();
  }
  override getObjectData(info: SerializationInfo, context: StreamingContext): void {
    super.getObjectData(info, context);
    calls.push('ObjectTwo.getObjectData');
    info.addValue('num', this.num);
  }
}

/** No deserialization constructor of its own: the base's is used (and its getObjectData). */
@Serializable({ name: 'ser.ObjectThree' })
class ObjectThree extends MyObject {
  extra = 'not written: only getObjectData decides what is';
}

/** A plain @Serializable base... */
@Serializable({ name: 'ser.Vehicle' })
class Vehicle {
  wheels = 4;
  #vin = '';
  get vin(): string {
    return this.#vin;
  }
  setVin(v: string): void {
    this.#vin = v;
  }
}

/** ...whose ISerializable subclass writes the base's fields itself through FormatterServices. */
@Serializable({ name: 'ser.Car' })
class Car extends Vehicle implements ISerializable {
  model = '';
  constructor();
  constructor(info: SerializationInfo, context: StreamingContext);
  constructor(info?: SerializationInfo, _context?: StreamingContext) {
    super();
    if (info) {
      const members = FormatterServices.getSerializableMembers(Vehicle);
      FormatterServices.populateObjectMembers(this, members, members.map((m) => info.getValue(`base.${m.name}`)));
      this.model = info.getString('model')!;
    }
  }
  getObjectData(info: SerializationInfo, _context: StreamingContext): void {
    const members = FormatterServices.getSerializableMembers(Vehicle);
    FormatterServices.getObjectData(this, members).forEach((v, i) => info.addValue(`base.${members[i]!.name}`, v));
    info.addValue('model', this.model);
  }
}

/** ISerializable objects in a cycle: each holds the other, and itself. */
@Serializable({ name: 'ser.Peer' })
class Peer implements ISerializable {
  name = '';
  other: Peer | null = null;
  self: Peer | null = null;
  list: Peer[] = [];
  constructor();
  constructor(info: SerializationInfo, context: StreamingContext);
  constructor(info?: SerializationInfo) {
    if (info) {
      this.name = info.getString('name')!;
      this.other = info.getValue<Peer | null>('other');
      this.self = info.getValue<Peer | null>('self');
      this.list = info.getValue<Peer[]>('list');
    }
  }
  getObjectData(info: SerializationInfo): void {
    info.addValue('name', this.name);
    info.addValue('other', this.other);
    info.addValue('self', this.self);
    info.addValue('list', this.list);
  }
}

/**
 * A dictionary-like class: the deserialization constructor only keeps the SerializationInfo;
 * the index is rebuilt in onDeserialization, once every object of the graph is complete.
 */
@Serializable({ name: 'ser.Registry' })
class Registry implements ISerializable, IDeserializationCallback {
  private map = new Map<string, Entry>();
  owner: Entry | null = null;
  private pending: SerializationInfo | null = null;
  constructor();
  constructor(info: SerializationInfo, context: StreamingContext);
  constructor(info?: SerializationInfo) {
    if (info) {
      calls.push(`Registry(info): owner ready = ${info.getValue<Entry>('owner') instanceof Entry}`);
      this.pending = info;
    }
  }
  add(e: Entry): void {
    this.map.set(e.key, e);
  }
  get(key: string): Entry | undefined {
    return this.map.get(key);
  }
  get size(): number {
    return this.map.size;
  }
  getObjectData(info: SerializationInfo): void {
    info.addValue('entries', [...this.map.values()]);
    info.addValue('owner', this.owner);
  }
  onDeserialization(_sender: unknown): void {
    const info = this.pending!;
    this.pending = null;
    this.owner = info.getValue<Entry>('owner');
    this.map = new Map(info.getValue<Entry[]>('entries').map((e) => [e.key, e]));
    calls.push(`Registry.onDeserialization: ${this.map.size} entries`);
  }
}

@Serializable({ name: 'ser.Entry' })
class Entry implements ISerializable {
  key = '';
  registry: Registry | null = null;
  constructor(key?: string);
  constructor(info: SerializationInfo, context: StreamingContext);
  constructor(a?: string | SerializationInfo) {
    if (a instanceof SerializationInfo) {
      this.key = a.getString('key')!;
      this.registry = a.getValue('registry');
    } else if (a !== undefined) this.key = a;
  }
  getObjectData(info: SerializationInfo): void {
    info.addValue('key', this.key);
    info.addValue('registry', this.registry);
  }
}

/** ISerializable with an @OnDeserialized: runs after its constructor, with the graph complete. */
@Serializable({ name: 'ser.WithCallback' })
class WithCallback implements ISerializable {
  v = 0;
  seen: string[] = [];
  constructor();
  constructor(info: SerializationInfo, context: StreamingContext);
  constructor(info?: SerializationInfo, context?: StreamingContext) {
    if (info) {
      this.v = info.getInt32('v');
      this.seen = [`ctor:${context!.state}`];
    }
  }
  getObjectData(info: SerializationInfo, context: StreamingContext): void {
    info.addValue('v', this.v);
    info.addValue('state', context.state);
  }
  @OnDeserialized() protected done(c: StreamingContext): void {
    this.seen.push(`OnDeserialized:${c.state}`);
  }
}

/** A long chain of ISerializable links: bodies past the inline depth are read later (stand-ins + fixups). */
@Serializable({ name: 'ser.Link' })
class Link implements ISerializable {
  n: number;
  next: Link | null;
  constructor(n: number, next: Link | null);
  constructor(info: SerializationInfo, context: StreamingContext);
  constructor(a: number | SerializationInfo, b: Link | null | StreamingContext) {
    if (a instanceof SerializationInfo) {
      this.n = a.getInt32('n');
      this.next = a.getValue('next');
    } else {
      this.n = a;
      this.next = b as Link | null;
    }
  }
  getObjectData(info: SerializationInfo): void {
    info.addValue('n', this.n);
    info.addValue('next', this.next);
  }
}

@Serializable({ name: 'ser.BadGetObjectData' })
class BadGetObjectData implements ISerializable {
  constructor();
  constructor(info: SerializationInfo, context: StreamingContext);
  constructor(_i?: SerializationInfo) {}
  getObjectData(info: SerializationInfo): void {
    info.addValue('x', 1);
    info.addValue('x', 2);
  }
}

@Serializable({ name: 'ser.ThrowingCtor' })
class ThrowingCtor implements ISerializable {
  constructor();
  constructor(info: SerializationInfo, context: StreamingContext);
  constructor(info?: SerializationInfo) {
    if (info) throw new RangeError('bad state');
  }
  getObjectData(): void {}
}

describe('ISerializable (issue 4)', () => {
  it('is written only through getObjectData and read through the (info, context) constructor', () => {
    const o = Object.assign(new MyObject(), { n1: 1, n2: 24, str: 'Some String' });
    calls = [];
    const back = rt(o);
    expect(calls).toEqual(['MyObject.getObjectData', 'MyObject(info)']);
    expect(back).toBeInstanceOf(MyObject);
    expect([back.n1, back.n2, back.str]).toEqual([1, 24, 'Some String']);
  });

  it('a subclass chains: super(info, context) and super.getObjectData(...)', () => {
    const o = Object.assign(new ObjectTwo(), { n1: 2, n2: 3, str: 's', num: 99 });
    calls = [];
    const back = rt(o);
    expect(calls).toEqual(['MyObject.getObjectData', 'ObjectTwo.getObjectData', 'MyObject(info)', 'ObjectTwo(info)']);
    expect(back).toBeInstanceOf(ObjectTwo);
    expect([back.n1, back.n2, back.str, back.num]).toEqual([2, 3, 's', 99]);
  });

  it("a subclass without its own constructor is read through the nearest base's", () => {
    const o = Object.assign(new ObjectThree(), { n1: 5, extra: 'changed' });
    calls = [];
    const back = rt(o);
    expect(back).toBeInstanceOf(ObjectThree);
    expect(back.n1).toBe(5);
    expect(calls).toEqual(['MyObject.getObjectData', 'MyObject(info)']);
    // only what getObjectData wrote travels; the field initializer ran in the constructor
    expect(back.extra).toBe('not written: only getObjectData decides what is');
  });

  it('an ISerializable class writes its plain @Serializable base\'s fields (incl. #private) via FormatterServices', () => {
    const c = Object.assign(new Car(), { wheels: 3, model: 'Reliant' });
    c.setVin('VIN-1');
    const info = new SerializationInfo(Car);
    c.getObjectData(info, new StreamingContext(StreamingContextStates.All));
    expect([...info].map((e) => e.name)).toEqual(['base.wheels', 'base.#vin', 'model']);
    const back = rt(c);
    expect(back).toBeInstanceOf(Car);
    expect([back.wheels, back.vin, back.model]).toEqual([3, 'VIN-1', 'Reliant']);
  });

  it('keeps identity and cycles through ISerializable objects (shared, self and mutual references)', () => {
    const a = Object.assign(new Peer(), { name: 'a' });
    const b = Object.assign(new Peer(), { name: 'b' });
    a.other = b;
    b.other = a;
    a.self = a;
    b.self = b;
    a.list = [a, b, a];
    b.list = a.list;
    const [x, y, z] = rt([a, b, a]);
    expect(x).toBeInstanceOf(Peer);
    expect(x).toBe(z);
    expect(x!.other).toBe(y);
    expect(y!.other).toBe(x);
    expect(x!.self).toBe(x);
    expect(y!.self).toBe(y);
    expect(x!.list).toBe(y!.list);
    expect(x!.list[0]).toBe(x);
    expect(x!.list[1]).toBe(y);
  });

  it('IDeserializationCallback rebuilds a dictionary once the graph is complete (values not ready in the constructor)', () => {
    const owner = new Entry('owner');
    const r = new Registry();
    owner.registry = r;
    r.owner = owner;
    for (const k of ['k1', 'k2', 'k3']) {
      const e = new Entry(k);
      e.registry = r;
      r.add(e);
    }
    calls = [];
    // the owner is the root: the registry's constructor runs before the owner exists
    const back = rt(owner);
    expect(calls).toEqual(['Registry(info): owner ready = false', 'Registry.onDeserialization: 3 entries']);
    const reg = back.registry!;
    expect(reg).toBeInstanceOf(Registry);
    expect(reg.owner).toBe(back);
    expect(reg.size).toBe(3);
    expect(reg.get('k2')!.registry).toBe(reg);
  });

  it('an @OnDeserialized method of an ISerializable class runs after its constructor; context reaches both', () => {
    const ctx = new StreamingContext(StreamingContextStates.File);
    const fm = new BinaryFormatter({ context: ctx });
    const back = rt(Object.assign(new WithCallback(), { v: 7 }), fm);
    expect(back.v).toBe(7);
    expect(back.seen).toEqual(['ctor:4', 'OnDeserialized:4']);
  });

  it('a chain of 3000 ISerializable objects (deeper than the inline limit) comes back whole, cycle included', () => {
    let head: Link | null = null;
    for (let i = 3000; i >= 1; i--) head = new Link(i, head);
    let last = head!;
    while (last.next) last = last.next;
    last.next = head; // close the ring
    const back = rt(head!);
    let p: Link = back;
    for (let i = 1; i <= 3000; i++) {
      expect(p).toBeInstanceOf(Link);
      expect(p.n).toBe(i);
      p = p.next!;
    }
    expect(p).toBe(back);
  });

  it('getObjectData adding a name twice fails serialize with DUPLICATE_MEMBER', () => {
    const e = thrown(() => f.serialize(new BadGetObjectData()));
    expect(e.code).toBe('DUPLICATE_MEMBER');
    expect(e.message).toContain('"x"');
  });

  it('a throwing deserialization constructor is a SerializationException (CALLBACK_FAILED)', () => {
    const e = thrown(() => rt(new ThrowingCtor()));
    expect(e.code).toBe('CALLBACK_FAILED');
    expect(e.message).toContain('ThrowingCtor');
    expect(e.message).toContain('bad state');
  });

  it('ISerializable bytes read into a plain class need its members; plain bytes reach an ISerializable constructor as entries', () => {
    // a binder that maps the ISerializable MyObject onto the plain Vehicle
    const fm = new BinaryFormatter({
      binder: new (class extends SerializationBinder {
        override bindToType(_a: string, n: string): Function | undefined {
          return n === 'ser.MyObject' ? Vehicle : n === 'ser.Vehicle' ? MyObject : undefined;
        }
      })(),
    });
    expect(thrown(() => fm.deserialize(f.serialize(new MyObject()))).code).toBe('MISSING_MEMBER');
    // Vehicle's members (wheels, #vin) become entries; MyObject's constructor asks for "i".
    const e = thrown(() => fm.deserialize(f.serialize(new Vehicle())));
    expect(e.code).toBe('MEMBER_NOT_FOUND');
    expect(e.message).toContain('"i"');
  });
});

describe('WEFT 91005: ISerializable without a deserialization constructor', () => {
  const compile = (src: string) =>
    transformSource(`import { Serializable, ISerializable, SerializationInfo, StreamingContext } from '@weft/runtime';\n${src}`, '/virtual/c.ts', { assembly: 'diag' }).diagnostics;

  it('is reported with the class name and line', () => {
    const d = compile('@Serializable()\nclass NoCtor implements ISerializable {\n  getObjectData(info: SerializationInfo, c: StreamingContext): void {}\n}\n');
    expect(d.map((x) => x.code)).toEqual([91005]);
    expect(d[0]!.message).toContain('NoCtor');
    expect(d[0]!.line).toBe(3);
  });

  it('a constructor whose first parameter is not a SerializationInfo does not count', () => {
    const d = compile('@Serializable()\nclass WrongCtor implements ISerializable {\n  constructor(x: number) {}\n  getObjectData(info: SerializationInfo, c: StreamingContext): void {}\n}\n');
    expect(d.map((x) => x.code)).toEqual([91005]);
  });

  it('is not reported for an own (overload) constructor, nor for a subclass inheriting one', () => {
    expect(
      compile(
        '@Serializable()\nclass Ok implements ISerializable {\n  constructor();\n  constructor(info: SerializationInfo, c: StreamingContext);\n  constructor(i?: SerializationInfo) {}\n  getObjectData(info: SerializationInfo, c: StreamingContext): void {}\n}\n' +
          '@Serializable()\nclass Sub extends Ok implements ISerializable {}\n',
      ),
    ).toEqual([]);
  });
});
