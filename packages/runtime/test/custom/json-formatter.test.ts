/**
 * The custom-serialization features on the readable JsonFormatter: it runs the same graph
 * writer/reader as BinaryFormatter, so ISerializable, IObjectReference fixups, surrogates,
 * selector chains, binders and callbacks must behave the same. (The broad cross-formatter
 * matrix lives in test/json/matrix.ts; these are the issue-4 scenarios with identity subtleties.)
 */
import { describe, expect, it } from 'vitest';
import {
  type IDeserializationCallback,
  type IObjectReference,
  type ISerializable,
  JsonFormatter,
  OnDeserialized,
  OptionalField,
  Serializable,
  SerializationBinder,
  SerializationInfo,
  StreamingContext,
  StreamingContextStates,
  SurrogateSelector,
} from '@weft/runtime';

const ALL = new StreamingContext(StreamingContextStates.All);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

@Serializable({ name: 'cjson.Singleton' })
class Singleton implements ISerializable {
  static readonly one = new Singleton();
  constructor();
  constructor(info: SerializationInfo, context: StreamingContext);
  constructor(_i?: SerializationInfo) {}
  getObjectData(info: SerializationInfo): void {
    info.setType(Helper);
    info.addValue('note', 'resolved by getRealObject');
  }
}

@Serializable({ name: 'cjson.Helper' })
class Helper implements IObjectReference {
  note = '';
  getRealObject(): unknown {
    return this.note === 'resolved by getRealObject' ? Singleton.one : null;
  }
}

@Serializable({ name: 'cjson.Node' })
class Node implements ISerializable, IDeserializationCallback {
  name: string;
  peer: Node | null = null;
  log: string[] = [];
  private info: SerializationInfo | null = null;
  constructor(name: string);
  constructor(info: SerializationInfo, context: StreamingContext);
  constructor(a: string | SerializationInfo, c?: StreamingContext) {
    if (typeof a === 'string') this.name = a;
    else {
      this.name = a.getString('name')!;
      this.info = a;
      this.log.push(`ctor:${c!.state}`);
    }
  }
  getObjectData(info: SerializationInfo, c: StreamingContext): void {
    info.addValue('name', this.name);
    info.addValue('peer', this.peer);
    info.addValue('state', c.state);
  }
  @OnDeserialized() protected done(c: StreamingContext): void {
    this.log.push(`OnDeserialized:${c.state}`);
  }
  onDeserialization(): void {
    this.peer = this.info!.getValue('peer');
    this.info = null;
    this.log.push('onDeserialization');
  }
}

class Uncompiled {
  peer: Uncompiled | null = null;
  constructor(public label: string) {}
}

@Serializable({ name: 'cjson.Ver1' })
class Ver1 {
  a = 1;
}

@Serializable({ name: 'cjson.Ver2' })
class Ver2 {
  a = 0;
  @OptionalField() b: number | undefined;
}

describe('issue 4 on JsonFormatter', () => {
  it('singleton through setType + IObjectReference keeps identity', () => {
    const f = new JsonFormatter();
    const bytes = f.serialize([Singleton.one, Singleton.one]);
    expect(text(bytes)).toContain('cjson.Helper');
    const back = f.deserialize<Singleton[]>(bytes);
    expect(back[0]).toBe(Singleton.one);
    expect(back[1]).toBe(Singleton.one);
  });

  it('ISerializable objects in a cycle; context, OnDeserialized and IDeserializationCallback', () => {
    const ctx = new StreamingContext(StreamingContextStates.File);
    const f = new JsonFormatter({ context: ctx });
    const a = new Node('a');
    const b = new Node('b');
    a.peer = b;
    b.peer = a;
    const back = f.deserialize<Node>(f.serialize(a));
    expect(back.name).toBe('a');
    expect(back.peer!.name).toBe('b');
    expect(back.peer!.peer).toBe(back);
    expect(back.log).toEqual(['ctor:4', 'OnDeserialized:4', 'onDeserialization']);
  });

  it('surrogates for Date and an uncompiled class, in a chain, with cycles through replaced objects', () => {
    const dates = new SurrogateSelector();
    dates.addSurrogate(Date, ALL, {
      getObjectData(d: Date, info) {
        info.addValue('utc', d.toISOString());
      },
      setObjectData(_d, info) {
        return new Date(info.getString('utc')!);
      },
    });
    const others = new SurrogateSelector();
    others.addSurrogate(Uncompiled, ALL, {
      getObjectData(u: Uncompiled, info) {
        info.addValue('label', u.label);
        info.addValue('peer', u.peer);
      },
      setObjectData(_u, info) {
        const fresh = new Uncompiled(info.getString('label')!);
        fresh.peer = info.getValue('peer');
        return fresh;
      },
    });
    dates.chainSelector(others);
    const f = new JsonFormatter({ surrogateSelector: dates });
    const x = new Uncompiled('x');
    const y = new Uncompiled('y');
    x.peer = y;
    y.peer = x;
    const when = new Date(Date.UTC(2020, 0, 2));
    const bytes = f.serialize({ x, when, again: when });
    expect(text(bytes)).toContain('2020-01-02T00:00:00.000Z');
    const back = f.deserialize<{ x: Uncompiled; when: Date; again: Date }>(bytes);
    expect(back.when.getTime()).toBe(when.getTime());
    expect(back.again).toBe(back.when);
    expect(back.x).toBeInstanceOf(Uncompiled);
    expect(back.x.peer!.label).toBe('y');
    expect(back.x.peer!.peer).toBe(back.x);
  });

  it('a binder maps Ver1 onto Ver2 and cannot widen to an unregistered class', () => {
    const bytes = new JsonFormatter().serialize(new Ver1());
    const ok = new JsonFormatter({
      binder: new (class extends SerializationBinder {
        override bindToType(_a: string, n: string) {
          return n === 'cjson.Ver1' ? Ver2 : undefined;
        }
      })(),
    });
    const v2 = ok.deserialize<Ver2>(bytes);
    expect(v2).toBeInstanceOf(Ver2);
    expect(v2.a).toBe(1);
    const evil = new JsonFormatter({
      binder: new (class extends SerializationBinder {
        override bindToType() {
          return Uncompiled;
        }
      })(),
    });
    expect(() => evil.deserialize(bytes)).toThrow(expect.objectContaining({ code: 'UNKNOWN_TYPE' }));
  });
});
