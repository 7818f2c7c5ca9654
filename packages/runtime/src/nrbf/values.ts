import { CODEGEN_CONTRACT } from '../codegen.js';
import { MemberKind } from '../engine/member-kinds.js';
import { registerClass } from '../engine/registry.js';
import { SerializationException } from '../errors.js';

/**
 * The .NET values that have no JavaScript equivalent of full fidelity, as NRBF streams carry
 * them: a DateTime (100-ns ticks and a Kind) and a decimal (exact digits). Both are immutable.
 * Int64/UInt64 and TimeSpan need no class: they are `bigint` (TimeSpan: its ticks).
 */

/** .NET's DateTimeKind. */
export enum DateTimeKind {
  Unspecified = 0,
  Utc = 1,
  Local = 2,
}

/** Ticks (100 ns) from 0001-01-01 to 1970-01-01. */
export const UNIX_EPOCH_TICKS = 621_355_968_000_000_000n;
/** DateTime.MaxValue.Ticks */
export const MAX_DATETIME_TICKS = 3_155_378_975_999_999_999n;
const TICKS_PER_MS = 10_000n;

/**
 * A .NET DateTime: `ticks` (100-ns intervals since 0001-01-01T00:00:00 in the DateTime's own
 * clock) and its `kind`. Keeps everything the stream held, including the sub-millisecond ticks
 * a `Date` drops and .NET's fourth, internal kind (a Local time in the repeated hour of a
 * daylight-saving change: `kind` Local with `ambiguousDst`).
 */
export class DateTime {
  readonly ticks: bigint;
  readonly kind: DateTimeKind;
  /** a Local time that .NET marked as falling in the ambiguous hour of a DST change */
  readonly ambiguousDst: boolean;

  constructor(ticks: bigint, kind: DateTimeKind = DateTimeKind.Unspecified, ambiguousDst = false) {
    if (typeof ticks !== 'bigint' || ticks < 0n || ticks > MAX_DATETIME_TICKS) {
      throw new SerializationException('INVALID_ARGUMENT', `DateTime ticks must be a bigint from 0 to ${MAX_DATETIME_TICKS}`);
    }
    if (kind !== DateTimeKind.Unspecified && kind !== DateTimeKind.Utc && kind !== DateTimeKind.Local) {
      throw new SerializationException('INVALID_ARGUMENT', 'DateTime kind must be 0 (Unspecified), 1 (Utc) or 2 (Local)');
    }
    this.ticks = ticks;
    this.kind = kind;
    this.ambiguousDst = ambiguousDst && kind === DateTimeKind.Local;
    Object.freeze(this);
  }

  /** From the 64-bit `dateData` .NET writes: ticks in the low 62 bits, the kind in the top 2. */
  static fromDateData(data: bigint): DateTime {
    const ticks = data & 0x3fff_ffff_ffff_ffffn;
    const k = Number(data >> 62n);
    return new DateTime(ticks, k === 3 ? DateTimeKind.Local : (k as DateTimeKind), k === 3);
  }

  /** A Date at this DateTime's instant, to the millisecond. Unspecified and Local times are read as UTC clock values (this process's time zone is not assumed to be the writer's). */
  toDate(): Date {
    const diff = this.ticks - UNIX_EPOCH_TICKS;
    // floor, not truncation: ticks before 1970 round down to the millisecond that holds them
    const ms = diff / TICKS_PER_MS - (diff < 0n && diff % TICKS_PER_MS !== 0n ? 1n : 0n);
    return new Date(Number(ms));
  }

  /** A DateTime for a Date's instant (Utc unless another kind is given). */
  static fromDate(d: Date, kind: DateTimeKind = DateTimeKind.Utc): DateTime {
    const ms = d.getTime();
    if (!Number.isFinite(ms)) throw new SerializationException('INVALID_ARGUMENT', 'DateTime.fromDate: the Date is invalid');
    return new DateTime(BigInt(ms) * TICKS_PER_MS + UNIX_EPOCH_TICKS, kind);
  }

  /** The 64-bit value .NET writes for this DateTime. */
  get dateData(): bigint {
    const k = this.ambiguousDst ? 3n : BigInt(this.kind);
    return (k << 62n) | this.ticks;
  }

  /** ISO 8601 with all seven fractional digits; `Z` for Utc, no zone otherwise. */
  toISOString(): string {
    const d = this.toDate();
    const frac = this.ticks % 10_000_000n;
    return `${d.toISOString().slice(0, 19)}.${frac.toString().padStart(7, '0')}${this.kind === DateTimeKind.Utc ? 'Z' : ''}`;
  }

  toString(): string {
    return this.toISOString();
  }

  toJSON(): string {
    return this.toISOString();
  }

  equals(other: unknown): boolean {
    return other instanceof DateTime && other.ticks === this.ticks && other.kind === this.kind && other.ambiguousDst === this.ambiguousDst;
  }
}

/** 2^96 - 1: the largest decimal mantissa. */
const MAX_MANTISSA = (1n << 96n) - 1n;
/** How .NET writes a decimal: digits, at most one point, an optional minus. */
const DECIMAL_TEXT = /^-?[0-9]+(\.[0-9]+)?$/;
/** NrbfDecoder's cap on a decimal's text (bytes). */
export const MAX_DECIMAL_TEXT = 256;

/**
 * A .NET decimal: a 96-bit integer mantissa, a sign and a scale of 0-28 decimal places,
 * kept exactly. `toString()` gives the digits as .NET prints them (trailing zeros included:
 * 1.10m stays "1.10").
 */
export class Decimal {
  /** the mantissa, signed */
  readonly mantissa: bigint;
  /** decimal places, 0-28 */
  readonly scale: number;
  /** the sign of a zero (.NET keeps -0m) */
  private readonly negativeZero: boolean;

  constructor(mantissa: bigint, scale = 0, negative = mantissa < 0n) {
    const abs = mantissa < 0n ? -mantissa : mantissa;
    if (abs > MAX_MANTISSA) throw new SerializationException('INVALID_ARGUMENT', 'a decimal mantissa must fit in 96 bits');
    if (!Number.isInteger(scale) || scale < 0 || scale > 28) throw new SerializationException('INVALID_ARGUMENT', 'a decimal scale must be an integer from 0 to 28');
    this.mantissa = negative ? -abs : abs;
    this.scale = scale;
    this.negativeZero = negative && abs === 0n;
    Object.freeze(this);
  }

  /**
   * Parses the text .NET writes for a decimal (invariant culture: `-123.4500`). Anything else —
   * exponents, separators, more than 28 places or a mantissa beyond 96 bits — is refused rather
   * than rounded, so a value never changes on the way in.
   */
  static parse(text: string): Decimal {
    if (text.length > MAX_DECIMAL_TEXT || !DECIMAL_TEXT.test(text)) {
      throw new SerializationException('INVALID_VALUE', 'a decimal must be written as digits with an optional minus sign and decimal point');
    }
    const negative = text.charCodeAt(0) === 45;
    const body = negative ? text.slice(1) : text;
    const point = body.indexOf('.');
    const digits = point < 0 ? body : body.slice(0, point) + body.slice(point + 1);
    const scale = point < 0 ? 0 : body.length - point - 1;
    if (scale > 28) throw new SerializationException('INVALID_VALUE', 'a decimal has more than 28 decimal places');
    const mantissa = BigInt(digits);
    if (mantissa > MAX_MANTISSA) throw new SerializationException('INVALID_VALUE', 'a decimal is outside the range of .NET decimal');
    return new Decimal(negative ? -mantissa : mantissa, scale, negative);
  }

  /** From the four 32-bit fields of a boxed System.Decimal (flags, hi, lo, mid). */
  static fromBits(flags: number, hi: number, lo: number, mid: number): Decimal {
    const scale = (flags >>> 16) & 0xff;
    if ((flags & 0x7f00ffff) !== 0 || scale > 28) throw new SerializationException('INVALID_VALUE', 'a System.Decimal has invalid flags');
    const mantissa = (BigInt(hi >>> 0) << 64n) | (BigInt(mid >>> 0) << 32n) | BigInt(lo >>> 0);
    return new Decimal(mantissa, scale, (flags & 0x80000000) !== 0);
  }

  get isNegative(): boolean {
    return this.mantissa < 0n || this.negativeZero;
  }

  toString(): string {
    const abs = this.mantissa < 0n ? -this.mantissa : this.mantissa;
    let s = abs.toString();
    if (this.scale > 0) {
      s = s.padStart(this.scale + 1, '0');
      s = `${s.slice(0, s.length - this.scale)}.${s.slice(s.length - this.scale)}`;
    }
    return this.isNegative ? `-${s}` : s;
  }

  /** The nearest JavaScript number (may round). */
  toNumber(): number {
    return Number(this.toString());
  }

  toJSON(): string {
    return this.toString();
  }

  /** Same value, sign and scale (1.10 and 1.1 are different decimals to .NET's ToString, so here too). */
  equals(other: unknown): boolean {
    return other instanceof Decimal && other.toString() === this.toString();
  }
}

/**
 * DateTime and Decimal are weft classes too, written by hand as the transformer would write
 * them, so a graph read from .NET can be kept with BinaryFormatter, JsonFormatter or deepClone.
 * A stream cannot make an invalid one: OnDeserialized checks what was read, then freezes it.
 */
const RUNTIME_ASSEMBLY = '@weft/runtime';

type Fields = Record<string, unknown>;

/** Registers a value class whose members are plain values, checked by `valid` once read. */
function registerValueClass(ctor: Function, name: string, members: readonly (readonly [string, MemberKind])[], valid: (o: Fields) => boolean): void {
  registerClass(ctor, {
    contract: CODEGEN_CONTRACT,
    assembly: RUNTIME_ASSEMBLY,
    name,
    members: members.map(([n, kind]) => ({ name: n, kind })),
    write(w, o: Fields) {
      for (const [n] of members) w.value(o[n]);
    },
    read(r, o: Fields) {
      for (const [n] of members) o[n] = r.value();
    },
    get: (o: Fields, i) => o[members[i]![0]],
    set(o: Fields, i, v) {
      o[members[i]![0]] = v;
    },
    onDeserialized(o: Fields) {
      if (!valid(o)) throw new SerializationException('INVALID_VALUE', `a stream holds an invalid ${name}`);
      Object.freeze(o);
    },
  });
}

registerValueClass(
  DateTime,
  'DateTime',
  [
    ['ticks', MemberKind.BigInt],
    ['kind', MemberKind.Number],
    ['ambiguousDst', MemberKind.Boolean],
  ],
  ({ ticks, kind, ambiguousDst }) =>
    typeof ticks === 'bigint' && ticks >= 0n && ticks <= MAX_DATETIME_TICKS && (kind === 0 || kind === 1 || kind === 2) && typeof ambiguousDst === 'boolean' && (!ambiguousDst || kind === 2),
);

registerValueClass(
  Decimal,
  'Decimal',
  [
    ['mantissa', MemberKind.BigInt],
    ['scale', MemberKind.Number],
    ['negativeZero', MemberKind.Boolean],
  ],
  ({ mantissa, scale, negativeZero }) =>
    typeof mantissa === 'bigint' && mantissa <= MAX_MANTISSA && mantissa >= -MAX_MANTISSA &&
    typeof scale === 'number' && Number.isInteger(scale) && scale >= 0 && scale <= 28 &&
    typeof negativeZero === 'boolean' && (!negativeZero || mantissa === 0n),
);
