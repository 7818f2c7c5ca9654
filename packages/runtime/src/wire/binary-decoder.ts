import { SerializationException, quoted } from '../errors.js';
import { copyBytes } from '../bytes.js';
import { DATA_VIEW_KIND, ERROR_CTORS } from '../engine/builtins.js';
import { Compound, type GraphDecoder, type GraphSink } from '../engine/format.js';
import { MAX_MEMBER_KIND, MemberKind, encodingOf } from '../engine/member-kinds.js';
import type { SerializationLimits } from '../limits.js';
import { ByteReader } from './byte-reader.js';
import { FORMAT_VERSION_1, HEADER_SIZE, SHORT_STRING_MAX, SLOT_SHORT, Tag, TypeKind } from './tags.js';
import { type KnownLayouts, fingerprintText } from './type-layouts.js';

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const EMPTY = new Uint8Array(0);


interface Pending<T> {
  o: unknown;
  body: Compound;
  type: T | null;
  at: number;
}

/** A resolved TypeDef kept across graphs, matched byte for byte on its tail (kind and members). */
interface CachedType<T> {
  tail: Uint8Array;
  type: T;
  /** units its decode costs (one per member name) */
  units: number;
}

/**
 * The TypeDef last resolved at one type index, kept as its exact bytes: a service reading the
 * same message shape again finds each type at the same index, and one byte compare replaces
 * decoding the names and two Map lookups.
 */
interface SlotType<T> {
  /** the type definition from its tag on (TypeDef or TypeFingerprint) */
  bytes: Uint8Array;
  type: T;
  /** units its decode costs (two names and one per member name) */
  units: number;
}

/** Type layouts longer than this are resolved every time rather than kept. */
const MAX_CACHED_TAIL = 4096;
/** At most this many layouts are kept (then the cache starts over). */
const MAX_CACHED_TYPES = 256;

/**
 * The weft binary grammar, reading side (FORMAT.md), in one place: tags, TypeDefs, deferred
 * bodies and every checked read. It creates nothing itself: each value is handed to a
 * GraphSink — the engine's ObjectReader, which builds the graph, or the inspector, which
 * builds a document — and the sink reads class bodies back through this decoder (generated
 * code calls num/str/value). Iterative where input controls the depth: nesting is bounded by
 * the sink's enter(), deep graphs arrive as deferred bodies.
 */
export class BinaryDecoder<T> extends ByteReader implements GraphDecoder {
  private sink!: GraphSink<T>;
  private limits!: Readonly<SerializationLimits>;
  private types: T[] = [];
  private pending: Pending<T>[] = [];
  private cache = new Map<string, Map<string, CachedType<T>>>();
  private cacheStamp = -1;
  /** the frame is format version 1: no member slots (object members are plain values) */
  private version1 = false;
  /** the layouts this reader accepts as fingerprints (compact mode); null: none */
  layouts: KnownLayouts | null = null;
  /** by type index: the type definition last resolved there (see SlotType) */
  private slots: (SlotType<T> | undefined)[] = [];
  /** layouts resolved in this graph, kept only if the whole graph reads */
  private staged: { assembly: string; name: string; entry: CachedType<T> }[] = [];
  /** type-index slots filled in this graph, kept only if the whole graph reads */
  private stagedSlots: { index: number; slot: SlotType<T> }[] = [];
  /** the graph's string table: its string values read inline, in order (FORMAT.md, "String table") */
  private strings: string[] = [];
  private stringCount = 0;

  constructor() {
    super(EMPTY);
  }

  /**
   * Reads the graph in bytes [start, end) (a frame body, whose checked header stands just
   * before it) into `sink`; returns its root as the sink built it.
   */
  readGraph(sink: GraphSink<T>, limits: Readonly<SerializationLimits>, buf: Uint8Array, start: number, end: number): unknown {
    this.reset(buf, start, end);
    this.sink = sink;
    this.limits = limits;
    this.version1 = buf[start - HEADER_SIZE + 2] === FORMAT_VERSION_1;
    // A version-1 layout means something else than the same bytes in version 2: not cached.
    const stamp = this.version1 ? -1 : sink.typeCacheStamp();
    if (stamp !== this.cacheStamp) {
      this.cache.clear();
      this.slots.length = 0;
      this.cacheStamp = stamp;
    }
    try {
      const root = this.value();
      for (let i = 0; i < this.pending.length; i++) {
        const p = this.pending[i]!;
        this.pending[i] = undefined as never;
        this.body(p);
      }
      if (this.pos !== end) this.bad('TRAILING_BYTES', `${end - this.pos} bytes remain in the frame after the graph ended`);
      if (stamp >= 0) this.commitStaged();
      return root;
    } finally {
      // (setting length is a runtime call even on an empty array)
      if (this.types.length !== 0) this.types.length = 0;
      if (this.pending.length !== 0) this.pending.length = 0;
      if (this.staged.length !== 0) this.staged.length = 0;
      if (this.stagedSlots.length !== 0) this.stagedSlots.length = 0;
      // The strings belong to the graph just read, not to this decoder.
      if (this.stringCount > 1 << 16) this.strings = [];
      else if (this.stringCount !== 0) this.strings.fill('', 0, this.stringCount);
      this.stringCount = 0;
    }
  }

  /** Lets go of the caller's input (the decoder object is reused across graphs). */
  release(): void {
    this.releaseInput(EMPTY);
  }

  at(): number {
    return this.pos;
  }

  private bad(code: SerializationException['code'], message: string, at = this.pos): never {
    throw new SerializationException(code, message, { offset: at });
  }

  /** Reads any value. Called by generated code for every member. */
  value(): unknown {
    if (this.pos >= this.end) this.fail('TRUNCATED', 'input ended where a value was expected');
    const at = this.pos;
    const tag = this.buf[this.pos++]!;
    if (tag >= Tag.FixInt) return tag & 0x7f;
    const sink = this.sink;
    if (tag >= Tag.ClassSmall) return sink.instance(this.typeAt(tag & 0x3f, at), false, at);
    if (tag >= Tag.ShortString) return (this.strings[this.stringCount++] = this.shortString(tag & SHORT_STRING_MAX, at));
    switch (tag) {
      case Tag.Null: return null;
      case Tag.Undefined: return undefined;
      case Tag.False: return false;
      case Tag.True: return true;
      case Tag.Int: {
        const z = this.varint();
        return (z >>> 1) ^ -(z & 1);
      }
      case Tag.Float64: return this.float64();
      case Tag.Float32: return this.float32();
      case Tag.String: return (this.strings[this.stringCount++] = this.string8());
      case Tag.String16: return (this.strings[this.stringCount++] = this.string16());
      case Tag.StringRef: return this.stringRef(at);
      case Tag.Ref: return sink.ref(this.varint(), at + 1);
      case Tag.Array: {
        const n = this.collectionLength(1, 'array length');
        const a = sink.array(n);
        sink.enter();
        this.elements(a, n, false);
        sink.leave();
        return a;
      }
      case Tag.Object:
      case Tag.ObjectNullProto: {
        const o = sink.object(tag === Tag.ObjectNullProto);
        sink.enter();
        this.entries(o);
        sink.leave();
        return o;
      }
      case Tag.Map: {
        const m = sink.map();
        sink.enter();
        this.mapEntries(m);
        sink.leave();
        return m;
      }
      case Tag.Set: {
        const s = sink.set();
        sink.enter();
        this.setEntries(s);
        sink.leave();
        return s;
      }
      case Tag.TypeDef: return sink.instance(this.typeDef(at), false, at);
      case Tag.TypeFingerprint: return sink.instance(this.typeDef(at), false, at);
      case Tag.Class: return sink.instance(this.typeAt(this.varint(), at), false, at);
      case Tag.Defer: return this.deferred();
      case Tag.BigIntPos:
      case Tag.BigIntNeg: return this.bigint(tag === Tag.BigIntNeg);
      case Tag.Date: return sink.date(this.float64());
      case Tag.RegExp: {
        const source = this.expectString('RegExp source');
        return sink.regexp(source, this.expectString('RegExp flags'), at + 1);
      }
      case Tag.ArrayBuffer: return sink.arrayBuffer(this.bytes(this.length(1, 'ArrayBuffer byte length')), at + 1);
      case Tag.TypedArray: {
        const id = sink.reserve();
        const kind = this.u8();
        if (kind > DATA_VIEW_KIND) this.bad('INVALID_VALUE', `typed array kind ${kind} is unknown`, at + 1);
        sink.enter();
        const buffer = this.value();
        sink.leave();
        const byteOffset = this.varint();
        return sink.typedArray(id, kind, buffer, byteOffset, this.varint(), at + 1);
      }
      case Tag.Error: {
        const kind = this.u8();
        if (kind >= ERROR_CTORS.length) this.bad('INVALID_VALUE', `error kind ${kind} is unknown`, at + 1);
        const err = sink.error(kind, at + 1);
        const name = this.expectString('Error name');
        const message = this.expectString('Error message');
        sink.enter();
        const stack = this.value();
        const cause = this.value();
        sink.leave();
        sink.errorFill(err, name, message, stack, cause);
        return err;
      }
      case Tag.Hole: return this.bad('INVALID_VALUE', 'an array hole outside an array', at);
      default: return this.bad('INVALID_TAG', `byte 0x${tag.toString(16).padStart(2, '0')} is not a value tag`, at);
    }
  }

  /**
   * A member declared `number`: the tags a number takes are decoded here directly; anything else
   * the stream holds (the declared kind is a hint, not a promise) goes through value().
   */
  num(): unknown {
    if (this.pos < this.end) {
      const tag = this.buf[this.pos]!;
      if (tag >= Tag.FixInt) {
        this.pos++;
        return tag & 0x7f;
      }
      if (tag === Tag.Float64) {
        this.pos++;
        return this.float64();
      }
      if (tag === Tag.Float32) {
        this.pos++;
        return this.float32();
      }
    }
    return this.value();
  }

  /** A member declared `string` (same contract as num). */
  str(): unknown {
    if (this.pos < this.end) {
      const tag = this.buf[this.pos]!;
      if ((tag & 0xe0) === Tag.ShortString) return (this.strings[this.stringCount++] = this.shortString(tag & SHORT_STRING_MAX, this.pos++));
      if (tag === Tag.String) {
        this.pos++;
        return (this.strings[this.stringCount++] = this.string8());
      }
    }
    return this.value();
  }

  /** A member declared as an object type: a reference in its slot form, else any value. */
  obj(): unknown {
    if (this.pos < this.end) {
      const b = this.buf[this.pos]!;
      if (b >= Tag.FixInt) {
        const at = this.pos++;
        return this.sink.ref(this.slotNumber(b), at);
      }
    }
    return this.value();
  }

  /** A member declared as an array: a new array in its slot form, else any value. */
  arr(): unknown {
    return this.slotArray(false);
  }

  /** A member declared as an array of object types: as arr(), its elements in object slots. */
  objs(): unknown {
    return this.slotArray(true);
  }

  member(kind: number): unknown {
    switch (kind) {
      case MemberKind.Object: return this.obj();
      case MemberKind.Array: return this.arr();
      case MemberKind.ObjectArray: return this.objs();
      default: return this.value();
    }
  }

  private slotArray(objects: boolean): unknown {
    if (this.pos < this.end) {
      const b = this.buf[this.pos]!;
      if (b >= Tag.FixInt) {
        const at = this.pos++;
        const n = this.slotNumber(b);
        // each element takes at least a byte: the bytes must be there before the array is made
        if (n > this.end - this.pos) this.fail('INVALID_LENGTH', `array length of ${n} is larger than the ${this.end - this.pos} bytes that remain`, at);
        const sink = this.sink;
        sink.collection(n, 'array length', at);
        const a = sink.array(n);
        sink.enter();
        this.elements(a, n, objects);
        sink.leave();
        return a;
      }
    }
    return this.value();
  }

  /** The number a slot's high byte `b` (already consumed) stands for (see SLOT_SHORT). */
  private slotNumber(b: number): number {
    const low = b & (SLOT_SHORT - 1);
    if ((b & SLOT_SHORT) === 0) return low;
    return low + this.varint() * SLOT_SHORT;
  }

  /** A StringRef whose tag is at `at`: a string value of this graph read inline before. */
  private stringRef(at: number): string {
    const i = this.varint();
    this.sink.unit();
    if (i >= this.stringCount) this.bad('BAD_REFERENCE', `reference to string #${i}, but only ${this.stringCount} strings precede it`, at + 1);
    return this.strings[i]!;
  }

  entryCount(): number {
    return this.collectionLength(2, 'SerializationInfo entry count');
  }

  entryName(): string {
    return this.expectString('a SerializationInfo entry name');
  }

  private string8(): string {
    this.sink.unit();
    // One-byte lengths (< 0x80) need no varint decode unless the limit is below them.
    if (this.pos < this.end) {
      const b = this.buf[this.pos]!;
      if (b >= 0x80 || b > this.limits.maxStringLength) this.checkStringLength('string byte length');
    }
    return this.utf8();
  }

  /** A ShortString of `n` bytes whose tag is at `at`. */
  private shortString(n: number, at: number): string {
    this.sink.unit();
    if (n > this.limits.maxStringLength) this.sink.stringLength(n, 'string byte length', at);
    return this.utf8Bytes(n, at);
  }

  private string16(): string {
    this.sink.unit();
    this.checkStringLength('string unit count');
    return this.utf16();
  }

  private checkStringLength(what: string): void {
    const at = this.pos;
    const n = this.varint();
    this.pos = at;
    this.sink.stringLength(n, what, at);
  }

  /** A string where the grammar requires one (type names, keys, member names). */
  private expectString(what: string): string {
    const at = this.pos;
    const tag = this.u8();
    if ((tag & 0xe0) === Tag.ShortString) return this.shortString(tag & SHORT_STRING_MAX, at);
    if (tag === Tag.String) return this.string8();
    if (tag === Tag.String16) return this.string16();
    return this.bad('INVALID_VALUE', `expected a string for ${what}`, at);
  }

  private collectionLength(minItemBytes: number, what: string): number {
    const at = this.pos;
    const n = this.length(minItemBytes, what);
    this.sink.collection(n, what, at);
    return n;
  }

  private bigint(neg: boolean): bigint {
    const at = this.pos;
    const n = this.length(1, 'bigint byte length');
    this.sink.stringLength(n, 'bigint byte length', at);
    const bytes = this.bytes(n);
    if (n > 0 && bytes[n - 1] === 0) this.bad('INVALID_VALUE', 'bigint magnitude has a leading zero byte', at);
    if (n === 0) return 0n;
    // Shifting byte by byte is quadratic in n; a hex literal parses in linear time.
    let hex: string;
    if (n <= 64) {
      hex = '0x';
      for (let i = n - 1; i >= 0; i--) hex += HEX[bytes[i]!];
    } else {
      // Flat chunks joined once: `+=` over megabytes would build a rope of one node per byte.
      const chunks: string[] = ['0x'];
      const digits: string[] = [];
      for (let hi = n; hi > 0; hi -= 4096) {
        const lo = Math.max(0, hi - 4096);
        digits.length = 0;
        for (let i = hi - 1; i >= lo; i--) digits.push(HEX[bytes[i]!]!);
        chunks.push(digits.join(''));
      }
      hex = chunks.join('');
    }
    let v: bigint;
    try {
      v = BigInt(hex);
    } catch {
      return this.bad('LIMIT_EXCEEDED', `a bigint of ${n} bytes is larger than this JavaScript engine supports`, at);
    }
    return neg ? -v : v;
  }

  /** `objects`: each element is in an object slot (a new array of an object[] member). */
  private elements(a: unknown, n: number, objects: boolean): void {
    const sink = this.sink;
    for (let i = 0; i < n; i++) {
      sink.unit();
      if (this.pos < this.end && this.buf[this.pos] === Tag.Hole) {
        this.pos++;
        sink.holes(a, i, 1);
        continue;
      }
      sink.item(a, i, objects ? this.obj() : this.value());
    }
    sink.arrayEnd(a, n);
  }

  private entries(o: unknown): void {
    const n = this.collectionLength(2, 'object entry count');
    for (let i = 0; i < n; i++) {
      const at = this.pos;
      const key = this.expectString('an object key');
      this.sink.entry(o, key, this.value(), at);
    }
  }

  private mapEntries(m: unknown): void {
    const n = this.collectionLength(2, 'map entry count');
    const sink = this.sink;
    for (let i = 0; i < n; i++) {
      const at = this.pos;
      sink.unit();
      const k = this.value();
      sink.mapEntry(m, k, this.value(), at);
    }
  }

  private setEntries(s: unknown): void {
    const n = this.collectionLength(1, 'set entry count');
    const sink = this.sink;
    for (let i = 0; i < n; i++) {
      const at = this.pos;
      sink.unit();
      sink.setEntry(s, this.value(), at);
    }
  }

  /** A Defer tag: the header now, the body after the root (in header order). */
  private deferred(): unknown {
    const at = this.pos;
    const tag = this.u8();
    const sink = this.sink;
    let o: unknown;
    let body: Compound;
    let type: T | null = null;
    if (tag >= Tag.ClassSmall && tag < Tag.FixInt) type = this.typeAt(tag & 0x3f, at);
    else if (tag === Tag.TypeDef || tag === Tag.TypeFingerprint) type = this.typeDef(at);
    else if (tag === Tag.Class) type = this.typeAt(this.varint(), at);
    if (type !== null) {
      o = sink.instance(type, true, at);
      body = Compound.Instance;
    } else {
      switch (tag) {
        case Tag.Array: o = sink.array(-1); body = Compound.Array; break;
        case Tag.Object:
        case Tag.ObjectNullProto: o = sink.object(tag === Tag.ObjectNullProto); body = Compound.Object; break;
        case Tag.Map: o = sink.map(); body = Compound.Map; break;
        case Tag.Set: o = sink.set(); body = Compound.Set; break;
        default: return this.bad('INVALID_TAG', 'a deferred value must be an array, object, map, set or class instance', at);
      }
    }
    this.pending.push({ o, body, type, at });
    return sink.placeholder(o);
  }

  private body(p: Pending<T>): void {
    switch (p.body) {
      case Compound.Array: return this.elements(p.o, this.collectionLength(1, 'array length'), false);
      case Compound.Object: return this.entries(p.o);
      case Compound.Map: return this.mapEntries(p.o);
      case Compound.Set: return this.setEntries(p.o);
      case Compound.Instance: return this.sink.instanceBody(p.o, p.type!, p.at);
    }
  }

  private typeAt(idx: number, at: number): T {
    const t = this.types[idx];
    if (t === undefined) this.bad('UNKNOWN_TYPE', `type index ${idx} was not defined earlier in the graph`, at);
    return t;
  }

  /**
   * Reads a type definition (TypeDef or TypeFingerprint, whose tag is at `at`) and has the sink
   * decide once how instances of it are read.
   */
  private typeDef(at: number): T {
    const index = this.types.length;
    const caching = this.cacheStamp >= 0 && index < MAX_CACHED_TYPES;
    if (caching) {
      const slot = this.slots[index];
      if (slot !== undefined && this.matches(slot.bytes, at)) {
        this.pos = at + slot.bytes.length;
        this.sink.work(slot.units);
        this.types.push(slot.type);
        return slot.type;
      }
    }
    if (this.buf[at] === Tag.TypeFingerprint) return this.typeFingerprint(at, index, caching);
    const assembly = this.expectString('a type assembly');
    const name = this.expectString('a type name');
    const tailStart = this.pos;
    if (this.cacheStamp >= 0) {
      const hit = this.cached(assembly, name, tailStart);
      if (hit !== null) {
        this.pos = tailStart + hit.tail.length;
        this.sink.work(hit.units);
        this.types.push(hit.type);
        if (caching) this.stageSlot(index, at, hit.type, hit.units + 2);
        return hit.type;
      }
    }
    const kind = this.u8() as TypeKind;
    if (kind !== TypeKind.Fields && kind !== TypeKind.Custom) this.bad('INVALID_VALUE', `type kind ${kind} is unknown`, this.pos - 1);
    const count = this.collectionLength(2, 'member count');
    if (kind === TypeKind.Custom && count !== 0) this.bad('INVALID_VALUE', 'a custom (getObjectData) type declares no members', at);
    const names: string[] = new Array<string>(count);
    const kinds: number[] = new Array<number>(count);
    for (let i = 0; i < count; i++) {
      names[i] = this.expectString('a member name');
      const k = this.u8();
      if (k > (this.version1 ? MemberKind.Object : MAX_MEMBER_KIND)) this.bad('INVALID_VALUE', `member kind ${k} is unknown`, this.pos - 1);
      // (version 1 has no member slots: its object members are plain values)
      kinds[i] = this.version1 && k === MemberKind.Object ? MemberKind.Any : k;
    }
    const type = this.sink.type(assembly, name, kind === TypeKind.Custom, names, kinds, at);
    this.types.push(type);
    if (this.cacheStamp >= 0 && this.pos - tailStart <= MAX_CACHED_TAIL) {
      this.staged.push({ assembly, name, entry: { tail: copyBytes(this.buf, tailStart, this.pos), type, units: count } });
      if (caching) this.stageSlot(index, at, type, count + 2);
    }
    return type;
  }

  /**
   * Compact mode: an 8-byte layout fingerprint and the type's name stand for the TypeDef. Only
   * a layout this reader knows is accepted; it is then resolved exactly like its TypeDef.
   */
  private typeFingerprint(at: number, index: number, caching: boolean): T {
    const fpAt = this.pos;
    this.bytes(8);
    const name = this.expectString('a type name');
    const layout = this.layouts?.find(this.buf, fpAt);
    if (layout === undefined) {
      throw new SerializationException(
        'UNKNOWN_LAYOUT',
        `type ${quoted(name)} is written in compact mode as layout ${fingerprintText(this.buf, fpAt)}, which this reader does not know: the writer has another version of the class than this process registers, or one it does not register. Load the writer's layouts (formatter.knownLayouts.load(output of "weft schema")) or have the writer use the default layouts`,
        { offset: fpAt, typeName: name },
      );
    }
    if (layout.name !== name) this.bad('INVALID_VALUE', `layout ${layout.fingerprint} is type ${quoted(layout.name)}, but the stream names it ${quoted(name)}`, fpAt);
    const count = layout.names.length;
    this.sink.work(1 + count);
    const type = this.sink.type(layout.assembly, layout.name, false, layout.names, this.streamKinds(layout.kinds), at);
    this.types.push(type);
    if (caching) this.stageSlot(index, at, type, count + 2);
    return type;
  }

  /**
   * A compact-mode layout's member kinds as this stream encodes them: the writer's encoding of
   * each member (two bits each, after the name; none in version 1, which had no slots), the
   * known layout's kind where it is a plain value.
   */
  private streamKinds(known: readonly number[]): number[] {
    const kinds = known.map((k) => (encodingOf(k) === MemberKind.Any ? k : MemberKind.Any));
    if (this.version1) return kinds;
    const at = this.pos;
    const bits = this.bytes((kinds.length + 3) >> 2);
    for (let i = 0; i < kinds.length; i++) {
      const e = (bits[i >> 2]! >> ((i & 3) * 2)) & 3;
      if (e !== 0) kinds[i] = MemberKind.BigInt + e;
    }
    if (kinds.length % 4 !== 0 && bits[bits.length - 1]! >> ((kinds.length % 4) * 2) !== 0) this.bad('INVALID_VALUE', 'member encodings name more members than the layout has', at);
    return kinds;
  }

  private stageSlot(index: number, at: number, type: T, units: number): void {
    if (this.pos - at > MAX_CACHED_TAIL) return;
    this.stagedSlots.push({ index, slot: { bytes: copyBytes(this.buf, at, this.pos), type, units } });
  }

  /** Whether the input at `at` starts with `bytes`. */
  private matches(bytes: Uint8Array, at: number): boolean {
    if (at + bytes.length > this.end) return false;
    const buf = this.buf;
    for (let i = 0; i < bytes.length; i++) if (buf[at + i] !== bytes[i]) return false;
    return true;
  }

  private cached(assembly: string, name: string, at: number): CachedType<T> | null {
    const hit = this.cache.get(assembly)?.get(name);
    if (hit === undefined) return null;
    return this.matches(hit.tail, at) ? hit : null;
  }

  /** The graph read completely: what it resolved may serve the next graphs. */
  private commitStaged(): void {
    for (const { index, slot } of this.stagedSlots) this.slots[index] = slot;
    for (const { assembly, name, entry } of this.staged) {
      if (this.cache.size >= MAX_CACHED_TYPES) this.cache.clear();
      let byName = this.cache.get(assembly);
      if (byName === undefined) this.cache.set(assembly, (byName = new Map()));
      if (byName.size >= MAX_CACHED_TYPES) byName.clear();
      byName.set(name, entry);
    }
  }
}
