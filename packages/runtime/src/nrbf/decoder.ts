import { SerializationException, type SerializationErrorCode } from '../errors.js';
import { copyBytes } from '../bytes.js';
import { type SerializationLimits, resolveLimits } from '../limits.js';
import { ByteReader } from '../wire/byte-reader.js';
import {
  ARRAY_TYPE_NAMES,
  BINARY_TYPE_NAMES,
  BinaryType,
  PRIMITIVE_TYPE_NAMES,
  PrimitiveType,
  RECORD_TYPE_NAMES,
  RecordType,
  type NrbfArrayRecord,
  type NrbfClassRecord,
  type NrbfGraph,
  type NrbfMemberType,
  type NrbfPrimitiveElements,
  type NrbfPrimitiveRecord,
  type NrbfRecord,
  type NrbfStringRecord,
  type NrbfValue,
} from './records.js';
import { DateTime, Decimal, MAX_DECIMAL_TEXT } from './values.js';

/**
 * The MS-NRBF grammar, reading side, in one place: a safe, type-less decoder of .NET
 * BinaryFormatter streams, modelled on .NET 9's NrbfDecoder (System.Formats.Nrbf):
 * - it loads and creates nothing from the type names it reads: class records are data;
 * - no recursion: nested records are read through an explicit stack (bounded by maxDepth);
 * - nothing is allocated for a length before the bytes that length needs are known to exist;
 * - each position allows only certain record types (an allow-list per member type);
 * - strings must be valid UTF-8, a decimal's text at most 256 bytes, a char one UTF-16 unit;
 * - object ids are unique (positive ones), references must resolve within their message;
 * - every failure is a SerializationException with a code and the byte offset.
 * Plus weft's FormatterOptions.limits: maxBytes per message, maxObjects (records, references,
 * nulls, boxed elements), maxCollectionLength, maxStringLength and maxDepth.
 */

const bit = (t: RecordType): number => 1 << t;

const CLASS_RECORDS =
  bit(RecordType.ClassWithId) |
  bit(RecordType.SystemClassWithMembers) |
  bit(RecordType.ClassWithMembers) |
  bit(RecordType.SystemClassWithMembersAndTypes) |
  bit(RecordType.ClassWithMembersAndTypes);
const ARRAY_RECORDS = bit(RecordType.BinaryArray) | bit(RecordType.ArraySinglePrimitive) | bit(RecordType.ArraySingleObject) | bit(RecordType.ArraySingleString);
const NULL_OR_REF = bit(RecordType.ObjectNull) | bit(RecordType.MemberReference);
const NULL_RUNS = bit(RecordType.ObjectNullMultiple) | bit(RecordType.ObjectNullMultiple256);

/** Any object: a boxed primitive, a string, a class, an array, a reference or a null ([MS-NRBF] 2.7). */
const ANY_OBJECT = CLASS_RECORDS | ARRAY_RECORDS | bit(RecordType.BinaryObjectString) | bit(RecordType.MemberPrimitiveTyped) | NULL_OR_REF;
const STRINGS = bit(RecordType.BinaryObjectString) | NULL_OR_REF;
const CLASSES = CLASS_RECORDS | NULL_OR_REF;
/** A system class member may hold a boxed primitive or a string through one of its interfaces (IComparable...). */
const SYSTEM_CLASSES = CLASSES | bit(RecordType.BinaryObjectString) | bit(RecordType.MemberPrimitiveTyped);
const OBJECT_ARRAYS = bit(RecordType.ArraySingleObject) | bit(RecordType.BinaryArray) | NULL_OR_REF;
const STRING_ARRAYS = bit(RecordType.ArraySingleString) | bit(RecordType.BinaryArray) | NULL_OR_REF;
const PRIMITIVE_ARRAYS = bit(RecordType.ArraySinglePrimitive) | bit(RecordType.BinaryArray) | NULL_OR_REF;
const TOP_LEVEL = ANY_OBJECT | bit(RecordType.MessageEnd);

/** What may stand where a member (or element) of this binary type is expected. */
const ALLOWED_BY_BINARY_TYPE = [0, STRINGS, ANY_OBJECT, SYSTEM_CLASSES, CLASSES, OBJECT_ARRAYS, STRING_ARRAYS, PRIMITIVE_ARRAYS];

/** What may stand as an element of an array of each binary type: runs of nulls too. Shared by every array's frame. */
const ALLOWED_IN_ARRAYS = ALLOWED_BY_BINARY_TYPE.map((a) => Int32Array.of(a | NULL_RUNS));

/** Bytes of a primitive on the wire (the least, for Char and Decimal, which vary). */
const PRIMITIVE_SIZE = [0, 1, 1, 1, 0, 2, 8, 2, 4, 8, 1, 4, 8, 8, 2, 4, 8];

/**
 * Extra units of limits.maxObjects for the records that hold the most heap (measured on Node 20,
 * with the record's arrays and its entry in `records`): a class record ~130 bytes, an array record
 * ~205, one whose elements are a typed array ~390 (the view and its ArrayBuffer). Charged so that
 * no record holds much more than ~65-95 bytes per unit, as weft's own reader charges Maps and
 * ArrayBuffers (SECURITY.md, "Limits"). At one unit each, 10 M units of empty arrays (a 90 MB
 * message, under the default maxBytes) held ~5.8 GB.
 */
const HEAVY_CLASS = 1;
const HEAVY_ARRAY = 2;
const HEAVY_TYPED_ELEMENTS = 2;

/** Array.MaxLength, the longest a .NET array dimension can be. */
const MAX_ARRAY_LENGTH = 2147483591;
/** The most dimensions the CLR allows. */
const MAX_RANK = 32;

/** The SerializedStreamHeader record every message begins with: type, root id, header id, major version 1, minor 0. */
export const NRBF_HEADER_SIZE = 17;

/** Whether `bytes` begins with an NRBF message header (NrbfDecoder.StartsWithPayloadHeader). */
export function startsWithNrbfHeader(bytes: Uint8Array, offset = 0): boolean {
  if (bytes.length - offset < NRBF_HEADER_SIZE || bytes[offset] !== RecordType.SerializedStreamHeader) return false;
  const v = offset + 9;
  return bytes[v] === 1 && bytes[v + 1] === 0 && bytes[v + 2] === 0 && bytes[v + 3] === 0 && bytes[v + 4] === 0 && bytes[v + 5] === 0 && bytes[v + 6] === 0 && bytes[v + 7] === 0;
}

export interface DecodeNrbfOptions {
  limits?: Partial<SerializationLimits>;
}

/**
 * Decodes every message (graph) of a .NET BinaryFormatter stream into its records. The whole
 * input must be NRBF messages, one after another.
 */
export function decodeNrbf(bytes: Uint8Array, options?: DecodeNrbfOptions): NrbfGraph[] {
  return [...eachNrbfGraph(bytes, options?.limits)];
}

/**
 * The messages of an NRBF stream one at a time, so that a tool can show the good ones before a
 * bad one fails (a SerializationException whose offset counts from the start of `bytes`).
 */
export function* eachNrbfGraph(bytes: Uint8Array, limits?: Partial<SerializationLimits>): Generator<NrbfGraph, void, undefined> {
  if (!(bytes instanceof Uint8Array)) throw new SerializationException('INVALID_ARGUMENT', 'decodeNrbf takes a Uint8Array');
  const reader = new NrbfReader(resolveLimits(limits));
  let pos = 0;
  do {
    const g = reader.readMessage(bytes, pos, bytes.length);
    yield g;
    pos = g.offset + g.length;
  } while (pos < bytes.length);
}

/** A reference waiting for the end of its message: container[index] becomes record `id`. */
interface Fixup {
  container: NrbfValue[];
  index: number;
  id: number;
  at: number;
}

/** A record whose members or elements are still to be read. */
interface Frame {
  rec: NrbfClassRecord | NrbfArrayRecord;
  values: NrbfValue[];
  next: number;
  count: number;
  /** per member (class) or for every element (array, index 0): the primitive type read raw, or 0 for a record */
  prims: Uint8Array;
  /** per member (or for every element): the record types allowed */
  allowed: Int32Array;
  /** the member types (class) or the element type (array, index 0); null: untyped class, every value a record */
  types: readonly NrbfMemberType[] | null;
  array: boolean;
}

/** What reading one record gave: a value to store, or a run of nulls (arrays only). */
const REFERENCE = Symbol('reference');
class NullRun {
  constructor(readonly count: number) {}
}

/** A class record's metadata, shared by later ClassWithId records. */
interface ClassMetadata {
  readonly typeName: string;
  readonly libraryName: string | null;
  readonly memberNames: readonly string[];
  readonly memberTypes: readonly NrbfMemberType[] | null;
  readonly recordType: NrbfClassRecord['recordType'];
  readonly prims: Uint8Array;
  readonly allowed: Int32Array;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Reads one NRBF message at a time; reusable. */
export class NrbfReader extends ByteReader {
  private readonly limits: Readonly<SerializationLimits>;
  private records = new Map<number, NrbfRecord>();
  private libraries = new Map<number, string>();
  private metadata = new Map<number, ClassMetadata>();
  private fixups: Fixup[] = [];
  private stack: Frame[] = [];
  private units = 0;
  /** the real end of the input (this.end stops at the message's maxBytes) */
  private inputEnd = 0;
  /** the id of the last MemberReference read */
  private refId = 0;
  private refAt = 0;

  constructor(limits: Readonly<SerializationLimits>) {
    super(new Uint8Array(0));
    this.limits = limits;
  }

  /** Reads the message that starts at `start`; its length is the graph's `length`. */
  readMessage(bytes: Uint8Array, start: number, end: number): NrbfGraph {
    this.inputEnd = end;
    this.reset(bytes, start, Math.min(end, start + this.limits.maxBytes));
    this.records = new Map();
    this.libraries = new Map();
    this.metadata = new Map();
    this.fixups = [];
    this.stack = [];
    this.units = 0;
    try {
      return this.message(start);
    } catch (e) {
      if (e instanceof SerializationException && e.code === 'TRUNCATED' && this.end < this.inputEnd) {
        throw new SerializationException('LIMIT_EXCEEDED', `an NRBF message is longer than limits.maxBytes (${this.limits.maxBytes})`, { offset: start });
      }
      throw e;
    } finally {
      this.releaseInput(new Uint8Array(0));
    }
  }

  private bad(code: SerializationErrorCode, message: string, at = this.pos): never {
    throw new SerializationException(code, message, { offset: at });
  }

  /**
   * Fails unless `n` more bytes remain in the message. The reader's end is the message's
   * limits.maxBytes, not the input's: bytes the input holds past it make the message too long
   * (LIMIT_EXCEEDED, as a TRUNCATED read there is); only a length the input cannot hold at all is
   * INVALID_LENGTH. (Checking against the window alone reported an over-long message as a lie.)
   */
  private need(n: number, what: string, at: number): void {
    if (n <= this.remaining) return;
    if (this.end < this.inputEnd && n <= this.inputEnd - this.pos) {
      this.bad('LIMIT_EXCEEDED', `${what}: the NRBF message is longer than limits.maxBytes (${this.limits.maxBytes})`, at);
    }
    this.bad('INVALID_LENGTH', `${what} needs ${n} bytes, more than the ${this.inputEnd - this.pos} that remain`, at);
  }

  /** A string's bytes (ByteReader's decoding), after need(): see there for the code when maxBytes cuts it. */
  override utf8Bytes(n: number, at: number): string {
    this.need(n, `a string of ${n} bytes`, at);
    return super.utf8Bytes(n, at);
  }

  /** Counts n units of maxObjects for the record at `at` (the failure names the record, not the byte after its type). */
  private unit(n = 1, at = this.pos): void {
    this.units += n;
    if (this.units > this.limits.maxObjects) {
      this.bad('LIMIT_EXCEEDED', `the message has more than limits.maxObjects (${this.limits.maxObjects}) records, references, nulls and boxed elements`, at);
    }
  }

  private message(start: number): NrbfGraph {
    if (this.remaining === 0) this.bad('TRUNCATED', 'input ended where an NRBF message header was expected');
    if (this.buf[this.pos] !== RecordType.SerializedStreamHeader) {
      this.bad('INVALID_HEADER', `not an NRBF stream: a message must begin with a SerializedStreamHeader record (type 0), found byte ${this.buf[this.pos]}`);
    }
    this.pos++;
    const rootId = this.i32();
    const headerId = this.i32();
    const major = this.i32();
    const minor = this.i32();
    if (major !== 1 || minor !== 0) this.bad('INVALID_HEADER', `NRBF version ${major}.${minor} is not 1.0`, start);
    let sawNull = false;
    for (;;) {
      const type = this.recordType(TOP_LEVEL, 'at the top level of a message');
      if (type === RecordType.MessageEnd) break;
      // The record starts at its type byte, after any BinaryLibrary records recordType read
      // (taking the position before the call gave records the offset of their library).
      const at = this.pos - 1;
      const v = this.recordBody(type, at, false);
      if (v === null) sawNull = true;
      this.drain();
    }
    for (const f of this.fixups) {
      const rec = this.records.get(f.id);
      if (rec === undefined) this.bad('BAD_REFERENCE', `a MemberReference names object id ${f.id}, which its message never defines`, f.at);
      f.container[f.index] = rec.kind === 'string' ? rec.value : rec;
    }
    let root: NrbfValue;
    const rec = this.records.get(rootId);
    if (rec !== undefined) root = rec.kind === 'string' ? rec.value : rec;
    else if (sawNull) root = null;
    else return this.bad('BAD_REFERENCE', `the header names root object id ${rootId}, which the message never defines`, start + 1);
    return { root, rootId, headerId, records: this.records, libraries: this.libraries, offset: start, length: this.pos - start };
  }

  // ---- primitive reads -------------------------------------------------------------------

  private i32(): number {
    return this.u32() | 0;
  }

  private i64(): bigint {
    const lo = this.u32();
    const hi = this.i32();
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  private u64(): bigint {
    const lo = this.u32();
    const hi = this.u32();
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  /** [MS-NRBF] 2.1.1.6 LengthPrefixedString: a 7-bit-encoded byte length, then UTF-8. */
  private lps(what: string, max = this.limits.maxStringLength): string {
    const at = this.pos;
    const n = this.varint();
    if (n > 0x7fffffff) this.bad('INVALID_LENGTH', `${what}: string length ${n} is negative as a .NET Int32`, at);
    if (n > max) {
      this.bad(max === MAX_DECIMAL_TEXT ? 'INVALID_VALUE' : 'LIMIT_EXCEEDED', `${what}: string of ${n} bytes is longer than ${max === MAX_DECIMAL_TEXT ? 'the 256 bytes a decimal may take' : `limits.maxStringLength (${max})`}`, at);
    }
    return this.utf8Bytes(n, at);
  }

  /** A Char: one UTF-16 unit, written as its 1-3 UTF-8 bytes (a surrogate cannot be one char). */
  private char(): string {
    const at = this.pos;
    const b = this.u8();
    const n = b < 0x80 ? 0 : b >= 0xe0 ? (b >= 0xf0 ? -1 : 2) : b >= 0xc2 ? 1 : -1;
    if (n < 0) this.bad('INVALID_UTF8', b >= 0xf0 ? 'a Char holds a surrogate pair (one Char is one UTF-16 unit)' : 'a Char is not valid UTF-8', at);
    this.pos = at;
    return this.utf8Bytes(n + 1, at);
  }

  private primitiveType(what: string): PrimitiveType {
    const at = this.pos;
    const t = this.u8();
    if (t === 4 || t < PrimitiveType.Boolean || t > PrimitiveType.UInt64) this.bad('INVALID_VALUE', `${what}: primitive type ${t} is not a value type of [MS-NRBF] 2.1.2.3`, at);
    return t as PrimitiveType;
  }

  /** One primitive value of type t. */
  private primitive(t: PrimitiveType): boolean | number | bigint | string | DateTime | Decimal {
    switch (t) {
      case PrimitiveType.Boolean: {
        const at = this.pos;
        const b = this.u8();
        if (b > 1) this.bad('INVALID_VALUE', `a Boolean is ${b}, not 0 or 1`, at);
        return b === 1;
      }
      case PrimitiveType.Byte: return this.u8();
      case PrimitiveType.SByte: return (this.u8() << 24) >> 24;
      case PrimitiveType.Char: return this.char();
      case PrimitiveType.Int16: return (this.u16() << 16) >> 16;
      case PrimitiveType.UInt16: return this.u16();
      case PrimitiveType.Int32: return this.i32();
      case PrimitiveType.UInt32: return this.u32();
      case PrimitiveType.Int64: return this.i64();
      case PrimitiveType.UInt64: return this.u64();
      case PrimitiveType.Single: return this.float32();
      case PrimitiveType.Double: return this.float64();
      case PrimitiveType.TimeSpan: return this.i64();
      case PrimitiveType.DateTime: {
        const at = this.pos;
        try {
          return DateTime.fromDateData(this.u64());
        } catch {
          return this.bad('INVALID_VALUE', 'a DateTime has ticks beyond DateTime.MaxValue', at);
        }
      }
      case PrimitiveType.Decimal: {
        const at = this.pos;
        const text = this.lps('a Decimal', MAX_DECIMAL_TEXT);
        try {
          return Decimal.parse(text);
        } catch (e) {
          return this.bad('INVALID_VALUE', (e as Error).message, at);
        }
      }
    }
  }

  private u16(): number {
    if (this.pos + 2 > this.end) this.fail('TRUNCATED', 'input ended inside an Int16');
    const b = this.buf;
    const p = this.pos;
    this.pos = p + 2;
    return b[p]! | (b[p + 1]! << 8);
  }

  /** A positive object id (0 is never an id; negative ids are .NET's inline structs). */
  private objectId(what: string): number {
    const at = this.pos;
    const id = this.i32();
    if (id === 0) this.bad('INVALID_VALUE', `${what} has object id 0`, at);
    return id;
  }

  private define(id: number, rec: NrbfRecord, at: number): void {
    if (id > 0 && (this.records.has(id) || this.libraries.has(id))) this.bad('INVALID_VALUE', `object id ${id} is defined twice in one message`, at);
    this.records.set(id, rec);
  }

  // ---- records ---------------------------------------------------------------------------

  /** Reads a record type byte allowed here (BinaryLibrary records before it are read and kept). */
  private recordType(allowed: number, where: string): RecordType {
    for (;;) {
      const at = this.pos;
      const t = this.u8();
      if (t === RecordType.BinaryLibrary) {
        this.unit(1, at);
        const id = this.objectId('a BinaryLibrary');
        const name = this.lps('a library name');
        if (this.libraries.has(id) || (id > 0 && this.records.has(id))) this.bad('INVALID_VALUE', `library id ${id} is defined twice in one message`, at);
        this.libraries.set(id, name);
        continue;
      }
      if (t > 31 || (allowed & (1 << t)) === 0) {
        const name = t < RECORD_TYPE_NAMES.length ? `${RECORD_TYPE_NAMES[t]} (${t})` : t === 21 || t === 22 ? `${t === 21 ? 'MethodCall' : 'MethodReturn'} (${t}, remoting, not supported)` : `${t}`;
        this.bad('INVALID_TAG', `record type ${name} is not allowed ${where}`, at);
      }
      return t as RecordType;
    }
  }

  /**
   * Reads the rest of a record whose type byte is at `at`. Returns its value (a record, a string,
   * null, a NullRun, or REFERENCE after a MemberReference, whose id is in refId). A record with
   * members or elements left to read is pushed on the stack.
   */
  private recordBody(type: RecordType, at: number, inArray: boolean): NrbfValue | NullRun | typeof REFERENCE {
    this.unit(1, at);
    switch (type) {
      case RecordType.ObjectNull:
        return null;
      case RecordType.ObjectNullMultiple256:
      case RecordType.ObjectNullMultiple: {
        const n = type === RecordType.ObjectNullMultiple256 ? this.u8() : this.i32();
        if (n < 1) this.bad('INVALID_VALUE', `an ObjectNullMultiple record counts ${n} nulls`, at);
        if (!inArray) this.bad('INVALID_TAG', 'an ObjectNullMultiple record stands outside an array', at);
        return new NullRun(n);
      }
      case RecordType.MemberReference: {
        const id = this.i32();
        if (id <= 0) this.bad('BAD_REFERENCE', `a MemberReference names object id ${id} (references name positive ids)`, at);
        this.refId = id;
        this.refAt = at;
        return REFERENCE;
      }
      case RecordType.BinaryObjectString: {
        const id = this.objectId('a BinaryObjectString');
        const value = this.lps('a string');
        const rec: NrbfStringRecord = { kind: 'string', id, value, offset: at };
        this.define(id, rec, at);
        return value;
      }
      case RecordType.MemberPrimitiveTyped: {
        const t = this.primitiveType('a MemberPrimitiveTyped');
        const rec: NrbfPrimitiveRecord = { kind: 'primitive', primitiveType: PRIMITIVE_TYPE_NAMES[t]!, value: this.primitive(t), offset: at };
        return rec;
      }
      case RecordType.ClassWithId:
      case RecordType.SystemClassWithMembers:
      case RecordType.ClassWithMembers:
      case RecordType.SystemClassWithMembersAndTypes:
      case RecordType.ClassWithMembersAndTypes:
        return this.classRecord(type, at);
      case RecordType.ArraySinglePrimitive:
      case RecordType.ArraySingleObject:
      case RecordType.ArraySingleString:
      case RecordType.BinaryArray:
        return this.arrayRecord(type, at);
      default:
        return this.bad('INVALID_TAG', `record type ${RECORD_TYPE_NAMES[type]} (${type}) cannot stand here`, at);
    }
  }

  private classRecord(type: RecordType, at: number): NrbfClassRecord {
    let id: number;
    let meta: ClassMetadata;
    if (type === RecordType.ClassWithId) {
      id = this.objectId('a ClassWithId record');
      const metaAt = this.pos;
      const metadataId = this.i32();
      const m = this.metadata.get(metadataId);
      if (m === undefined) this.bad('BAD_REFERENCE', `a ClassWithId record names metadata id ${metadataId}, which is no earlier class record`, metaAt);
      meta = m;
      // the values to come are bounded by the bytes like any other record's
    } else {
      id = this.objectId('a class record');
      const typeName = this.lps('a class name');
      const countAt = this.pos;
      const count = this.i32();
      if (count < 0) this.bad('INVALID_VALUE', `a class record declares ${count} members`, countAt);
      // Every member name takes at least one byte (its length). Checked before the limit, as
      // weft's own reader does: a count the input cannot hold is INVALID_LENGTH whatever the limits.
      this.need(count, `a class record of ${count} members`, countAt);
      if (count > this.limits.maxCollectionLength) this.bad('LIMIT_EXCEEDED', `a class record of ${count} members exceeds limits.maxCollectionLength (${this.limits.maxCollectionLength})`, countAt);
      const names: string[] = [];
      const seen = new Set<string>();
      for (let i = 0; i < count; i++) {
        const nameAt = this.pos;
        const name = this.lps('a member name');
        if (seen.has(name)) this.bad('INVALID_VALUE', `a class record names one member twice`, nameAt);
        seen.add(name);
        names.push(name);
      }
      const typed = type === RecordType.SystemClassWithMembersAndTypes || type === RecordType.ClassWithMembersAndTypes;
      const types = typed ? this.memberTypeInfo(count) : null;
      let libraryName: string | null = null;
      if (type === RecordType.ClassWithMembersAndTypes || type === RecordType.ClassWithMembers) libraryName = this.library();
      const prims = new Uint8Array(count);
      const allowed = new Int32Array(count);
      for (let i = 0; i < count; i++) {
        prims[i] = types === null ? 0 : primitiveOf(types[i]!);
        allowed[i] = types === null ? ANY_OBJECT : ALLOWED_BY_BINARY_TYPE[BINARY_TYPE_INDEX[types[i]!.binaryType]]!;
      }
      meta = { typeName, libraryName, memberNames: names, memberTypes: types, recordType: RECORD_TYPE_NAMES[type] as ClassMetadata['recordType'], prims, allowed };
      this.metadata.set(id, meta);
    }
    const count = meta.memberNames.length;
    const values = valuesFor(count);
    const rec: NrbfClassRecord = {
      kind: 'class',
      recordType: type === RecordType.ClassWithId ? 'ClassWithId' : meta.recordType,
      id,
      typeName: meta.typeName,
      libraryName: meta.libraryName,
      memberNames: meta.memberNames,
      memberTypes: meta.memberTypes,
      values,
      offset: at,
    };
    this.define(id, rec, at);
    this.unit(HEAVY_CLASS, at);
    if (count > 0) this.push({ rec, values, next: 0, count, prims: meta.prims, allowed: meta.allowed, types: meta.memberTypes, array: false }, at);
    return rec;
  }

  private library(): string {
    const at = this.pos;
    const id = this.i32();
    const name = this.libraries.get(id);
    if (name === undefined) this.bad('BAD_REFERENCE', `library id ${id} names no earlier BinaryLibrary record`, at);
    return name;
  }

  /** [MS-NRBF] 2.3.1.2 MemberTypeInfo: every BinaryType first, then their additional infos. */
  private memberTypeInfo(count: number): NrbfMemberType[] {
    this.need(count, `${count} member types`, this.pos);
    const kinds = new Uint8Array(count);
    for (let i = 0; i < count; i++) {
      const at = this.pos;
      const k = this.u8();
      if (k > BinaryType.PrimitiveArray) this.bad('INVALID_VALUE', `binary type ${k} is not one of [MS-NRBF] 2.1.2.2`, at);
      kinds[i] = k;
    }
    const out: NrbfMemberType[] = [];
    for (let i = 0; i < count; i++) out.push(this.additionalInfo(kinds[i]!));
    return out;
  }

  private additionalInfo(k: number): NrbfMemberType {
    switch (k as BinaryType) {
      case BinaryType.Primitive:
        return PRIMITIVE_MEMBER[this.primitiveType('a member type')]!;
      case BinaryType.PrimitiveArray:
        return PRIMITIVE_ARRAY_MEMBER[this.primitiveType('a member type')]!;
      case BinaryType.SystemClass:
        return { binaryType: 'SystemClass', typeName: this.lps('a system class name') };
      case BinaryType.Class: {
        const typeName = this.lps('a class name');
        return { binaryType: 'Class', typeName, libraryName: this.library() };
      }
      default:
        return NAMELESS_MEMBER[k]!;
    }
  }

  private arrayRecord(type: RecordType, at: number): NrbfArrayRecord {
    const id = this.objectId('an array record');
    let arrayType = 0;
    let rank = 1;
    // Sized exactly, or shared: an empty array record is 9 bytes of input, and push-grown
    // lengths/lowerBounds (17 slots each) and a fresh elementType made it ~580 bytes of heap.
    let lengths: number[];
    let lowerBounds: readonly number[] = ZEROS[1]!;
    let elementType: NrbfMemberType;
    if (type === RecordType.BinaryArray) {
      const typeAt = this.pos;
      arrayType = this.u8();
      if (arrayType > 5) this.bad('INVALID_VALUE', `binary array type ${arrayType} is not one of [MS-NRBF] 2.4.1.1`, typeAt);
      const rankAt = this.pos;
      rank = this.i32();
      const rectangular = arrayType === 2 || arrayType === 5;
      if (rank < 1 || rank > MAX_RANK || (!rectangular && rank !== 1)) this.bad('INVALID_VALUE', `a ${ARRAY_TYPE_NAMES[arrayType]} array of rank ${rank}`, rankAt);
      lengths = new Array<number>(rank);
      for (let i = 0; i < rank; i++) lengths[i] = this.arrayLength();
      if (arrayType >= 3) {
        const bounds = new Array<number>(rank);
        for (let i = 0; i < rank; i++) {
          const lbAt = this.pos;
          const lb = this.i32();
          if (lb + lengths[i]! > 0x7fffffff) this.bad('INVALID_VALUE', `an array dimension from ${lb} of ${lengths[i]} elements ends past the largest .NET index`, lbAt);
          bounds[i] = lb;
        }
        lowerBounds = bounds;
      } else lowerBounds = ZEROS[rank]!;
      const kindAt = this.pos;
      const k = this.u8();
      if (k > BinaryType.PrimitiveArray) this.bad('INVALID_VALUE', `binary type ${k} is not one of [MS-NRBF] 2.1.2.2`, kindAt);
      elementType = this.additionalInfo(k);
    } else {
      lengths = [this.arrayLength()];
      elementType =
        type === RecordType.ArraySinglePrimitive
          ? PRIMITIVE_MEMBER[this.primitiveType('an ArraySinglePrimitive')]!
          : NAMELESS_MEMBER[type === RecordType.ArraySingleObject ? BinaryType.Object : BinaryType.String]!;
    }
    let total = 1;
    for (const n of lengths) total *= n;
    const prim = primitiveOf(elementType);
    // A primitive array's elements are the bytes that follow: a length they cannot hold is a lie
    // (INVALID_LENGTH), checked before maxCollectionLength (which called a 2e9-element lie a limit).
    if (elementType.binaryType === 'Primitive') this.need(total * PRIMITIVE_SIZE[prim]!, `an array of ${total} ${elementType.primitiveType} elements`, at);
    if (total > this.limits.maxCollectionLength) this.bad('LIMIT_EXCEEDED', `an array of ${total} elements exceeds limits.maxCollectionLength (${this.limits.maxCollectionLength})`, at);
    const rec = {
      kind: 'array',
      recordType: RECORD_TYPE_NAMES[type] as NrbfArrayRecord['recordType'],
      id,
      arrayType: ARRAY_TYPE_NAMES[arrayType]!,
      rank,
      lengths,
      lowerBounds,
      totalElements: total,
      elementType,
      elements: NO_ELEMENTS,
      offset: at,
    } as Mutable<NrbfArrayRecord>;
    this.define(id, rec, at);
    // (lengths and lower bounds of their own, for a multi-dimensional or offset array: one more)
    this.unit(HEAVY_ARRAY + (rank > 1 || arrayType >= 3 ? 1 : 0), at);
    if (elementType.binaryType === 'Primitive') {
      rec.elements = this.primitiveElements(prim as PrimitiveType, total, at);
    } else if (total > 0) {
      // Elements arrive as records (one byte at least each, or runs of nulls): the array grows as they do.
      const values = valuesFor(total);
      rec.elements = values;
      const allowed = ALLOWED_IN_ARRAYS[BINARY_TYPE_INDEX[elementType.binaryType]]!;
      this.push({ rec, values, next: 0, count: total, prims: NO_PRIM, allowed, types: [elementType], array: true }, at);
    }
    return rec;
  }

  private arrayLength(): number {
    const at = this.pos;
    const n = this.i32();
    if (n < 0 || n > MAX_ARRAY_LENGTH) this.bad('INVALID_VALUE', `an array length of ${n}`, at);
    return n;
  }

  /** n primitives of type t, checked against the remaining bytes before anything is allocated. */
  private primitiveElements(t: PrimitiveType, n: number, at: number): NrbfPrimitiveElements {
    // (t is a PrimitiveType: primitiveType() accepted it)
    const size = PRIMITIVE_SIZE[t]!;
    this.need(n * size, `an array of ${n} ${PRIMITIVE_TYPE_NAMES[t]} elements`, at);
    const Typed = TYPED_BY_PRIMITIVE[t];
    if (Typed !== undefined) {
      this.unit(1 + HEAVY_TYPED_ELEMENTS, at);
      // A copy, aligned for the element size (the input may not be), little-endian as NRBF is.
      const bytes = copyBytes(this.bytes(n * size));
      if (t === PrimitiveType.Byte) return bytes;
      if (LITTLE_ENDIAN) return new Typed(bytes.buffer, 0, n) as unknown as NrbfPrimitiveElements;
      const view = new DataView(bytes.buffer);
      const out = new Typed(n);
      for (let i = 0; i < n; i++) out[i] = readElement(view, t, i * size);
      return out as unknown as NrbfPrimitiveElements;
    }
    // Elements that are JavaScript objects or strings each cost a unit.
    this.unit(n, at);
    // Sized exactly: n elements of at least `size` bytes each were checked to be there.
    if (n === 0) return NO_ELEMENTS as readonly boolean[];
    const out = new Array<boolean | string | bigint | DateTime | Decimal>(n);
    for (let i = 0; i < n; i++) out[i] = this.primitive(t) as boolean;
    return out as NrbfPrimitiveElements;
  }

  private push(frame: Frame, at: number): void {
    if (this.stack.length >= this.limits.maxDepth) this.bad('LIMIT_EXCEEDED', `records nest deeper than limits.maxDepth (${this.limits.maxDepth})`, at);
    this.stack.push(frame);
  }

  /** Reads the members and elements of the records on the stack, innermost first, until it is empty. */
  private drain(): void {
    const stack = this.stack;
    while (stack.length > 0) {
      const f = stack[stack.length - 1]!;
      if (f.next >= f.count) {
        stack.pop();
        continue;
      }
      const i = f.next;
      const slot = f.array ? 0 : i;
      const prim = f.prims[slot]!;
      // Values are stored at their index: `values` is exactly sized when small (valuesFor), else grows.
      if (prim !== 0) {
        f.values[i] = this.primitive(prim);
        f.next++;
        continue;
      }
      const rt = this.recordType(f.allowed[slot]!, f.array ? `in an array of ${describeType(f.types![0]!)}` : `in member ${i} (${f.types === null ? 'untyped' : describeType(f.types[i]!)})`);
      const at = this.pos - 1; // the record's type byte, past any BinaryLibrary records before it
      const v = this.recordBody(rt, at, f.array);
      if (v instanceof NullRun) {
        if (v.count > f.count - i) this.bad('INVALID_VALUE', `an ObjectNullMultiple record of ${v.count} nulls overflows the ${f.count - i} elements left in its array`, at);
        this.unit(v.count - 1, at);
        for (let k = 0; k < v.count; k++) f.values[i + k] = null;
        f.next += v.count;
      } else if (v === REFERENCE) {
        this.fixups.push({ container: f.values, index: i, id: this.refId, at: this.refAt });
        f.values[i] = null;
        f.next++;
      } else {
        f.values[i] = v;
        f.next++;
      }
      // (a record with members of its own was pushed above this frame and is read next)
    }
  }
}

const NO_PRIM = new Uint8Array(1);

/**
 * The array a record's `count` values are stored in, by index. Up to 16 it is sized exactly (a
 * first push makes room for 17: ~150 bytes for a one-member record); every slot stands for at
 * least one byte still to come, and at most maxDepth records are open, so this reserves no more
 * than 16 slots ahead of the bytes per open record. Longer ones grow as values arrive.
 */
function valuesFor(count: number): NrbfValue[] {
  return count === 0 ? (NO_ELEMENTS as NrbfValue[]) : count <= 16 ? new Array<NrbfValue>(count) : [];
}

// Shared by every record that has them, frozen (records are read-only data): member and
// element types without a name, the lower bounds of arrays without offsets, no elements.
const PRIMITIVE_MEMBER: (NrbfMemberType | undefined)[] = PRIMITIVE_TYPE_NAMES.map((p) => (p === undefined ? undefined : Object.freeze({ binaryType: 'Primitive' as const, primitiveType: p })));
const PRIMITIVE_ARRAY_MEMBER: (NrbfMemberType | undefined)[] = PRIMITIVE_TYPE_NAMES.map((p) => (p === undefined ? undefined : Object.freeze({ binaryType: 'PrimitiveArray' as const, primitiveType: p })));
const NAMELESS_MEMBER: (NrbfMemberType | undefined)[] = BINARY_TYPE_NAMES.map((b) =>
  b === 'String' || b === 'Object' || b === 'ObjectArray' || b === 'StringArray' ? Object.freeze({ binaryType: b }) : undefined,
);
const ZEROS: (readonly number[])[] = Array.from({ length: MAX_RANK + 1 }, (_, r) => Object.freeze(new Array<number>(r).fill(0)));
const NO_ELEMENTS: readonly NrbfValue[] = Object.freeze([]);

/** The PrimitiveType of a Primitive member type, else 0. */
function primitiveOf(t: NrbfMemberType): PrimitiveType | 0 {
  return t.binaryType === 'Primitive' ? (PRIMITIVE_TYPE_NAMES.indexOf(t.primitiveType) as PrimitiveType) : 0;
}

const BINARY_TYPE_INDEX = Object.fromEntries(BINARY_TYPE_NAMES.map((name, i) => [name, i])) as Record<NrbfMemberType['binaryType'], number>;

/** A member type for messages: its binary type, and the primitive type if it has one (names from the stream are left out). */
function describeType(t: NrbfMemberType): string {
  return 'primitiveType' in t ? `${t.binaryType} ${t.primitiveType}` : t.binaryType;
}

type TypedCtor = new (...args: [ArrayBufferLike, number, number] | [number]) => { [i: number]: number | bigint };
const TYPED_BY_PRIMITIVE: (TypedCtor | undefined)[] = [];
TYPED_BY_PRIMITIVE[PrimitiveType.Byte] = Uint8Array as unknown as TypedCtor;
TYPED_BY_PRIMITIVE[PrimitiveType.SByte] = Int8Array as unknown as TypedCtor;
TYPED_BY_PRIMITIVE[PrimitiveType.Int16] = Int16Array as unknown as TypedCtor;
TYPED_BY_PRIMITIVE[PrimitiveType.UInt16] = Uint16Array as unknown as TypedCtor;
TYPED_BY_PRIMITIVE[PrimitiveType.Int32] = Int32Array as unknown as TypedCtor;
TYPED_BY_PRIMITIVE[PrimitiveType.UInt32] = Uint32Array as unknown as TypedCtor;
TYPED_BY_PRIMITIVE[PrimitiveType.Int64] = BigInt64Array as unknown as TypedCtor;
TYPED_BY_PRIMITIVE[PrimitiveType.UInt64] = BigUint64Array as unknown as TypedCtor;
TYPED_BY_PRIMITIVE[PrimitiveType.Single] = Float32Array as unknown as TypedCtor;
TYPED_BY_PRIMITIVE[PrimitiveType.Double] = Float64Array as unknown as TypedCtor;

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function readElement(view: DataView, t: PrimitiveType, p: number): number | bigint {
  switch (t) {
    case PrimitiveType.Int16: return view.getInt16(p, true);
    case PrimitiveType.UInt16: return view.getUint16(p, true);
    case PrimitiveType.Int32: return view.getInt32(p, true);
    case PrimitiveType.UInt32: return view.getUint32(p, true);
    case PrimitiveType.Int64: return view.getBigInt64(p, true);
    case PrimitiveType.UInt64: return view.getBigUint64(p, true);
    case PrimitiveType.Single: return view.getFloat32(p, true);
    case PrimitiveType.Double: return view.getFloat64(p, true);
    default: return view.getUint8(p);
  }
}

