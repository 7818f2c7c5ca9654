// Hostile MS-NRBF (.NET BinaryFormatter) input: one test per class of bad stream, hand-built with the
// byte builder below, read through both entry points (decodeNrbf and NrbfFormatter.deserialize).
// Each failure must be a SerializationException with the exact code and a numeric offset, the same
// from both; nothing else may escape. Work is bounded in bytes or counts, never in wall time.
import { readdirSync, readFileSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_LIMITS,
  NrbfFormatter,
  type NrbfClassRecord,
  type NrbfGraph,
  type SerializationErrorCode,
  SerializationException,
  type SerializationLimits,
  decodeNrbf,
} from '@weft/runtime';
import { gc } from '../helpers';
import { corefxBlobs } from '../nrbf/corefx';
import { AT, BT, type MT, Nrbf, PT, RT, msg, mt, utf8 } from '../nrbf/nrbf-writer';
import { allocatedBy, catchSE, expectFail, protoSnapshot } from './bytes';

// -- The byte builder: test/nrbf/nrbf-writer.ts --------------------------------------------------

/** A complete one-object message: the BinaryObjectString "ok" as root. */
const okString = (): Uint8Array => msg().str(1, 'ok').end().bytes;
/** A message whose root is a System class "R" with the given typed members; `values` writes them. */
const withMembers = (members: readonly [string, MT][], values: (w: Nrbf) => void): Nrbf => {
  const w = msg().scmt(1, 'R', members);
  values(w);
  return w;
};
const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'hex'));

// -- Running both entry points -------------------------------------------------------------------

type Limits = Partial<SerializationLimits>;
const ALL_CODES = new Set<SerializationErrorCode>([
  'TRUNCATED', 'INVALID_LENGTH', 'INVALID_HEADER', 'INVALID_TAG', 'INVALID_VARINT', 'INVALID_UTF8', 'INVALID_VALUE', 'UNKNOWN_TYPE', 'TYPE_MISMATCH',
  'MISSING_MEMBER', 'BAD_REFERENCE', 'TRAILING_BYTES', 'LIMIT_EXCEEDED', 'INVALID_CAST', 'MEMBER_NOT_FOUND',
]);

/** A thrown failure, checked as every failure must be: a coded SerializationException, a numeric offset in the input, an escaped bounded message. */
function checkFailure(e: SerializationException, input: Uint8Array): void {
  expect(ALL_CODES.has(e.code), `unexpected code ${e.code}: ${e.message}`).toBe(true);
  expect(typeof e.offset).toBe('number');
  expect(e.offset!).toBeGreaterThanOrEqual(0);
  expect(e.offset!).toBeLessThanOrEqual(input.length);
  expect(e.message).not.toMatch(/[\u0000-\u001f]/);
  expect(e.message.length).toBeLessThan(2000);
}

/**
 * Asserts `bytes` fails with exactly `code` through decodeNrbf and through NrbfFormatter.deserialize
 * (unknown types as errors and as records), at the same offset, and that no message copies a secret.
 */
function expectBoth(bytes: Uint8Array, code: SerializationErrorCode, opts: { limits?: Limits; secrets?: string[]; at?: number } = {}): SerializationException {
  const { limits, secrets = [] } = opts;
  const e = expectFail(() => decodeNrbf(bytes, { limits }), code, secrets);
  checkFailure(e, bytes);
  if (opts.at !== undefined) expect(e.offset).toBe(opts.at);
  for (const unknownTypes of ['error', 'record'] as const) {
    const e2 = expectFail(() => new NrbfFormatter({ limits, unknownTypes }).deserialize(bytes), code, secrets);
    checkFailure(e2, bytes);
    expect(e2.offset).toBe(e.offset);
  }
  return e;
}

/** Every outcome of reading `bytes` both ways must be a value or a coded SerializationException (used by the mutation loops). */
function readBoth(bytes: Uint8Array, formatter: NrbfFormatter, limits?: Limits): { decoded: NrbfGraph[] | null; formatted: boolean } {
  let decoded: NrbfGraph[] | null = null;
  let formatted = false;
  try {
    decoded = decodeNrbf(bytes, { limits });
  } catch (e) {
    if (!(e instanceof SerializationException)) throw new Error(`decodeNrbf threw ${String(e)}`, { cause: e });
    checkFailure(e, bytes);
  }
  try {
    formatter.deserialize(bytes);
    formatted = true;
  } catch (e) {
    if (!(e instanceof SerializationException)) throw new Error(`NrbfFormatter threw ${String(e)}`, { cause: e });
    checkFailure(e, bytes);
  }
  return { decoded, formatted };
}

const proto0 = protoSnapshot();
afterEach(() => {
  // Nothing any input did reached a shared prototype.
  expect(protoSnapshot()).toBe(proto0);
  expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  // And the readers still read a good message.
  expect(decodeNrbf(okString())[0]!.root).toBe('ok');
  expect(new NrbfFormatter().deserialize(okString())).toBe('ok');
});

// -- The builder itself -------------------------------------------------------------------------

describe('the byte builder writes valid streams', () => {
  it('a class with members of every kind, arrays, references and null runs decodes', () => {
    const w = msg()
      .library(2, 'Lib, Version=1.0.0.0')
      .cmt(1, 'Ns.Thing', [
        ['i', mt.prim(PT.Int32)],
        ['d', mt.prim(PT.Decimal)],
        ['c', mt.prim(PT.Char)],
        ['s', mt.str],
        ['o', mt.obj],
        ['a', mt.primArr(PT.Byte)],
        ['x', mt.objArr],
        ['y', mt.strArr],
        ['k', mt.cls('Ns.Other', 2)],
        ['z', mt.sys('System.Version')],
      ], 2)
      .i32(-7)
      .lps('-1.50')
      .u8(0xc3, 0xa9)
      .str(3, 'text')
      .ref(3)
      .asp(4, 3, PT.Byte).u8(1, 2, 3)
      .aso(5, 4).nulls256(2).boxed(PT.Int32).i32(9).null()
      .binArray(6, AT.Rectangular, [2, 2], mt.str).str(7, 'a').nulls(2).ref(7)
      .null()
      .null()
      .end();
    const [g] = decodeNrbf(w.bytes);
    const root = g!.root as NrbfClassRecord;
    expect(root.typeName).toBe('Ns.Thing');
    expect(root.libraryName).toBe('Lib, Version=1.0.0.0');
    expect(root.values[0]).toBe(-7);
    expect(String(root.values[1])).toBe('-1.50');
    expect(root.values[2]).toBe('é');
    expect(root.values[3]).toBe('text');
    expect(root.values[4]).toBe('text');
    expect([...(g!.records.get(4) as unknown as { elements: Uint8Array }).elements]).toEqual([1, 2, 3]);
    expect((g!.records.get(6) as unknown as { elements: unknown[] }).elements).toEqual(['a', null, null, 'a']);
    expect(g!.length).toBe(w.b.length);
    expect(new NrbfFormatter({ unknownTypes: 'record' }).deserialize(w.bytes)).toMatchObject({ $type: 'Ns.Thing', i: -7, s: 'text' });
  });

  it('an input that is a view at an odd offset of a larger buffer (a pooled Buffer) reads the same', () => {
    const w = msg().aso(1, 3).asp(2, 2, PT.Double).f64(0.1).f64(-2).asp(3, 1, PT.Int64).i64(-5n).boxed(PT.Double).f64(1.5).end();
    const big = new Uint8Array(w.b.length + 7);
    big.set(w.b, 3);
    const view = big.subarray(3, 3 + w.b.length);
    const [a] = decodeNrbf(w.bytes);
    const [b] = decodeNrbf(view);
    expect([...(b!.records.get(2) as unknown as { elements: Float64Array }).elements]).toEqual([0.1, -2]);
    expect((b!.records.get(3) as unknown as { elements: BigInt64Array }).elements[0]).toBe(-5n);
    expect(b!.root).toEqual(a!.root);
  });

  it('the Mono hostile cases are byte for byte what the builder writes', () => {
    expect(Buffer.from(msg().asp(1, 2_000_000_000, PT.Int32).i32(1).i32(2).bytes).toString('hex')).toBe(MONO.a1);
    expect(Buffer.from(msg().aso(1, 1).ref(99).end().bytes).toString('hex')).toBe(MONO.c);
  });
});

// Mono 6.8's BinaryFormatter on these (test/nrbf/mono-corpus/hostile-mono-results.md): a1 and a3
// escape as OutOfMemoryException, a2 reserves 2 GB before failing.
const MONO = {
  a1: '0001000000ffffffff01000000000000000f0100000000943577080100000002000000',
  a2: '0001000000ffffffff01000000000000000f0100000000943577020102030405060708',
  a3: '0001000000ffffffff0100000000000000070100000000010000000094357700080100000002000000',
  b: '0001000000ffffffff01000000000000001001000000020000000effffff7f0b',
  c: '0001000000ffffffff010000000000000010010000000100000009630000000b',
  d2: '0001000000ffffffff01000000000000000c020000005850726573656e746174696f6e4672616d65776f726b2c2056657273696f6e3d342e302e302e302c2043756c747572653d6e65757472616c2c205075626c69634b6579546f6b656e3d3331626633383536616433363465333505010000002653797374656d2e57696e646f77732e446174612e4f626a6563744461746150726f766964657200000000020000000b',
};

// -- Lying lengths ------------------------------------------------------------------------------

describe('lengths the input cannot hold are refused before anything is allocated', () => {
  const TWO_BILLION = 2_000_000_000;
  // [what, bytes, code under the defaults, code with maxCollectionLength and maxObjects unbounded, offset of the record]
  const cases: [string, Uint8Array, SerializationErrorCode, SerializationErrorCode, number][] = [
    ['ArraySinglePrimitive of 2e9 Int32, 2 elements (Mono a1)', hex(MONO.a1), 'INVALID_LENGTH', 'INVALID_LENGTH', 17],
    ['ArraySinglePrimitive of 2e9 Byte, 8 elements (Mono a2)', hex(MONO.a2), 'INVALID_LENGTH', 'INVALID_LENGTH', 17],
    ['BinaryArray Single of 2e9 Int32, 2 elements (Mono a3)', hex(MONO.a3), 'INVALID_LENGTH', 'INVALID_LENGTH', 17],
    ['ArraySinglePrimitive of 2e9 Double', msg().asp(1, TWO_BILLION, PT.Double).f64(1).end().bytes, 'INVALID_LENGTH', 'INVALID_LENGTH', 17],
    ['ArraySinglePrimitive of 2e9 Decimal (2 bytes at least each)', msg().asp(1, TWO_BILLION, PT.Decimal).lps('1').end().bytes, 'INVALID_LENGTH', 'INVALID_LENGTH', 17],
    ['ArraySinglePrimitive of 2e9 Boolean', msg().asp(1, TWO_BILLION, PT.Boolean).u8(1).end().bytes, 'INVALID_LENGTH', 'INVALID_LENGTH', 17],
    // Object elements may come as runs of nulls (5 bytes for 2^31-1): no byte count bounds them, the limits do.
    ['ArraySingleObject of 2e9, one element', msg().aso(1, TWO_BILLION).null().end().bytes, 'LIMIT_EXCEEDED', 'INVALID_TAG', 17],
    ['ArraySingleString of 2e9, one element', msg().ass(1, TWO_BILLION).str(2, 'x').bytes, 'LIMIT_EXCEEDED', 'TRUNCATED', 17],
    ['BinaryArray Single of 2e9 objects', msg().binArray(1, AT.Single, [TWO_BILLION], mt.obj).null().bytes, 'LIMIT_EXCEEDED', 'TRUNCATED', 17],
    ['BinaryArray Rectangular 50,000 x 50,000 Int32', msg().binArray(1, AT.Rectangular, [50_000, 50_000], mt.prim(PT.Int32)).i32(1).end().bytes, 'INVALID_LENGTH', 'INVALID_LENGTH', 17],
    ['BinaryArray Rectangular 32 dimensions of 2^31-57 bytes', msg().binArray(1, AT.Rectangular, Array(32).fill(2147483591), mt.prim(PT.Byte)).end().bytes, 'INVALID_LENGTH', 'INVALID_LENGTH', 17],
  ];
  for (const [what, bytes, code, unbounded, at] of cases) {
    it(`${what}: ${code}`, () => {
      let e: SerializationException | undefined;
      expect(allocatedBy(() => (e = expectBoth(bytes, code, { at })))).toBeLessThan(1024 * 1024);
      expect(e!.message).not.toMatch(/Infinity|NaN/);
      const limits = { maxCollectionLength: Infinity, maxObjects: Infinity };
      expect(allocatedBy(() => expectBoth(bytes, unbounded, { limits }))).toBeLessThan(1024 * 1024);
    });
  }

  it('an array length above Array.MaxLength or negative is INVALID_VALUE', () => {
    expectBoth(msg().asp(1, 2147483592, PT.Byte).end().bytes, 'INVALID_VALUE', { at: 22 });
    expectBoth(msg().aso(1, -1).end().bytes, 'INVALID_VALUE', { at: 22 });
    expectBoth(msg().binArray(1, AT.Single, [-5], mt.obj).end().bytes, 'INVALID_VALUE', { at: 27 });
  });

  it('a string length prefix beyond the input: INVALID_LENGTH at the prefix', () => {
    expectBoth(msg().u8(RT.BinaryObjectString).i32(1).varint(100).u8(0x61, 0x62).bytes, 'INVALID_LENGTH', { at: 22 });
    // 64 bytes and more go through TextDecoder: the same check comes first
    expectBoth(msg().u8(RT.BinaryObjectString).i32(1).varint(1000).u8(...Array(200).fill(0x61)).bytes, 'INVALID_LENGTH', { at: 22 });
    // in a class name, a member name, a library name
    expectBoth(msg().u8(RT.SystemClassWithMembers).i32(1).varint(50).u8(0x41).bytes, 'INVALID_LENGTH', { at: 22 });
    expectBoth(msg().u8(RT.SystemClassWithMembers).i32(1).lps('C').i32(1).varint(9).u8(0x41).bytes, 'INVALID_LENGTH', { at: 28 });
    expectBoth(msg().u8(RT.BinaryLibrary).i32(2).varint(300).bytes, 'INVALID_LENGTH', { at: 22 });
  });

  it('a string length of 2^31 or more is INVALID_LENGTH; one over maxStringLength LIMIT_EXCEEDED', () => {
    expectBoth(msg().u8(RT.BinaryObjectString).i32(1).u8(0xff, 0xff, 0xff, 0xff, 0x0f).end().bytes, 'INVALID_LENGTH', { at: 22 });
    expectBoth(msg().u8(RT.BinaryObjectString).i32(1).u8(0x80, 0x80, 0x80, 0x80, 0x08).end().bytes, 'INVALID_LENGTH', { at: 22 });
    expectBoth(msg().u8(RT.BinaryObjectString).i32(1).u8(0xff, 0xff, 0xff, 0xff, 0x07).end().bytes, 'LIMIT_EXCEEDED', { at: 22 });
  });

  it('a 5-byte 7-bit length whose last byte carries more than 4 bits, or a 6-byte one: INVALID_VARINT', () => {
    expectBoth(msg().u8(RT.BinaryObjectString).i32(1).u8(0xff, 0xff, 0xff, 0xff, 0x10).end().bytes, 'INVALID_VARINT', { at: 22 });
    expectBoth(msg().u8(RT.BinaryObjectString).i32(1).u8(0x80, 0x80, 0x80, 0x80, 0x80, 0x00).end().bytes, 'INVALID_VARINT', { at: 22 });
    expectBoth(msg().u8(RT.SystemClassWithMembers).i32(1).u8(0xff, 0xff, 0xff, 0xff, 0x7f).bytes, 'INVALID_VARINT', { at: 22 });
    // cut inside the varint
    expectBoth(msg().u8(RT.BinaryObjectString).i32(1).u8(0xff, 0xff).bytes, 'TRUNCATED', { at: 22 });
  });

  it('a member count beyond the input: INVALID_LENGTH; a negative one INVALID_VALUE', () => {
    // names: each takes at least its length byte
    expectBoth(msg().u8(RT.SystemClassWithMembers).i32(1).lps('C').i32(1000).u8(1, 0x61).bytes, 'INVALID_LENGTH', { at: 24 });
    expectBoth(msg().u8(RT.ClassWithMembersAndTypes).i32(1).lps('C').i32(0x7fffffff).end().bytes, 'INVALID_LENGTH', { at: 24 });
    expectBoth(msg().u8(RT.SystemClassWithMembers).i32(1).lps('C').i32(-1).end().bytes, 'INVALID_VALUE', { at: 24 });
    // the member types: one byte each, after the names
    const w = msg().u8(RT.SystemClassWithMembersAndTypes).i32(1).lps('C').i32(3).lps('a').lps('b').lps('c').u8(BT.Object);
    expectBoth(w.bytes, 'INVALID_LENGTH', { at: w.b.length - 1 });
  });

  it('400 nested object arrays each claiming 16,777,216 elements allocate next to nothing', () => {
    const w = msg();
    for (let i = 1; i <= 400; i++) w.aso(i, 16_777_216);
    expectBoth(w.bytes, 'TRUNCATED', { at: w.b.length });
    // (not 400 x 16 M slots: ~1 kB of records, frames and garbage per array)
    expect(allocatedBy(() => catchSE(() => decodeNrbf(w.bytes)))).toBeLessThan(1024 * 1024);
    expect(allocatedBy(() => catchSE(() => new NrbfFormatter().deserialize(w.bytes)))).toBeLessThan(1024 * 1024);
  });
});

// -- Nesting ------------------------------------------------------------------------------------

describe('nesting is bounded by limits.maxDepth, never by the JavaScript stack', () => {
  /** `depth` class records, each the only (Object) member of the one before; the innermost holds null. */
  const nestedClasses = (depth: number): Uint8Array => {
    const w = msg().scmt(1, 'Link', [['next', mt.obj]]);
    for (let i = 2; i <= depth; i++) w.classWithId(i, 1);
    return w.null().end().bytes;
  };
  const nestedArrays = (depth: number): Uint8Array => {
    const w = msg();
    for (let i = 1; i <= depth; i++) w.aso(i, 1);
    return w.null().end().bytes;
  };
  /** Inline class records (ClassWithMembersAndTypes each, a typed Class member). */
  const nestedInline = (depth: number): Uint8Array => {
    const w = msg().library(1000000, 'L');
    for (let i = 1; i <= depth; i++) w.cmt(i, `C${i}`, [['inner', mt.cls(`C${i + 1}`, 1000000)]], 1000000);
    return w.null().end().bytes;
  };

  it('maxDepth records nest; one more is LIMIT_EXCEEDED at the record that would go too deep', () => {
    expect(decodeNrbf(nestedClasses(DEFAULT_LIMITS.maxDepth)).length).toBe(1);
    expectBoth(nestedClasses(DEFAULT_LIMITS.maxDepth + 1), 'LIMIT_EXCEEDED', { at: 37 + 9 * (DEFAULT_LIMITS.maxDepth - 1) });
    expect(decodeNrbf(nestedInline(DEFAULT_LIMITS.maxDepth)).length).toBe(1);
    expectBoth(nestedInline(DEFAULT_LIMITS.maxDepth + 1), 'LIMIT_EXCEEDED');
  });

  it('a custom small maxDepth', () => {
    const limits = { maxDepth: 3 };
    expect(decodeNrbf(nestedClasses(3), { limits }).length).toBe(1);
    expect(decodeNrbf(nestedArrays(3), { limits }).length).toBe(1);
    expectBoth(nestedClasses(4), 'LIMIT_EXCEEDED', { limits, at: 37 + 9 * 2 });
    expectBoth(nestedArrays(4), 'LIMIT_EXCEEDED', { limits, at: 17 + 27 });
    expectBoth(nestedInline(4), 'LIMIT_EXCEEDED', { limits });
    // A record without members does not nest: it may stand at any depth.
    expect(decodeNrbf(msg().aso(1, 1).aso(2, 1).aso(3, 1).aso(4, 0).end().bytes, { limits }).length).toBe(1);
    expectBoth(msg().aso(1, 1).aso(2, 1).aso(3, 1).aso(4, 1).null().end().bytes, 'LIMIT_EXCEEDED', { limits });
  });

  it('NrbfFormatter reads what decodeNrbf lets through at maxDepth, without overflowing the stack', () => {
    const f = new NrbfFormatter({ unknownTypes: 'record' });
    const deep = f.deserialize<Record<string, unknown>>(nestedClasses(DEFAULT_LIMITS.maxDepth));
    let n = 0;
    for (let o: Record<string, unknown> | null = deep; o !== null; o = o.next as Record<string, unknown> | null) n++;
    expect(n).toBe(DEFAULT_LIMITS.maxDepth);
    let arr = f.deserialize<unknown[]>(nestedArrays(DEFAULT_LIMITS.maxDepth));
    for (let i = 1; i < DEFAULT_LIMITS.maxDepth; i++) arr = arr[0] as unknown[];
    expect(arr).toEqual([null]);
  });

  it('100,000 nested class records and 100,000 nested arrays: LIMIT_EXCEEDED, no stack overflow', () => {
    expectBoth(nestedClasses(100_000), 'LIMIT_EXCEEDED');
    expectBoth(nestedArrays(100_000), 'LIMIT_EXCEEDED');
    // and with maxDepth unbounded the decoder's explicit stack still reads them
    expect(decodeNrbf(nestedArrays(100_000), { limits: { maxDepth: Infinity } })[0]!.records.size).toBe(100_000);
  });
});

// -- References and ids -------------------------------------------------------------------------

describe('object ids and references', () => {
  it('a dangling MemberReference (Mono c): BAD_REFERENCE at the reference', () => {
    expectBoth(hex(MONO.c), 'BAD_REFERENCE', { at: 26 });
    expectBoth(msg().scmt(1, 'R', [['a', mt.obj]]).ref(1000).end().bytes, 'BAD_REFERENCE');
  });

  it('a reference to id 0 or a negative id: BAD_REFERENCE', () => {
    expectBoth(msg().aso(1, 1).ref(0).end().bytes, 'BAD_REFERENCE', { at: 26 });
    expectBoth(msg().aso(1, 1).ref(-5).end().bytes, 'BAD_REFERENCE', { at: 26 });
    // A negative id is a struct written inline: defined, but never referable.
    expectBoth(msg().aso(1, 2).scmt(-5, 'S', []).ref(-5).end().bytes, 'BAD_REFERENCE');
  });

  it('a reference to a library id is BAD_REFERENCE', () => {
    expectBoth(msg().library(2, 'L').aso(1, 1).ref(2).end().bytes, 'BAD_REFERENCE');
  });

  it('a reference to an object defined later in the message resolves (forward references are legal)', () => {
    const [g] = decodeNrbf(msg().aso(1, 2).ref(2).str(2, 'later').end().bytes);
    expect((g!.root as unknown as { elements: unknown[] }).elements).toEqual(['later', 'later']);
  });

  it('duplicate object ids: INVALID_VALUE at the second definition', () => {
    expectBoth(msg().aso(1, 2).str(2, 'a').str(2, 'b').end().bytes, 'INVALID_VALUE', { at: 33 });
    expectBoth(msg().aso(1, 1).aso(1, 0).end().bytes, 'INVALID_VALUE', { at: 26 });
    expectBoth(msg().aso(1, 2).scmt(2, 'A', []).classWithId(2, 2).end().bytes, 'INVALID_VALUE');
    // an object id equal to a library id
    expectBoth(msg().library(1, 'L').str(1, 'x').end().bytes, 'INVALID_VALUE');
  });

  it('duplicate library ids: INVALID_VALUE', () => {
    expectBoth(msg().library(2, 'A').library(2, 'B').str(1, 'x').end().bytes, 'INVALID_VALUE', { at: 24 });
    expectBoth(msg().str(1, 'x').library(1, 'L').end().bytes, 'INVALID_VALUE');
  });

  it('object id 0 is INVALID_VALUE (no record has it)', () => {
    expectBoth(msg().str(0, 'x').end().bytes, 'INVALID_VALUE', { at: 18 });
    expectBoth(msg().library(0, 'L').str(1, 'x').end().bytes, 'INVALID_VALUE', { at: 18 });
    expectBoth(msg().aso(0, 0).end().bytes, 'INVALID_VALUE', { at: 18 });
  });

  it('a ClassWithId whose metadata id is unknown: BAD_REFERENCE at the metadata id', () => {
    expectBoth(msg().classWithId(1, 77).end().bytes, 'BAD_REFERENCE', { at: 22 });
    // an id that exists, but is a string, an array or a library, is no class metadata
    expectBoth(msg().aso(1, 2).str(2, 's').classWithId(3, 2).end().bytes, 'BAD_REFERENCE');
    expectBoth(msg().library(2, 'L').classWithId(1, 2).end().bytes, 'BAD_REFERENCE');
    // metadata must come earlier: a ClassWithId naming its own id
    expectBoth(msg().classWithId(1, 1).end().bytes, 'BAD_REFERENCE');
  });

  it('a class record naming an undefined library: BAD_REFERENCE', () => {
    expectBoth(msg().cmt(1, 'C', [], 9).end().bytes, 'BAD_REFERENCE');
    expectBoth(msg().scmt(1, 'C', [['k', mt.cls('K', 9)]]).bytes, 'BAD_REFERENCE');
  });

  it('a root id the message never defines: BAD_REFERENCE at the header', () => {
    expectBoth(msg(5).str(1, 'x').end().bytes, 'BAD_REFERENCE', { at: 1 });
  });

  it('a duplicate member name in one class record: INVALID_VALUE', () => {
    expectBoth(msg().scm(1, 'C', ['a', 'a']).null().null().end().bytes, 'INVALID_VALUE');
  });
});

// -- Bad values ---------------------------------------------------------------------------------

describe('strings must be UTF-8, chars one UTF-16 unit', () => {
  const secret = 'SECRET-PAYLOAD';
  it('invalid UTF-8 in a string: INVALID_UTF8 at its length', () => {
    expectBoth(msg().str(1, [...utf8(secret), 0xff]).end().bytes, 'INVALID_UTF8', { at: 22, secrets: [secret] });
    expectBoth(msg().str(1, [...utf8(secret), 0xed, 0xa0, 0x80]).end().bytes, 'INVALID_UTF8', { secrets: [secret] }); // a lone surrogate
    expectBoth(msg().str(1, [0xc0, 0xaf]).end().bytes, 'INVALID_UTF8'); // overlong '/'
    expectBoth(msg().str(1, [0xf4, 0x90, 0x80, 0x80]).end().bytes, 'INVALID_UTF8'); // above U+10FFFF
    expectBoth(msg().str(1, [...Array(100).fill(0x61), 0xe2, 0x82]).end().bytes, 'INVALID_UTF8'); // cut, long-string path
  });

  it('invalid UTF-8 in a member name, a class name, a library name, a member type name', () => {
    expectBoth(msg().scm(1, 'C', ['ok', [...utf8(secret), 0xfe]]).bytes, 'INVALID_UTF8', { secrets: [secret] });
    expectBoth(msg().u8(RT.SystemClassWithMembers).i32(1).lps([0x80]).i32(0).end().bytes, 'INVALID_UTF8', { at: 22 });
    expectBoth(msg().u8(RT.BinaryLibrary).i32(2).lps([0x41, 0xff]).bytes, 'INVALID_UTF8', { at: 22 });
    expectBoth(msg().scmt(1, 'C', [['a', mt.sys('\u0000')]]).bytes.map((b, i, a) => (i === a.length - 1 ? 0xff : b)), 'INVALID_UTF8');
  });

  it('invalid UTF-8 in a Char: INVALID_UTF8 at the char', () => {
    const char = (...bytes: number[]) => withMembers([['c', mt.prim(PT.Char)]], (w) => w.u8(...bytes)).end().bytes;
    const at = 17 + 1 + 4 + 2 + 4 + 2 + 1 + 1;
    expectBoth(char(0xff), 'INVALID_UTF8', { at });
    expectBoth(char(0x80), 'INVALID_UTF8', { at }); // a continuation byte first
    expectBoth(char(0xc3, 0x28), 'INVALID_UTF8', { at }); // no continuation byte
    expectBoth(char(0xed, 0xa0, 0x80), 'INVALID_UTF8', { at }); // a surrogate as a 3-byte sequence
    expectBoth(char(0xe0, 0x80, 0x80), 'INVALID_UTF8', { at }); // overlong
    // in a Char array and a boxed Char
    expectBoth(msg().asp(1, 2, PT.Char).u8(0x61, 0xff).end().bytes, 'INVALID_UTF8', { at: 28 });
    expectBoth(msg().aso(1, 1).boxed(PT.Char, 0xfe).end().bytes, 'INVALID_UTF8', { at: 28 });
    // good chars read: 1, 2 and 3 bytes
    expect((decodeNrbf(char(0xe6, 0xbc, 0xa2))[0]!.root as NrbfClassRecord).values[0]).toBe('漢');
  });

  it('a Char holding a surrogate pair (4-byte UTF-8): INVALID_UTF8 (one Char is one UTF-16 unit)', () => {
    const bytes = withMembers([['c', mt.prim(PT.Char)]], (w) => w.u8(0xf0, 0x9f, 0x98, 0x80)).end().bytes;
    const e = expectBoth(bytes, 'INVALID_UTF8', { at: 32 });
    expect(e.message).toMatch(/surrogate pair/);
    expectBoth(msg().asp(1, 1, PT.Char).u8(0xf0, 0x9f, 0x98, 0x80).end().bytes, 'INVALID_UTF8', { at: 27 });
  });

  it('a Char cut by the end of the input', () => {
    expectBoth(withMembers([['c', mt.prim(PT.Char)]], (w) => w.u8(0xe6, 0xbc)).bytes, 'INVALID_LENGTH', { at: 32 });
    expectBoth(withMembers([['c', mt.prim(PT.Char)]], () => {}).bytes, 'TRUNCATED', { at: 32 });
  });
});

describe('decimals, DateTimes, Booleans', () => {
  const decimal = (text: string | number[]) => withMembers([['m', mt.prim(PT.Decimal)]], (w) => w.lps(text)).end().bytes;
  const at = 32;

  it('decimal texts as .NET writes them read exactly', () => {
    for (const t of ['0', '-0', '79228162514264337593543950335', '-0.0001', '1.10', `0.${'0'.repeat(27)}1`]) {
      expect(String((decodeNrbf(decimal(t))[0]!.root as NrbfClassRecord).values[0])).toBe(t);
    }
  });

  it('a decimal text of 257 bytes: INVALID_VALUE before its bytes are read (256 is the most)', () => {
    expectBoth(decimal(`1${'0'.repeat(256)}`), 'INVALID_VALUE', { at });
    // 256 bytes is checked as a number: too large for 96 bits, still INVALID_VALUE, not a RangeError
    expectBoth(decimal(`1${'0'.repeat(255)}`), 'INVALID_VALUE', { at });
    // a length beyond the input, but under 256: the bytes are missing
    expectBoth(withMembers([['m', mt.prim(PT.Decimal)]], (w) => w.varint(200).u8(0x31)).bytes, 'INVALID_LENGTH', { at });
    // the text cap holds even when maxStringLength is lower or higher
    expectBoth(decimal(`1${'0'.repeat(256)}`), 'INVALID_VALUE', { at, limits: { maxStringLength: 10_000 } });
  });

  it('malformed decimal texts: INVALID_VALUE, with no payload text in the message', () => {
    for (const t of ['1e5', '1,000', ' 1', '1 ', '+1', '1.', '.5', '', '-', '0x10', 'NaN', 'Infinity', '1.2.3', '١٢', `0.${'0'.repeat(28)}1`, `${'9'.repeat(30)}`]) {
      const e = expectBoth(decimal(t), 'INVALID_VALUE', { at });
      if (t.length > 3) expect(e.message).not.toContain(t);
    }
    expectBoth(decimal([0x31, 0xff]), 'INVALID_UTF8', { at });
    // also in a Decimal array and a boxed Decimal
    expectBoth(msg().asp(1, 2, PT.Decimal).lps('1').lps('1e5').end().bytes, 'INVALID_VALUE', { at: 29 });
    expectBoth(msg().aso(1, 1).boxed(PT.Decimal).lps('1,000').end().bytes, 'INVALID_VALUE', { at: 28 });
  });

  it('a DateTime with ticks > DateTime.MaxValue: INVALID_VALUE', () => {
    const MAX = 3_155_378_975_999_999_999n;
    const dt = (data: bigint) => withMembers([['t', mt.prim(PT.DateTime)]], (w) => w.i64(data)).end().bytes;
    expect(String((decodeNrbf(dt(MAX))[0]!.root as NrbfClassRecord).values[0])).toBe('9999-12-31T23:59:59.9999999');
    expectBoth(dt(MAX + 1n), 'INVALID_VALUE', { at });
    expectBoth(dt((1n << 62n) - 1n), 'INVALID_VALUE', { at }); // Unspecified, all tick bits set
    expectBoth(dt((3n << 62n) | (MAX + 1n)), 'INVALID_VALUE', { at }); // a Local-ambiguous kind does not hide it
    expectBoth(msg().asp(1, 2, PT.DateTime).i64(0n).i64(-1n).end().bytes, 'INVALID_VALUE', { at: 35 });
    expectBoth(msg().aso(1, 1).boxed(PT.DateTime).i64(MAX + 1n).end().bytes, 'INVALID_VALUE', { at: 28 });
  });

  it('a System.DateTime class record with ticks beyond MaxValue (what a boxed DateTime member looks like): the formatter refuses it', () => {
    const bytes = msg().scmt(1, 'System.DateTime', [['ticks', mt.prim(PT.Int64)], ['dateData', mt.prim(PT.UInt64)]]).i64(0n).i64(-1n).end().bytes;
    expect(decodeNrbf(bytes).length).toBe(1);
    expectFail(() => new NrbfFormatter().deserialize(bytes), 'INVALID_VALUE');
  });

  it('a Boolean byte of 2 (or 255): INVALID_VALUE', () => {
    expectBoth(withMembers([['b', mt.prim(PT.Boolean)]], (w) => w.u8(2)).end().bytes, 'INVALID_VALUE', { at });
    expectBoth(msg().asp(1, 3, PT.Boolean).u8(1, 0, 255).end().bytes, 'INVALID_VALUE', { at: 29 });
    expectBoth(msg().aso(1, 1).boxed(PT.Boolean, 2).end().bytes, 'INVALID_VALUE', { at: 28 });
  });
});

describe('type enumerations hold only their values', () => {
  it('primitive type 4, 0, 17 (Null) or 18 (String) where a value type is required: INVALID_VALUE', () => {
    for (const p of [4, 0, 17, 18, 19, 255]) {
      expectBoth(msg().asp(1, 1, p).u8(0).end().bytes, 'INVALID_VALUE', { at: 26 });
      expectBoth(msg().aso(1, 1).boxed(p, 0).end().bytes, 'INVALID_VALUE', { at: 27 });
      expectBoth(msg().scmt(1, 'C', [['a', mt.prim(p)]]).u8(0).end().bytes, 'INVALID_VALUE', { at: 31 });
      expectBoth(msg().scmt(1, 'C', [['a', mt.primArr(p)]]).null().end().bytes, 'INVALID_VALUE', { at: 31 });
      expectBoth(msg().binArray(1, AT.Single, [1], mt.prim(p)).u8(0).end().bytes, 'INVALID_VALUE', { at: 32 });
    }
  });

  it('binary type 8 (or 255): INVALID_VALUE', () => {
    for (const b of [8, 255]) {
      expectBoth(msg().scmt(1, 'C', [['a', { bt: b }]]).null().end().bytes, 'INVALID_VALUE', { at: 30 });
      expectBoth(msg().binArray(1, AT.Single, [1], { bt: b }).null().end().bytes, 'INVALID_VALUE', { at: 31 });
    }
  });

  it('binary array type 6: INVALID_VALUE', () => {
    expectBoth(msg().binArray(1, 6, [1], mt.obj).null().end().bytes, 'INVALID_VALUE', { at: 22 });
    expectBoth(msg().binArray(1, 255, [1], mt.obj).null().end().bytes, 'INVALID_VALUE', { at: 22 });
  });

  it('rank 0, 33, -1, or 2 for a Single, Jagged or SingleOffset array: INVALID_VALUE at the rank', () => {
    expectBoth(msg().binArray(1, AT.Rectangular, [], mt.obj).end().bytes, 'INVALID_VALUE', { at: 23 });
    expectBoth(msg().binArray(1, AT.Rectangular, Array(33).fill(1), mt.obj).null().end().bytes, 'INVALID_VALUE', { at: 23 });
    expectBoth(msg().binArray(1, AT.Rectangular, [], mt.obj, [], -1).end().bytes, 'INVALID_VALUE', { at: 23 });
    expectBoth(msg().binArray(1, AT.Rectangular, [], mt.obj, [], 0x7fffffff).end().bytes, 'INVALID_VALUE', { at: 23 });
    expectBoth(msg().binArray(1, AT.Single, [1, 1], mt.obj).null().end().bytes, 'INVALID_VALUE', { at: 23 });
    expectBoth(msg().binArray(1, AT.Jagged, [1, 1], mt.objArr).null().end().bytes, 'INVALID_VALUE', { at: 23 });
    expectBoth(msg().binArray(1, AT.SingleOffset, [1, 1], mt.obj, [0, 0]).null().end().bytes, 'INVALID_VALUE', { at: 23 });
    // rank 32 is the most the CLR allows: it reads
    expect(decodeNrbf(msg().binArray(1, AT.Rectangular, Array(32).fill(1), mt.obj).null().end().bytes)[0]!.records.size).toBe(1);
  });

  it('a lower bound that puts the last index past Int32.MaxValue: INVALID_VALUE', () => {
    expectBoth(msg().binArray(1, AT.SingleOffset, [2], mt.obj, [0x7fffffff]).null().null().end().bytes, 'INVALID_VALUE', { at: 31 });
  });
});

// -- Null runs ----------------------------------------------------------------------------------

describe('ObjectNullMultiple', () => {
  it('a count larger than the elements left: INVALID_VALUE at the record', () => {
    expectBoth(msg().aso(1, 3).null().nulls(3).end().bytes, 'INVALID_VALUE', { at: 27 });
    expectBoth(msg().aso(1, 3).nulls256(4).end().bytes, 'INVALID_VALUE', { at: 26 });
    expectBoth(msg().binArray(1, AT.Rectangular, [2, 2], mt.str).nulls(3).nulls(2).end().bytes, 'INVALID_VALUE');
  });

  it('count 2^31-1 in a 2-element array (Mono b): INVALID_VALUE, no nulls made', () => {
    let e: SerializationException | undefined;
    expect(allocatedBy(() => (e = expectBoth(hex(MONO.b), 'INVALID_VALUE', { at: 26 })))).toBeLessThan(1024 * 1024);
    expect(e!.message).toMatch(/overflows/);
  });

  it('count 0 or negative: INVALID_VALUE', () => {
    expectBoth(msg().aso(1, 2).nulls(0).null().null().end().bytes, 'INVALID_VALUE', { at: 26 });
    expectBoth(msg().aso(1, 2).nulls256(0).null().null().end().bytes, 'INVALID_VALUE', { at: 26 });
    expectBoth(msg().aso(1, 2).nulls(-1).end().bytes, 'INVALID_VALUE', { at: 26 });
    expectBoth(msg().aso(1, 2).nulls(-0x80000000).end().bytes, 'INVALID_VALUE', { at: 26 });
  });

  it('outside an array (a class member, the top level): INVALID_TAG', () => {
    expectBoth(msg().scmt(1, 'C', [['a', mt.obj], ['b', mt.obj]]).nulls(2).end().bytes, 'INVALID_TAG', { at: 34 });
    expectBoth(msg().scm(1, 'C', ['a']).nulls256(1).end().bytes, 'INVALID_TAG');
    expectBoth(msg().nulls(1).end().bytes, 'INVALID_TAG', { at: 17 });
  });

  it('exactly filling the array reads, as nulls', () => {
    const [g] = decodeNrbf(msg().aso(1, 300).nulls(44).nulls256(255).null().end().bytes);
    expect((g!.root as unknown as { elements: unknown[] }).elements).toEqual(Array(300).fill(null));
  });
});

// -- Record types at the wrong place ------------------------------------------------------------

describe('record types not allowed where they stand: INVALID_TAG', () => {
  const member = (t: MT, ...record: number[]) => msg().scmt(1, 'C', [['a', t]]).u8(...record).end().bytes;
  const at = 31; // the member's record, after a one-member class record with no additional info

  it('MessageEnd as a member value or array element', () => {
    expectBoth(member(mt.obj, RT.MessageEnd), 'INVALID_TAG', { at });
    expectBoth(msg().aso(1, 1).end().end().bytes, 'INVALID_TAG', { at: 26 });
  });

  it('a SerializedStreamHeader in the middle of a message', () => {
    expectBoth(member(mt.obj, ...msg().b), 'INVALID_TAG', { at });
    expectBoth(msg().aso(1, 1).header().str(1, 'x').end().bytes, 'INVALID_TAG', { at: 26 });
  });

  it('MethodCall (21) and MethodReturn (22), remoting records', () => {
    for (const t of [21, 22]) {
      const e = expectBoth(member(mt.obj, t, 0, 0, 0, 0), 'INVALID_TAG', { at });
      expect(e.message).toMatch(/remoting/);
      expectBoth(msg().u8(t, 0x12, 0, 0, 0).end().bytes, 'INVALID_TAG', { at: 17 });
    }
  });

  it('record types 18, 19, 20, 23-31, 32, 128, 255', () => {
    for (const t of [18, 19, 20, 23, 31, 32, 128, 255]) {
      expectBoth(member(mt.obj, t, 0, 0, 0, 0), 'INVALID_TAG', { at });
      expectBoth(msg().u8(t).end().bytes, 'INVALID_TAG', { at: 17 });
    }
  });

  it('records a member type excludes: a class in a String member, a string in a Class member, a boxed primitive in an ObjectArray member', () => {
    expectBoth(member(mt.str, ...new Nrbf().scmt(2, 'C', []).b), 'INVALID_TAG', { at });
    expectBoth(msg().library(3, 'L').cmt(1, 'C', [['a', mt.cls('K', 3)]], 3).str(2, 'x').end().bytes, 'INVALID_TAG');
    expectBoth(member(mt.objArr, RT.MemberPrimitiveTyped, PT.Int32, 1, 0, 0, 0), 'INVALID_TAG', { at });
    expectBoth(member(mt.primArr(PT.Int32), ...new Nrbf().aso(2, 0).b), 'INVALID_TAG', { at: at + 1 });
    expectBoth(member(mt.strArr, ...new Nrbf().asp(2, 0, PT.Byte).b), 'INVALID_TAG', { at });
    // and in arrays: an ArraySingleString holds strings only
    expectBoth(msg().ass(1, 1).boxed(PT.Int32, 1, 0, 0, 0).end().bytes, 'INVALID_TAG', { at: 26 });
  });

  it('a BinaryLibrary where a record may stand is read and kept (it precedes the record that uses it)', () => {
    const [g] = decodeNrbf(msg().aso(1, 1).library(2, 'L').str(3, 'x').end().bytes);
    expect(g!.libraries.get(2)).toBe('L');
  });
});

// -- Message boundaries ---------------------------------------------------------------------------

describe('message boundaries', () => {
  it('a missing MessageEnd: TRUNCATED at the end of the input', () => {
    const w = msg().str(1, 'x');
    expectBoth(w.bytes, 'TRUNCATED', { at: w.b.length });
    expectBoth(msg().aso(1, 2).null().bytes, 'TRUNCATED');
    // every prefix of a valid message fails TRUNCATED or INVALID_LENGTH (a cut string or array)
    const full = msg().library(2, 'L').cmt(1, 'C', [['s', mt.str], ['n', mt.prim(PT.Int32)], ['a', mt.primArr(PT.Int64)]], 2).str(3, 'abc').i32(5).asp(4, 2, PT.Int64).i64(1n).i64(2n).end().bytes;
    expect(decodeNrbf(full).length).toBe(1);
    for (let n = 0; n < full.length; n++) {
      const e = catchSE(() => decodeNrbf(full.subarray(0, n)));
      expect(['TRUNCATED', 'INVALID_LENGTH']).toContain(e.code);
      const e2 = catchSE(() => new NrbfFormatter({ unknownTypes: 'record' }).deserialize(full.subarray(0, n)));
      expect(e2.code).toBe(e.code);
    }
  });

  it('an empty input, a short header, a header of another version or record type: INVALID_HEADER or TRUNCATED', () => {
    expectBoth(new Uint8Array(0), 'TRUNCATED', { at: 0 });
    expectBoth(Uint8Array.of(0, 1, 0), 'TRUNCATED');
    expectBoth(new Nrbf().header(1, -1, 2, 0).str(1, 'x').end().bytes, 'INVALID_HEADER', { at: 0 });
    expectBoth(new Nrbf().header(1, -1, 1, 1).str(1, 'x').end().bytes, 'INVALID_HEADER', { at: 0 });
    expectBoth(new Nrbf().str(1, 'x').end().bytes, 'INVALID_HEADER', { at: 0 });
    expectBoth(Uint8Array.from(Buffer.from('{"$weft":1}')), 'INVALID_HEADER', { at: 0 });
  });

  it('trailing garbage after MessageEnd: decodeNrbf wants a header next (INVALID_HEADER), deserialize(Uint8Array) TRAILING_BYTES', () => {
    const good = okString();
    const bytes = Uint8Array.from([...good, 0x41, 0x42, 0x43]);
    const e = expectFail(() => decodeNrbf(bytes), 'INVALID_HEADER');
    expect(e.offset).toBe(good.length);
    for (const unknownTypes of ['error', 'record'] as const) {
      const e2 = expectFail(() => new NrbfFormatter({ unknownTypes }).deserialize(bytes), 'TRAILING_BYTES');
      expect(e2.offset).toBe(good.length);
    }
    // a second message is not garbage for decodeNrbf; a Uint8Array given to deserialize holds one message
    expect(decodeNrbf(Uint8Array.from([...good, ...good])).length).toBe(2);
    expectFail(() => new NrbfFormatter().deserialize(Uint8Array.from([...good, ...good])), 'TRAILING_BYTES');
    // a lone 0x00 after the message starts a header that is cut
    expectFail(() => decodeNrbf(Uint8Array.from([...good, 0])), 'TRUNCATED');
  });
});

// -- Limits -------------------------------------------------------------------------------------

describe('each limit is exceeded by a small crafted input: LIMIT_EXCEEDED', () => {
  it('maxObjects: records, references, nulls and boxed elements each count; arrays and classes count more', () => {
    // Units: a record, reference, null or boxed element 1; a class record 2; an array record 3
    // (4 multi-dimensional or with offsets); typed-array elements 3 more (a record of them: 6).
    const limits = { maxObjects: 8 };
    expect(decodeNrbf(msg().aso(1, 5).null().null().null().null().null().end().bytes, { limits }).length).toBe(1); // 3 + 5
    expectBoth(msg().aso(1, 6).null().null().null().null().null().null().end().bytes, 'LIMIT_EXCEEDED', { limits, at: 31 }); // the 6th null
    expectBoth(msg().aso(1, 6).str(2, 'a').ref(2).ref(2).ref(2).ref(2).ref(2).end().bytes, 'LIMIT_EXCEEDED', { limits, at: 53 }); // the 5th reference
    expectBoth(msg().aso(1, 10).nulls(10).end().bytes, 'LIMIT_EXCEEDED', { limits, at: 26 });
    expectBoth(msg().asp(1, 6, PT.Boolean).u8(1, 1, 1, 1, 1, 1).end().bytes, 'LIMIT_EXCEEDED', { limits, at: 17 }); // 3 + 6
    expectBoth(msg().asp(1, 6, PT.Decimal).lps('1').lps('1').lps('1').lps('1').lps('1').lps('1').end().bytes, 'LIMIT_EXCEEDED', { limits, at: 17 });
    const libs = msg();
    for (let i = 0; i < 8; i++) libs.library(i + 2, 'L');
    expectBoth(libs.str(1, 'x').end().bytes, 'LIMIT_EXCEEDED', { limits, at: 17 + 8 * 7 });
    // typed elements: 6 units for one record, whatever its length
    expect(decodeNrbf(msg().asp(1, 1000, PT.Int32).u8(...Array(4000).fill(1)).end().bytes, { limits }).length).toBe(1);
    expectBoth(msg().aso(1, 2).asp(2, 0, PT.Int32).asp(3, 0, PT.Int32).end().bytes, 'LIMIT_EXCEEDED', { limits, at: 26 }); // 3 + 6
    // classes: 2 each, their primitive members nothing
    expect(decodeNrbf(msg().aso(1, 2).scmt(2, 'C', [['a', mt.prim(PT.Int32)]]).i32(1).classWithId(3, 2).i32(2).end().bytes, { limits }).length).toBe(1); // 3 + 2 + 2
    expectBoth(msg().aso(1, 3).scmt(2, 'C', []).classWithId(3, 2).classWithId(4, 2).end().bytes, 'LIMIT_EXCEEDED', { limits });
    expect(decodeNrbf(msg().binArray(1, AT.Rectangular, [2, 2], mt.obj).nulls(4).end().bytes, { limits }).length).toBe(1); // 4 + 4
    expectBoth(msg().binArray(1, AT.Rectangular, [3, 2], mt.obj).nulls(6).end().bytes, 'LIMIT_EXCEEDED', { limits, at: 36 }); // 4 + 6
  });

  it('maxBytes: a message longer than the limit, whatever part crosses it', () => {
    const limits = { maxBytes: 64 };
    const long = 'x'.repeat(100);
    expect(decodeNrbf(msg().str(1, 'x'.repeat(40)).end().bytes, { limits }).length).toBe(1);
    // a string whose bytes cross the limit (they exist in the input)
    expectBoth(msg().str(1, long).end().bytes, 'LIMIT_EXCEEDED', { limits });
    // a primitive array's elements
    expectBoth(msg().asp(1, 100, PT.Byte).u8(...Array(100).fill(7)).end().bytes, 'LIMIT_EXCEEDED', { limits });
    // a class record's member names
    expectBoth(msg().scm(1, 'C', Array.from({ length: 30 }, (_, i) => `m${i}`)).bytes, 'LIMIT_EXCEEDED', { limits });
    // many small records
    const w = msg().aso(1, 100);
    for (let i = 0; i < 100; i++) w.null();
    expectBoth(w.end().bytes, 'LIMIT_EXCEEDED', { limits });
    // the MessageEnd one byte past the limit
    const at = msg().str(1, 'x'.repeat(41)).end().bytes;
    expect(at.length).toBe(65);
    expectBoth(at, 'LIMIT_EXCEEDED', { limits });
    expect(decodeNrbf(at, { limits: { maxBytes: 65 } }).length).toBe(1);
    // but a length the whole input could not hold either is still a lie (INVALID_LENGTH)
    expectBoth(msg().u8(RT.BinaryObjectString).i32(1).varint(1000).u8(...utf8(long)).end().bytes, 'INVALID_LENGTH', { limits });
    // each message of a stream has its own budget
    expect(decodeNrbf(Uint8Array.from([...okString(), ...okString(), ...okString()]), { limits: { maxBytes: okString().length } }).length).toBe(3);
  });

  it('maxCollectionLength: array elements, rectangular totals, class members', () => {
    const limits = { maxCollectionLength: 4 };
    expect(decodeNrbf(msg().asp(1, 4, PT.Byte).u8(1, 2, 3, 4).end().bytes, { limits }).length).toBe(1);
    expectBoth(msg().asp(1, 5, PT.Byte).u8(1, 2, 3, 4, 5).end().bytes, 'LIMIT_EXCEEDED', { limits, at: 17 });
    expectBoth(msg().aso(1, 5).nulls(5).end().bytes, 'LIMIT_EXCEEDED', { limits, at: 17 });
    expectBoth(msg().ass(1, 5).nulls(5).end().bytes, 'LIMIT_EXCEEDED', { limits, at: 17 });
    expectBoth(msg().binArray(1, AT.Rectangular, [3, 2], mt.prim(PT.Byte)).u8(1, 2, 3, 4, 5, 6).end().bytes, 'LIMIT_EXCEEDED', { limits, at: 17 });
    expectBoth(msg().scm(1, 'C', ['a', 'b', 'c', 'd', 'e']).null().null().null().null().null().end().bytes, 'LIMIT_EXCEEDED', { limits, at: 24 });
  });

  it('maxStringLength: strings, names, and library names', () => {
    const limits = { maxStringLength: 8 };
    expect(decodeNrbf(msg().str(1, '12345678').end().bytes, { limits }).length).toBe(1);
    expectBoth(msg().str(1, '123456789').end().bytes, 'LIMIT_EXCEEDED', { limits, at: 22 });
    // counted in UTF-8 bytes: 3 characters of 3 bytes
    expectBoth(msg().str(1, '漢漢漢').end().bytes, 'LIMIT_EXCEEDED', { limits, at: 22 });
    expectBoth(msg().scm(1, 'VeryLongClassName', []).end().bytes, 'LIMIT_EXCEEDED', { limits, at: 22 });
    expectBoth(msg().scm(1, 'C', ['aVeryLongMember']).null().end().bytes, 'LIMIT_EXCEEDED', { limits });
    expectBoth(msg().library(2, 'PresentationFramework').str(1, 'x').end().bytes, 'LIMIT_EXCEEDED', { limits, at: 22 });
  });
});

// -- Work bounded by the input ----------------------------------------------------------------------

describe('work stays bounded by the input', () => {
  it('the Mono cases that allocate 2-8 GB there finish here, allocating < 1 MB, with any limits', () => {
    for (const [name, code] of [['a1', 'INVALID_LENGTH'], ['a2', 'INVALID_LENGTH'], ['a3', 'INVALID_LENGTH'], ['b', 'INVALID_VALUE'], ['c', 'BAD_REFERENCE']] as const) {
      const bytes = hex(MONO[name]);
      expect(bytes.length).toBeLessThan(100);
      for (const limits of [undefined, { maxCollectionLength: Infinity, maxObjects: Infinity, maxBytes: Infinity, maxStringLength: Infinity }]) {
        expect(allocatedBy(() => expectBoth(bytes, code, { limits }))).toBeLessThan(1024 * 1024);
      }
    }
  });

  it('N ObjectNullMultiple records make no more than limits.maxObjects nulls', () => {
    const maxObjects = 10_000;
    const run = (n: number) => {
      const w = msg().aso(1, 16_000_000);
      for (let i = 0; i < n; i++) w.nulls(1_000);
      return w.nulls(16_000_000 - n * 1_000).end().bytes;
    };
    // Each run's nulls are counted before any is made: the 10th run of 1,000 crosses the limit
    // (the array record's 3 units and 9,000 nulls came before). What was made is ~8 bytes a null.
    // (inputs built, and the decoder run once, outside the measurement: what is measured is the decode alone, warm)
    const hundred = run(100);
    expectBoth(hundred, 'LIMIT_EXCEEDED', { limits: { maxObjects }, at: 26 + 9 * 5 });
    // 9,000 nulls are ~72 kB; the heap's own noise is several hundred kB (measured 0.28-0.56 MB warm):
    // the bound shows that 16 M nulls (128 MB) were never made
    expect(allocatedBy(() => catchSE(() => decodeNrbf(hundred, { limits: { maxObjects } })))).toBeLessThan(1024 * 1024);
    // one 5-byte run of 16 M nulls: refused before its first null
    const one = run(0);
    expectBoth(one, 'LIMIT_EXCEEDED', { limits: { maxObjects }, at: 26 });
    expect(allocatedBy(() => catchSE(() => decodeNrbf(one, { limits: { maxObjects } })))).toBeLessThan(1024 * 1024);
    // with enough budget, nulls are made, at most maxObjects of them
    for (const n of [1, 5, 9]) {
      const w = msg().aso(1, n * 1_000);
      for (let i = 0; i < n; i++) w.nulls(1_000);
      const [g] = decodeNrbf(w.end().bytes, { limits: { maxObjects } });
      expect((g!.root as unknown as { elements: unknown[] }).elements.length).toBeLessThanOrEqual(maxObjects);
    }
  });

  it('a 5-byte run cannot make more nulls than the array holds, nor an array more elements than maxCollectionLength', () => {
    expectBoth(msg().aso(1, DEFAULT_LIMITS.maxCollectionLength + 1).nulls(1).bytes, 'LIMIT_EXCEEDED', { at: 17 });
    expectBoth(msg().aso(1, 4).nulls(DEFAULT_LIMITS.maxCollectionLength).end().bytes, 'INVALID_VALUE', { at: 26 });
  });

  it('maxObjects bounds the heap a message holds: < 100 bytes per unit for every record shape', () => {
    // Each shape repeated as often as maxObjects allows (found by bisection), the graph kept,
    // heap measured after a full GC. Before the heavy records were charged extra units, an
    // empty ArraySingleObject (9 bytes) held ~580 bytes and cost one unit: 10 M units, ~5.8 GB.
    const maxObjects = 30_000;
    const prefixes = {
      none: [] as number[],
      classMeta: new Nrbf().scmt(1_000_000, 'M', []).b,
      oneMember: new Nrbf().scmt(1_000_000, 'M', [['a', mt.prim(PT.Byte)]]).u8(0).b,
      nullMember: new Nrbf().scmt(1_000_000, 'M', [['a', mt.obj]]).null().b,
    };
    const shapes: [string, keyof typeof prefixes, (id: number) => Nrbf][] = [
      ['empty ArraySingleObject', 'none', (id) => new Nrbf().aso(id, 0)],
      ['ArraySingleObject of one null', 'none', (id) => new Nrbf().aso(id, 1).null()],
      ['empty ArraySinglePrimitive (typed)', 'none', (id) => new Nrbf().asp(id, 0, PT.Int32)],
      ['ArraySinglePrimitive of one byte', 'none', (id) => new Nrbf().asp(id, 1, PT.Byte).u8(1)],
      ['empty Boolean array', 'none', (id) => new Nrbf().asp(id, 0, PT.Boolean)],
      ['empty BinaryArray of rank 3', 'none', (id) => new Nrbf().binArray(id, AT.RectangularOffset, [0, 0, 0], mt.obj, [1, 2, 3])],
      ['ClassWithId without members', 'classMeta', (id) => new Nrbf().classWithId(id, 1_000_000)],
      ['ClassWithId of one Byte', 'oneMember', (id) => new Nrbf().classWithId(id, 1_000_000).u8(1)],
      ['ClassWithId of one null', 'nullMember', (id) => new Nrbf().classWithId(id, 1_000_000).null()],
      ['a one-byte string', 'none', (id) => new Nrbf().str(id, 'x')],
      ['a BinaryLibrary', 'none', (id) => new Nrbf().library(id + 2_000_000, 'x')],
      ['a reference', 'none', (id) => (id === 1 ? new Nrbf().aso(1, maxObjects) : new Nrbf().ref(1))],
    ];
    /** n records of a shape (each written once), between a header and a root string (so that any shape may fill the message). */
    const message = (head: number[], records: Uint8Array[], n: number): Uint8Array => {
      const tail = new Nrbf().str(9_999_999, 'r').end().b;
      let size = head.length + tail.length;
      for (let i = 0; i < n; i++) size += records[i]!.length;
      const out = new Uint8Array(size);
      out.set(head);
      let p = head.length;
      for (let i = 0; i < n; i++) {
        out.set(records[i]!, p);
        p += records[i]!.length;
      }
      out.set(tail, p);
      return out;
    };
    const fits = (bytes: Uint8Array): boolean => {
      try {
        decodeNrbf(bytes, { limits: { maxObjects } });
        return true;
      } catch (e) {
        if ((e as SerializationException).code === 'LIMIT_EXCEEDED') return false;
        // references: an array of maxObjects elements with fewer references ends early, which is fine here
        if ((e as SerializationException).code === 'INVALID_TAG') return true;
        throw e;
      }
    };
    const report: string[] = [];
    for (const [what, prefix, one] of shapes) {
      const head = [...msg(9_999_999).b, ...prefixes[prefix]];
      const records = Array.from({ length: maxObjects + 1 }, (_, i) => Uint8Array.from(one(i + 1).b));
      let lo = 1;
      let hi = maxObjects + 1;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (fits(message(head, records, mid))) lo = mid;
        else hi = mid;
      }
      let bytes = message(head, records, lo);
      if (what === 'a reference') bytes = Uint8Array.from([...msg().aso(1, lo - 1).b, ...Array.from({ length: lo - 1 }, () => new Nrbf().ref(1).b).flat(), RT.MessageEnd]);
      expect(lo).toBeGreaterThan(1000);
      // what the graph alone holds: the heap with it, less the heap once it is dropped
      let graphs: NrbfGraph[] | null = decodeNrbf(bytes, { limits: { maxObjects } });
      expect(graphs.length).toBe(1);
      gc();
      const withGraph = getHeapStatistics().used_heap_size;
      graphs = null;
      gc();
      const held = withGraph - getHeapStatistics().used_heap_size;
      report.push(`${what}: ${lo} records, ${Math.round(held / maxObjects)} bytes per unit`);
      expect(held / maxObjects, report.join('; ')).toBeLessThan(100);
    }
  });

  it('references resolve at the end in one pass: 20,000 references to one string', () => {
    const w = msg().aso(1, 20_001).str(2, 'shared');
    for (let i = 0; i < 20_000; i++) w.ref(2);
    const bytes = w.end().bytes;
    const [g] = decodeNrbf(bytes);
    expect((g!.root as unknown as { elements: unknown[] }).elements.every((x) => x === 'shared')).toBe(true);
    expect(allocatedBy(() => decodeNrbf(bytes))).toBeLessThan(64 * bytes.length + 1024 * 1024);
  });
});

// -- Foreign type names stay inert --------------------------------------------------------------

describe('gadget-style and prototype-named types stay data', () => {
  const PF = 'PresentationFramework, Version=4.0.0.0, Culture=neutral, PublicKeyToken=31bf3856ad364e35';
  const gadget = (): Uint8Array =>
    msg()
      .library(2, PF)
      .cmt(1, 'System.Windows.Data.ObjectDataProvider', [['__proto__', mt.obj], ['constructor', mt.obj], ['prototype', mt.obj], ['MethodName', mt.str]], 2)
      .scmt(3, 'System.Diagnostics.Process', [['polluted', mt.str], ['StartInfo', mt.obj]])
      .str(4, 'yes')
      .scm(5, '__proto__', ['polluted', 'toString'])
      .str(6, 'yes')
      .str(7, 'calc.exe')
      .scmt(8, 'constructor', [['prototype', mt.obj]])
      .scmt(9, 'Object.prototype', [['polluted', mt.str], ['hasOwnProperty', mt.str]])
      .str(10, 'yes')
      .ref(10)
      .ref(5)
      .str(11, 'Start')
      .end().bytes;

  it('decodeNrbf: plain records, member names as data, no prototype touched', () => {
    const [g] = decodeNrbf(gadget());
    const root = g!.root as NrbfClassRecord;
    expect(Object.getPrototypeOf(root)).toBe(Object.prototype);
    expect(root.typeName).toBe('System.Windows.Data.ObjectDataProvider');
    expect(root.libraryName).toBe(PF);
    expect(root.memberNames).toEqual(['__proto__', 'constructor', 'prototype', 'MethodName']);
    expect(Object.keys(root).sort()).toEqual(['id', 'kind', 'libraryName', 'memberNames', 'memberTypes', 'offset', 'recordType', 'typeName', 'values']);
    const proc = root.values[0] as NrbfClassRecord;
    expect(proc.typeName).toBe('System.Diagnostics.Process');
    expect((proc.values[1] as NrbfClassRecord).typeName).toBe('__proto__');
    expect(Object.getPrototypeOf(proc.values[1])).toBe(Object.prototype);
    expect(Object.keys(Object.getPrototypeOf({}))).toEqual([]);
    expect(protoSnapshot()).toBe(proto0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).toString).toBe(Object.prototype.toString);
  });

  it('NrbfFormatter: UNKNOWN_TYPE naming the type, escaped; the strong-named library is not "loaded"', () => {
    const e = expectFail(() => new NrbfFormatter().deserialize(gadget()), 'UNKNOWN_TYPE');
    expect(e.message).toContain('"System.Windows.Data.ObjectDataProvider"');
    expect(e.typeName).toBe('System.Windows.Data.ObjectDataProvider');
    expect(e.offset).toBe(17 + 1 + 4 + 1 + PF.length);
    // Mono d2: only the record is there, and it is refused the same way
    expectFail(() => new NrbfFormatter().deserialize(hex(MONO.d2)), 'UNKNOWN_TYPE');
    for (const name of ['System.Diagnostics.Process', '__proto__', 'constructor', 'Object.prototype', 'hasOwnProperty', 'toString']) {
      const e2 = expectFail(() => new NrbfFormatter().deserialize(msg().scmt(1, name, [['__proto__', mt.str]]).str(2, 'x').end().bytes), 'UNKNOWN_TYPE');
      expect(e2.message).toContain(JSON.stringify(name));
      expect(e2.typeName).toBe(name);
    }
  });

  it('type names that would forge log lines or flood them are quoted escaped and cut', () => {
    const forged = 'System.Diagnostics.Process\n[INFO] admin logged in\u001b[2J';
    const e = expectFail(() => new NrbfFormatter().deserialize(msg().scm(1, forged, []).end().bytes), 'UNKNOWN_TYPE', ['\n[INFO]']);
    expect(e.message).not.toMatch(/[\u0000-\u001f]/);
    expect(e.typeName).toBe(forged);
    const huge = `Ns.${'A'.repeat(10_000)}`;
    const e2 = expectFail(() => new NrbfFormatter().deserialize(msg().library(2, `Lib${'B'.repeat(10_000)}`).cmt(1, huge, [], 2).end().bytes), 'UNKNOWN_TYPE', [huge, 'A'.repeat(300), 'B'.repeat(300)]);
    expect(e2.message.length).toBeLessThan(2000);
    expect(e2.message).toMatch(/characters\)/);
  });

  it("unknownTypes 'record': null-prototype objects with the members as own data properties", () => {
    const before = protoSnapshot();
    const o = new NrbfFormatter({ unknownTypes: 'record' }).deserialize<Record<string, unknown>>(gadget());
    expect(Object.getPrototypeOf(o)).toBeNull();
    expect(o.$type).toBe('System.Windows.Data.ObjectDataProvider');
    expect(o.$assembly).toBe(PF);
    expect(Object.keys(o)).toEqual(['$type', '$assembly', '__proto__', 'constructor', 'prototype', 'MethodName']);
    for (const k of ['__proto__', 'constructor', 'prototype']) {
      const d = Object.getOwnPropertyDescriptor(o, k)!;
      expect(d).toBeDefined();
      expect('value' in d && d.enumerable && d.writable).toBe(true);
    }
    const proc = o.__proto__ as Record<string, unknown>;
    expect(Object.getPrototypeOf(proc)).toBeNull();
    expect(proc.$type).toBe('System.Diagnostics.Process');
    expect(proc.polluted).toBe('yes');
    const protoNamed = proc.StartInfo as Record<string, unknown>;
    expect(protoNamed.$type).toBe('__proto__');
    expect(Object.getPrototypeOf(protoNamed)).toBeNull();
    expect(protoNamed.toString).toBe('calc.exe');
    expect((o.constructor as unknown as Record<string, unknown>).$type).toBe('constructor');
    expect(((o.constructor as unknown as Record<string, unknown>).prototype as Record<string, unknown>).$type).toBe('Object.prototype');
    expect(((o.constructor as unknown as Record<string, unknown>).prototype as Record<string, unknown>).hasOwnProperty).toBe('yes');
    expect(o.prototype).toBe(protoNamed);
    expect(o.MethodName).toBe('Start');
    // nothing reached a shared prototype
    expect(protoSnapshot()).toBe(before);
    expect(Object.keys(Object.getPrototypeOf({}))).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call({}, 'polluted')).toBe(false);
  });

  it("a member named $type in a record is refused, not allowed to overwrite the record's type", () => {
    const bytes = msg().scmt(1, 'Ns.T', [['$type', mt.str]]).str(2, 'Spoofed').end().bytes;
    expectFail(() => new NrbfFormatter({ unknownTypes: 'record' }).deserialize(bytes), 'INVALID_VALUE');
  });
});

// -- Mutations of real payloads -----------------------------------------------------------------------

describe('mutations of real payloads fail only with coded SerializationExceptions', () => {
  const dir = new URL('../nrbf/mono-corpus/', import.meta.url);
  const corpus = readdirSync(dir)
    .filter((n) => n.endsWith('.bin'))
    .sort()
    .map((n) => ({ name: n, bytes: new Uint8Array(readFileSync(new URL(n, dir))) }));
  const tight = { maxDepth: 40, maxObjects: 3000, maxCollectionLength: 200, maxStringLength: 64, maxBytes: 32 * 1024 };

  /** xorshift32, fixed seed per payload. */
  const rng = (seed: number) => {
    let s = seed >>> 0 || 1;
    return (n: number): number => {
      s ^= s << 13;
      s >>>= 0;
      s ^= s >>> 17;
      s ^= s << 5;
      s >>>= 0;
      return Math.floor((s / 0x100000000) * n);
    };
  };

  it('the corpus has its 19 payloads, each decoding whole both ways', () => {
    expect(corpus.length).toBe(19);
    const f = new NrbfFormatter({ unknownTypes: 'record' });
    for (const { bytes } of corpus) {
      const graphs = decodeNrbf(bytes);
      expect(graphs.reduce((n, g) => n + g.length, 0)).toBe(bytes.length);
      if (graphs.length === 1) f.deserialize(bytes);
    }
  });

  for (const { name, bytes } of corpus) {
    it(`${name}: 1,000 single-byte mutations and 1,000 truncations`, () => {
      const ri = rng(0x5eed ^ bytes.length);
      const boundaries = new Set(decodeNrbf(bytes).map((g) => g.offset + g.length));
      const firstEnd = Math.min(...boundaries);
      const formatters = [new NrbfFormatter({ unknownTypes: 'record' }), new NrbfFormatter({ unknownTypes: 'record', limits: tight })];
      const codes: Record<string, number> = {};
      const count = (k: string) => (codes[k] = (codes[k] ?? 0) + 1);
      for (let i = 0; i < 1000; i++) {
        const m = bytes.slice();
        const p = ri(m.length);
        m[p] = (m[p]! + 1 + ri(255)) & 0xff;
        const r = readBoth(m, formatters[i & 1]!, i & 1 ? tight : undefined);
        count(r.decoded ? 'decoded' : 'failed');
      }
      for (let i = 0; i < 1000; i++) {
        const n = ri(bytes.length);
        const cut = bytes.subarray(0, n);
        const r = readBoth(cut, formatters[0]!);
        // A prefix reads only if it ends exactly at the end of a message.
        if (r.decoded) expect(boundaries.has(n)).toBe(true);
        if (r.formatted) expect(n).toBe(firstEnd);
        count(r.decoded ? 'prefix decoded' : 'prefix failed');
      }
      expect(codes.failed).toBeGreaterThan(0);
    });
  }

  it('a sample of the corefx blobs: 20 mutations each, of every kind', () => {
    const blobs = corefxBlobs().filter((_, i) => i % 12 === 0);
    const ri = rng(20261130);
    const f = new NrbfFormatter({ unknownTypes: 'record' });
    let n = 0;
    for (const { bytes } of blobs) {
      for (let k = 0; k < 20; k++) {
        let m = bytes.slice();
        switch (ri(4)) {
          case 0: m[ri(m.length)] ^= 1 << ri(8); break;
          case 1: m[ri(m.length)] = [0, 1, 9, 10, 11, 12, 13, 14, 15, 16, 17, 0x7f, 0x80, 0xff][ri(14)]!; break;
          case 2: m = m.subarray(0, ri(m.length)); break;
          case 3: { // a 4-byte field overwritten with a huge or negative number
            const p = ri(Math.max(1, m.length - 4));
            m.set([[0xff, 0xff, 0xff, 0x7f], [0, 0x94, 0x35, 0x77], [0xff, 0xff, 0xff, 0xff], [0, 0, 0, 0x80]][ri(4)]!, p);
            break;
          }
        }
        readBoth(m, f);
        n++;
      }
    }
    expect(n).toBeGreaterThan(1500);
  });
});

// -- Found by the nrbf fuzz target, outside decoder.ts -------------------------------------------------------

// Bugs the fuzzer found in src/nrbf/graph-reader.ts, fixed there.
describe('fuzz findings in NrbfFormatter (graph-reader.ts)', () => {
  const INT32 = 'System.Int32';
  const f = new NrbfFormatter({ unknownTypes: 'record' });

  it('a boxed System.Int32 whose m_value refers to itself: a coded error, not a JavaScript stack overflow', () => {
    // (fuzz finding nrbf-bad-error-c3958cc03c9114c8: systemValue converts m_value before keep() records the
    // result, so a cycle through a boxed primitive, enum or Nullable recurses without end)
    const bytes = msg().scmt(1, INT32, [['m_value', mt.str]]).ref(1).end().bytes;
    expect(decodeNrbf(bytes).length).toBe(1);
    expectFail(() => f.deserialize(bytes), ['INVALID_VALUE', 'BAD_REFERENCE']);
  });

  it('a chain of 20,000 boxed values linked by references (no cycle): bounded by maxDepth, not by the stack', () => {
    // References are not inline, so decodeNrbf's maxDepth does not bound the chain; the walk follows it recursively.
    const w = msg().scmt(1, INT32, [['m_value', mt.obj]]).ref(2);
    for (let i = 2; i < 20_000; i++) w.classWithId(i, 1).ref(i + 1);
    const bytes = w.classWithId(20_000, 1).boxed(PT.Int32).i32(7).end().bytes;
    expect(decodeNrbf(bytes).length).toBe(1);
    expectFail(() => f.deserialize(bytes), ['INVALID_VALUE', 'LIMIT_EXCEEDED']);
  });

  it('a Nullable whose value is itself, and a chain of 20,000 Nullables: a coded error, not a stack overflow', () => {
    const NULLABLE = 'System.Nullable`1[[System.Int32, mscorlib]]';
    const self = msg().scmt(1, NULLABLE, [['hasValue', mt.prim(PT.Boolean)], ['value', mt.obj]]).u8(1).ref(1).end().bytes;
    expect(expectFail(() => f.deserialize(self), 'INVALID_VALUE').message).toContain('contains itself');
    const w = msg().scmt(1, NULLABLE, [['hasValue', mt.prim(PT.Boolean)], ['value', mt.obj]]).u8(1).ref(2);
    for (let i = 2; i < 20_000; i++) w.classWithId(i, 1).u8(1).ref(i + 1);
    const chain = w.classWithId(20_000, 1).u8(1).boxed(PT.Int32).i32(7).end().bytes;
    expectFail(() => f.deserialize(chain), 'LIMIT_EXCEEDED');
  });

  it('a rectangular array of 0 elements with a huge first dimension: refused at its offset before any row is made', () => {
    // (fuzz findings nrbf-bad-error-52ce87b374151083, -fce23e692a1fb8d1, -ab9d2f7e91294187, nrbf-slow-*: lengths
    // [553648130, 0] hold no element, so decodeNrbf does O(1) work, but rectangular() makes one row array per
    // leading index: 77 bytes took ~3 s under the defaults, then LIMIT_EXCEEDED without an offset, since at() is
    // -1 outside class cursors)
    const bytes = msg().binArray(1, AT.Rectangular, [553_648_130, 0], mt.str).end().bytes;
    expect(decodeNrbf(bytes)[0]!.records.size).toBe(1);
    const tight = new NrbfFormatter({ unknownTypes: 'record', limits: { maxObjects: 3000 } });
    const e = expectFail(() => tight.deserialize(bytes), ['LIMIT_EXCEEDED', 'INVALID_VALUE']);
    expect(e.offset).toBe(17);
  });

  it('a rectangular array with a zero dimension keeps its rows, up to 1,024 more than its elements fill', () => {
    // (fuzz finding nrbf-slow-ec7c0dde2dd5c667: [2162689, 0] under the default limits made 2 M empty rows, ~1 s for 57 bytes)
    expect(new NrbfFormatter().deserialize(msg().binArray(1, AT.Rectangular, [3, 0], mt.str).end().bytes)).toEqual([[], [], []]);
    expect(new NrbfFormatter().deserialize(msg().binArray(1, AT.Rectangular, [1024, 0], mt.str).end().bytes)).toHaveLength(1024);
    const e = expectFail(() => new NrbfFormatter().deserialize(msg().binArray(1, AT.Rectangular, [2_162_689, 0], mt.str).end().bytes), 'LIMIT_EXCEEDED');
    expect(e.offset).toBe(17);
    expect(e.message).toContain('2162689 x 0');
  });

  it('a system type name with control characters is quoted escaped in "lacks its member" messages', () => {
    // (fuzz findings nrbf-bad-error-8285c78dcd5b230d, -927993dece6b14d8: field(), int() and arrayMember()
    // put rec.typeName.slice(0, 80) in the message raw; SECURITY.md rule 7 wants quoted())
    const name = 'System.Nullable`1[[System.Int32, mscorlib,\u0007Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089]]';
    const bytes = msg().scmt(1, name, [['value', mt.prim(PT.Int32)]]).i32(1).end().bytes;
    const e = expectFail(() => f.deserialize(bytes), 'INVALID_VALUE');
    expect(e.message).not.toMatch(/[\u0000-\u001f]/);
  });
});
