import { describe, expect, it } from 'vitest';
import {
  BinaryFormatter,
  type IFormatter,
  type ISerializationSurrogate,
  JsonFormatter,
  Serializable,
  SerializationBinder,
  SerializationException,
  StreamingContext,
  StreamingContextStates,
  SurrogateSelector,
} from '@weft/runtime';

// A formatter reused across calls must decide exactly as a fresh one would: whatever a reader
// or writer keeps between calls (resolved type layouts, encoded TypeDefs, surrogate lookups)
// may not outlive the context, selector contents, binder answers or registry it was made with.
// Each case runs the same steps on a reused formatter and on a fresh one per call, and
// compares what they did.

/** Never compiled by weft: readable only through a surrogate. */
class Vec {
  constructor(
    public x: number,
    public y: number,
  ) {}
}

const vecSurrogate: ISerializationSurrogate = {
  getObjectData(v: Vec, info) {
    info.addValue('x', v.x);
    info.addValue('y', v.y);
  },
  setObjectData(v: Vec, info) {
    v.x = info.getDouble('x');
    v.y = info.getDouble('y');
    return v;
  },
};

@Serializable({ name: 'soundness.Item' })
class Item {
  constructor(
    public id: number,
    public label: string,
  ) {}
}

@Serializable({ name: 'soundness.ItemV2' })
class ItemV2 {
  id = 0;
  label = '';
}

const FILE = new StreamingContext(StreamingContextStates.File);
const REMOTING = new StreamingContext(StreamingContextStates.Remoting);

type Make = (options?: ConstructorParameters<typeof BinaryFormatter>[0]) => IFormatter;
const FORMATS: [string, Make][] = [
  ['BinaryFormatter', (o) => new BinaryFormatter(o)],
  ['JsonFormatter', (o) => new JsonFormatter(o)],
];

/** What a call did: its result's class and values, or its error code. */
function outcome(fn: () => unknown): string {
  try {
    const v = fn();
    if (v instanceof Vec || v instanceof Item || v instanceof ItemV2) return `${v.constructor.name}${JSON.stringify(v)}`;
    return `value ${JSON.stringify(v)}`;
  } catch (e) {
    if (!(e instanceof SerializationException)) throw e;
    return `error ${e.code}`;
  }
}

describe.each(FORMATS)('%s reused across calls decides as a fresh one', (_name, make) => {
  it('after formatter.context changes (surrogates registered for one context)', () => {
    const selector = new SurrogateSelector();
    selector.addSurrogate(Vec, FILE, vecSurrogate);
    const bytes = make({ surrogateSelector: selector, context: FILE }).serialize(new Vec(1, 2));
    const reused = make({ surrogateSelector: selector, context: FILE });
    const steps: [StreamingContext, string][] = [];
    for (const context of [FILE, REMOTING, FILE, REMOTING]) {
      reused.context = context;
      const fresh = make({ surrogateSelector: selector, context });
      const got = outcome(() => reused.deserialize(bytes));
      expect(got).toBe(outcome(() => fresh.deserialize(bytes)));
      // Writing too: under Remoting no surrogate answers for Vec, so it is not serializable.
      expect(outcome(() => reused.serialize(new Vec(3, 4)).length)).toBe(outcome(() => fresh.serialize(new Vec(3, 4)).length));
      steps.push([context, got]);
    }
    expect(steps.map(([, g]) => g)).toEqual(['Vec{"x":1,"y":2}', 'error UNKNOWN_TYPE', 'Vec{"x":1,"y":2}', 'error UNKNOWN_TYPE']);
  });

  it('after a surrogate is added to or removed from the same selector', () => {
    const selector = new SurrogateSelector();
    selector.addSurrogate(Vec, FILE, vecSurrogate);
    const reused = make({ surrogateSelector: selector, context: FILE });
    const bytes = reused.serialize(new Vec(5, 6));
    const got: string[] = [];
    for (const present of [true, false, true, false]) {
      if (present && selector.getSurrogate(Vec, FILE) === null) selector.addSurrogate(Vec, FILE, vecSurrogate);
      if (!present) selector.removeSurrogate(Vec, FILE);
      const fresh = make({ surrogateSelector: selector, context: FILE });
      const r = outcome(() => reused.deserialize(bytes));
      expect(r).toBe(outcome(() => fresh.deserialize(bytes)));
      got.push(r);
    }
    // Removed means the uncompiled type is no longer readable: the allow-list holds.
    expect(got).toEqual(['Vec{"x":5,"y":6}', 'error UNKNOWN_TYPE', 'Vec{"x":5,"y":6}', 'error UNKNOWN_TYPE']);
  });

  it('after the binder changes its answers (it is asked once per graph)', () => {
    let target: Function | undefined;
    let asked = 0;
    const binder = new (class extends SerializationBinder {
      override bindToType(_assembly: string, name: string): Function | undefined {
        if (name === 'soundness.Item') asked++;
        return name === 'soundness.Item' ? target : undefined;
      }
    })();
    const bytes = make().serialize(new Item(7, 'seven'));
    const reused = make({ binder });
    const got: string[] = [];
    for (const t of [undefined, ItemV2, undefined, ItemV2]) {
      target = t;
      const before = asked;
      const r = outcome(() => reused.deserialize(bytes));
      expect(asked - before).toBe(1);
      expect(r).toBe(outcome(() => make({ binder }).deserialize(bytes)));
      got.push(r);
    }
    expect(got).toEqual(['Item{"id":7,"label":"seven"}', 'ItemV2{"id":7,"label":"seven"}', 'Item{"id":7,"label":"seven"}', 'ItemV2{"id":7,"label":"seven"}']);
  });

  it('after the binder changes the names it writes', () => {
    let rename = false;
    const binder = new (class extends SerializationBinder {
      override bindToName(type: Function) {
        return rename && type === Item ? { typeName: 'soundness.Renamed' } : undefined;
      }
    })();
    const reused = make({ binder });
    for (const r of [false, true, false]) {
      rename = r;
      const text = new TextDecoder('latin1').decode(reused.serialize(new Item(1, 'a')));
      expect(text.includes('soundness.Renamed')).toBe(r);
      expect(text).toBe(new TextDecoder('latin1').decode(make({ binder }).serialize(new Item(1, 'a'))));
    }
  });

  it('after the registry changes (a class registered again under the same identity)', () => {
    const define = () => {
      @Serializable({ name: 'soundness.Dynamic' })
      class Dynamic {
        value = 0;
      }
      return Dynamic;
    };
    const First = define();
    const first = new First();
    first.value = 1;
    const bytes = make().serialize(first);
    const reused = make();
    expect(reused.deserialize(bytes)).toBeInstanceOf(First);
    const Second = define();
    const back = reused.deserialize<{ value: number }>(bytes);
    expect(back).toBeInstanceOf(Second);
    expect(back).not.toBeInstanceOf(First);
    expect(Object.getPrototypeOf(make().deserialize(bytes))).toBe(Object.getPrototypeOf(back));
    expect(back.value).toBe(1);
  });
});

describe('the binary reader keeps nothing from a graph that failed', () => {
  it('a frame whose layout resolved but whose body is bad leaves no cached layout that changes the next answer', () => {
    const f = new BinaryFormatter();
    const good = f.serialize(new Item(1, 'x'));
    // Cut the last byte: the TypeDef resolves, the body is truncated.
    const bad = good.slice(0, good.length - 1);
    new DataView(bad.buffer).setUint32(4, bad.length - 8, true);
    expect(outcome(() => f.deserialize(bad))).toBe('error INVALID_LENGTH');
    expect(outcome(() => f.deserialize(good))).toBe(outcome(() => new BinaryFormatter().deserialize(good)));
  });
});
