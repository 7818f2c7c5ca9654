import { describe, expect, it } from 'vitest';
import { DateTime, DateTimeKind, Decimal, MemoryStream, NrbfFormatter, Serializable, SerializationException } from '@weft/runtime';
import type { ArrayList, Byte, Char, Dictionary, Double, Guid, HashSet, Hashtable, Int32, Int64, List, Nullable, Single, TimeSpan, UInt64 } from '@weft/runtime/dotnet';
import { canonical, fromExpected, type InstanceView } from './canonical.js';
import { monoRead, monoSkip, sortMaps } from './mono.js';
import { CollectionsHolder, Department, Employee, Leaf, Primitives } from './write-corpus.js';
import { FixedArrays, FixedCustom, FixedDerived, FixedNode, FixedPrimitives, FixedSpecials, FixedStrings } from './write-fixtures.js';

/**
 * Property tests of NrbfFormatter's writer, bounded by counts and sizes (never by time). Every
 * case comes from a seeded xorshift32 PRNG, so a failure names its seed and case and replays:
 *
 * A. values at and near every boundary of every primitive .NET type round-trip through weft
 *    field by field (Single after Math.fround);
 * B. a value out of its member's range or kind (one field at a time) fails with
 *    VALUE_OUT_OF_RANGE or TYPE_MISMATCH, names the member, and leaves the MemoryStream as it was;
 * C. random graphs (shared references, cycles, nulls, arrays with null runs of every length,
 *    List/Dictionary/HashSet/Hashtable/ArrayList, boxed values) round-trip through weft with their
 *    identity: every object maps to exactly one object and back;
 * D. batches of random graphs of the Mono corpus's classes (mono-corpus/Corpus.cs, through the
 *    twins of write-fixtures.ts and write-corpus.ts) written into one MemoryStream are read by
 *    Mono's BinaryFormatter (one monoRead per batch) as exactly the TypeScript graphs, compared in
 *    canonical.ts's form.
 *
 * The generators include the edges found while writing these properties, now handled: Dates
 * outside DateTime's years 1-9999 and strings with lone surrogates (VALUE_OUT_OF_RANGE naming the
 * member), Singles that round down to float.MaxValue (written), and map keys .NET sees as equal
 * (write-errors.test.ts).
 */

// ------------------------------------------------------------------------------------------------
// The PRNG
// ------------------------------------------------------------------------------------------------

/** xorshift32: small, fast, and the same sequence everywhere for a seed. */
class Rng {
  private s: number;
  constructor(readonly seed: number) {
    this.s = seed >>> 0 || 1;
  }
  u32(): number {
    let x = this.s;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x >>> 0;
    return this.s;
  }
  /** [0, 1) */
  float(): number {
    return this.u32() / 2 ** 32;
  }
  /** an integer in [lo, hi] (a span of at most 2^32) */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }
  bool(p = 0.5): boolean {
    return this.float() < p;
  }
  pick<T>(a: readonly T[]): T {
    return a[this.int(0, a.length - 1)]!;
  }
  /** `n` random bits */
  bits(n: number): bigint {
    let b = 0n;
    for (let got = 0; got < n; got += 32) b = (b << 32n) | BigInt(this.u32());
    return b & ((1n << BigInt(n)) - 1n);
  }
  /** a bigint in [lo, hi], uniform */
  big(lo: bigint, hi: bigint): bigint {
    const span = hi - lo + 1n;
    const n = span.toString(2).length;
    for (;;) {
      const r = this.bits(n);
      if (r < span) return lo + r;
    }
  }
}

const hex = (seed: number): string => `0x${seed.toString(16).padStart(8, '0')}`;

/** A short, exact description of a value for failure messages. */
function show(v: unknown): string {
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (typeof v === 'string') {
    const s = v.length > 60 ? `${v.slice(0, 60)}… (${v.length} units)` : v;
    return JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  }
  if (v instanceof DateTime) return `DateTime(${v.ticks}n, ${v.kind})`;
  if (v instanceof Decimal) return `Decimal(${v.toString()})`;
  if (v instanceof Date) return `Date(${v.getTime()})`;
  if (Array.isArray(v)) return `[array of ${v.length}]`;
  if (v === null || v === undefined) return String(v);
  if (typeof v === 'object') return `a ${v.constructor?.name ?? 'object'}`;
  return String(v);
}

/** Equal as the values a .NET member holds: numbers by Object.is (NaN is NaN, -0 is not 0), DateTime and Decimal by value. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof DateTime || a instanceof Decimal) return a.equals(b);
  if (typeof a === 'number' && typeof b === 'number') return Object.is(a, b);
  return a === b;
}

// ------------------------------------------------------------------------------------------------
// Values of each .NET type: in range (biased to the boundaries), out of range, and as read back
// ------------------------------------------------------------------------------------------------

const MAX_SINGLE = 3.4028234663852886e38;
/** the smallest double that rounds to float32 Infinity: everything from here on cannot be a Single */
const SINGLE_OVERFLOW = 3.4028235677973366e38;
const MIN_SUBNORMAL_SINGLE = 1.401298464324817e-45;
const MIN_NORMAL_SINGLE = 1.1754943508222875e-38;
const MAX_TICKS = 3_155_378_975_999_999_999n;
const MAX_MANTISSA = (1n << 96n) - 1n;
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const UINT64_MAX = (1n << 64n) - 1n;
/** Date.getTime() of DateTime's first and last millisecond */
const DATE_MIN_MS = -62_135_596_800_000;
const DATE_MAX_MS = 253_402_300_799_999;
const EPOCH_TICKS = 621_355_968_000_000_000n;

/** A code unit that is not a surrogate, biased to UTF-8's length boundaries. */
function charUnit(r: Rng): number {
  switch (r.int(0, 4)) {
    case 0:
      return r.pick([0, 0x1f, 0x22, 0x5c, 0x7f, 0x80, 0xff, 0x7ff, 0x800, 0xd7ff, 0xe000, 0xfeff, 0xfffd, 0xfffe, 0xffff]);
    case 1:
      return r.int(0x20, 0x7e);
    case 2:
      return r.int(0x80, 0x7ff);
    default: {
      const u = r.int(0x800, 0xffff - 0x800);
      return u < 0xd800 ? u : u + 0x800;
    }
  }
}

/** Well-formed UTF-16 of `n` units or so (astral characters as surrogate pairs). */
function textOf(r: Rng, n: number): string {
  const units: number[] = [];
  const mode = r.int(0, 3); // 0: ASCII only, 1: mostly ASCII, 2-3: anything
  while (units.length < n) {
    if (mode === 0) units.push(r.int(0x20, 0x7e));
    else if (mode === 1 && r.bool(0.8)) units.push(r.int(0, 0x7f));
    else if (r.bool(0.15)) {
      const cp = r.int(0x10000, 0x10ffff) - 0x10000;
      units.push(0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
    } else units.push(charUnit(r));
  }
  let s = '';
  for (let i = 0; i < units.length; i += 4096) s += String.fromCharCode(...units.slice(i, i + 4096));
  return s;
}

const utf8 = new TextEncoder();

/** Strings written so far, to reuse: equal strings are one object in the stream. */
class StringPool {
  readonly all: string[] = [];
  /** the longest string's UTF-8 length: past 16383 bytes its length prefix takes three bytes */
  maxBytes = 0;
  next(r: Rng): string {
    if (this.all.length > 0 && r.bool(0.25)) return r.pick(this.all);
    let s: string;
    switch (r.int(0, 9)) {
      case 0:
        s = '';
        break;
      case 1:
        // long: past one and two bytes of the 7-bit length prefix (127 and 16383 bytes)
        s = textOf(r, r.bool(0.3) ? r.int(16400, 20000) : r.int(100, 3000));
        break;
      default:
        s = textOf(r, r.int(1, 40));
    }
    if (this.all.length < 64) this.all.push(s);
    this.maxBytes = Math.max(this.maxBytes, utf8.encode(s).length);
    return s;
  }
}

function guidText(r: Rng): string {
  const special = r.int(0, 9);
  const h = special === 0 ? '0'.repeat(32) : special === 1 ? 'f'.repeat(32) : Array.from({ length: 32 }, () => '0123456789abcdef'[r.int(0, 15)]).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** An integer in [lo, hi], most often at or next to a boundary. */
function intNear(r: Rng, lo: number, hi: number): number {
  switch (r.int(0, 5)) {
    case 0:
      return r.pick([lo, hi, lo + 1, hi - 1, 0, 1, -1].filter((n) => n >= lo && n <= hi));
    case 1:
      return lo + r.int(0, 3);
    case 2:
      return hi - r.int(0, 3);
    case 3: {
      const p = 2 ** r.int(0, Math.log2(Math.max(hi, 1)) | 0);
      return Math.min(hi, Math.max(lo, r.pick([p, p - 1, -p, -p - 1, -p + 1]))) + 0;
    }
    default:
      return r.int(lo, hi);
  }
}

function bigNear(r: Rng, lo: bigint, hi: bigint): bigint {
  switch (r.int(0, 5)) {
    case 0:
      return r.pick([lo, hi, lo + 1n, hi - 1n, 0n, 1n, -1n].filter((n) => n >= lo && n <= hi));
    case 1:
      return lo + BigInt(r.int(0, 3));
    case 2:
      return hi - BigInt(r.int(0, 3));
    case 3: {
      const p = 1n << BigInt(r.int(0, 62));
      const v = r.pick([p, p - 1n, -p, -p - 1n, -p + 1n]);
      return v < lo ? lo : v > hi ? hi : v;
    }
    default:
      return r.big(lo, hi);
  }
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const f64 = new Float64Array(1);
const u32x2 = new Uint32Array(f64.buffer);

function singleValue(r: Rng): number {
  switch (r.int(0, 4)) {
    case 0:
      return r.pick([0, -0, NaN, Infinity, -Infinity, MAX_SINGLE, -MAX_SINGLE, MIN_SUBNORMAL_SINGLE, -MIN_SUBNORMAL_SINGLE, MIN_NORMAL_SINGLE, 1, -1, 0.1, 16777217]);
    case 1:
      u32[0] = r.u32(); // every float32 bit pattern, NaN payloads and subnormals included
      return f32[0]!;
    case 2:
      // a double that is not a float32: written rounded
      return (r.float() * 2 - 1) * 10 ** r.int(-46, 38) * (r.bool() ? 1 : 3.4);
    default:
      // near the largest float32, on both sides: up to SINGLE_OVERFLOW a number rounds down to it
      return (r.bool() ? 1 : -1) * (r.bool() ? MAX_SINGLE * (1 - r.float() * 1e-6) : MAX_SINGLE + r.float() * (SINGLE_OVERFLOW - MAX_SINGLE) * 0.999);
  }
}

function doubleValue(r: Rng): number {
  switch (r.int(0, 3)) {
    case 0:
      return r.pick([0, -0, NaN, Infinity, -Infinity, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, -Number.MIN_VALUE, 2.2250738585072014e-308, 2 ** 53, 2 ** 53 + 2, 0.1, -1e-300]);
    case 1:
      u32x2[0] = r.u32();
      u32x2[1] = r.u32();
      return f64[0]!;
    default:
      return (r.float() * 2 - 1) * 10 ** r.int(-320, 308);
  }
}

function decimalValue(r: Rng): Decimal {
  const bits = r.pick([0, 1, 96, 96, r.int(1, 96), r.int(1, 96), r.int(1, 64)]);
  const mantissa = bits === 0 ? 0n : r.bool(0.2) ? MAX_MANTISSA >> BigInt(96 - bits) : r.bits(bits) | (1n << BigInt(bits - 1));
  const scale = r.pick([0, 28, r.int(0, 28), r.int(0, 28)]);
  const negative = r.bool();
  return new Decimal(negative ? -mantissa : mantissa, scale, negative);
}

function dateTimeValue(r: Rng): DateTime {
  const ticks = r.pick([0n, MAX_TICKS, r.big(0n, 9n), MAX_TICKS - r.big(0n, 9n), r.big(0n, MAX_TICKS), r.big(0n, MAX_TICKS)]);
  return new DateTime(ticks, r.pick([DateTimeKind.Unspecified, DateTimeKind.Utc, DateTimeKind.Local]));
}

/** A Date within DateTime's range (years 1-9999), at its ends or anywhere. */
function dateValue(r: Rng): Date {
  return new Date(r.bool(0.5) ? r.pick([DATE_MIN_MS, DATE_MAX_MS, 0, -1]) : DATE_MIN_MS + Math.floor(r.float() * (DATE_MAX_MS - DATE_MIN_MS)));
}

/**
 * A .NET member type as the test sees it: `gen` an in-range value (sometimes in another input
 * form the writer converts: a bigint for an Int32, a number for an Int64, a Date for a DateTime,
 * an upper-case Guid), `norm` what a written value reads back as, `bad` a value the type cannot
 * hold with the code it must fail with (`either` when the documentation leaves it open); the
 * message must name the member.
 */
interface Kind {
  gen(r: Rng, strings: StringPool): unknown;
  norm(v: unknown): unknown;
  bad(r: Rng): Bad;
}
type Code = 'VALUE_OUT_OF_RANGE' | 'TYPE_MISMATCH' | 'either';
interface Bad {
  value: unknown;
  code: Code;
}

const VOR = 'VALUE_OUT_OF_RANGE' as const;
const MISMATCH = 'TYPE_MISMATCH' as const;

/** A value of another kind than those a type takes (an in-range bigint is an Int32, a number an Int64 or a Decimal). */
function otherKind(r: Rng, ...not: ('number' | 'bigint' | 'string' | 'boolean' | 'date')[]): Bad {
  const all: [string, () => unknown][] = [
    ['number', () => r.int(-5, 5)],
    ['bigint', () => BigInt(r.int(-5, 5))],
    ['string', () => String(r.int(0, 9))],
    ['boolean', () => r.bool()],
    ['date', () => new DateTime(BigInt(r.int(0, 1000)))],
    ['array', () => [1, 2]],
    ['instance', () => new FixedNode('x', 1)],
    ['map', () => new Map([[1, 2]])],
  ];
  const [, make] = r.pick(all.filter(([k]) => !(not as string[]).includes(k)));
  return { value: make(), code: MISMATCH };
}

function intKind(lo: number, hi: number): Kind {
  return {
    gen(r) {
      const v = r.bool(0.03) ? -0 : intNear(r, lo, hi); // -0 is written as 0
      return r.bool(0.1) ? BigInt(v) : v; // an in-range bigint is taken too
    },
    norm: (v) => (typeof v === 'bigint' ? Number(v) : (v as number) + 0), // -0 is 0 in an integer
    bad(r) {
      switch (r.int(0, 7)) {
        case 0:
          return { value: lo - 1 - r.int(0, 1000) * r.pick([1, 1000, 2 ** 20]), code: VOR };
        case 1:
          return { value: hi + 1 + r.int(0, 1000) * r.pick([1, 1000, 2 ** 20]), code: VOR };
        case 2: {
          // not an integer: a fraction the double keeps (the spacing of doubles below 2^32 is at most 2^-20)
          const base = r.int(lo, hi - 1);
          return { value: base + r.pick([0.5, 0.25, 2 ** -16, 1 - 2 ** -16]), code: VOR };
        }
        case 3:
          return { value: r.pick([NaN, Infinity, -Infinity, 2 ** 53 + 2, -(2 ** 60)]), code: VOR };
        case 4:
          return { value: r.bool() ? BigInt(hi) + 1n + r.big(0n, 1n << 70n) : BigInt(lo) - 1n - r.big(0n, 1n << 70n), code: VOR };
        case 5:
          return { value: r.pick([null, undefined]), code: VOR };
        default:
          return otherKind(r, 'number', 'bigint');
      }
    },
  };
}

function bigKind(lo: bigint, hi: bigint): Kind {
  return {
    gen(r) {
      const v = bigNear(r, lo, hi);
      // a safe-integer number is taken too, and written as the bigint
      return r.bool(0.1) && v >= -(2n ** 53n) + 1n && v <= 2n ** 53n - 1n ? Number(v) : v;
    },
    norm: (v) => (typeof v === 'number' ? BigInt(v) : v),
    bad(r) {
      switch (r.int(0, 5)) {
        case 0:
          return { value: hi + 1n + r.big(0n, 1n << BigInt(r.int(0, 200))), code: VOR };
        case 1:
          return { value: lo - 1n - r.big(0n, 1n << BigInt(r.int(0, 200))), code: VOR };
        case 2:
          // numbers: not a safe integer (give a bigint), or no integer at all
          return { value: r.pick([2 ** 53, -(2 ** 53), 2 ** 53 + 2, 2 ** 63, 1e300, 0.5, -1.5, NaN, Infinity, lo < 0n ? 1.25 : -1]), code: VOR };
        case 3:
          return { value: r.pick([null, undefined]), code: VOR };
        default:
          return otherKind(r, 'bigint', 'number');
      }
    },
  };
}

const KINDS = {
  Boolean: {
    gen: (r) => r.bool(),
    norm: (v) => v,
    bad: (r) => (r.bool(0.2) ? { value: null, code: VOR } : otherKind(r, 'boolean')),
  },
  Byte: intKind(0, 255),
  SByte: intKind(-128, 127),
  Int16: intKind(-32768, 32767),
  UInt16: intKind(0, 65535),
  Int32: intKind(-2147483648, 2147483647),
  UInt32: intKind(0, 4294967295),
  Int64: bigKind(INT64_MIN, INT64_MAX),
  UInt64: bigKind(0n, UINT64_MAX),
  TimeSpan: bigKind(INT64_MIN, INT64_MAX),
  Single: {
    gen: singleValue,
    norm: (v) => Math.fround(v as number),
    bad(r) {
      if (r.bool(0.7)) {
        // finite, and beyond float32: Math.fround would make it ±Infinity
        const m = SINGLE_OVERFLOW * (1 + r.float() * r.pick([1e-9, 1, 1e10])) * (r.bool(0.1) ? 1e200 : 1);
        return { value: (r.bool() ? 1 : -1) * Math.min(m, Number.MAX_VALUE), code: VOR };
      }
      return r.bool(0.3) ? { value: null, code: VOR } : otherKind(r, 'number');
    },
  },
  Double: {
    gen: doubleValue,
    norm: (v) => v,
    bad: (r) => (r.bool(0.2) ? { value: r.pick([null, undefined]), code: VOR } : otherKind(r, 'number')),
  },
  Char: {
    gen: (r) => String.fromCharCode(charUnit(r)),
    norm: (v) => v,
    bad(r) {
      switch (r.int(0, 4)) {
        case 0:
          return { value: String.fromCharCode(r.int(0xd800, 0xdfff)), code: VOR };
        case 1:
          return { value: r.pick(['', 'ab', '😀', textOf(r, r.int(2, 10))]), code: VOR };
        case 2:
          return { value: null, code: VOR };
        default:
          return otherKind(r, 'string');
      }
    },
  },
  Decimal: {
    gen(r) {
      switch (r.int(0, 9)) {
        case 0:
          return r.big(-MAX_MANTISSA, MAX_MANTISSA); // a bigint: its integer decimal
        case 1:
          // a number: its shortest round-trip digits (these have no exponent)
          return r.pick([0, -0, 1, -1, 0.5, 0.1, 123.25, -0.0625, 2 ** 53 - 1, 1e20, r.int(-1e6, 1e6) / 100]);
        default:
          return decimalValue(r);
      }
    },
    norm(v) {
      if (v instanceof Decimal) return v;
      return Decimal.parse(String(v));
    },
    bad(r) {
      switch (r.int(0, 4)) {
        case 0:
          // more than 28 places
          return { value: r.int(1, 9) * 10 ** -(29 + r.int(0, 270)), code: VOR };
        case 1:
          // a mantissa beyond 96 bits
          return r.bool() ? { value: (r.bool() ? 1n : -1n) * (MAX_MANTISSA + 1n + r.big(0n, 1n << 100n)), code: VOR } : { value: (r.bool() ? 1 : -1) * 8e28 * 10 ** r.int(0, 250), code: VOR };
        case 2:
          return { value: r.pick([NaN, Infinity, -Infinity]), code: 'either' };
        case 3:
          return { value: null, code: VOR };
        default:
          return otherKind(r, 'bigint', 'number');
      }
    },
  },
  /** a `Date` member: a Utc DateTime */
  Date: {
    gen: (r) => dateValue(r),
    norm: (v) => (v instanceof Date ? new DateTime(BigInt(v.getTime()) * 10_000n + EPOCH_TICKS, DateTimeKind.Utc) : v),
    bad(r) {
      if (r.bool(0.3)) return { value: new Date(r.pick([NaN, DATE_MIN_MS - 1 - r.int(0, 1e6), DATE_MAX_MS + 1 + r.int(0, 1e6)])), code: VOR };
      if (r.bool(0.2)) return { value: null, code: VOR };
      return otherKind(r, 'date');
    },
  },
  DateTime: {
    gen: (r) => (r.bool(0.1) ? dateValue(r) : dateTimeValue(r)),
    norm: (v) => (v instanceof Date ? new DateTime(BigInt(v.getTime()) * 10_000n + EPOCH_TICKS, DateTimeKind.Utc) : v),
    bad(r) {
      if (r.bool(0.3)) return { value: new Date(r.pick([NaN, DATE_MIN_MS - 1 - r.int(0, 1e6), DATE_MAX_MS + 1 + r.int(0, 1e6)])), code: VOR };
      if (r.bool(0.2)) return { value: null, code: VOR };
      return otherKind(r, 'date');
    },
  },
  String: {
    gen: (r, strings) => (r.bool(0.1) ? null : strings.next(r)),
    norm: (v) => v,
    bad(r) {
      if (r.bool(0.4)) return { value: `${textOf(r, r.int(0, 5))}${String.fromCharCode(r.int(0xd800, 0xdfff))}${r.bool() ? 'x' : ''}`, code: VOR };
      return otherKind(r, 'string');
    },
  },
  Guid: {
    gen(r) {
      const g = guidText(r);
      return r.bool(0.1) ? g.toUpperCase() : r.bool(0.05) ? `{${g}}` : g;
    },
    norm: (v) => (v as string).replace(/[{}]/g, '').toLowerCase(),
    bad(r) {
      const g = guidText(r);
      switch (r.int(0, 4)) {
        case 0:
          return { value: g.slice(0, r.int(0, 35)), code: VOR };
        case 1:
          return { value: g.replace(/-/g, r.pick(['', ':', ' '])), code: VOR };
        case 2:
          return { value: `${g.slice(0, 9)}g${g.slice(10)}`, code: VOR };
        case 3:
          return { value: null, code: VOR };
        default:
          return otherKind(r, 'string');
      }
    },
  },
  /** `object`: each value boxed with its own .NET type */
  Object: {
    gen(r, strings) {
      switch (r.int(0, 8)) {
        case 0:
          return null;
        case 1:
          return intNear(r, -2147483648, 2147483647);
        case 2:
          return doubleValue(r);
        case 3:
          return bigNear(r, INT64_MIN, UINT64_MAX);
        case 4:
          return r.bool();
        case 5:
          return strings.next(r);
        case 6:
          return dateTimeValue(r);
        case 7:
          return decimalValue(r);
        default:
          return 2 ** 31 + r.int(0, 9); // an integer beyond Int32: a Double
      }
    },
    norm: (v) => v,
    bad(r) {
      if (r.bool(0.5)) return { value: r.bool() ? UINT64_MAX + 1n + r.big(0n, 1n << 64n) : INT64_MIN - 1n - r.big(0n, 1n << 64n), code: VOR };
      return { value: `${String.fromCharCode(r.int(0xdc00, 0xdfff))}`, code: VOR };
    },
  },
} satisfies Record<string, Kind>;

type KindName = keyof typeof KINDS;

/** Nullable<T>: null, or T's values; T's bad values that are not null. */
function nullable(k: Kind): Kind {
  return {
    gen: (r, s) => (r.bool(0.25) ? null : k.gen(r, s)),
    norm: (v) => (v === null ? null : k.norm(v)),
    bad(r) {
      for (;;) {
        const b = k.bad(r);
        if (b.value !== null && b.value !== undefined) return b;
      }
    },
  };
}

const kind = (name: KindName | `${KindName}?`): Kind => (name.endsWith('?') ? nullable(KINDS[name.slice(0, -1) as KindName]) : KINDS[name as KindName]);

// ------------------------------------------------------------------------------------------------
// Classes: the corpus twins' members by .NET type, and what Corpus.cs has no class for
// ------------------------------------------------------------------------------------------------

/** Every Nullable<T> weft writes, a Guid, a `Date` member, an `object` member (weft only: Corpus.cs has no such class). */
@Serializable({ name: 'WeftProperty.Extras', assembly: 'WeftProperty, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null', dotnet: true })
class Extras {
  Id: Guid = '00000000-0000-0000-0000-000000000000';
  MaybeInt: Nullable<Int32> = null;
  MaybeByte: Nullable<Byte> = null;
  MaybeLong: Nullable<Int64> = null;
  MaybeULong: Nullable<UInt64> = null;
  MaybeDouble: Nullable<Double> = null;
  MaybeSingle: Nullable<Single> = null;
  MaybeChar: Nullable<Char> = null;
  MaybeBool: Nullable<boolean> = null;
  MaybeDecimal: Nullable<Decimal> = null;
  MaybeDate: Nullable<DateTime> = null;
  MaybeSpan: Nullable<TimeSpan> = null;
  /** a `Date` member is a DateTime, written Utc */
  Stamp: Date = new Date(0);
  Any: unknown = null;
}

/**
 * FixedNode's shape, declared here: under the bundler plugin (this suite) a member typed with a
 * class imported from another file has no .NET type (the per-file transformer cannot see it; only
 * tspc's checker can), so the Bag's members name a class of this file.
 */
@Serializable({ name: 'WeftProperty.BagNode', assembly: 'WeftProperty, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null', dotnet: true })
class BagNode {
  Name: string | null = null;
  Next: BagNode | null = null;
  Other: BagNode | null = null;
  Value: Int32 = 0;
}

/** Collections of every kind around BagNode graphs, `object` members and a cycle through itself (weft only). */
@Serializable({ name: 'WeftProperty.Bag', assembly: 'WeftProperty, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null', dotnet: true })
class Bag {
  Root: BagNode | null = null;
  Nodes: List<BagNode | null> = [];
  Ints: List<Int32> = [];
  Counts: Dictionary<string, Int32> = new Map();
  ById: Dictionary<Int32, BagNode | null> = new Map();
  Tags: HashSet<string | null> = new Set();
  Table: Hashtable = new Map();
  Items: ArrayList = [];
  Any: unknown = null;
  /** a FixedArrays (or null) in an `object` member: written as its own class */
  Arrays: unknown = null;
  Self: Bag | null = null;
}

type Schema = Readonly<Record<string, KindName | `${KindName}?`>>;

const FIXED_PRIMITIVES: Schema = {
  Bool: 'Boolean', Byte: 'Byte', SByte: 'SByte', Char: 'Char', Int16: 'Int16', UInt16: 'UInt16', Int32: 'Int32', UInt32: 'UInt32', Int64: 'Int64',
  UInt64: 'UInt64', Single: 'Single', Double: 'Double', Decimal: 'Decimal', DateTime: 'DateTime', TimeSpan: 'TimeSpan', String: 'String',
};
const FIXED_SPECIALS: Schema = {
  NaN: 'Double', NegativeZero: 'Double', PositiveInfinity: 'Double', NegativeInfinity: 'Double', Epsilon: 'Double',
  SingleNaN: 'Single', SingleNegativeZero: 'Single', SinglePositiveInfinity: 'Single', SingleEpsilon: 'Single', Local: 'DateTime',
};
const FIXED_STRINGS: Schema = { Empty: 'String', Ascii: 'String', NonAscii: 'String', Null: 'String', Shared: 'String', SharedAgain: 'String' };
/** WeftCorpus.Primitives: with a Guid, two enums (written as their underlying Int32 and Byte) and int? */
const PRIMITIVES: Schema = {
  BoolTrue: 'Boolean', BoolFalse: 'Boolean', ByteMax: 'Byte', SByteMin: 'SByte', CharLatin: 'Char', CharEuro: 'Char', CharCjk: 'Char', Int16Min: 'Int16',
  UInt16Max: 'UInt16', Int32Min: 'Int32', UInt32Max: 'UInt32', Int64Min: 'Int64', Int64Large: 'Int64', UInt64Max: 'UInt64', SingleExact: 'Single',
  SingleInexact: 'Single', DoubleNaN: 'Double', DoubleNegativeZero: 'Double', DoubleMax: 'Double', DoubleNegativeInfinity: 'Double', DoubleFraction: 'Double',
  DecimalMax: 'Decimal', DecimalSmallNegative: 'Decimal', DecimalTrailingZero: 'Decimal', Text: 'String', TextEscapes: 'String', EmptyText: 'String',
  NullText: 'String', DateUtc: 'DateTime', DateUnspecified: 'DateTime', Duration: 'TimeSpan', NegativeDuration: 'TimeSpan', Id: 'Guid', Color: 'Int32',
  Permissions: 'Byte', NullableWithValue: 'Int32?', NullableNull: 'Int32?',
};
const EXTRAS: Schema = {
  Id: 'Guid', MaybeInt: 'Int32?', MaybeByte: 'Byte?', MaybeLong: 'Int64?', MaybeULong: 'UInt64?', MaybeDouble: 'Double?', MaybeSingle: 'Single?',
  MaybeChar: 'Char?', MaybeBool: 'Boolean?', MaybeDecimal: 'Decimal?', MaybeDate: 'DateTime?', MaybeSpan: 'TimeSpan?', Stamp: 'Date', Any: 'Object',
};

interface Flat {
  readonly ctor: new () => object;
  /** the .NET name, as messages name the class */
  readonly name: string;
  readonly schema: Schema;
}

const FLAT: readonly Flat[] = [
  { ctor: FixedPrimitives, name: 'WeftCorpus.FixedPrimitives', schema: FIXED_PRIMITIVES },
  { ctor: FixedSpecials, name: 'WeftCorpus.FixedSpecials', schema: FIXED_SPECIALS },
  { ctor: FixedStrings, name: 'WeftCorpus.FixedStrings', schema: FIXED_STRINGS },
  { ctor: Primitives, name: 'WeftCorpus.Primitives', schema: PRIMITIVES },
  { ctor: Extras, name: 'WeftProperty.Extras', schema: EXTRAS },
];

/** A random instance of a flat class, every member from its kind. */
function randomFlat<T extends object>(r: Rng, flat: Flat, strings: StringPool): T {
  const o = new flat.ctor() as Record<string, unknown>;
  for (const [field, k] of Object.entries(flat.schema)) o[field] = kind(k).gen(r, strings);
  if (flat.ctor === FixedStrings && r.bool(0.7)) o.SharedAgain = o.Shared; // the same string twice: one BinaryObjectString and a reference
  return o as T;
}

// ------------------------------------------------------------------------------------------------
// A: values at their boundaries come back field by field
// ------------------------------------------------------------------------------------------------

const SEEDS = [0x2f6b1d37, 0x9e3779b9, 0x0badc0de] as const;
/** cases per seed and class in A and B */
const VALUE_CASES = 60;

describe('A. every primitive .NET type, at and near its boundaries, round-trips through weft field by field', () => {
  for (const flat of FLAT) {
    it(`${flat.name}: ${SEEDS.length} seeds x ${VALUE_CASES} graphs, written into one MemoryStream per seed and read back in order`, () => {
      const failures: string[] = [];
      for (const seed of SEEDS) {
        const r = new Rng(seed);
        const strings = new StringPool();
        const stream = new MemoryStream();
        const f = new NrbfFormatter();
        const written: Record<string, unknown>[] = [];
        for (let i = 0; i < VALUE_CASES; i++) {
          const o = randomFlat<Record<string, unknown>>(r, flat, strings);
          try {
            f.serialize(stream, o);
            written.push(o);
          } catch (e) {
            failures.push(`seed ${hex(seed)} case ${i}: serialize threw ${(e as Error).message}`);
            const placeholder = new flat.ctor() as Record<string, unknown>; // keeps the cases aligned
            f.serialize(stream, placeholder);
            written.push(placeholder);
          }
        }
        stream.position = 0;
        for (let i = 0; i < written.length; i++) {
          const back = f.deserialize<Record<string, unknown>>(stream);
          if (!(back instanceof flat.ctor)) failures.push(`seed ${hex(seed)} case ${i}: read back ${show(back)}, not a ${flat.ctor.name}`);
          for (const [field, k] of Object.entries(flat.schema)) {
            const want = kind(k).norm(written[i]![field]);
            if (!sameValue(want, back[field])) failures.push(`seed ${hex(seed)} case ${i}: ${flat.name}.${field} wrote ${show(written[i]![field])}, expected ${show(want)}, read ${show(back[field])}`);
          }
        }
        if (stream.position !== stream.length) failures.push(`seed ${hex(seed)}: ${stream.length - stream.position} bytes left after ${written.length} graphs`);
        if (flat.ctor === FixedStrings && strings.maxBytes <= 16383) failures.push(`seed ${hex(seed)}: no string past 16383 UTF-8 bytes (${strings.maxBytes})`);
      }
      expect(failures.slice(0, 20), `${failures.length} failures`).toEqual([]);
    });
  }
});

// ------------------------------------------------------------------------------------------------
// B: a value its member cannot hold fails, naming the member, and writes nothing
// ------------------------------------------------------------------------------------------------

interface BadCase {
  graph: object;
  /** how the message must begin: the member (and element) it names */
  label: string;
  bad: Bad;
  what: string;
}

/** One member of a valid random instance made bad. */
function badFlat(r: Rng, flat: Flat, strings: StringPool): BadCase {
  const o = randomFlat<Record<string, unknown>>(r, flat, strings);
  const [field, k] = r.pick(Object.entries(flat.schema));
  const bad = kind(k).bad(r);
  o[field] = bad.value;
  return { graph: o, label: `${flat.name}.${field} `, bad, what: `${flat.name}.${field} = ${show(bad.value)}` };
}

/** An element of an array, a List or a Dictionary made bad: the message names the member and the element. */
function badElement(r: Rng, strings: StringPool): BadCase {
  const ints = Array.from({ length: r.int(1, 300) }, () => intNear(r, -2147483648, 2147483647));
  const i = r.int(0, ints.length - 1);
  const bad = KINDS.Int32.bad(r);
  if (bad.value === null || bad.value === undefined || typeof bad.value === 'object') {
    bad.value = 2 ** 31 + r.int(0, 5);
    bad.code = VOR;
  }
  switch (r.int(0, 3)) {
    case 0: {
      ints[i] = bad.value as number;
      return { graph: Object.assign(new FixedArrays(), { Ints: ints }), label: `WeftCorpus.FixedArrays.Ints[${i}] `, bad, what: `FixedArrays.Ints[${i}] = ${show(bad.value)}` };
    }
    case 1: {
      ints[i] = bad.value as number;
      return { graph: Object.assign(new CollectionsHolder(), { Ints: ints }), label: `WeftCorpus.CollectionsHolder.Ints[${i}] `, bad, what: `CollectionsHolder.Ints[${i}] = ${show(bad.value)}` };
    }
    case 2: {
      const doubles = ints.map((n) => n / 3);
      const other = otherKind(r, 'number');
      doubles[i] = other.value as number;
      return { graph: Object.assign(new FixedArrays(), { Doubles: doubles }), label: `WeftCorpus.FixedArrays.Doubles[${i}] `, bad: other, what: `FixedArrays.Doubles[${i}] = ${show(other.value)}` };
    }
    default: {
      const counts = new Map<string, number>();
      while (counts.size < ints.length % 20 + 1) counts.set(`${strings.next(r)}#${counts.size}`, intNear(r, -2147483648, 2147483647));
      const k = r.int(0, counts.size - 1);
      counts.set([...counts.keys()][k]!, bad.value as number);
      return { graph: Object.assign(new CollectionsHolder(), { Counts: counts }), label: `WeftCorpus.CollectionsHolder.Counts (the value of key #${k}) `, bad, what: `CollectionsHolder.Counts value #${k} = ${show(bad.value)}` };
    }
  }
}

const BAD_CASES = 80;

describe('B. a value out of its member\'s range or kind fails with VALUE_OUT_OF_RANGE or TYPE_MISMATCH, names the member, and leaves the stream as it was', () => {
  const cases = (seed: number): BadCase[] => {
    const r = new Rng(seed ^ 0x5bd1e995);
    const strings = new StringPool();
    const out: BadCase[] = [];
    for (let i = 0; i < BAD_CASES; i++) out.push(r.bool(0.8) ? badFlat(r, r.pick(FLAT), strings) : badElement(r, strings));
    return out;
  };

  for (const seed of SEEDS) {
    it(`seed ${hex(seed)}: ${BAD_CASES} cases, each into a MemoryStream that already holds a graph`, () => {
      const failures: string[] = [];
      const f = new NrbfFormatter();
      const tally = new Map<string, number>();
      cases(seed).forEach((c, i) => {
        const at = `seed ${hex(seed)} case ${i} (${c.what})`;
        const stream = new MemoryStream();
        f.serialize(stream, new FixedNode('before', i));
        const before = stream.toArray().slice();
        let err: unknown;
        try {
          f.serialize(stream, c.graph);
        } catch (e) {
          err = e;
        }
        if (!(err instanceof SerializationException)) {
          failures.push(`${at}: ${err === undefined ? 'was written' : `threw ${String(err)}`}`);
          return;
        }
        tally.set(err.code, (tally.get(err.code) ?? 0) + 1);
        const codeOk = c.bad.code === 'either' ? err.code === VOR || err.code === MISMATCH : err.code === c.bad.code;
        if (!codeOk) failures.push(`${at}: code ${err.code}, expected ${c.bad.code}: ${err.message}`);
        if (!err.message.startsWith(c.label)) failures.push(`${at}: the message does not begin with "${c.label}": ${err.message}`);
        const after = stream.toArray();
        if (stream.length !== before.length || stream.position !== before.length || !after.every((b, k) => b === before[k])) {
          failures.push(`${at}: the stream changed (length ${before.length} -> ${stream.length}, position ${stream.position})`);
        }
      });
      expect(failures.slice(0, 20), `${failures.length} failures`).toEqual([]);
      // both codes occur (the generator reaches both kinds of failure)
      expect(tally.get(VOR)).toBeGreaterThan(0);
      expect(tally.get(MISMATCH)).toBeGreaterThan(0);
    });
  }
});

// ------------------------------------------------------------------------------------------------
// Random graphs
// ------------------------------------------------------------------------------------------------

/** Runs of nulls of each length class: 1 (ObjectNull), 2-255 (ObjectNullMultiple256), 256+ (ObjectNullMultiple). */
interface NullRuns {
  one: number;
  upTo255: number;
  from256: number;
}
const noRuns = (): NullRuns => ({ one: 0, upTo255: 0, from256: 0 });

/** An array of `item()`s broken by runs of nulls of every length class, each maximal run counted in `runs`. */
function withNullRuns<T>(r: Rng, runs: NullRuns, maxLength: number, item: () => T | null): (T | null)[] {
  const out: (T | null)[] = [];
  const target = r.int(0, maxLength);
  while (out.length < target) {
    if (r.bool(0.35)) {
      const n = r.pick([1, 1, r.int(2, 20), r.int(2, 255), 255, 256, r.int(256, 700)]);
      for (let k = 0; k < n; k++) out.push(null);
    } else out.push(item());
  }
  let run = 0;
  for (let i = 0; i <= out.length; i++) {
    if (i < out.length && out[i] === null) run++;
    else if (run > 0) {
      if (run === 1) runs.one++;
      else if (run < 256) runs.upTo255++;
      else runs.from256++;
      run = 0;
    }
  }
  return out;
}

interface AnyNode {
  Name: string | null;
  Next: AnyNode | null;
  Other: AnyNode | null;
  Value: number;
}

/** Nodes linked at random: shared references, cycles, self-loops and nulls. */
function nodePool<N extends AnyNode = FixedNode>(r: Rng, strings: StringPool, n = r.int(1, 40), ctor: new () => N = FixedNode as unknown as new () => N): N[] {
  const nodes = Array.from({ length: n }, (_, i) => Object.assign(new ctor(), { Name: r.bool(0.85) ? strings.next(r) : null, Value: r.bool(0.5) ? i : intNear(r, -2147483648, 2147483647) }));
  const shape = r.int(0, 3);
  nodes.forEach((node, i) => {
    if (shape === 0) node.Next = nodes[i + 1] ?? (r.bool() ? nodes[0]! : null); // a chain, closed into a ring or not
    else node.Next = r.bool(0.25) ? null : r.pick(nodes);
    node.Other = r.bool(0.5) ? null : r.pick(nodes);
  });
  return nodes;
}

function randomInts(r: Rng, max = 300): number[] {
  return Array.from({ length: r.int(0, max) }, () => (r.bool(0.5) ? intNear(r, -2147483648, 2147483647) : r.int(-1000, 1000)));
}

/** A value of its own .NET type in an `object` slot, .NET-comparable with Mono (no NaN payloads; no Single). */
function boxedValue(r: Rng, strings: StringPool, nodes: readonly object[], depth: number): unknown {
  switch (r.int(0, 11)) {
    case 0:
      return intNear(r, -2147483648, 2147483647);
    case 1:
      return doubleValue(r);
    case 2:
      return bigNear(r, INT64_MIN, UINT64_MAX);
    case 3:
      return r.bool();
    case 4:
    case 5:
      return strings.next(r);
    case 6:
      return dateTimeValue(r);
    case 7:
      return decimalValue(r);
    case 8:
      return nodes.length > 0 ? r.pick(nodes) : null;
    case 9:
      // a nested object[]: a fresh array each time (no cycle through arrays, which the Mono side cannot print)
      return depth < 2 ? Array.from({ length: r.int(0, 6) }, () => boxedValue(r, strings, nodes, depth + 1)) : null;
    default:
      // a Map (a Hashtable) or a Set (a HashSet<object>; an empty one has a layout of its own)
      if (depth > 0) return null;
      return r.bool() ? randomHashtable(r, strings, r.int(0, 6)) : new Set(hashtableKeys(r, strings, r.pick([0, r.int(1, 6)])));
  }
}

/** A FixedArrays with every array random: lengths 0-300 (700 for null runs), null runs, shared nodes and rows. */
function randomArrays(r: Rng, strings: StringPool, nodes: readonly FixedNode[], runs: NullRuns): FixedArrays {
  const ints = randomInts(r);
  const rows = r.int(0, 5);
  const cols = r.int(0, 5);
  const jagged = withNullRuns(r, runs, 8, () => (r.bool(0.3) ? ints : randomInts(r, 20))); // Ints itself may be a row: one array, referenced twice
  return Object.assign(new FixedArrays(), {
    Ints: ints,
    Empty: r.bool(0.8) ? [] : randomInts(r, 3),
    Doubles: Array.from({ length: r.int(0, 100) }, () => doubleValue(r)),
    Bytes: Uint8Array.from({ length: r.int(0, 300) }, () => r.int(0, 255)),
    Strings: withNullRuns(r, runs, 400, () => strings.next(r)),
    Objects: withNullRuns(r, runs, 700, () => boxedValue(r, strings, nodes, 0) ?? 'x'),
    Nulls: Array.from({ length: r.pick([0, 1, 2, 255, 256, r.int(0, 700)]) }, () => null),
    Nodes: withNullRuns(r, runs, 700, () => (nodes.length > 0 ? r.pick(nodes) : new FixedNode('fresh', 0))),
    Jagged: jagged,
    Grid: Array.from({ length: rows }, () => Array.from({ length: cols }, () => intNear(r, -2147483648, 2147483647))),
  });
}

/** Hashtable keys that are distinct in .NET too (no two equal DateTimes, Decimals or numbers). */
function hashtableKeys(r: Rng, strings: StringPool, n: number): unknown[] {
  const seen = new Set<string>();
  const keys: unknown[] = [];
  for (let tries = 0; keys.length < n && tries < n * 4; tries++) {
    const k: unknown = r.pick([
      () => strings.next(r),
      () => intNear(r, -2147483648, 2147483647),
      () => r.int(-1e6, 1e6) + 0.5,
      () => bigNear(r, INT64_MIN, INT64_MAX),
      () => r.bool(),
      () => dateTimeValue(r),
      () => decimalValue(r),
    ])();
    // .NET equality: DateTime by ticks alone, Decimal by value (1.0 == 1), -0 == 0
    const id =
      k instanceof DateTime ? `t${k.ticks}` : k instanceof Decimal ? `d${k.toString().replace(/^-(?=0(\.0*)?$)/, '').replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '')}` : `${typeof k}:${String(k)}`;
    if (seen.has(id)) continue;
    seen.add(id);
    keys.push(k);
  }
  return keys;
}

/** A Hashtable of mixed keys and values of their own types (values: no objects, so Mono's map order cannot renumber them). */
function randomHashtable(r: Rng, strings: StringPool, n: number): Map<unknown, unknown> {
  return new Map(hashtableKeys(r, strings, n).map((k) => [k, r.pick([() => null, () => r.int(-1000, 1000), () => strings.next(r), () => bigNear(r, INT64_MIN, INT64_MAX), () => r.int(0, 100) / 8])()]));
}

function randomCollections(r: Rng, strings: StringPool, runs: NullRuns): CollectionsHolder {
  const leaves = Array.from({ length: r.int(1, 5) }, () => Object.assign(new Leaf(), { Label: strings.next(r) }));
  const counts = new Map<string, number>();
  for (let k = r.int(0, 30); counts.size < k; ) counts.set(strings.next(r) + (r.bool(0.5) ? '' : `#${counts.size}`), intNear(r, -2147483648, 2147483647));
  const byId = new Map<number, Leaf | null>();
  for (let k = r.int(0, 30); byId.size < k; ) byId.set(intNear(r, -2147483648, 2147483647), r.bool(0.2) ? null : r.pick(leaves));
  const tags = new Set<string>();
  for (let k = r.int(0, 30); tags.size < k; ) tags.add(strings.next(r));
  const maybe = <T>(v: T): T | null => (r.bool(0.1) ? null : v);
  return Object.assign(new CollectionsHolder(), {
    Ints: maybe(randomInts(r)),
    Strings: maybe(withNullRuns(r, runs, 600, () => strings.next(r))),
    Counts: maybe(counts),
    ById: maybe(byId),
    Mixed: maybe(randomHashtable(r, strings, r.int(0, 40))),
    Tags: maybe(tags),
  });
}

function randomDepartment(r: Rng, strings: StringPool, runs: NullRuns): Department {
  const d = Object.assign(new Department(), { Name: strings.next(r) });
  const staff = Array.from({ length: r.int(0, 12) }, () => Object.assign(new Employee(), { Name: strings.next(r), Department: r.bool(0.8) ? d : null }));
  for (const e of staff) e.Manager = r.bool(0.4) || staff.length === 0 ? null : r.pick(staff);
  d.Head = staff.length > 0 && r.bool(0.8) ? r.pick(staff) : null;
  d.Staff = withNullRuns(r, runs, 300, () => (staff.length > 0 ? r.pick(staff) : null)).map((e) => e ?? null);
  d.Roster = r.bool(0.2) ? null : staff.filter(() => r.bool(0.6));
  return d;
}

function randomBag(r: Rng, strings: StringPool, runs: NullRuns): Bag {
  const nodes = nodePool(r, strings, r.int(1, 40), BagNode);
  const bag = new Bag();
  bag.Root = r.bool(0.9) ? r.pick(nodes) : null;
  bag.Nodes = withNullRuns(r, runs, 300, () => r.pick(nodes));
  bag.Ints = randomInts(r);
  for (let k = r.int(0, 20); bag.Counts.size < k; ) bag.Counts.set(strings.next(r) + `#${bag.Counts.size}`, intNear(r, -2147483648, 2147483647));
  for (let k = r.int(0, 20); bag.ById.size < k; ) bag.ById.set(intNear(r, -2147483648, 2147483647), r.bool(0.2) ? null : r.pick(nodes));
  for (let k = r.int(0, 20); bag.Tags.size < k; ) bag.Tags.add(r.bool(0.05) ? null : strings.next(r));
  bag.Table = randomHashtable(r, strings, r.int(0, 30));
  // a Hashtable may hold objects and other collections too (weft only: no ordering concerns here)
  if (r.bool(0.5)) bag.Table.set('node', r.pick(nodes));
  if (r.bool(0.3)) bag.Table.set('table', randomHashtable(r, strings, r.int(0, 5)));
  bag.Items = Array.from({ length: r.int(0, 30) }, () => boxedValue(r, strings, nodes, 0));
  bag.Any = r.pick([
    () => boxedValue(r, strings, nodes, 0),
    () => randomHashtable(r, strings, r.int(0, 10)), // a Map in an `object` member: a Hashtable
    () => new Set(hashtableKeys(r, strings, r.int(0, 10))), // a Set: a HashSet<object>
    () => Array.from({ length: r.int(0, 10) }, () => boxedValue(r, strings, nodes, 0)), // an array: an object[]
    () => bag, // the bag itself
  ])();
  bag.Arrays = r.bool(0.5) ? randomArrays(r, strings, nodePool(r, strings, r.int(0, 10)), runs) : null;
  bag.Self = r.bool(0.3) ? bag : null;
  return bag;
}

// ------------------------------------------------------------------------------------------------
// C: weft round trip with identity
// ------------------------------------------------------------------------------------------------

/**
 * The first difference between a graph and its copy, or null: values by sameValue, containers
 * element by element (Maps and Sets in order), class instances member by member, and identity as
 * a bijection — each object of the original has exactly one copy, and no copy stands for two.
 */
function graphDiff(a: unknown, b: unknown, path = '$', fwd = new Map<object, object>(), back = new Map<object, object>()): string | null {
  if (a === null || a === undefined || typeof a !== 'object' || a instanceof DateTime || a instanceof Decimal) {
    return sameValue(a, b) ? null : `${path}: wrote ${show(a)}, read ${show(b)}`;
  }
  if (b === null || typeof b !== 'object') return `${path}: wrote ${show(a)}, read ${show(b)}`;
  const known = fwd.get(a);
  if (known !== undefined) return known === b ? null : `${path}: an object met before came back as another object (identity lost)`;
  if (back.has(b)) return `${path}: two objects came back as one`;
  fwd.set(a, b);
  back.set(b, a);
  if (Array.isArray(a) || ArrayBuffer.isView(a)) {
    const x = a as ArrayLike<unknown>;
    const y = b as ArrayLike<unknown>;
    if (Array.isArray(a) !== Array.isArray(b) || x.length !== y.length) return `${path}: wrote ${show(a)} of length ${x.length}, read ${show(b)} of length ${y.length}`;
    for (let i = 0; i < x.length; i++) {
      const d = graphDiff(x[i], y[i], `${path}[${i}]`, fwd, back);
      if (d !== null) return d;
    }
    return null;
  }
  if (a instanceof Map || a instanceof Set) {
    if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b) || a.size !== (b as Map<unknown, unknown>).size) return `${path}: wrote a ${a.constructor.name} of ${a.size}, read ${show(b)}`;
    const xs = [...a.entries()];
    const ys = [...(b as Map<unknown, unknown>).entries()];
    for (let i = 0; i < xs.length; i++) {
      const d = graphDiff(xs[i]![0], ys[i]![0], `${path}{key #${i}}`, fwd, back) ?? (a instanceof Map ? graphDiff(xs[i]![1], ys[i]![1], `${path}{value #${i}}`, fwd, back) : null);
      if (d !== null) return d;
    }
    return null;
  }
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return `${path}: wrote ${show(a)}, read ${show(b)}`;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    const d = graphDiff((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`, fwd, back);
    if (d !== null) return d;
  }
  return null;
}

const GRAPH_CASES = 40;

describe('C. random graphs round-trip through weft with their values and identity (shared stay shared, cycles close)', () => {
  const kinds: [string, (r: Rng, s: StringPool, runs: NullRuns) => object][] = [
    ['FixedNode graphs', (r, s) => r.pick(nodePool(r, s))],
    ['FixedArrays', (r, s, runs) => randomArrays(r, s, nodePool(r, s, r.int(0, 10)), runs)],
    ['CollectionsHolder', (r, s, runs) => randomCollections(r, s, runs)],
    ['Department graphs', (r, s, runs) => randomDepartment(r, s, runs)],
    ['Bags of every collection, object members and cycles', (r, s, runs) => randomBag(r, s, runs)],
  ];
  for (const [name, make] of kinds) {
    it(`${name}: ${SEEDS.length} seeds x ${GRAPH_CASES} graphs`, () => {
      const failures: string[] = [];
      const runs = noRuns();
      for (const seed of SEEDS) {
        const r = new Rng(seed ^ 0x1b873593);
        const strings = new StringPool();
        const f = new NrbfFormatter();
        for (let i = 0; i < GRAPH_CASES; i++) {
          const g = make(r, strings, runs);
          try {
            const d = graphDiff(g, f.deserialize(f.serialize(g)));
            if (d !== null) failures.push(`seed ${hex(seed)} case ${i}: ${d}`);
          } catch (e) {
            failures.push(`seed ${hex(seed)} case ${i}: ${(e as Error).message}`);
          }
        }
      }
      expect(failures.slice(0, 20), `${failures.length} failures`).toEqual([]);
      if (name !== 'FixedNode graphs') expect(runs.one > 0 && runs.upTo255 > 0 && runs.from256 > 0, `null runs of every length class: ${JSON.stringify(runs)}`).toBe(true);
    });
  }

  it('null runs are written as ObjectNull, ObjectNullMultiple256 (2-255) and ObjectNullMultiple (256+)', () => {
    // object[] Nulls alone holds nulls: its ArraySingleObject record (16, id, length) is followed by the run's record
    const r = new Rng(SEEDS[0]);
    for (const n of [1, 2, 3, 254, 255, 256, 257, 1000, ...Array.from({ length: 20 }, () => r.int(1, 2000))]) {
      const bytes = new NrbfFormatter().serialize(Object.assign(new FixedArrays(), { Nulls: new Array(n).fill(null) }));
      const run = n === 1 ? [10] : n < 256 ? [13, n] : [14, n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24];
      const found = bytes.some((b, k) => b === 16 && [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24, ...run].every((x, j) => bytes[k + 5 + j] === x));
      expect(found, `object[${n}] of nulls`).toBe(true);
    }
  });
});

// ------------------------------------------------------------------------------------------------
// D: Mono's BinaryFormatter reads what weft wrote
// ------------------------------------------------------------------------------------------------

const NET_NAMES = new Map<Function, string>([
  [FixedPrimitives, 'WeftCorpus.FixedPrimitives'],
  [FixedSpecials, 'WeftCorpus.FixedSpecials'],
  [FixedStrings, 'WeftCorpus.FixedStrings'],
  [FixedNode, 'WeftCorpus.FixedNode'],
  [FixedDerived, 'WeftCorpus.FixedDerived'],
  [FixedArrays, 'WeftCorpus.FixedArrays'],
  [Primitives, 'WeftCorpus.Primitives'],
  [CollectionsHolder, 'WeftCorpus.CollectionsHolder'],
  [Leaf, 'WeftCorpus.Leaf'],
  [Department, 'WeftCorpus.Department'],
  [Employee, 'WeftCorpus.Employee'],
]);

/** The TypeScript graph as .NET should have read it: each member as its kind reads back (Single rounded, Guid lower-case…). */
const netView: InstanceView = (o) => {
  if (o instanceof FixedCustom) return { type: 'WeftCorpus.FixedCustom', fields: { count: o.Count, label: o.Label, ratio: o.Ratio, child: o.Child } };
  const type = NET_NAMES.get(o.constructor);
  if (type === undefined) return null;
  const fields: Record<string, unknown> = { ...o };
  const flat = FLAT.find((f) => f.ctor === o.constructor);
  if (flat !== undefined) for (const [field, k] of Object.entries(flat.schema)) fields[field] = kind(k).norm(fields[field]);
  return { type, fields };
};

/**
 * canonical.ts's tree with map pairs sorted (a rebuilt Hashtable enumerates in its own order),
 * and a negative zero decimal as a zero: weft writes -0m as "-0.00", which .NET reads and prints
 * as 0.00 (.NET does not keep the sign of a zero decimal), so the two cannot differ there.
 */
function comparable(v: unknown, view: InstanceView): unknown {
  const fix = (t: unknown): unknown => {
    if (Array.isArray(t)) return t.map(fix);
    if (t === null || typeof t !== 'object') return t;
    const o = t as Record<string, unknown>;
    if (typeof o.$decimal === 'string') return { $decimal: o.$decimal.replace(/^-(?=0(\.0+)?$)/, '') };
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, fix(x)]));
  };
  return sortMaps(fix(canonical(v, view)));
}

const bits64 = new BigInt64Array(f64.buffer);
/** Adjacent doubles (one unit in the last place apart, same sign). */
function oneUlpApart(a: number, b: number): boolean {
  if (!Number.isFinite(a) || !Number.isFinite(b) || Math.sign(a) !== Math.sign(b)) return false;
  f64[0] = a;
  const x = bits64[0]!;
  f64[0] = b;
  const d = x - bits64[0]!;
  return d === 1n || d === -1n;
}

/**
 * `have` (from Mono's JSON) equals `want`, except that a double may be one ulp off: Mono 6.8's
 * double.ToString("R") is checked only against its own double.Parse, which is not correctly
 * rounded, so its text can name the neighbouring double for JavaScript (weft's exact bits
 * 0x434feb3f028c6396, -7.980148980047941e-201, print as "-7.98014898004794E-201"). Counts those in `ulps`.
 */
function sameTree(want: unknown, have: unknown, ulps: { n: number }): boolean {
  if (typeof want === 'number' && typeof have === 'number') {
    if (Object.is(want, have)) return true;
    if (!oneUlpApart(want, have)) return false;
    ulps.n++;
    return true;
  }
  if (want === null || have === null || typeof want !== 'object' || typeof have !== 'object') return want === have;
  if (Array.isArray(want) !== Array.isArray(have)) return false;
  const wk = Object.keys(want);
  const hk = Object.keys(have);
  if (wk.length !== hk.length) return false;
  return wk.every((k) => Object.hasOwn(have, k) && sameTree((want as Record<string, unknown>)[k], (have as Record<string, unknown>)[k], ulps));
}

/** Writes every graph into one MemoryStream, has Mono read it once, and compares graph by graph. */
function expectMonoReads(label: string, graphs: { what: string; graph: object }[]): void {
  const stream = new MemoryStream();
  const f = new NrbfFormatter();
  for (const g of graphs) f.serialize(stream, g.graph);
  const got = monoRead(stream.toArray());
  expect(got, `${label}: one value per graph`).toHaveLength(graphs.length);
  const ulps = { n: 0 };
  graphs.forEach((g, i) => {
    const want = comparable(g.graph, netView);
    const have = comparable(fromExpected(got[i]), netView);
    // toEqual shows the difference when there is one beyond Mono's printing of doubles
    if (!sameTree(want, have, ulps)) expect(have, `${label}: graph ${i} (${g.what})`).toEqual(want);
  });
  // Mono's imprecise double printing is rare: were it frequent, something else would be wrong
  expect(ulps.n, `${label}: doubles one ulp off in Mono's JSON`).toBeLessThan(10);
}

const MONO_CASES = 24;

describe.skipIf(monoSkip)(`D. Mono's BinaryFormatter reads batches of random graphs exactly as written${monoSkip ? ` — skipped: ${monoSkip}` : ''}`, () => {
  it(`values: ${SEEDS.length} seeds x ${MONO_CASES} graphs of each of FixedPrimitives, FixedSpecials, FixedStrings, Primitives, FixedDerived, FixedCustom in one stream, one monoRead`, () => {
    const graphs: { what: string; graph: object }[] = [];
    for (const seed of SEEDS) {
      const r = new Rng(seed ^ 0x68e31da4);
      const strings = new StringPool();
      for (let i = 0; i < MONO_CASES; i++) {
        for (const flat of FLAT.filter((x) => x.ctor !== Extras)) graphs.push({ what: `seed ${hex(seed)} case ${i} ${flat.name}`, graph: randomFlat(r, flat, strings) });
        graphs.push({
          what: `seed ${hex(seed)} case ${i} FixedDerived`,
          graph: Object.assign(new FixedDerived(), { BaseName: kind('String').gen(r, strings), BaseValue: intNear(r, -2147483648, 2147483647), DerivedName: kind('String').gen(r, strings), DerivedValue: doubleValue(r) }),
        });
        const nodes = nodePool(r, strings, r.int(1, 5));
        graphs.push({
          what: `seed ${hex(seed)} case ${i} FixedCustom`,
          graph: Object.assign(new FixedCustom(), { Count: intNear(r, -2147483648, 2147483647), Label: kind('String').gen(r, strings), Ratio: doubleValue(r), Child: r.bool(0.8) ? r.pick(nodes) : null }),
        });
      }
    }
    expectMonoReads('values', graphs);
  });

  it(`graphs: ${SEEDS.length} seeds x ${MONO_CASES} FixedNode graphs, FixedArrays (null runs of every length), CollectionsHolders and Departments in one stream, one monoRead`, () => {
    const graphs: { what: string; graph: object }[] = [];
    const runs = noRuns();
    for (const seed of SEEDS) {
      const r = new Rng(seed ^ 0x27d4eb2f);
      const strings = new StringPool();
      for (let i = 0; i < MONO_CASES; i++) {
        const nodes = nodePool(r, strings);
        graphs.push({ what: `seed ${hex(seed)} case ${i} FixedNode`, graph: r.pick(nodes) });
        graphs.push({ what: `seed ${hex(seed)} case ${i} FixedArrays`, graph: randomArrays(r, strings, nodes, runs) });
        graphs.push({ what: `seed ${hex(seed)} case ${i} CollectionsHolder`, graph: randomCollections(r, strings, runs) });
        if (i % 2 === 0) graphs.push({ what: `seed ${hex(seed)} case ${i} Department`, graph: randomDepartment(r, strings, runs) });
      }
    }
    expect(runs.one > 0 && runs.upTo255 > 0 && runs.from256 > 0, `null runs of every length class: ${JSON.stringify(runs)}`).toBe(true);
    expectMonoReads('graphs', graphs);
  });
});
