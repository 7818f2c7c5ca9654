import { describe, expect, it } from 'vitest';
import {
  BinaryFormatter,
  type IDeserializationCallback,
  type ISerializable,
  Serializable,
  SerializationException,
  SerializationInfo,
  StreamingContext,
} from '@weft/runtime';

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SerializationException);
    return (e as SerializationException).code;
  }
  throw new Error('expected a SerializationException');
}

const info = (entries: Record<string, unknown>): SerializationInfo => {
  const i = new SerializationInfo(null, 'Test', 'asm');
  for (const [k, v] of Object.entries(entries)) i.addValue(k, v);
  return i;
};

/**
 * Stores any values in its SerializationInfo. The constructor only records what it was given;
 * the values are copied out in onDeserialization, when every object of the graph is complete
 * (values that point back at objects still being constructed are stand-ins until then).
 */
@Serializable({ name: 'custom.Bag' })
class Bag implements ISerializable, IDeserializationCallback {
  values: Record<string, unknown> = {};
  infoSeen: { fullTypeName: string; assemblyName: string; memberCount: number; names: string[]; selfReady: boolean } | undefined;
  private info: SerializationInfo | undefined;
  constructor();
  constructor(info: SerializationInfo, context: StreamingContext);
  constructor(info?: SerializationInfo) {
    if (info) {
      this.info = info;
      this.infoSeen = {
        fullTypeName: info.fullTypeName,
        assemblyName: info.assemblyName,
        memberCount: info.memberCount,
        names: [...info].map((e) => e.name),
        selfReady: info.has('self') ? info.getValue('self') === this : true,
      };
    }
  }
  getObjectData(info: SerializationInfo): void {
    for (const [k, v] of Object.entries(this.values)) info.addValue(k, v);
  }
  onDeserialization(): void {
    for (const { name, value } of this.info!) this.values[name] = value;
    this.info = undefined;
  }
}

@Serializable({ name: 'info.Ref' })
class Ref {
  bag: Bag | null = null;
  n = 0;
}

/** Writes a number, reads it back with typed getters that convert. */
@Serializable({ name: 'info.Converting' })
class Converting implements ISerializable {
  asString: string | null = null;
  asInt = 0;
  constructor();
  constructor(info: SerializationInfo, context: StreamingContext);
  constructor(info?: SerializationInfo) {
    if (info) {
      this.asString = info.getString('n');
      this.asInt = info.getInt32('s');
    }
  }
  getObjectData(info: SerializationInfo): void {
    info.addValue('n', 42);
    info.addValue('s', '-17');
  }
}

describe('SerializationInfo (API.md §4)', () => {
  it('addValue keeps insertion order; memberCount and iteration see every entry', () => {
    const i = info({ a: 1, b: 'two', c: null, d: undefined });
    expect(i.memberCount).toBe(4);
    expect([...i]).toEqual([
      { name: 'a', value: 1 },
      { name: 'b', value: 'two' },
      { name: 'c', value: null },
      { name: 'd', value: undefined },
    ]);
  });

  it('addValue with a name already present is DUPLICATE_MEMBER', () => {
    const i = info({ a: 1 });
    expect(code(() => i.addValue('a', 2))).toBe('DUPLICATE_MEMBER');
    expect(i.getValue('a')).toBe(1);
    expect(i.memberCount).toBe(1);
  });

  it('getValue returns the stored value, checks a class type, and reports a missing name', () => {
    const d = new Date(0);
    const i = info({ d, o: { x: 1 }, n: 5 });
    expect(i.getValue('d')).toBe(d);
    expect(i.getValue('d', Date)).toBe(d);
    expect(i.getValue<number>('n', Number)).toBe(5);
    expect(code(() => i.getValue('o', Map))).toBe('INVALID_CAST');
    expect(code(() => i.getValue('missing'))).toBe('MEMBER_NOT_FOUND');
    expect(code(() => i.getInt32('missing'))).toBe('MEMBER_NOT_FOUND');
  });

  it('typed getters convert like FormatterConverter: a number read as string, a numeric string as Int32', () => {
    const i = info({ n: 42, f: 1.5, s: '42', neg: ' -7 ', b: true, big: 12n, str: 'hello', t: 'true', dbl: '2.5e3', iso: '2024-02-29T12:00:00.000Z' });
    expect(i.getString('n')).toBe('42');
    expect(i.getString('f')).toBe('1.5');
    expect(i.getString('b')).toBe('true');
    expect(i.getString('big')).toBe('12');
    expect(i.getInt32('s')).toBe(42);
    expect(i.getInt32('neg')).toBe(-7);
    expect(i.getInt32('b')).toBe(1);
    expect(i.getInt32('big')).toBe(12);
    expect(i.getUInt32('s')).toBe(42);
    expect(i.getDouble('s')).toBe(42);
    expect(i.getDouble('dbl')).toBe(2500);
    expect(i.getDouble('big')).toBe(12);
    expect(i.getBoolean('t')).toBe(true);
    expect(i.getBoolean('n')).toBe(true);
    expect(i.getBigInt('s')).toBe(42n);
    expect(i.getBigInt('n')).toBe(42n);
    expect(i.getDate('iso').getTime()).toBe(Date.UTC(2024, 1, 29, 12));
    expect(i.getString('str')).toBe('hello');
  });

  it('Int32 from a double rounds to the nearest integer, ties to even (as Convert.ToInt32)', () => {
    const i = info({ a: 2.5, b: 3.5, c: -2.5, d: 2.4, e: 2.6 });
    expect([i.getInt32('a'), i.getInt32('b'), i.getInt32('c'), i.getInt32('d'), i.getInt32('e')]).toEqual([2, 4, -2, 2, 3]);
  });

  it('out-of-range or non-numeric values are INVALID_CAST', () => {
    const i = info({ big: 2 ** 31, small: -(2 ** 31) - 1, neg: -1, word: 'abc', empty: '', nan: NaN, inf: Infinity, obj: { x: 1 }, bigint: 2n ** 40n, frac: '1.5', date: 'not a date' });
    for (const name of ['big', 'small', 'word', 'empty', 'nan', 'inf', 'obj', 'bigint', 'frac']) expect(code(() => i.getInt32(name)), name).toBe('INVALID_CAST');
    expect(code(() => i.getUInt32('neg'))).toBe('INVALID_CAST');
    expect(i.getUInt32('big')).toBe(2 ** 31);
    expect(code(() => i.getDouble('word'))).toBe('INVALID_CAST');
    expect(code(() => i.getBoolean('word'))).toBe('INVALID_CAST');
    expect(code(() => i.getBigInt('frac'))).toBe('INVALID_CAST');
    expect(code(() => i.getString('obj'))).toBe('INVALID_CAST');
    expect(code(() => i.getDate('date'))).toBe('INVALID_CAST');
    expect(code(() => i.getDate('obj'))).toBe('INVALID_CAST');
  });

  it('getString of null/undefined is null', () => {
    const i = info({ a: null, b: undefined });
    expect(i.getString('a')).toBe(null);
    expect(i.getString('b')).toBe(null);
  });

  it('fullTypeName/assemblyName are the wire identity; setType changes them; both are writable', () => {
    const i = new SerializationInfo(Bag, 'custom.Bag', '@weft/runtime');
    expect([i.fullTypeName, i.assemblyName]).toEqual(['custom.Bag', '@weft/runtime']);
    i.setType(Ref);
    expect([i.fullTypeName, i.assemblyName]).toEqual(['info.Ref', '@weft/runtime']);
    i.fullTypeName = 'Other';
    i.assemblyName = 'elsewhere';
    expect([i.fullTypeName, i.assemblyName]).toEqual(['Other', 'elsewhere']);
    expect(code(() => i.setType('Ref' as unknown as Function))).toBe('INVALID_ARGUMENT');
  });

  it('the deserialization constructor sees the identity, member count and entries that were written', () => {
    const f = new BinaryFormatter();
    const b = new Bag();
    b.values = { one: 1, two: 'zwei' };
    const back = f.deserialize<Bag>(f.serialize(b));
    expect(back.infoSeen).toEqual({ fullTypeName: 'custom.Bag', assemblyName: '@weft/runtime', memberCount: 2, names: ['one', 'two'], selfReady: true });
    expect(back.values).toEqual({ one: 1, two: 'zwei' });
  });

  it('typed getters convert values read from bytes', () => {
    const f = new BinaryFormatter();
    const c = f.deserialize<Converting>(f.serialize(new Converting()));
    expect(c.asString).toBe('42');
    expect(c.asInt).toBe(-17);
  });

  it('values may be any serializable value, including objects in cycles; identity is preserved', () => {
    const f = new BinaryFormatter();
    const shared = { s: 1 };
    const b = new Bag();
    const r = Object.assign(new Ref(), { bag: b, n: 3 });
    const arr: unknown[] = [shared];
    arr.push(arr);
    b.values = { shared, again: shared, r, self: b, arr, m: new Map([[shared, r]]), big: 10n ** 30n, d: new Date(5), nested: { deep: [shared] } };
    const back = f.deserialize<Bag>(f.serialize(b));
    const v = back.values as typeof b.values;
    // during the constructor, the entry pointing back at the object itself was a stand-in...
    expect(back.infoSeen!.selfReady).toBe(false);
    // ...by onDeserialization every entry is the final object
    expect(v.again).toBe(v.shared);
    expect((v.r as Ref).bag).toBe(back);
    expect(v.self).toBe(back);
    expect((v.arr as unknown[])[0]).toBe(v.shared);
    expect((v.arr as unknown[])[1]).toBe(v.arr);
    expect((v.m as Map<unknown, unknown>).get(v.shared)).toBe(v.r);
    expect(v.big).toBe(10n ** 30n);
    expect((v.d as Date).getTime()).toBe(5);
    expect((v.nested as { deep: unknown[] }).deep[0]).toBe(v.shared);
  });
});
