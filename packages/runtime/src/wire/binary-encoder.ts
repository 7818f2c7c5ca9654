import { SerializationException } from '../errors.js';
import { Compound, type GraphEncoder } from '../engine/format.js';
import type { ClassMeta, FlatMember } from '../engine/registry.js';
import { ByteWriter } from './byte-writer.js';
import { writeFrameHeader } from './frame.js';
import { CLASS_SMALL_MAX, FIXINT_MAX, HEADER_SIZE, SLOT_SHORT, Tag, TypeKind } from './tags.js';
import { encodeTypeDef, layoutFingerprint, memberEncodings, writeTypeDefBody } from './type-layouts.js';

/** The writer's string cache: 2^RECENT_BITS slots (see BinaryEncoder.recent). */
const RECENT_BITS = 12;
const RECENT_SIZE = 1 << RECENT_BITS;
const COMPOUND_TAGS = [Tag.Array, Tag.Object, Tag.ObjectNullProto, Tag.Map, Tag.Set];
const HEX_DIGIT = new Uint8Array(128);
for (let i = 0; i < 16; i++) HEX_DIGIT['0123456789abcdef'.charCodeAt(i)] = i;

/**
 * The weft binary grammar, writing side (FORMAT.md): one frame per graph, one tag byte per
 * value, a TypeDef at a type's first instance and a type index after it. The engine
 * (ObjectWriter) decides what is written; this class decides only how.
 */
export class BinaryEncoder extends ByteWriter implements GraphEncoder {
  private start = 0;
  /** the type declared by defineType whose TypeDef the next header writes (-1: none) */
  private pendingType = -1;
  private pendingAssembly = '';
  private pendingName = '';
  private pendingCustom = false;
  private pendingMembers: readonly FlatMember[] = [];
  private pendingMeta: ClassMeta | null = null;
  /**
   * each class's type definition as written without a binder, encoded once and copied after:
   * the TypeDef body, or in compact mode the fingerprint and name that follow TypeFingerprint
   */
  private readonly typeDefs = new WeakMap<ClassMeta, Uint8Array>();
  /**
   * The graph's string table (FORMAT.md, "String table"), as the writer keeps it: a direct-mapped
   * cache of recent string values by a hash of their length and four of their units, with each
   * one's index. A repeat found there is written as a StringRef; a collision only costs a repeat
   * written inline. Fixed size, no Map: a lookup is a few loads, and nothing grows per call.
   * Emptied after each graph, so no string outlives the call that wrote it.
   */
  private readonly recent: string[] = new Array<string>(RECENT_SIZE).fill('');
  private readonly recentIndex = new Int32Array(RECENT_SIZE);
  /** the slots filled in this graph, to empty them after it */
  private readonly touched = new Int32Array(RECENT_SIZE);
  private touchedCount = 0;
  /** string values written inline in this graph: the index the next one takes */
  private stringCount = 0;

  /** `compact`: a registered class's layout is written as its fingerprint (FORMAT.md, "Compact mode"). */
  constructor(private readonly compact = false) {
    super();
  }

  beginGraph(): void {
    this.start = this.pos;
    this.pendingType = -1;
    // (non-empty only when the previous graph failed part way)
    if (this.touchedCount !== 0) this.forgetStrings();
    this.stringCount = 0;
    this.ensure(HEADER_SIZE);
    writeFrameHeader(this.buf, this.start);
    this.pos = this.start + HEADER_SIZE;
  }

  endGraph(): number {
    const bodyLength = this.pos - this.start - HEADER_SIZE;
    if (bodyLength > 0xffffffff) throw new SerializationException('LIMIT_EXCEEDED', 'a single graph cannot exceed 4 GiB');
    this.u32At(this.start + 4, bodyLength);
    if (this.touchedCount !== 0) this.forgetStrings();
    return this.pos - this.start;
  }

  /**
   * A string value: a StringRef when the same string was written inline earlier in this graph
   * and is still in the cache, and the reference is not longer than the string; else inline (it
   * then takes the next index). Strings of one unit are never looked up.
   */
  string(s: string): void {
    const len = s.length;
    if (len > 1) {
      const slot = Math.imul((len << 20) ^ (s.charCodeAt(0) << 14) ^ (s.charCodeAt(len >> 1) << 7) ^ s.charCodeAt(len - 1) ^ (s.charCodeAt(len - 2) << 3), 0x9e3779b1) >>> (32 - RECENT_BITS);
      const seen = this.recent[slot]!;
      if (seen === s) {
        const index = this.recentIndex[slot]!;
        if (index < 0x80 || len > (index < 0x4000 ? 1 : 3)) return this.tagVarint(Tag.StringRef, index);
      } else if (seen === '') this.touched[this.touchedCount++] = slot;
      this.recent[slot] = s;
      this.recentIndex[slot] = this.stringCount;
    }
    this.stringCount++;
    this.text(s);
  }

  private forgetStrings(): void {
    const recent = this.recent;
    // Once per graph, so rarely optimized: past a few hundred slots the fill builtin is faster.
    if (this.touchedCount > RECENT_SIZE >> 3) recent.fill('');
    else {
      const touched = this.touched;
      for (let i = 0; i < this.touchedCount; i++) recent[touched[i]!] = '';
    }
    this.touchedCount = 0;
  }

  null(): void {
    this.u8(Tag.Null);
  }

  undefined(): void {
    this.u8(Tag.Undefined);
  }

  boolean(b: boolean): void {
    this.u8(b ? Tag.True : Tag.False);
  }

  number(v: number): void {
    if ((v | 0) === v) {
      if (v >= 0 && v <= FIXINT_MAX) {
        if (v === 0 && 1 / v < 0) return this.tagFloat(v);
        return this.u8(Tag.FixInt | v);
      }
      return this.tagVarint(Tag.Int, ((v << 1) ^ (v >> 31)) >>> 0);
    }
    this.tagFloat(v);
  }

  /** Magnitude as little-endian bytes, from its hex digits: linear in its size. */
  bigint(v: bigint): void {
    const neg = v < 0n;
    const hex = (neg ? -v : v).toString(16);
    const n = v === 0n ? 0 : (hex.length + 1) >> 1;
    this.tagVarint(neg ? Tag.BigIntNeg : Tag.BigIntPos, n);
    if (n === 0) return;
    this.ensure(n);
    const buf = this.buf;
    let p = this.pos;
    for (let i = hex.length; i > 0; i -= 2) {
      const lo = HEX_DIGIT[hex.charCodeAt(i - 1)]!;
      const hi = i >= 2 ? HEX_DIGIT[hex.charCodeAt(i - 2)]! : 0;
      buf[p++] = (hi << 4) | lo;
    }
    this.pos = p;
  }

  ref(id: number): void {
    this.tagVarint(Tag.Ref, id);
  }

  slotRef(id: number): void {
    this.slotHead(id);
  }

  slotArray(_id: number, count: number): void {
    this.slotHead(count);
  }

  /** In a member slot a number is Int, Float32 or Float64: the FixInt bytes are the slot's own. */
  slotNumber(v: number): void {
    if ((v | 0) === v && (v !== 0 || 1 / v > 0)) return this.tagVarint(Tag.Int, ((v << 1) ^ (v >> 31)) >>> 0);
    this.tagFloat(v);
  }

  /** A slot's high byte: 0x80 | n below 64, else 0xc0 | (n & 0x3f) and a varint of n >>> 6. */
  private slotHead(n: number): void {
    if (n < SLOT_SHORT) return this.u8(Tag.FixInt | n);
    this.tagVarint(Tag.FixInt | SLOT_SHORT | (n & (SLOT_SHORT - 1)), n >>> 6);
  }

  date(_id: number, time: number): void {
    this.tagFloat64(Tag.Date, time);
  }

  regexp(_id: number, source: string, flags: string): void {
    this.u8(Tag.RegExp);
    this.text(source);
    this.text(flags);
  }

  arrayBuffer(_id: number, bytes: Uint8Array): void {
    this.tagVarint(Tag.ArrayBuffer, bytes.length);
    this.bytes(bytes);
  }

  typedArray(_id: number, kind: number): void {
    this.u8(Tag.TypedArray);
    this.u8(kind);
  }

  typedArrayEnd(byteOffset: number, length: number): void {
    this.varint(byteOffset);
    this.varint(length);
  }

  error(_id: number, kind: number, name: string, message: string): void {
    this.u8(Tag.Error);
    this.u8(kind);
    this.text(name);
    this.text(message);
  }

  errorEnd(): void {}

  defineType(index: number, assembly: string, name: string, custom: boolean, members: readonly FlatMember[], meta: ClassMeta | null): void {
    this.pendingType = index;
    this.pendingAssembly = assembly;
    this.pendingName = name;
    this.pendingCustom = custom;
    this.pendingMembers = members;
    this.pendingMeta = meta;
  }

  /** An instance's type: its TypeDef the first time in the graph, its index after. */
  private typeHeader(type: number): void {
    if (type !== this.pendingType) {
      if (type <= CLASS_SMALL_MAX) this.u8(Tag.ClassSmall | type);
      else this.tagVarint(Tag.Class, type);
      return;
    }
    this.pendingType = -1;
    const meta = this.pendingMeta;
    if (meta !== null) {
      let def = this.typeDefs.get(meta);
      if (def === undefined) this.typeDefs.set(meta, (def = this.definitionOf(meta)));
      this.u8(this.compact ? Tag.TypeFingerprint : Tag.TypeDef);
      this.bytes(def);
      return;
    }
    // Custom types and layouts a binder renamed: always self-describing.
    this.u8(Tag.TypeDef);
    writeTypeDefBody(this, this.pendingAssembly, this.pendingName, this.pendingCustom ? TypeKind.Custom : TypeKind.Fields, this.pendingMembers);
  }

  /** What follows the tag of a registered class's type definition. */
  private definitionOf(meta: ClassMeta): Uint8Array {
    if (!this.compact) return encodeTypeDef(meta.assembly, meta.name, TypeKind.Fields, meta.members);
    const w = new ByteWriter(16 + meta.name.length * 3);
    w.bytes(layoutFingerprint(meta.assembly, meta.name, meta.members));
    w.text(meta.name);
    w.bytes(memberEncodings(meta.members));
    return w.buf.slice(0, w.pos);
  }

  private header(kind: Compound, type: number): void {
    if (kind === Compound.Instance || kind === Compound.Custom) this.typeHeader(type);
    else this.u8(COMPOUND_TAGS[kind]!);
  }

  open(kind: Compound, _id: number, count: number, type: number): void {
    if (kind === Compound.Instance) return this.typeHeader(type);
    this.header(kind, type);
    this.varint(count);
  }

  openDeferred(kind: Compound, _id: number, type: number): void {
    this.u8(Tag.Defer);
    this.header(kind, type);
  }

  openDeferredBody(kind: Compound, _id: number, count: number): void {
    if (kind !== Compound.Instance) this.varint(count);
  }

  hole(): void {
    this.u8(Tag.Hole);
  }

  key(k: string): void {
    this.text(k);
  }

  close(): void {}
}
