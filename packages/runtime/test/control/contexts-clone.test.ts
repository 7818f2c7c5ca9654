import { describe, expect, it } from 'vitest';
import {
  BinaryFormatter,
  deepClone,
  type ISerializable,
  NonSerialized,
  OnDeserialized,
  OnDeserializing,
  OnSerialized,
  OnSerializing,
  Serializable,
  SerializationException,
  SerializationInfo,
  StreamingContext,
  StreamingContextStates,
} from '@weft/runtime';
import { thrown } from '../helpers';

let states: StreamingContextStates[] = [];

@Serializable({ name: 'ctx.Person' })
class Person {
  name: string;
  friends: Person[] = [];
  best: Person | null = null;
  born = new Date(Date.UTC(1990, 0, 1));
  tags = new Set<string>();
  notes = new Map<string, Person>();
  /** a handle that must not travel, except when cloning inside the process */
  @NonSerialized() handle: { id: number } | undefined;
  constructor(name: string) {
    this.name = name;
  }
  @OnSerializing() protected s(c: StreamingContext): void {
    states.push(c.state);
  }
  @OnSerialized() protected sd(c: StreamingContext): void {
    states.push(c.state);
  }
  @OnDeserializing() protected d(c: StreamingContext): void {
    states.push(c.state);
  }
  @OnDeserialized() protected dd(c: StreamingContext): void {
    states.push(c.state);
    // Clone-only behaviour, as a .NET type might do: keep the in-process handle across a clone
    if (c.state === StreamingContextStates.Clone) this.handle = (c.context as Map<string, { id: number }> | undefined)?.get(this.name) ?? { id: -1 };
  }
}

@Serializable({ name: 'ctx.Money' })
class Money implements ISerializable {
  readonly cents: bigint;
  readonly currency: string;
  constructor(cents: bigint, currency: string);
  /** the deserialization constructor overload */
  constructor(info: SerializationInfo, context: StreamingContext);
  constructor(a: bigint | SerializationInfo, b: string | StreamingContext) {
    if (a instanceof SerializationInfo) {
      Money.seen.push(b as StreamingContext);
      this.cents = a.getBigInt('c');
      this.currency = a.getString('cur')!;
    } else {
      this.cents = a;
      this.currency = b as string;
    }
  }
  static seen: StreamingContext[] = [];
  getObjectData(info: SerializationInfo, context: StreamingContext): void {
    Money.seen.push(context);
    info.addValue('c', this.cents);
    info.addValue('cur', this.currency);
  }
}

@Serializable({ name: 'ctx.CloneInsideCallback' })
class CloneInsideCallback {
  inner = new Person('inner');
  @NonSerialized() snapshot: Person | undefined;
  @OnSerializing() protected snap(_c: StreamingContext): void {
    // a formatter call made from inside a callback of another formatter call
    this.snapshot = deepClone(this.inner);
  }
}

describe('StreamingContext and StreamingContextStates (API.md §5)', () => {
  it('has exactly the .NET flag values', () => {
    expect({ ...StreamingContextStates }).toMatchObject({
      CrossProcess: 0x01, CrossMachine: 0x02, File: 0x04, Persistence: 0x08, Remoting: 0x10, Other: 0x20, Clone: 0x40, CrossAppDomain: 0x80, All: 0xff,
    });
  });

  it('carries a state and an optional context object; formatters default to All', () => {
    const extra = { anything: true };
    const c = new StreamingContext(StreamingContextStates.CrossMachine, extra);
    expect(c.state).toBe(StreamingContextStates.CrossMachine);
    expect(c.context).toBe(extra);
    expect(new StreamingContext(StreamingContextStates.File).context).toBeUndefined();
    const f = new BinaryFormatter();
    expect(f.context).toBeInstanceOf(StreamingContext);
    expect(f.context.state).toBe(StreamingContextStates.All);
    const g = new BinaryFormatter({ context: c });
    expect(g.context).toBe(c);
  });

  it('reaches getObjectData and the deserialization constructor of ISerializable types', () => {
    const ctx = new StreamingContext(StreamingContextStates.CrossProcess, 'p');
    const f = new BinaryFormatter({ context: ctx });
    Money.seen = [];
    const m = f.deserialize<Money>(f.serialize(new Money(1234n, 'EUR')));
    expect(m.cents).toBe(1234n);
    expect(m.currency).toBe('EUR');
    expect(Money.seen).toEqual([ctx, ctx]);
    expect(Money.seen[0]).toBe(ctx);
  });
});

describe('deepClone (API.md §2)', () => {
  const graph = () => {
    const a = new Person('ann');
    const b = new Person('bob');
    a.friends = [b, a];
    b.friends = [a];
    a.best = b;
    b.best = b;
    a.tags.add('x');
    a.notes.set('about bob', b);
    return { a, b };
  };

  it('copies a class graph deeply, with shared references and cycles', () => {
    const { a } = graph();
    const c = deepClone(a);
    expect(c).not.toBe(a);
    expect(c).toBeInstanceOf(Person);
    const cb = c.best!;
    expect(cb).not.toBe(a.best);
    expect(cb.name).toBe('bob');
    expect(c.friends[0]).toBe(cb);
    expect(c.friends[1]).toBe(c);
    expect(cb.friends[0]).toBe(c);
    expect(cb.best).toBe(cb);
    expect(c.notes.get('about bob')).toBe(cb);
    expect([...c.tags]).toEqual(['x']);
    expect(c.born).not.toBe(a.born);
    expect(c.born.getTime()).toBe(a.born.getTime());
    // the original is untouched
    expect(a.friends[0]).toBe(a.best);
    c.name = 'changed';
    expect(a.name).toBe('ann');
  });

  it('passes StreamingContextStates.Clone to every callback', () => {
    const { a } = graph();
    states = [];
    deepClone(a);
    // two people, four callbacks each
    expect(states).toEqual(new Array(8).fill(StreamingContextStates.Clone));
    states = [];
    new BinaryFormatter().deserialize(new BinaryFormatter().serialize(a));
    expect(states).toEqual(new Array(8).fill(StreamingContextStates.All));
  });

  it('lets types act on the Clone state (a non-serialized handle is re-attached only when cloning)', () => {
    const { a } = graph();
    const c = deepClone(a);
    expect(c.handle).toEqual({ id: -1 });
    const viaBytes = new BinaryFormatter().deserialize<Person>(new BinaryFormatter().serialize(a));
    expect(viaBytes.handle).toBeUndefined();
  });

  it('clones ISerializable objects with the Clone context', () => {
    Money.seen = [];
    const m = deepClone({ price: new Money(5n, 'USD') });
    expect(m.price).toBeInstanceOf(Money);
    expect(m.price.cents).toBe(5n);
    expect(Money.seen.map((c) => c.state)).toEqual([StreamingContextStates.Clone, StreamingContextStates.Clone]);
  });

  it('clones built-ins and primitives', () => {
    expect(deepClone(42)).toBe(42);
    expect(deepClone('s')).toBe('s');
    expect(deepClone(null)).toBe(null);
    const arr = [1, { x: [2] }];
    const c = deepClone(arr);
    expect(c).toEqual(arr);
    expect(c[1]).not.toBe(arr[1]);
  });

  it('works when called from inside a callback of another serialization', () => {
    const o = new CloneInsideCallback();
    const back = new BinaryFormatter().deserialize<CloneInsideCallback>(new BinaryFormatter().serialize(o));
    expect(o.snapshot).toBeInstanceOf(Person);
    expect(o.snapshot).not.toBe(o.inner);
    expect(back.inner.name).toBe('inner');
  });

  it('throws SerializationException for what cannot be serialized', () => {
    class Unmarked {
      v = 1;
    }
    let err: unknown;
    try {
      deepClone({ ok: 1, bad: new Unmarked() });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SerializationException);
    expect((err as SerializationException).code).toBe('NOT_SERIALIZABLE');
    expect(thrown(() => deepClone({ f: () => 1 })).code).toBe('NOT_SERIALIZABLE');
  });
});
