import { SerializationException, quoted } from '../errors.js';
import { Boxed, GUID, INT32, NetArray, type NetDecl, NetObject, OBJECT, STRING, primDecl } from './net-types.js';
import { PrimitiveType } from './records.js';
import { DateTime, DateTimeKind, Decimal, MAX_DATETIME_TICKS, UNIX_EPOCH_TICKS } from './values.js';

/**
 * JavaScript values against .NET types: `convert` checks a value where a type is declared and
 * gives it the form the encoder writes (an integer in range for Int32, a bigint for Int64, a
 * DateTime for a Date...), refusing what the type cannot hold instead of truncating it; `infer`
 * gives a value without a declared type the .NET type it has (a SerializationInfo entry, or an
 * element of an `object[]`).
 */

/** Where a value stands, for messages: asked only when something fails. */
export interface Place {
  where(): string;
}

const INT_RANGES: Partial<Record<PrimitiveType, readonly [number, number]>> = {
  [PrimitiveType.Byte]: [0, 255],
  [PrimitiveType.SByte]: [-128, 127],
  [PrimitiveType.Int16]: [-32768, 32767],
  [PrimitiveType.UInt16]: [0, 65535],
  [PrimitiveType.Int32]: [-2147483648, 2147483647],
  [PrimitiveType.UInt32]: [0, 4294967295],
};
const BIG_RANGES: Partial<Record<PrimitiveType, readonly [bigint, bigint]>> = {
  [PrimitiveType.Int64]: [-(1n << 63n), (1n << 63n) - 1n],
  [PrimitiveType.TimeSpan]: [-(1n << 63n), (1n << 63n) - 1n],
  [PrimitiveType.UInt64]: [0n, (1n << 64n) - 1n],
};
/** DateTime.MinValue and MaxValue as Date times (ms) */
const MIN_DATE_MS = Number(-UNIX_EPOCH_TICKS / 10_000n);
const MAX_DATE_MS = Number((MAX_DATETIME_TICKS - UNIX_EPOCH_TICKS) / 10_000n);
const GUID_TEXT = /^([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})$/i;

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return `the string ${quoted(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (typeof v === 'number' || typeof v === 'bigint') return `${v}${typeof v === 'bigint' ? 'n' : ''}`;
  if (typeof v === 'boolean') return String(v);
  if (v instanceof NetObject) return `an instance of ${v.type.name}`;
  if (v instanceof NetArray) return `an array (${v.type.name})`;
  if (v instanceof Boxed) return describe(v.value);
  if (v instanceof Date) return 'a Date';
  return `a ${(v as object).constructor?.name ?? 'value'}`;
}

function shortName(decl: NetDecl): string {
  return decl.name.startsWith('System.') && !decl.name.includes('`') ? decl.name.slice(7) : decl.name;
}

export function mismatch(at: Place, decl: NetDecl, what: string): SerializationException {
  return new SerializationException('TYPE_MISMATCH', `${at.where()} is declared ${shortName(decl)} but holds ${what}`);
}

function outOfRange(at: Place, decl: NetDecl, v: unknown, range: string): SerializationException {
  return new SerializationException('VALUE_OUT_OF_RANGE', `${at.where()} is declared ${shortName(decl)} (${range}) but holds ${describe(v)}, which it cannot hold: .NET would read another value`);
}

/** A value where `decl` is declared: checked and in the form the encoder writes it. */
export function convert(decl: NetDecl, v: unknown, at: Place): unknown {
  if (v === null || v === undefined) {
    if (decl.valueType && decl.shape !== 'nullable') throw new SerializationException('VALUE_OUT_OF_RANGE', `${at.where()} is declared ${shortName(decl)}, a .NET value type, but holds ${v === null ? 'null' : 'undefined'}: give it a value, or declare it Nullable<${shortName(decl)}>`);
    return null;
  }
  switch (decl.shape) {
    case 'prim': return primitive(decl, v, at);
    case 'nullable': return new Boxed(decl.element!, primitive(decl.element!, v instanceof Boxed ? v.value : v, at));
    case 'string':
      if (typeof v !== 'string') throw mismatch(at, decl, describe(v));
      return wellFormed(v, at);
    case 'object': return box(v, at);
    case 'guid': return guid(v, at);
    case 'class':
      if (v instanceof NetObject && v.type.shape === 'class') return v;
      break;
    default:
      if ((v instanceof NetObject || v instanceof NetArray) && v.type.qualified === decl.qualified) return v;
  }
  throw mismatch(at, decl, describe(v));
}

function primitive(decl: NetDecl, v: unknown, at: Place): unknown {
  if (v instanceof Boxed) v = v.value;
  const p = decl.prim as PrimitiveType;
  const ints = INT_RANGES[p];
  if (ints !== undefined) {
    const n = typeof v === 'bigint' && v >= BigInt(ints[0]) && v <= BigInt(ints[1]) ? Number(v) : v;
    if (typeof n === 'number') {
      if (Number.isInteger(n) && n >= ints[0] && n <= ints[1]) return n;
      throw outOfRange(at, decl, v, `an integer from ${ints[0]} to ${ints[1]}`);
    }
    if (typeof v === 'bigint') throw outOfRange(at, decl, v, `an integer from ${ints[0]} to ${ints[1]}`);
    throw mismatch(at, decl, describe(v));
  }
  const bigs = BIG_RANGES[p];
  if (bigs !== undefined) {
    let b: bigint | undefined;
    if (typeof v === 'bigint') b = v;
    else if (typeof v === 'number') {
      if (!Number.isSafeInteger(v)) throw outOfRange(at, decl, v, 'an integer; give numbers beyond 2^53 as a bigint');
      b = BigInt(v);
    } else throw mismatch(at, decl, describe(v));
    if (b < bigs[0] || b > bigs[1]) throw outOfRange(at, decl, v, `from ${bigs[0]} to ${bigs[1]}`);
    return b;
  }
  switch (p) {
    case PrimitiveType.Boolean:
      if (typeof v === 'boolean') return v;
      break;
    case PrimitiveType.Double:
      if (typeof v === 'number') return v;
      break;
    case PrimitiveType.Single:
      if (typeof v === 'number') {
        // past float.MaxValue, a finite number rounds to Infinity
        if (Number.isFinite(v) && !Number.isFinite(Math.fround(v))) throw outOfRange(at, decl, v, 'a float32: at most ±3.4028235e38');
        return v;
      }
      break;
    case PrimitiveType.Char:
      if (typeof v === 'string') {
        const c = v.charCodeAt(0);
        if (v.length === 1 && (c < 0xd800 || c > 0xdfff)) return v;
        throw outOfRange(at, decl, v, 'one UTF-16 code unit that is not a surrogate');
      }
      break;
    case PrimitiveType.DateTime:
      if (v instanceof DateTime) return v;
      if (v instanceof Date) {
        const ms = v.getTime();
        if (!(ms >= MIN_DATE_MS && ms <= MAX_DATE_MS)) throw outOfRange(at, decl, v, 'a date from 0001-01-01 to 9999-12-31');
        return DateTime.fromDate(v, DateTimeKind.Utc);
      }
      break;
    case PrimitiveType.Decimal:
      if (v instanceof Decimal) return v;
      if (typeof v === 'bigint' || (typeof v === 'number' && Number.isFinite(v))) {
        const text = typeof v === 'bigint' ? v.toString() : plainNumber(v);
        try {
          return Decimal.parse(text);
        } catch {
          throw outOfRange(at, decl, v, 'at most 28 decimal places and a 96-bit mantissa');
        }
      }
      break;
  }
  throw mismatch(at, decl, describe(v));
}

/** A string .NET can hold: UTF-8 (what .NET writes) has no lone surrogates, and .NET would replace them. */
function wellFormed(s: string, at: Place): string {
  if (s.isWellFormed()) return s;
  throw new SerializationException('VALUE_OUT_OF_RANGE', `${at.where()} holds ${describe(s)}, a string with a lone UTF-16 surrogate, which .NET's UTF-8 cannot hold without changing it`);
}

/** A finite number in plain decimal digits (no exponent), as its shortest round-trip text says it. */
function plainNumber(n: number): string {
  const s = String(n);
  const e = s.indexOf('e');
  if (e < 0) return s;
  const exp = Number(s.slice(e + 1));
  const neg = s.startsWith('-');
  const [int, frac = ''] = s.slice(neg ? 1 : 0, e).split('.');
  const digits = int! + frac;
  const point = int!.length + exp;
  const body = point <= 0 ? `0.${'0'.repeat(-point)}${digits}` : point >= digits.length ? digits + '0'.repeat(point - digits.length) : `${digits.slice(0, point)}.${digits.slice(point)}`;
  return (neg ? '-' : '') + body;
}

/** A Guid member: "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" as the System.Guid struct's fields. */
function guid(v: unknown, at: Place): NetObject {
  // "D" format, or "B" (the same in braces)
  const m = typeof v === 'string' ? GUID_TEXT.exec(v.startsWith('{') && v.endsWith('}') ? v.slice(1, -1) : v) : null;
  if (m === null) {
    if (typeof v === 'string') throw outOfRange(at, GUID, v, 'a Guid such as "0f8fad5b-d9cb-469f-a165-70867728950e"');
    throw mismatch(at, GUID, describe(v));
  }
  const hex = m[4]! + m[5]!;
  const bytes: number[] = [];
  for (let i = 0; i < 16; i += 2) bytes.push(parseInt(hex.slice(i, i + 2), 16));
  const b = primDecl(PrimitiveType.Byte);
  return new NetObject(
    GUID,
    ['_a', '_b', '_c', '_d', '_e', '_f', '_g', '_h', '_i', '_j', '_k'],
    [INT32, primDecl(PrimitiveType.Int16), primDecl(PrimitiveType.Int16), b, b, b, b, b, b, b, b],
    [parseInt(m[1]!, 16) | 0, (parseInt(m[2]!, 16) << 16) >> 16, (parseInt(m[3]!, 16) << 16) >> 16, ...bytes],
    false,
  );
}

/** A value where .NET takes its own type (an `object` member or element): primitives boxed with the type they have. */
function box(v: unknown, at: Place): unknown {
  if (typeof v === 'string') return wellFormed(v, at);
  if (v instanceof NetObject || v instanceof NetArray || v instanceof Boxed) return v;
  const [decl, value] = infer(v, at);
  return new Boxed(decl, value);
}

/**
 * The .NET type of a value that has no declared one (a SerializationInfo entry, or inside an
 * `object`): a number is an Int32 when it is one, else a Double; a bigint an Int64 (UInt64
 * past it); a Date or DateTime a DateTime; a Decimal a Decimal; nodes their own type.
 */
export function infer(v: unknown, at: Place): [NetDecl, unknown] {
  switch (typeof v) {
    case 'string': return [STRING, wellFormed(v, at)];
    case 'boolean': return [primDecl(PrimitiveType.Boolean), v];
    case 'number': return [primDecl((v | 0) === v && !Object.is(v, -0) ? PrimitiveType.Int32 : PrimitiveType.Double), v];
    case 'bigint': {
      const p = v >= -(1n << 63n) && v < 1n << 63n ? PrimitiveType.Int64 : PrimitiveType.UInt64;
      return [primDecl(p), primitive(primDecl(p), v, at)];
    }
    case 'undefined': return [OBJECT, null];
  }
  if (v === null) return [OBJECT, null];
  if (v instanceof NetObject || v instanceof NetArray) return [v.type, v];
  if (v instanceof Boxed) return [v.decl, v.value];
  if (v instanceof DateTime || v instanceof Date) return [primDecl(PrimitiveType.DateTime), primitive(primDecl(PrimitiveType.DateTime), v, at)];
  if (v instanceof Decimal) return [primDecl(PrimitiveType.Decimal), v];
  throw new SerializationException('NOT_SERIALIZABLE', `${at.where()} holds ${describe(v)}, which has no .NET type`);
}

/**
 * What .NET's Equals compares for a key of a Dictionary, HashSet or Hashtable: a value key for
 * values (an Int64 1 from 1n and from 1 is one key; a DateTime by its ticks, whatever its Kind;
 * a decimal by its value, 1.0 being 1; a Hashtable's keys with their type, an Int32 1 not being
 * an Int64 1), the object itself for objects, which are compared by reference.
 */
export function equalityKey(v: unknown): unknown {
  if (typeof v === 'string') return `String:${v}`;
  if (v instanceof Boxed) return `${v.decl.name}:${valueKey(v.value)}`;
  if (v instanceof NetObject && v.type.shape === 'guid') return `System.Guid:${v.values.join(',')}`;
  if (v instanceof NetObject || v instanceof NetArray) return v;
  return `:${valueKey(v)}`;
}

function valueKey(v: unknown): string {
  if (typeof v === 'number') return Object.is(v, -0) ? '0' : String(v);
  if (v instanceof DateTime) return String(v.ticks);
  if (v instanceof Decimal) {
    // the value without the scale's trailing zeros (and without the sign of zero)
    let { mantissa, scale } = v;
    while (scale > 0 && mantissa % 10n === 0n) {
      mantissa /= 10n;
      scale--;
    }
    return mantissa === 0n ? '0' : `${mantissa}e-${scale}`;
  }
  return String(v);
}
