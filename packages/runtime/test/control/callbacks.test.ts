import { describe, expect, it } from 'vitest';
import { transformSource } from '@weft/transformer';
import {
  BinaryFormatter,
  type IDeserializationCallback,
  MemoryStream,
  NonSerialized,
  OnDeserialized,
  OnDeserializing,
  OnSerialized,
  OnSerializing,
  OptionalField,
  Serializable,
  SerializationBinder,
  StreamingContext,
  StreamingContextStates,
} from '@weft/runtime';
import { metaOfConstructor } from '../../src/engine/registry.ts';
import { thrown } from '../helpers';

/** Every callback appends "<kind>:<label>" here. */
let log: string[] = [];
/** Contexts seen by callbacks. */
let contexts: StreamingContext[] = [];


@Serializable({ name: 'cb.Node' })
class Node {
  label: string;
  parent: Node | null = null;
  children: Node[] = [];
  @NonSerialized() labelAtDeserializing: unknown = 'not run';
  @NonSerialized() parentLabelAtDeserialized: unknown = 'not run';
  constructor(label: string, ...children: Node[]) {
    this.label = label;
    this.children = children;
    for (const c of children) c.parent = this;
  }
  @OnSerializing() s1(c: StreamingContext): void {
    contexts.push(c);
    log.push(`OnSerializing:${this.label}`);
  }
  @OnSerialized() s2(c: StreamingContext): void {
    contexts.push(c);
    log.push(`OnSerialized:${this.label}`);
  }
  @OnDeserializing() d1(c: StreamingContext): void {
    contexts.push(c);
    this.labelAtDeserializing = this.label; // fields are not set yet
    log.push('OnDeserializing');
  }
  @OnDeserialized() d2(c: StreamingContext): void {
    contexts.push(c);
    this.parentLabelAtDeserialized = this.parent?.label; // the parent is complete too
    log.push(`OnDeserialized:${this.label}`);
  }
}

const tree = () => new Node('root', new Node('a', new Node('a1')), new Node('b'));

@Serializable({ name: 'cb.Base' })
class Base {
  baseValue = 0;
  @OnSerializing() protected bs(_c: StreamingContext): void {
    log.push('Base.OnSerializing');
  }
  @OnSerialized() protected bsd(_c: StreamingContext): void {
    log.push('Base.OnSerialized');
  }
  @OnDeserializing() protected bd(_c: StreamingContext): void {
    log.push('Base.OnDeserializing');
  }
  @OnDeserialized() protected bdd(_c: StreamingContext): void {
    log.push('Base.OnDeserialized');
  }
}

@Serializable({ name: 'cb.Derived' })
class Derived extends Base {
  derivedValue = 0;
  // @ts-ignore TS6133: a private callback is called only by the generated code, which tsc --noEmit does not see
  @OnSerializing() private ds(_c: StreamingContext): void {
    log.push('Derived.OnSerializing');
  }
  // @ts-ignore TS6133: a private callback is called only by the generated code, which tsc --noEmit does not see
  @OnSerialized() private dsd(_c: StreamingContext): void {
    log.push('Derived.OnSerialized');
  }
  // @ts-ignore TS6133: a private callback is called only by the generated code, which tsc --noEmit does not see
  @OnDeserializing() private dd(_c: StreamingContext): void {
    log.push('Derived.OnDeserializing');
  }
  // @ts-ignore TS6133: a private callback is called only by the generated code, which tsc --noEmit does not see
  @OnDeserialized() private ddd(_c: StreamingContext): void {
    log.push('Derived.OnDeserialized');
  }
}

/** Only the base has callbacks; the subclass still runs them. */
@Serializable({ name: 'cb.QuietDerived' })
class QuietDerived extends Base {
  extra = 'x';
}

@Serializable({ name: 'cb.Temperature' })
class Temperature {
  celsius = 0;
  /** written in place of celsius: OnSerializing computes it, OnSerialized clears it again */
  wireFahrenheit: number | undefined;
  @OnSerializing() protected before(_c: StreamingContext): void {
    this.wireFahrenheit = (this.celsius * 9) / 5 + 32;
  }
  @OnSerialized() protected after(_c: StreamingContext): void {
    this.wireFahrenheit = undefined;
  }
}

@Serializable({ name: 'cb.Settings' })
class Settings {
  name = '';
  /** added later: old data lacks it, OnDeserializing gives the default */
  @OptionalField() retries: number | undefined;
  @OnDeserializing() protected defaults(_c: StreamingContext): void {
    this.retries = 3;
  }
}

/** The older shape of Settings, under another name; a binder reads it as Settings. */
@Serializable({ name: 'SettingsV1' })
class SettingsV1 {
  name = '';
}

@Serializable({ name: 'cb.Indexed' })
class Indexed implements IDeserializationCallback {
  items: Leaf[] = [];
  @NonSerialized() index: Map<string, Leaf> | undefined;
  @OnDeserialized() protected done(_c: StreamingContext): void {
    log.push('Indexed.OnDeserialized');
  }
  onDeserialization(sender: unknown): void {
    log.push(`Indexed.onDeserialization(${String(sender)})`);
    this.index = new Map(this.items.map((l) => [l.key, l]));
  }
}

@Serializable({ name: 'cb.Leaf' })
class Leaf {
  key = '';
  @OnDeserialized() protected done(_c: StreamingContext): void {
    log.push(`Leaf.OnDeserialized:${this.key}`);
  }
}

@Serializable({ name: 'cb.EsPrivate' })
class EsPrivate {
  #secret = 1;
  @NonSerialized() doubled = 0;
  get secret(): number {
    return this.#secret;
  }
  setSecret(v: number): this {
    this.#secret = v;
    return this;
  }
  // @ts-ignore TS6133: a private callback is called only by the generated code, which tsc --noEmit does not see
  @OnDeserialized() #restore(_c: StreamingContext): void {
    this.doubled = this.#secret * 2;
  }
}

@Serializable({ name: 'cb.Plain' })
class Plain {
  v = 1;
}

@Serializable({ name: 'cb.Chain' })
class Chain {
  n = 0;
  next: Chain | null = null;
  @OnDeserialized() protected done(_c: StreamingContext): void {
    log.push(String(this.n));
  }
}

@Serializable({ name: 'cb.Throws' })
class Throws {
  @OnSerializing() protected boom(_c: StreamingContext): void {
    throw new TypeError('no way');
  }
}

describe('callback order (issue 3)', () => {
  it('OnSerializing runs on each object before its fields are written; OnSerialized only after the whole graph', () => {
    log = [];
    new BinaryFormatter().serialize(tree());
    expect(log).toEqual([
      'OnSerializing:root', 'OnSerializing:a', 'OnSerializing:a1', 'OnSerializing:b',
      'OnSerialized:root', 'OnSerialized:a', 'OnSerialized:a1', 'OnSerialized:b',
    ]);
  });

  it('OnDeserializing runs on the new instance before its fields are set', () => {
    const f = new BinaryFormatter();
    const bytes = f.serialize(tree());
    log = [];
    const back = f.deserialize<Node>(bytes);
    expect(log.slice(0, 4)).toEqual(['OnDeserializing', 'OnDeserializing', 'OnDeserializing', 'OnDeserializing']);
    expect(back.labelAtDeserializing).toBeUndefined();
    expect(back.children[0]!.labelAtDeserializing).toBeUndefined();
  });

  it('OnDeserialized runs after every object is read, in reverse order of creation (inner objects first)', () => {
    const f = new BinaryFormatter();
    const bytes = f.serialize(tree());
    log = [];
    const back = f.deserialize<Node>(bytes);
    // creation order: root, a, a1, b
    expect(log.slice(4)).toEqual(['OnDeserialized:b', 'OnDeserialized:a1', 'OnDeserialized:a', 'OnDeserialized:root']);
    // when a child's OnDeserialized ran, its parent's fields were already set
    expect(back.children[0]!.parentLabelAtDeserialized).toBe('root');
    expect(back.children[0]!.children[0]!.parentLabelAtDeserialized).toBe('a');
  });

  it('base-class callbacks run too, base first, for all four kinds (private and protected methods)', () => {
    const f = new BinaryFormatter();
    log = [];
    const bytes = f.serialize(Object.assign(new Derived(), { baseValue: 1, derivedValue: 2 }));
    expect(log).toEqual(['Base.OnSerializing', 'Derived.OnSerializing', 'Base.OnSerialized', 'Derived.OnSerialized']);
    log = [];
    const d = f.deserialize<Derived>(bytes);
    expect(log).toEqual(['Base.OnDeserializing', 'Derived.OnDeserializing', 'Base.OnDeserialized', 'Derived.OnDeserialized']);
    expect([d.baseValue, d.derivedValue]).toEqual([1, 2]);
  });

  it("a subclass without callbacks of its own runs its base's", () => {
    const f = new BinaryFormatter();
    log = [];
    const q = f.deserialize<QuietDerived>(f.serialize(new QuietDerived()));
    expect(q.extra).toBe('x');
    expect(log).toEqual(['Base.OnSerializing', 'Base.OnSerialized', 'Base.OnDeserializing', 'Base.OnDeserialized']);
  });

  it('a change made in OnSerializing is what gets written (and OnSerialized can undo it)', () => {
    const f = new BinaryFormatter();
    const t = Object.assign(new Temperature(), { celsius: 100 });
    const back = f.deserialize<Temperature>(f.serialize(t));
    expect(back.wireFahrenheit).toBe(212);
    expect(t.wireFahrenheit).toBeUndefined();
  });

  it('OnDeserializing sets defaults that old data (lacking the member) keeps, and new data overrides', () => {
    class ToV2 extends SerializationBinder {
      override bindToType(_assembly: string, typeName: string): Function | undefined {
        return typeName === 'SettingsV1' ? Settings : undefined;
      }
    }
    const old = new BinaryFormatter({ binder: new ToV2() }).deserialize<Settings>(new BinaryFormatter().serialize(Object.assign(new SettingsV1(), { name: 'n' })));
    expect(old).toBeInstanceOf(Settings);
    expect(old.name).toBe('n');
    expect(old.retries).toBe(3);
    const f = new BinaryFormatter();
    const s = f.deserialize<Settings>(f.serialize(Object.assign(new Settings(), { name: 'n', retries: 7 })));
    expect(s.retries).toBe(7);
    // (the same against real old bytes: versioning.test.ts, AddedOptional)
  });

  it('IDeserializationCallback.onDeserialization runs after all OnDeserialized methods of the graph', () => {
    const f = new BinaryFormatter();
    const ix = new Indexed();
    ix.items = [Object.assign(new Leaf(), { key: 'k1' }), Object.assign(new Leaf(), { key: 'k2' })];
    const bytes = f.serialize(ix);
    log = [];
    const back = f.deserialize<Indexed>(bytes);
    expect(log).toEqual(['Leaf.OnDeserialized:k2', 'Leaf.OnDeserialized:k1', 'Indexed.OnDeserialized', 'Indexed.onDeserialization(null)']);
    expect(back.index!.get('k2')).toBe(back.items[1]);
  });

  it('an ES #private callback method runs and reaches #private state', () => {
    const f = new BinaryFormatter();
    const e = f.deserialize<EsPrivate>(f.serialize(new EsPrivate().setSecret(21)));
    expect(e.secret).toBe(21);
    expect(e.doubled).toBe(42);
  });

  it('reverse creation order holds for graphs deeper than the inline limit (deferred bodies)', () => {
    const f = new BinaryFormatter();
    let head: Chain | null = null;
    for (let i = 1500; i >= 1; i--) head = Object.assign(new Chain(), { n: i, next: head });
    const bytes = f.serialize(head);
    log = [];
    const back = f.deserialize<Chain>(bytes);
    expect(log.length).toBe(1500);
    expect(log[0]).toBe('1500');
    expect(log[1499]).toBe('1');
    expect(log.map(Number)).toEqual([...Array(1500).keys()].map((i) => 1500 - i));
    expect(back.next!.next!.n).toBe(3);
  });

  it("the formatter's context reaches every callback (same object, state and additional context)", () => {
    const extra = { caller: 'test' };
    const ctx = new StreamingContext(StreamingContextStates.File | StreamingContextStates.Persistence, extra);
    const f = new BinaryFormatter({ context: ctx });
    contexts = [];
    const bytes = f.serialize(tree());
    f.deserialize(bytes);
    expect(contexts.length).toBe(16);
    for (const c of contexts) expect(c).toBe(ctx);
    expect(contexts[0]!.state).toBe(0x0c);
    expect(contexts[0]!.context).toBe(extra);

    // assigning formatter.context later is honoured too
    const other = new StreamingContext(StreamingContextStates.Remoting);
    f.context = other;
    contexts = [];
    f.deserialize(f.serialize(new Node('x')));
    expect(contexts).toHaveLength(4); // the four callbacks of one Node
    for (const c of contexts) expect(c).toBe(other);
  });

  it('classes without callbacks carry none: the runtime has nothing to call', () => {
    const m = metaOfConstructor(Plain)!;
    expect([m.onSerializing, m.onSerialized, m.onDeserializing, m.onDeserialized]).toEqual([null, null, null, null]);
    expect(m.info.onSerializing).toBeUndefined();
    expect(metaOfConstructor(Derived)!.onDeserialized!.length).toBe(2);
  });

  it('a throwing callback is a SerializationException (CALLBACK_FAILED) and serialize writes nothing', () => {
    const f = new BinaryFormatter();
    const stream = new MemoryStream();
    f.serialize(stream, new Plain());
    const before = stream.length;
    const e = thrown(() => f.serialize(stream, [new Plain(), new Throws()]));
    expect(e.code).toBe('CALLBACK_FAILED');
    expect(e.message).toContain('Throws');
    expect(e.message).toContain('no way');
    expect(stream.length).toBe(before);
  });

  it('when serialize fails, OnSerialized is not raised for the objects already visited', () => {
    log = [];
    expect(thrown(() => new BinaryFormatter().serialize([new Node('visited'), new Throws()])).code).toBe('CALLBACK_FAILED');
    expect(log).toEqual(['OnSerializing:visited']);
  });
});

describe('callback diagnostics (compile time)', () => {
  const compile = (body: string) =>
    transformSource(
      `import { Serializable, OnSerializing, OnDeserialized, StreamingContext } from '@weft/runtime';\n@Serializable()\nexport class K {\n${body}\n}\n`,
      '/virtual/k.ts',
      { assembly: 'diag' },
    ).diagnostics;

  it('a well-formed callback has no diagnostic', () => {
    expect(compile('@OnSerializing() m(c: StreamingContext): void {}')).toEqual([]);
  });

  it.each([
    ['no parameter', '@OnSerializing() m(): void {}'],
    ['two parameters', '@OnSerializing() m(c: StreamingContext, x: number): void {}'],
    ['wrong parameter type', '@OnDeserialized() m(c: string): void {}'],
    ['non-void return', '@OnDeserialized() m(c: StreamingContext): number { return 1; }'],
    ['async', '@OnDeserialized() async m(c: StreamingContext) {}'],
  ])('WEFT 91006 for a bad callback signature: %s', (_, body) => {
    const d = compile(body);
    expect(d.map((x) => x.code)).toEqual([91006]);
    expect(d[0]!.message).toContain('K.m');
    expect(d[0]!.line).toBe(4);
  });

  it('WEFT 91007 for two methods of one callback kind', () => {
    const d = compile('@OnSerializing() a(c: StreamingContext): void {}\n@OnSerializing() b(c: StreamingContext): void {}');
    expect(d.map((x) => x.code)).toEqual([91007]);
    expect(d[0]!.message).toContain('a and b');
    expect(d[0]!.line).toBe(5);
  });
});
