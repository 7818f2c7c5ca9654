import { describe, expect, it } from 'vitest';
import {
  BinaryFormatter,
  type IDeserializationCallback,
  type ISerializable,
  JsonFormatter,
  OnDeserialized,
  OnDeserializing,
  OnSerialized,
  OnSerializing,
  Serializable,
  SerializationBinder,
  SerializationInfo,
  StreamingContext,
} from '@weft/runtime';
import { PlainBase } from './plain-base';
import { thrown } from '../helpers';

// Every failure of serialize/deserialize is a SerializationException with a stable code, user
// code included: whatever a callback throws comes back as CALLBACK_FAILED naming the class and
// the callback, with the original error as `cause`. And messages name what they mean: the
// stream's type and assembly (escaped, bounded, also as properties), what to do next, and on
// the serialize side the path through the graph.

/** Throws from the one callback named in `failIn`. */
@Serializable({ name: 'fail.Moody' })
class Moody implements IDeserializationCallback {
  failIn = '';
  @OnSerializing() protected a(_c: StreamingContext): void {
    if (this.failIn === 'OnSerializing') throw new Error('no: OnSerializing');
  }
  @OnSerialized() protected b(_c: StreamingContext): void {
    if (this.failIn === 'OnSerialized') throw new Error('no: OnSerialized');
  }
  @OnDeserializing() protected c(_c: StreamingContext): void {
    // failIn is not read yet: OnDeserializing runs before the fields are set.
    if (moodyFailsOnDeserializing) throw new Error('no: OnDeserializing');
  }
  @OnDeserialized() protected d(_c: StreamingContext): void {
    if (this.failIn === 'OnDeserialized') throw new Error('no: OnDeserialized');
  }
  onDeserialization(_sender: unknown): void {
    if (this.failIn === 'onDeserialization') throw new TypeError('no: onDeserialization');
  }
}
let moodyFailsOnDeserializing = false;

/** OnDeserializing throwing inside an ISerializable constructor's hook. */
@Serializable({ name: 'fail.MoodyCustom' })
class MoodyCustom implements ISerializable {
  constructor();
  constructor(info: SerializationInfo, context: StreamingContext);
  constructor(_info?: SerializationInfo, _c?: StreamingContext) {}
  @OnDeserializing() protected c(_c: StreamingContext): void {
    throw new Error('no: OnDeserializing before the constructor');
  }
  getObjectData(_info: SerializationInfo, _c: StreamingContext): void {}
}

/** Marked, but its base is not: the base is what needs marking. */
@Serializable({ name: 'fail.OnUnmarkedBase' })
class OnUnmarkedBase extends PlainBase {
  b = 2;
}

/** A decorated class (a decorator may replace it) on the same unmarked base. */
function keep<T>(value: T, _ctx?: unknown): T {
  return value;
}
@Serializable({ name: 'fail.DecoratedOnUnmarkedBase' })
@keep
class DecoratedOnUnmarkedBase extends PlainBase {
  c = 3;
}

function moody(failIn: string): Moody {
  const m = new Moody();
  m.failIn = failIn;
  return m;
}


describe.each([
  ['BinaryFormatter', () => new BinaryFormatter()],
  ['JsonFormatter', () => new JsonFormatter()],
] as const)('%s: every failure is a SerializationException', (_name, make) => {
  const f = make();

  it.each(['OnSerializing', 'OnSerialized'])('a throwing %s is CALLBACK_FAILED, with the cause kept', (which) => {
    const e = thrown(() => f.serialize({ list: [moody(which)] }));
    expect(e.code).toBe('CALLBACK_FAILED');
    expect(e.message).toContain(`fail.Moody ${which} callback threw Error: no: ${which}`);
    expect((e.cause as Error).message).toBe(`no: ${which}`);
  });

  it.each(['OnDeserializing', 'OnDeserialized', 'onDeserialization'])('a throwing %s is CALLBACK_FAILED', (which) => {
    const bytes = f.serialize([moody(which)]);
    moodyFailsOnDeserializing = which === 'OnDeserializing';
    try {
      const e = thrown(() => f.deserialize(bytes));
      expect(e.code).toBe('CALLBACK_FAILED');
      expect(e.message).toContain('fail.Moody');
      expect(e.message).toContain(`no: ${which}`);
    } finally {
      moodyFailsOnDeserializing = false;
    }
  });

  it('OnDeserializing throwing inside an ISerializable constructor is CALLBACK_FAILED', () => {
    const e = thrown(() => f.deserialize(f.serialize(new MoodyCustom())));
    expect(e.code).toBe('CALLBACK_FAILED');
    expect(e.message).toContain('fail.MoodyCustom OnDeserializing callback threw Error: no: OnDeserializing before the constructor');
  });

  it('an unknown stream type is named, with its assembly, what to do next, and as properties', () => {
    const bytes = f.serialize([moody('')]);
    const renamed = new (class extends SerializationBinder {
      override bindToName(type: Function) {
        return type === Moody ? { assemblyName: 'old-app', typeName: 'legacy.Mood\n"quoted"' } : undefined;
      }
    })();
    const g = make();
    g.binder = renamed;
    const e = thrown(() => f.deserialize(g.serialize([moody('')])));
    expect(e.code).toBe('UNKNOWN_TYPE');
    expect(e.message).toContain('type "legacy.Mood\\n\\"quoted\\"" (assembly "old-app") is not registered');
    expect(e.message).toContain('import the module that declares it');
    expect(e.message).not.toMatch(/[\u0000-\u001f]/);
    expect([e.typeName, e.assemblyName]).toEqual(['legacy.Mood\n"quoted"', 'old-app']);
    expect(f.deserialize(bytes)).toHaveLength(1);
  });

  it('a marked class whose base is unmarked is told to mark the base, not itself', () => {
    for (const o of [new OnUnmarkedBase(), new DecoratedOnUnmarkedBase()]) {
      const e = thrown(() => f.serialize({ item: o }));
      expect(e.code).toBe('NOT_SERIALIZABLE');
      expect(e.message).toContain(`class fail.${o.constructor.name} extends PlainBase, which is not marked @Serializable(): mark the base class too`);
      expect(e.message).not.toContain('mark the class @Serializable()');
    }
    // The unmarked base itself is not mistaken for a serializable class.
    expect(thrown(() => f.serialize(new PlainBase())).message).toContain('an instance of class PlainBase is not serializable: mark the class @Serializable()');
  });

  it('serialize-side errors name the path through the graph', () => {
    const e = thrown(() => f.serialize({ orders: [new Map<string, unknown>([['first', { callback: () => 1 }]])] }));
    expect(e.code).toBe('NOT_SERIALIZABLE');
    expect(e.message).toContain('a function is not serializable (at root.orders[0].get("first").callback)');
    const s = thrown(() => f.serialize(new Set([1, Symbol('x')])));
    expect(s.message).toContain('(at root.values()[1])');
    expect(thrown(() => f.serialize(() => 1)).message).toContain('(at the root)');
  });
});
