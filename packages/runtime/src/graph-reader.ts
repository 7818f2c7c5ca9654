import { SerializationException, asSerializationException } from './errors.js';
import type { SerializationLimits } from './limits.js';
import { ClassMeta, type FlatMember, metaByIdentity, metaOf, metaOfConstructor, registeredClasses, registryVersion } from './registry.js';
import { SerializationInfo, describe } from './serialization-info.js';
import { type ISerializationSurrogate, type ISurrogateSelector, type SerializationBinder, surrogateTypes } from './surrogates.js';
import type { StreamingContext } from './streaming-context.js';
import { ByteReader } from './wire/reader.js';
import { DATA_VIEW_KIND, ERROR_CTORS, MemberKind, Tag, TYPED_ARRAY_CTORS, TypeKind } from './wire/tags.js';

/** How the reader handles one type of the stream, decided once when its TypeDef is read. */
interface TypeEntry {
  readonly assembly: string;
  readonly name: string;
  readonly kind: TypeKind;
  readonly meta: ClassMeta | null;
  /** Fields kind: stream layout equals the class's, so generated code reads it straight */
  readonly fast: boolean;
  /** Fields kind, slow path: for each stream member the class member it fills (null: skip) */
  readonly map: (FlatMember | null)[] | null;
  /** Custom kind: the surrogate that reads it, if any */
  readonly surrogate: ISerializationSurrogate | null;
  /** Custom kind: the type to create */
  readonly ctor: Function | null;
}

const enum Shell {
  Array,
  Object,
  Map,
  Set,
  Instance,
  Custom,
}

interface Pending {
  o: object;
  shell: Shell;
  type: TypeEntry | null;
  id: number;
}

/** Stands in for an object whose construction waits for its own entries (ISerializable). */
class Placeholder {}

/**
 * Names a type identity read from the payload without copying payload text: a registered
 * identity by its (program-defined) name, anything else by lengths and an FNV-1a fingerprint.
 */
function streamTypeLabel(assembly: string, name: string): string {
  const meta = metaByIdentity(assembly, name);
  if (meta !== undefined) return `type ${meta.fullName}`;
  return `the stream's type (${name.length}-character name, ${assembly.length}-character assembly, fingerprint ${typeFingerprint(assembly, name)})`;
}

/** FNV-1a (32 bit) over the UTF-16 code units of `assembly + "\u0000" + name`, as 8 hex digits. */
export function typeFingerprint(assembly: string, name: string): string {
  const key = `${assembly}\u0000${name}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** Points at a registered class whose name equals the stream's (a changed assembly name is a common cause). */
function sameNameHint(assembly: string, name: string): string {
  for (const m of registeredClasses()) {
    if (m.name === name && m.assembly !== assembly) return `; a class with this name is registered as ${m.fullName}`;
  }
  return '';
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

const EMPTY = new Uint8Array(0);

/** Arrays up to this length are allocated with their exact size. */
const SMALL_ARRAY = 64;

const kindNames = ['any', 'number', 'string', 'boolean', 'bigint', 'object'];

/**
 * Reads one graph in the weft binary format. Objects get ids in the order their headers
 * appear, matching the writer; each is registered before its members are read, so cycles
 * resolve without fixups. Replacements (IObjectReference, surrogates returning a new
 * object, ISerializable constructors) are recorded and patched in one pass at the end.
 */
export class GraphReader {
  /** reused across graphs; its buffer is released after each one */
  readonly r = new ByteReader(EMPTY);
  /** id → object; entries [0, count) belong to the graph being read */
  private objs: unknown[] = [];
  private count = 0;
  private types: TypeEntry[] = [];
  private pending: Pending[] = [];
  private depth = 0;
  private units = 0;
  private created: object[] = [];
  private createdMeta: (ClassMeta | null)[] = [];
  private needsEvents = false;
  private fixups: Map<object, object> | null = null;
  /** SerializationInfos handed to constructors and surrogates in this graph (patched by fixups) */
  private infos: SerializationInfo[] = [];
  context!: StreamingContext;
  selector: ISurrogateSelector | null = null;
  binder: SerializationBinder | null = null;
  limits!: SerializationLimits;
  busy = false;

  /** Reads the graph in bytes [start, end) (the frame body). */
  readGraph(buf: Uint8Array, start: number, end: number): unknown {
    this.r.reset(buf, start, end);
    this.count = 0;
    this.types.length = 0;
    this.pending.length = 0;
    this.depth = 0;
    this.units = 0;
    this.created.length = 0;
    this.createdMeta.length = 0;
    this.needsEvents = false;
    this.fixups = null;
    try {
      let root = this.value();
      for (let i = 0; i < this.pending.length; i++) {
        const p = this.pending[i]!;
        this.pending[i] = undefined as never;
        this.depth = 0;
        this.body(p.o, p.shell, p.type, p.id);
      }
      if (this.r.pos !== end) {
        throw new SerializationException('TRAILING_BYTES', `${end - this.r.pos} bytes remain in the frame after the graph ended`, { offset: this.r.pos });
      }
      if (this.fixups !== null) root = this.applyFixups(root);
      if (this.needsEvents) this.raiseEvents();
      return root;
    } catch (e) {
      const se = asSerializationException(e, 'deserialize');
      if (se.offset !== undefined) throw se;
      // Raised in user code (SerializationInfo.getValue in a constructor, a callback): locate it at the reader's position.
      throw new SerializationException(se.code, se.message, { offset: this.r.pos, cause: se });
    } finally {
      this.r.reset(EMPTY, 0, 0); // do not pin the caller's input
      // Drop the references but keep the table's storage for the next graph.
      if (this.objs.length > 1 << 20) this.objs = [];
      else this.objs.fill(undefined, 0, this.count);
      this.count = 0;
      this.created.length = 0;
      this.createdMeta.length = 0;
      this.pending.length = 0;
      this.fixups = null;
      this.infos.length = 0;
    }
  }

  private fail(code: SerializationException['code'], message: string, at = this.r.pos): never {
    throw new SerializationException(code, message, { offset: at });
  }

  private unit(): void {
    if (++this.units > this.limits.maxObjects) {
      this.fail('LIMIT_EXCEEDED', `the graph has more than limits.maxObjects (${this.limits.maxObjects}) objects, elements and strings`);
    }
  }

  private register(o: unknown): number {
    this.unit();
    const id = this.count++;
    this.objs[id] = o;
    return id;
  }

  /** Reads any value. Called by generated code for every member. */
  value(): unknown {
    const r = this.r;
    if (r.pos >= r.end) r.fail('TRUNCATED', 'input ended where a value was expected');
    const tag = r.buf[r.pos++]!;
    if (tag >= Tag.FixInt) return tag & 0x7f;
    if (tag >= Tag.ClassSmall) return this.instance(this.typeAt(tag & 0x3f), false);
    switch (tag) {
      case Tag.Null: return null;
      case Tag.Undefined: return undefined;
      case Tag.False: return false;
      case Tag.True: return true;
      case Tag.Int: {
        const z = r.varint();
        return (z >>> 1) ^ -(z & 1);
      }
      case Tag.Float64: return r.float64();
      case Tag.String: return this.string8();
      case Tag.String16: return this.string16();
      case Tag.Ref: return this.ref();
      case Tag.Array: return this.compound(Shell.Array, Tag.Array, false);
      case Tag.Object: return this.compound(Shell.Object, Tag.Object, false);
      case Tag.ObjectNullProto: return this.compound(Shell.Object, Tag.ObjectNullProto, false);
      case Tag.Map: return this.compound(Shell.Map, Tag.Map, false);
      case Tag.Set: return this.compound(Shell.Set, Tag.Set, false);
      case Tag.TypeDef: return this.instance(this.typeDef(), false);
      case Tag.Class: return this.instance(this.typeAt(r.varint()), false);
      case Tag.Defer: return this.deferred();
      case Tag.BigIntPos:
      case Tag.BigIntNeg: return this.bigint(tag === Tag.BigIntNeg);
      case Tag.Date: {
        const id = this.register(null);
        const d = new Date(r.float64());
        this.objs[id] = d;
        return d;
      }
      case Tag.RegExp: return this.regexp();
      case Tag.ArrayBuffer: {
        const at = r.pos;
        const n = r.length(1, 'ArrayBuffer byte length');
        if (n > this.limits.maxBytes) this.fail('LIMIT_EXCEEDED', 'ArrayBuffer larger than limits.maxBytes', at);
        const copy = r.bytes(n).slice();
        this.register(copy.buffer);
        return copy.buffer;
      }
      case Tag.TypedArray: return this.typedArray();
      case Tag.Error: return this.error();
      case Tag.Hole: return this.fail('INVALID_VALUE', 'an array hole outside an array', r.pos - 1);
      default: return this.fail('INVALID_TAG', `byte 0x${tag.toString(16).padStart(2, '0')} is not a value tag`, r.pos - 1);
    }
  }

  /**
   * A member declared `number`: the tags a number takes are decoded here directly; anything else
   * the stream holds (the declared kind is a hint, not a promise) goes through value().
   */
  num(): unknown {
    const r = this.r;
    if (r.pos < r.end) {
      const tag = r.buf[r.pos]!;
      if (tag >= Tag.FixInt) {
        r.pos++;
        return tag & 0x7f;
      }
      if (tag === Tag.Float64) {
        r.pos++;
        return r.float64();
      }
    }
    return this.value();
  }

  /** A member declared `string` (same contract as num). */
  str(): unknown {
    const r = this.r;
    if (r.pos < r.end && r.buf[r.pos] === Tag.String) {
      r.pos++;
      return this.string8();
    }
    return this.value();
  }

  private string8(): string {
    const r = this.r;
    this.unit();
    // One-byte lengths (< 0x80) need no varint decode unless the limit is below them.
    if (r.pos < r.end && (r.buf[r.pos]! >= 0x80 || r.buf[r.pos]! > this.limits.maxStringLength)) this.checkStringLength(1);
    return r.utf8();
  }

  private string16(): string {
    this.unit();
    this.checkStringLength(2);
    return this.r.utf16();
  }

  private checkStringLength(unitBytes: number): void {
    const r = this.r;
    const at = r.pos;
    const n = r.varint();
    r.pos = at;
    if (n > this.limits.maxStringLength) this.fail('LIMIT_EXCEEDED', `a string of ${n * (unitBytes === 2 ? 1 : 1)} ${unitBytes === 2 ? 'units' : 'bytes'} exceeds limits.maxStringLength (${this.limits.maxStringLength})`, at);
  }

  /** A string where the format requires one (type names, keys, member names). */
  private expectString(what: string): string {
    const r = this.r;
    const at = r.pos;
    const tag = r.u8();
    if (tag === Tag.String) return this.string8();
    if (tag === Tag.String16) return this.string16();
    return this.fail('INVALID_VALUE', `expected a string for ${what}`, at);
  }

  private ref(): unknown {
    const r = this.r;
    const at = r.pos;
    const id = r.varint();
    this.unit();
    if (id >= this.count) this.fail('BAD_REFERENCE', `reference to object #${id}, but only ${this.count} objects precede it`, at);
    return this.objs[id];
  }

  private bigint(neg: boolean): bigint {
    const r = this.r;
    const at = r.pos;
    const n = r.length(1, 'bigint byte length');
    if (n > this.limits.maxStringLength) this.fail('LIMIT_EXCEEDED', 'bigint longer than limits.maxStringLength', at);
    const bytes = r.bytes(n);
    if (n > 0 && bytes[n - 1] === 0) this.fail('INVALID_VALUE', 'bigint magnitude has a leading zero byte', at);
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
      return this.fail('LIMIT_EXCEEDED', `a bigint of ${n} bytes is larger than this JavaScript engine supports`, at);
    }
    return neg ? -v : v;
  }

  private regexp(): RegExp {
    const id = this.register(null);
    const at = this.r.pos;
    const source = this.expectString('RegExp source');
    const flags = this.expectString('RegExp flags');
    let re: RegExp;
    try {
      re = new RegExp(source, flags);
    } catch {
      return this.fail('INVALID_VALUE', 'invalid RegExp source or flags', at);
    }
    this.objs[id] = re;
    return re;
  }

  private typedArray(): ArrayBufferView {
    const r = this.r;
    const at = r.pos;
    const id = this.register(null);
    const kind = r.u8();
    if (kind > DATA_VIEW_KIND) this.fail('INVALID_VALUE', `typed array kind ${kind} is unknown`, at);
    this.enter();
    const buffer = this.value();
    this.depth--;
    if (!(buffer instanceof ArrayBuffer)) return this.fail('TYPE_MISMATCH', 'a typed array whose buffer is not an ArrayBuffer', at);
    const offset = r.varint();
    const length = r.varint();
    const Ctor = TYPED_ARRAY_CTORS[kind]!;
    const unit = kind === DATA_VIEW_KIND ? 1 : (Ctor as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
    if (offset % unit !== 0 || offset + length * unit > buffer.byteLength) {
      this.fail('INVALID_VALUE', `typed array view (offset ${offset}, length ${length}) does not fit its ${buffer.byteLength}-byte buffer`, at);
    }
    const view = new (Ctor as unknown as new (b: ArrayBuffer, o: number, l: number) => ArrayBufferView)(buffer, offset, length);
    this.objs[id] = view;
    return view;
  }

  private error(): Error {
    const r = this.r;
    const at = r.pos;
    const kind = r.u8();
    if (kind >= ERROR_CTORS.length) this.fail('INVALID_VALUE', `error kind ${kind} is unknown`, at);
    const err = Object.create(ERROR_CTORS[kind]!.prototype) as Error;
    this.register(err);
    const name = this.expectString('Error name');
    const message = this.expectString('Error message');
    this.enter();
    const stack = this.value();
    const cause = this.value();
    this.depth--;
    if (name !== ERROR_CTORS[kind]!.name) define(err, 'name', name, false);
    define(err, 'message', message, false);
    if (typeof stack === 'string') define(err, 'stack', stack, false);
    if (cause !== undefined) define(err, 'cause', cause, false);
    return err;
  }

  private enter(): void {
    if (++this.depth > this.limits.maxDepth) {
      this.fail('LIMIT_EXCEEDED', `objects nest deeper than limits.maxDepth (${this.limits.maxDepth})`);
    }
  }

  private collectionLength(minItemBytes: number, what: string): number {
    const r = this.r;
    const at = r.pos;
    const n = r.length(minItemBytes, what);
    if (n > this.limits.maxCollectionLength) {
      this.fail('LIMIT_EXCEEDED', `${what} of ${n} exceeds limits.maxCollectionLength (${this.limits.maxCollectionLength})`, at);
    }
    return n;
  }

  private compound(shell: Shell, tag: Tag, deferred: boolean): object {
    if (shell === Shell.Array && !deferred) return this.array();
    const o: object =
      shell === Shell.Array ? [] : shell === Shell.Map ? new Map() : shell === Shell.Set ? new Set() : tag === Tag.ObjectNullProto ? Object.create(null) : {};
    const id = this.register(o);
    if (deferred) this.pending.push({ o, shell, type: null, id });
    else {
      this.enter();
      this.body(o, shell, null, id);
      this.depth--;
    }
    return o;
  }

  /**
   * An inline array. Its length comes first, so a small array is made with exactly that many
   * slots (an empty `[]` would grow to 17 on its first element). Large ones grow as elements
   * arrive, so nested arrays that claim the whole input cannot each reserve it up front.
   */
  private array(): unknown[] {
    const n = this.collectionLength(1, 'array length');
    const a: unknown[] = n <= SMALL_ARRAY ? new Array(n) : [];
    this.register(a);
    this.enter();
    this.elements(a, n);
    this.depth--;
    return a;
  }

  private elements(a: unknown[], n: number): void {
    const r = this.r;
    for (let i = 0; i < n; i++) {
      this.unit();
      if (r.pos < r.end && r.buf[r.pos] === Tag.Hole) {
        r.pos++;
        continue;
      }
      a[i] = this.value();
    }
    if (a.length !== n) a.length = n; // trailing holes
  }

  private deferred(): object {
    const r = this.r;
    const at = r.pos;
    const tag = r.u8();
    if (tag >= Tag.ClassSmall && tag < Tag.FixInt) return this.instance(this.typeAt(tag & 0x3f), true);
    switch (tag) {
      case Tag.Array: return this.compound(Shell.Array, tag, true);
      case Tag.Object:
      case Tag.ObjectNullProto: return this.compound(Shell.Object, tag, true);
      case Tag.Map: return this.compound(Shell.Map, tag, true);
      case Tag.Set: return this.compound(Shell.Set, tag, true);
      case Tag.TypeDef: return this.instance(this.typeDef(), true);
      case Tag.Class: return this.instance(this.typeAt(r.varint()), true);
      default: return this.fail('INVALID_TAG', 'a deferred value must be an array, object, map, set or class instance', at);
    }
  }

  private body(o: object, shell: Shell, type: TypeEntry | null, id: number): void {
    switch (shell) {
      case Shell.Array: {
        const n = this.collectionLength(1, 'array length');
        this.elements(o as unknown[], n);
        return;
      }
      case Shell.Object: {
        const obj = o as Record<string, unknown>;
        const n = this.collectionLength(2, 'object entry count');
        for (let i = 0; i < n; i++) {
          const key = this.expectString('an object key');
          // Own data property, whatever the key: "__proto__" never reaches a setter.
          define(obj, key, this.value());
        }
        return;
      }
      case Shell.Map: {
        const m = o as Map<unknown, unknown>;
        const n = this.collectionLength(2, 'map entry count');
        for (let i = 0; i < n; i++) {
          this.unit();
          const k = this.value();
          m.set(k, this.value());
        }
        return;
      }
      case Shell.Set: {
        const s = o as Set<unknown>;
        const n = this.collectionLength(1, 'set entry count');
        for (let i = 0; i < n; i++) {
          this.unit();
          s.add(this.value());
        }
        return;
      }
      case Shell.Instance:
        this.fields(o, type!);
        this.objectReference(o, type!.meta, id);
        return;
      case Shell.Custom:
        this.customBody(o, type!, id);
        return;
    }
  }

  private typeAt(idx: number): TypeEntry {
    const t = this.types[idx];
    if (t === undefined) this.fail('UNKNOWN_TYPE', `type index ${idx} was not defined earlier in the graph`, this.r.pos - 1);
    return t;
  }

  /** Reads a TypeDef and decides once how instances of it are read. */
  private typeDef(): TypeEntry {
    const r = this.r;
    const at = r.pos - 1;
    const assembly = this.expectString('a type assembly');
    const name = this.expectString('a type name');
    const tailStart = r.pos;
    const cached = this.cachedTypeDef(assembly, name, tailStart);
    if (cached !== null) {
      r.pos = tailStart + cached.tail.length;
      this.units += cached.units;
      if (this.units > this.limits.maxObjects) this.unit();
      this.types.push(cached.entry);
      return cached.entry;
    }
    const kind = r.u8() as TypeKind;
    if (kind !== TypeKind.Fields && kind !== TypeKind.Custom) this.fail('INVALID_VALUE', `type kind ${kind} is unknown`, r.pos - 1);
    const count = this.collectionLength(2, 'member count');
    const names: string[] = new Array<string>(count);
    const kinds: number[] = new Array<number>(count);
    for (let i = 0; i < count; i++) {
      names[i] = this.expectString('a member name');
      const k = r.u8();
      if (k > MemberKind.Object) this.fail('INVALID_VALUE', `member kind ${k} is unknown`, r.pos - 1);
      kinds[i] = k;
    }
    // Type names come from the payload: messages never echo them (see SECURITY.md, "Error messages").
    const display = streamTypeLabel(assembly, name);
    let ctor: Function | null = null;
    let meta: ClassMeta | undefined;
    if (this.binder !== null) {
      let bound: Function | null | undefined;
      try {
        bound = this.binder.bindToType(assembly, name);
      } catch (e) {
        throw asSerializationException(e, 'SerializationBinder.bindToType');
      }
      if (bound !== null && bound !== undefined) {
        if (typeof bound !== 'function') this.fail('INVALID_VALUE', `the binder returned something that is not a class for ${display}`, at);
        ctor = bound;
        meta = metaOfConstructor(bound);
        if (meta === undefined && this.surrogateFor(bound) === null) {
          this.fail('UNKNOWN_TYPE', `the binder mapped ${display} to ${bound.name}, which is neither compiled by @weft/transformer nor handled by a surrogate`, at);
        }
      }
    }
    if (ctor === null) {
      meta = metaByIdentity(assembly, name);
      if (meta !== undefined) ctor = meta.ctor;
      else if (this.selector !== null) {
        // Surrogate-handled types that are not compiled are named by their class name.
        ctor = surrogateTypes(this.selector).find((t) => t.name === name && metaOfConstructor(t) === undefined) ?? null;
      }
    }
    if (ctor === null) this.fail('UNKNOWN_TYPE', `${display} is not registered: no compiled class, binder or surrogate answers for it${sameNameHint(assembly, name)}`, at);

    let entry: TypeEntry;
    if (kind === TypeKind.Custom) {
      const surrogate = this.surrogateFor(ctor);
      // A plain compiled class may be the target of info.setType(Helper): filled by member name, as .NET does.
      if (surrogate === null && meta === undefined) {
        this.fail('TYPE_MISMATCH', `${display} was written by getObjectData (ISerializable or a surrogate) but ${ctor.name} is neither ISerializable nor handled by a surrogate here`, at);
      }
      entry = { assembly, name, kind, meta: meta ?? null, fast: false, map: null, surrogate, ctor };
    } else {
      if (meta === undefined) this.fail('TYPE_MISMATCH', `${display} was written member by member, but ${ctor.name} is not a compiled class here`, at);
      if (meta.custom) this.fail('TYPE_MISMATCH', `${display} was written member by member, but ${meta.name} is ISerializable here`, at);
      const members = meta.members;
      let fast = members.length === count;
      // Kind 0 (unknown) matches anything: builds with and without a type checker stay compatible.
      for (let i = 0; fast && i < count; i++) {
        const mk = members[i]!.kind;
        fast = members[i]!.name === names[i] && (mk === kinds[i] || mk === MemberKind.Any || kinds[i] === MemberKind.Any);
      }
      let map: (FlatMember | null)[] | null = null;
      if (!fast) {
        map = names.map((n) => members.find((m) => m.name === n) ?? null);
        for (const m of members) {
          if (!m.optional && !names.includes(m.name)) {
            this.fail('MISSING_MEMBER', `${display}: the stream lacks required member "${m.name}" (mark it @OptionalField() if old data may lack it)`, at);
          }
        }
      }
      entry = { assembly, name, kind, meta, fast, map, surrogate: null, ctor };
    }
    this.types.push(entry);
    this.cacheTypeDef(assembly, name, tailStart, entry, count);
    return entry;
  }

  /**
   * Resolved TypeDefs, kept across graphs: a stream of small messages repeats the same
   * layouts, which are then matched byte for byte instead of decoded and compared again.
   * Valid only for the binder, selector and registry state they were resolved with.
   */
  private typeCache = new Map<string, Map<string, { tail: Uint8Array; entry: TypeEntry; units: number }>>();
  private typeCacheKey: [SerializationBinder | null, ISurrogateSelector | null, number] = [null, null, -1];

  private cachedTypeDef(assembly: string, name: string, at: number): { tail: Uint8Array; entry: TypeEntry; units: number } | null {
    const key = this.typeCacheKey;
    if (key[0] !== this.binder || key[1] !== this.selector || key[2] !== registryVersion()) {
      this.typeCache.clear();
      this.typeCacheKey = [this.binder, this.selector, registryVersion()];
      return null;
    }
    const hit = this.typeCache.get(assembly)?.get(name);
    if (hit === undefined) return null;
    const tail = hit.tail;
    const buf = this.r.buf;
    if (at + tail.length > this.r.end) return null;
    for (let i = 0; i < tail.length; i++) if (buf[at + i] !== tail[i]) return null;
    return hit;
  }

  private cacheTypeDef(assembly: string, name: string, tailStart: number, entry: TypeEntry, members: number): void {
    if (this.typeCache.size > 256) this.typeCache.clear(); // bound what hostile streams can make us keep
    let byName = this.typeCache.get(assembly);
    if (byName === undefined) this.typeCache.set(assembly, (byName = new Map()));
    if (byName.size > 1024) byName.clear();
    byName.set(name, { tail: this.r.buf.slice(tailStart, this.r.pos), entry, units: members });
  }

  private surrogateFor(type: Function): ISerializationSurrogate | null {
    if (this.selector === null) return null;
    try {
      return this.selector.getSurrogate(type, this.context) ?? null;
    } catch (e) {
      throw asSerializationException(e, 'ISurrogateSelector.getSurrogate');
    }
  }

  private instance(t: TypeEntry, deferred: boolean): object {
    if (t.kind === TypeKind.Custom) return this.customHeader(t, deferred);
    const meta = t.meta!;
    let o: object;
    try {
      o = meta.create();
    } catch (e) {
      throw asSerializationException(e, `creating an instance of ${meta.name}`);
    }
    const id = this.register(o);
    if (meta.onDeserialized !== null || meta.hasDeserializationCallback) {
      // Only classes with after-graph events are remembered (reverse creation order later).
      this.created.push(o);
      this.createdMeta.push(meta);
      this.needsEvents = true;
    }
    if (deferred) {
      this.pending.push({ o, shell: Shell.Instance, type: t, id });
      return o;
    }
    this.enter();
    this.fields(o, t);
    this.depth--;
    return this.objectReference(o, meta, id);
  }

  private fields(o: object, t: TypeEntry): void {
    const meta = t.meta!;
    if (meta.onDeserializing !== null) {
      for (const cb of meta.onDeserializing) callUser(cb, o, this.context, meta.name, 'OnDeserializing');
    }
    if (t.fast) {
      meta.readFields(this, o);
      return;
    }
    const map = t.map!;
    for (let i = 0; i < map.length; i++) {
      const at = this.r.pos;
      const v = this.value();
      const m = map[i]!;
      if (m === null) continue;
      this.setByName(o, meta, m, v, 'the stream', at);
    }
  }

  /** IObjectReference: the object stands for getRealObject(context) everywhere in the graph. */
  private objectReference(o: object, meta: ClassMeta | null, id: number): object {
    if (meta !== null ? !meta.isObjectReference : typeof (o as { getRealObject?: unknown }).getRealObject !== 'function') return o;
    let real: unknown;
    try {
      real = (o as { getRealObject(c: StreamingContext): unknown }).getRealObject(this.context);
    } catch (e) {
      throw asSerializationException(e, `${meta?.name ?? 'object'}.getRealObject`);
    }
    if (real === o || real === null || typeof real !== 'object') {
      if (real === o) return o;
      this.fail('INVALID_VALUE', `${meta?.name ?? 'object'}.getRealObject must return an object`);
    }
    this.objs[id] = real;
    this.replace(o, real);
    return real;
  }

  private replace(from: object, to: object): void {
    (this.fixups ??= new Map()).set(from, to);
  }

  /** Custom (SerializationInfo) instance: for surrogates the object exists first; for ISerializable it waits. */
  private customHeader(t: TypeEntry, deferred: boolean): object {
    let o: object;
    if (t.surrogate !== null) {
      o = t.meta ? t.meta.create() : (Object.create((t.ctor as { prototype: object }).prototype) as object);
    } else if (t.meta !== null && !t.meta.custom) {
      // A plain class written through a SerializationInfo (info.setType): exists first, filled by name.
      const meta = t.meta;
      try {
        o = meta.create();
      } catch (e) {
        throw asSerializationException(e, `creating an instance of ${meta.name}`);
      }
      this.created.push(o);
      this.createdMeta.push(meta);
      if (meta.onDeserialized !== null || meta.hasDeserializationCallback) this.needsEvents = true;
      if (meta.onDeserializing !== null) {
        for (const cb of meta.onDeserializing) callUser(cb, o, this.context, meta.name, 'OnDeserializing');
      }
    } else {
      o = new Placeholder();
    }
    const id = this.register(o);
    if (deferred) {
      this.pending.push({ o, shell: Shell.Custom, type: t, id });
      return o;
    }
    this.enter();
    const result = this.customBody(o, t, id);
    this.depth--;
    return result;
  }

  private customBody(o: object, t: TypeEntry, id: number): object {
    const n = this.collectionLength(2, 'SerializationInfo entry count');
    const info = new SerializationInfo(t.ctor, t.name, t.assembly);
    for (let i = 0; i < n; i++) {
      const at = this.r.pos;
      const name = this.expectString('a SerializationInfo entry name');
      this.unit();
      if (!info.add(name, this.value())) this.fail('INVALID_VALUE', `SerializationInfo of ${t.meta?.name ?? t.ctor!.name} has two entries with one name`, at);
    }
    // Constructors and surrogates may keep the info: its entries get the same fixups as the graph.
    this.infos.push(info);
    let result: object;
    if (t.surrogate !== null) {
      let returned: unknown;
      try {
        returned = t.surrogate.setObjectData(o, info, this.context, this.selector);
      } catch (e) {
        throw asSerializationException(e, `surrogate for ${t.ctor!.name}: setObjectData`);
      }
      result = returned === null || returned === undefined ? o : (returned as object);
      if (typeof result !== 'object' && typeof result !== 'function') this.fail('INVALID_VALUE', `surrogate for ${t.ctor!.name}: setObjectData must return an object`);
    } else if (!t.meta!.custom) {
      this.populate(o, t.meta!, info);
      result = o;
    } else {
      const meta = t.meta!;
      try {
        result = Reflect.construct(meta.ctor, [info, this.context]) as object;
      } catch (e) {
        throw asSerializationException(e, `the deserialization constructor of ${meta.name}`);
      }
      this.created.push(result);
      this.createdMeta.push(meta);
      if (meta.onDeserialized !== null || meta.hasDeserializationCallback) this.needsEvents = true;
      if (meta.onDeserializing !== null) {
        // An ISerializable object exists only once its constructor ran.
        for (const cb of meta.onDeserializing) callUser(cb, result, this.context, meta.name, 'OnDeserializing');
      }
    }
    if (result !== o) {
      this.objs[id] = result;
      this.replace(o, result);
    }
    return this.objectReference(result, metaOf(result) ?? null, id);
  }

  /** Sets a member matched by name, once its value fits the member's declared kind. */
  private setByName(o: object, meta: ClassMeta, m: FlatMember, v: unknown, source: string, at: number): void {
    if (!kindAccepts(m.kind, v)) this.fail('TYPE_MISMATCH', `member "${m.name}" of ${meta.name} is declared ${kindNames[m.kind]}, but ${source} holds ${describe(v)}`, at);
    meta.setMember(o, m, v);
  }

  /** Fills a plain compiled class from a SerializationInfo by member name (extra entries are skipped). */
  private populate(o: object, meta: ClassMeta, info: SerializationInfo): void {
    for (const m of meta.members) {
      if (!info.has(m.name)) {
        if (!m.optional) this.fail('MISSING_MEMBER', `type ${meta.name}: the SerializationInfo it was written with lacks required member "${m.name}"`);
        continue;
      }
      const v = info.getValue(m.name);
      this.setByName(o, meta, m, v, 'the SerializationInfo', this.r.pos);
    }
  }

  /** Replaces every reference to a stand-in (placeholder, replaced object) by the final object. */
  private applyFixups(root: unknown): unknown {
    const map = this.fixups!;
    // Collapse chains (a → b → c) first.
    for (const [k, v] of map) {
      let end = v;
      for (let guard = 0; map.has(end) && guard < map.size; guard++) end = map.get(end)!;
      map.set(k, end);
    }
    const fix = (v: unknown): unknown => (typeof v === 'object' && v !== null && map.has(v) ? map.get(v) : v);
    const seen = new Set<object>();
    for (let i = 0; i < this.count; i++) {
      const o = this.objs[i];
      if (typeof o !== 'object' || o === null || seen.has(o)) continue;
      seen.add(o);
      patchObject(o, fix, map);
    }
    for (const info of this.infos) {
      for (let i = 0, n = info.memberCount; i < n; i++) info.setEntryValue(i, fix(info.entryValue(i)));
    }
    return fix(root);
  }

  /** OnDeserialized (reverse order of creation), then IDeserializationCallback. */
  private raiseEvents(): void {
    const created = this.created;
    const metas = this.createdMeta;
    // `created` holds real instances only (never stand-ins). An IObjectReference replaced by
    // getRealObject still gets its own callbacks, on itself: they belong to its class.
    for (let i = created.length - 1; i >= 0; i--) {
      const meta = metas[i]!;
      if (meta.onDeserialized === null) continue;
      const o = created[i]!;
      for (const cb of meta.onDeserialized) callUser(cb, o, this.context, meta.name, 'OnDeserialized');
    }
    for (let i = created.length - 1; i >= 0; i--) {
      const meta = metas[i]!;
      if (!meta.hasDeserializationCallback) continue;
      const o = created[i]! as { onDeserialization(sender: unknown): void };
      try {
        o.onDeserialization(null);
      } catch (e) {
        throw asSerializationException(e, `${meta.name}.onDeserialization`);
      }
    }
  }
}

function patchObject(o: object, fix: (v: unknown) => unknown, map: Map<object, object>): void {
  if (Array.isArray(o)) {
    for (let i = 0; i < o.length; i++) if (i in o) o[i] = fix(o[i]);
    return;
  }
  if (o instanceof Map) {
    let touched = false;
    for (const [k, v] of o) if ((typeof k === 'object' && map.has(k as object)) || (typeof v === 'object' && map.has(v as object))) touched = true;
    if (touched) {
      const entries = [...o].map(([k, v]) => [fix(k), fix(v)] as const);
      o.clear();
      for (const [k, v] of entries) o.set(k, v);
    }
    return;
  }
  if (o instanceof Set) {
    if ([...o].some((v) => typeof v === 'object' && v !== null && map.has(v))) {
      const values = [...o].map(fix);
      o.clear();
      for (const v of values) o.add(v);
    }
    return;
  }
  const meta = metaOf(o);
  if (meta !== undefined) {
    for (const m of meta.members) {
      const v = meta.getMember(o, m);
      const f = fix(v);
      if (f !== v) meta.setMember(o, m, f);
    }
    return;
  }
  if (o instanceof Error) {
    const cause = (o as { cause?: unknown }).cause;
    if (fix(cause) !== cause) define(o, 'cause', fix(cause), false);
    return;
  }
  const proto = Object.getPrototypeOf(o) as object | null;
  if (proto === Object.prototype || proto === null) {
    for (const k of Object.keys(o)) {
      const v = (o as Record<string, unknown>)[k];
      const f = fix(v);
      if (f !== v) define(o, k, f);
    }
    return;
  }
  if (ArrayBuffer.isView(o) || o instanceof ArrayBuffer) return;
  // Instances of uncompiled classes (made by surrogates): their own writable data properties.
  for (const k of Object.keys(o)) {
    const d = Object.getOwnPropertyDescriptor(o, k);
    if (d === undefined || !d.writable) continue;
    const f = fix(d.value);
    if (f !== d.value) (o as Record<string, unknown>)[k] = f;
  }
}

/** Defines an own data property: a key such as "__proto__" never reaches a setter or the prototype. */
function define(o: object, key: string, value: unknown, enumerable = true): void {
  Object.defineProperty(o, key, { value, writable: true, enumerable, configurable: true });
}

function kindAccepts(kind: number, v: unknown): boolean {
  switch (kind) {
    case MemberKind.Number: return typeof v === 'number' || v === null || v === undefined;
    case MemberKind.String: return typeof v === 'string' || v === null || v === undefined;
    case MemberKind.Boolean: return typeof v === 'boolean' || v === null || v === undefined;
    case MemberKind.BigInt: return typeof v === 'bigint' || v === null || v === undefined;
    case MemberKind.Object: return (typeof v === 'object') || v === undefined;
    default: return true;
  }
}

function callUser(cb: (o: any, c: StreamingContext) => void, o: object, context: StreamingContext, type: string, what: string): void {
  try {
    cb(o, context);
  } catch (e) {
    throw asSerializationException(e, `${type} ${what} callback`);
  }
}
