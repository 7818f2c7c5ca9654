import { describe, expect, it } from 'vitest';
import { DateTime, Decimal, DotNetType, MemoryStream, NrbfFormatter, Serializable, SerializationException } from '@weft/runtime';
import type { Byte, Char, Dictionary, Guid, HashSet, Hashtable, Int16, Int32, Int64, Nullable, SByte, Single, UInt16, UInt32, UInt64 } from '@weft/runtime/dotnet';

/**
 * What NrbfFormatter.serialize refuses, and how: a value its member's .NET type cannot hold is
 * VALUE_OUT_OF_RANGE (never truncated: .NET would read another value without a word), a value
 * of another kind TYPE_MISMATCH, a member whose .NET type the class does not declare
 * NO_DOTNET_TYPE; each message names the member, and nothing is written.
 */

@Serializable({ name: 'Tests.Ranges', dotnet: true })
class Ranges {
  byte: Byte = 0;
  sbyte: SByte = 0;
  int16: Int16 = 0;
  uint16: UInt16 = 0;
  int32: Int32 = 0;
  uint32: UInt32 = 0;
  int64: Int64 = 0n;
  uint64: UInt64 = 0n;
  single: Single = 0;
  char: Char = 'a';
  decimal: Decimal = new Decimal(0n);
  guid: Guid = '00000000-0000-0000-0000-000000000000';
  maybe: Nullable<Int32> = null;
  text: string | null = null;
  counts: Dictionary<string, Int32> = new Map();
  byId: Dictionary<Int64, Int32> = new Map();
  table: Hashtable = new Map();
  ids: HashSet<Int32> = new Set();
  when: Date = new Date(0);
  @DotNetType('int[,]') grid: number[][] = [];
}

/** Not a .NET class: its `number` member has no .NET type. */
@Serializable({ name: 'Tests.Untyped' })
class Untyped {
  label = 'x';
  amount = 1;
}

function failure(patch: Partial<Ranges>, what = ''): SerializationException {
  const stream = new MemoryStream();
  try {
    new NrbfFormatter().serialize(stream, Object.assign(new Ranges(), patch));
  } catch (e) {
    expect(e).toBeInstanceOf(SerializationException);
    expect(stream.length, 'nothing is written').toBe(0);
    return e as SerializationException;
  }
  throw new Error(`serialize did not fail ${what}`);
}

describe('values outside their .NET type are VALUE_OUT_OF_RANGE, naming the member', () => {
  const cases: [string, Partial<Ranges>, string][] = [
    ['Byte -1', { byte: -1 }, 'Ranges.byte is declared Byte (an integer from 0 to 255) but holds -1'],
    ['Byte 256', { byte: 256 }, 'Ranges.byte'],
    ['Byte 1.5', { byte: 1.5 }, 'holds 1.5'],
    ['SByte 128', { sbyte: 128 }, 'Ranges.sbyte is declared SByte'],
    ['Int16 -32769', { int16: -32769 }, 'Ranges.int16'],
    ['UInt16 65536', { uint16: 65536 }, 'Ranges.uint16'],
    ['Int32 2^31', { int32: 2 ** 31 }, 'Ranges.int32 is declared Int32 (an integer from -2147483648 to 2147483647) but holds 2147483648'],
    ['Int32 NaN', { int32: Number.NaN }, 'holds NaN'],
    ['UInt32 -1', { uint32: -1 }, 'Ranges.uint32'],
    ['Int64 2^63', { int64: 1n << 63n }, 'Ranges.int64 is declared Int64'],
    ['Int64 from an unsafe number', { int64: 2 ** 60 as unknown as bigint }, 'give numbers beyond 2^53 as a bigint'],
    ['UInt64 -1n', { uint64: -1n }, 'Ranges.uint64'],
    ['Single 1e39', { single: 1e39 }, 'Ranges.single is declared Single'],
    ['Char of two units', { char: 'ab' }, 'Ranges.char is declared Char'],
    ['Char, a lone surrogate', { char: '\ud800' }, 'not a surrogate'],
    ['Decimal from a number of 29 places', { decimal: 1e-29 as unknown as Decimal }, 'Ranges.decimal is declared Decimal'],
    ['Guid that is no Guid', { guid: 'not-a-guid' }, 'Ranges.guid is declared Guid'],
    ['Guid with one brace', { guid: '{0f8fad5b-d9cb-469f-a165-70867728950e' }, 'Ranges.guid is declared Guid'],
    ['a lone surrogate in a string', { text: 'a\udc00b' }, 'Tests.Ranges.text holds the string "a\\udc00b", a string with a lone UTF-16 surrogate'],
    ['a Date past DateTime.MaxValue', { when: new Date(Date.UTC(10000, 0, 1)) }, 'Tests.Ranges.when is declared DateTime (a date from 0001-01-01 to 9999-12-31)'],
    ['a Date before DateTime.MinValue', { when: new Date(-62135596800001) }, 'Tests.Ranges.when is declared DateTime'],
    ['an invalid Date', { when: new Date(NaN) }, 'Tests.Ranges.when is declared DateTime'],
    ['null in a value type', { int32: null as unknown as number }, 'Ranges.int32 is declared Int32, a .NET value type, but holds null'],
  ];
  for (const [what, patch, message] of cases) {
    it(what, () => {
      const e = failure(patch);
      expect(e.code).toBe('VALUE_OUT_OF_RANGE');
      expect(e.message).toContain(message);
    });
  }

  it('a Single that rounds to float.MaxValue is written; one that would round to Infinity is not', () => {
    const back = new NrbfFormatter().deserialize<Ranges>(new NrbfFormatter().serialize(Object.assign(new Ranges(), { single: 3.4028235e38 })));
    expect(back.single).toBe(Math.fround(3.4028235e38));
    expect(failure({ single: 3.4028236e38 }).message).toContain('Tests.Ranges.single is declared Single');
  });

  it('in range at both ends is written', () => {
    const ok = Object.assign(new Ranges(), { byte: 255, sbyte: -128, int32: -(2 ** 31), uint32: 2 ** 32 - 1, int64: -(1n << 63n), uint64: (1n << 64n) - 1n, char: '\uffff', maybe: 5 });
    const back = new NrbfFormatter().deserialize<Ranges>(new NrbfFormatter().serialize(ok));
    expect([back.byte, back.sbyte, back.int32, back.uint32, back.int64, back.uint64, back.char, back.maybe]).toEqual([255, -128, -(2 ** 31), 2 ** 32 - 1, -(1n << 63n), (1n << 64n) - 1n, '\uffff', 5]);
  });
});

describe('values of another kind are TYPE_MISMATCH', () => {
  it('a string in an Int32 member', () => {
    const e = failure({ int32: '7' as unknown as number });
    expect(e.code).toBe('TYPE_MISMATCH');
    expect(e.message).toContain('Ranges.int32 is declared Int32 but holds the string "7"');
  });

  it('a number in a string member', () => {
    expect(failure({ text: 5 as unknown as string }).message).toContain('Ranges.text is declared String but holds 5');
  });

  it('an array where a Dictionary is declared', () => {
    const e = failure({ counts: [] as unknown as Map<string, number> });
    expect(e.code).toBe('TYPE_MISMATCH');
    expect(e.message).toContain('Ranges.counts is declared System.Collections.Generic.Dictionary`2');
  });

  it('a Dictionary value out of its range names the entry', () => {
    const e = failure({ counts: new Map([['a', 1], ['b', 2 ** 40]]) });
    expect(e.code).toBe('VALUE_OUT_OF_RANGE');
    expect(e.message).toContain('Ranges.counts (the value of key #1)');
  });

  it('a Dictionary with a null key', () => {
    expect(failure({ counts: new Map([[null as unknown as string, 1]]) }).message).toContain('null or undefined key');
  });

  it('keys .NET sees as equal, which its Dictionary, HashSet and Hashtable refuse to read', () => {
    const cases: [Partial<Ranges>, string][] = [
      [{ byId: new Map<bigint, number>([[1n, 1], [1 as unknown as bigint, 2]]) }, 'Tests.Ranges.byId has keys #0 and #1 that .NET sees as equal (1)'],
      [{ ids: new Set([1, 1n as unknown as number]) }, 'Tests.Ranges.ids has elements #0 and #1 that .NET sees as equal (1)'],
      [{ table: new Map<unknown, unknown>([[new DateTime(5n), 'a'], [new DateTime(5n, 1), 'b']]) }, 'Tests.Ranges.table has keys #0 and #1 that .NET sees as equal (System.DateTime:5)'],
      [{ table: new Map<unknown, unknown>([[Decimal.parse('1.0'), 'a'], [Decimal.parse('1'), 'b']]) }, 'Tests.Ranges.table has keys #0 and #1'],
      [{ table: new Map<unknown, unknown>([[0.5, 'a'], [new Date(5), 'b'], [new Date(5), 'c']]) }, 'Tests.Ranges.table has keys #1 and #2'],
    ];
    for (const [patch, message] of cases) {
      const e = failure(patch, message);
      expect(e.code).toBe('TYPE_MISMATCH');
      expect(e.message).toContain(message);
    }
    // an Int32 1 and an Int64 1 are different keys to a Hashtable, as to .NET
    const ok = new NrbfFormatter().deserialize<Ranges>(new NrbfFormatter().serialize(Object.assign(new Ranges(), { table: new Map<unknown, unknown>([[1, 'int'], [1n, 'long'], ['1', 'string']]) })));
    expect([...ok.table.values()]).toEqual(['int', 'long', 'string']);
  });

  it('rows of a rectangular array that differ in length', () => {
    const e = failure({ grid: [[1, 2], [3]] });
    expect(e.code).toBe('TYPE_MISMATCH');
    expect(e.message).toContain('its rows differ in length (2 and 1)');
  });
});

describe('what .NET has no form for', () => {
  it('a member without a .NET type is NO_DOTNET_TYPE, saying how to declare one', () => {
    let err: unknown;
    try {
      new NrbfFormatter().serialize(new Untyped());
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SerializationException);
    expect((err as SerializationException).code).toBe('NO_DOTNET_TYPE');
    expect((err as SerializationException).message).toContain("Tests.Untyped.amount has no .NET type");
    expect((err as SerializationException).message).toContain("'@weft/runtime/dotnet'");
  });

  it('a null root is INVALID_ARGUMENT, as .NET refuses it', () => {
    expect(() => new NrbfFormatter().serialize(null)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('a plain object, a RegExp, a function and an Error are NOT_SERIALIZABLE', () => {
    for (const v of [{ a: 1 }, /x/, new Error('e')]) {
      expect(() => new NrbfFormatter().serialize([v]), String(v)).toThrow(expect.objectContaining({ code: 'NOT_SERIALIZABLE' }));
    }
    expect(() => new NrbfFormatter().serialize([() => 1])).toThrow(expect.objectContaining({ code: 'NOT_SERIALIZABLE' }));
  });
});
