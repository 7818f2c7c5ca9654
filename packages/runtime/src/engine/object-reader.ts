import { asSerializationException } from '../errors.js';
import { copyBytes } from '../bytes.js';
import { SerializationInfo, describe } from '../serialization-info.js';
import type { StreamingContext } from '../streaming-context.js';
import type { ISurrogateSelector, SerializationBinder } from '../surrogates.js';
import { BudgetedSink } from './budget.js';
import { DATA_VIEW_KIND, ERROR_CTORS, TYPED_ARRAY_CTORS } from './builtins.js';
import type { GraphDecoder, GraphSink } from './format.js';
import { GUARD_FROM, HashFloodGuard } from './hash-flood.js';
import { MEMBER_KIND_NAMES, kindAccepts } from './member-kinds.js';
import { constructFromInfo } from './construction.js';
import { ObjectManager, defineOwn } from './object-manager.js';
import { type ClassMeta, type FlatMember, metaOf, registryVersion } from './registry.js';
import { type ResolutionContext, type TypeDialect, type TypeEntry, resolveType } from './type-resolver.js';
import { callUser } from './user-code.js';

/**
 * Extra units of work (limits.maxObjects) for the objects that cost the most memory per input
 * byte, so that a unit stays under ~65 bytes whatever the frame holds (measured on Node 20: an
 * empty Map or null-prototype object ~195 bytes of heap, a Set ~160, an ArrayBuffer ~95 of heap
 * plus ~180 outside it; SECURITY.md, "Limits and their defaults").
 */
const HEAVY_MAP_OR_SET = 1;
const HEAVY_NULL_PROTO = 1;
const HEAVY_ARRAY_BUFFER = 3;

/** Arrays up to this length are allocated with their exact size. */
const SMALL_ARRAY = 64;
/** A run of trailing holes longer than this leaves an array sparse rather than allocating its slots. */
const SPARSE_GAP = 1024;

/** Stands in for an object whose construction waits for its own entries (ISerializable). */
class Placeholder {
  /** its object's place in the ObjectManager's event order (-1: its class has no after-graph events) */
  slot = -1;
  /** some value holds it (a reference from inside its own entries, or a deferred header): it needs a fixup */
  held = false;
}

/** How many IObjectReference steps one object may take before its real object (.NET allows 100). */
export const MAX_OBJECT_REFERENCE_STEPS = 100;

/**
 * The reading half of the graph engine (.NET's ObjectReader): the GraphSink a format's decoder
 * drives. It creates every object — only registered classes, built-ins, and binder- or
 * surrogate-chosen types — registers each under the next id before its members are read (so
 * cycles need no fixups), counts the work against the limits, runs OnDeserializing, the
 * deserialization constructors, surrogates and IObjectReference, and hands replacements and
 * after-graph events to its ObjectManager.
 */
export class ObjectReader extends BudgetedSink implements GraphSink<TypeEntry>, ResolutionContext {
  /** id → object; entries [0, count) belong to the graph being read */
  private objs: unknown[] = [];
  private count = 0;
  /** ids of instances whose bodies are deferred, in header order (bodies come in the same order) */
  private deferredIds: number[] = [];
  private nextDeferred = 0;
  private readonly manager = new ObjectManager();
  private readonly flood = new HashFloodGuard();
  /** ISerializable objects whose constructors have not run yet (references to them get a Placeholder) */
  private openPlaceholders = 0;
  dec!: GraphDecoder;
  context!: StreamingContext;
  selector: ISurrogateSelector | null = null;
  binder: SerializationBinder | null = null;
  /** a foreign format's naming rules (NRBF), or null for weft's own */
  dialect: TypeDialect | null = null;
  busy = false;

  /** Starts a graph read by `dec`. */
  begin(dec: GraphDecoder): void {
    this.dec = dec;
    this.count = 0;
    this.resetBudget();
    // release() left the rest empty
    this.nextDeferred = 0;
    this.openPlaceholders = 0;
  }

  /** The graph's objects all exist: fixups, then events; returns the root to hand out. */
  end(root: unknown): unknown {
    return this.manager.finish(root, this.objs, this.count, this.context);
  }

  /** Drops the graph (kept storage aside), whether it was read or failed. */
  release(): void {
    if (this.objs.length > 1 << 20) this.objs = [];
    else if (this.count !== 0) this.objs.fill(undefined, 0, this.count);
    this.count = 0;
    // (setting length is a runtime call even on an empty array)
    if (this.deferredIds.length !== 0) this.deferredIds.length = 0;
    this.manager.reset();
    this.flood.reset();
  }

  /**
   * A type's resolution depends on the registry and the layout alone only when there is no
   * binder (asked once per graph) and no surrogate selector (whose contents and the context
   * can change between calls): then the registry's version stamps it.
   */
  typeCacheStamp(): number {
    return this.binder === null && this.selector === null ? registryVersion() : -1;
  }

  protected where(): number {
    return this.dec.at();
  }

  private register(o: unknown): number {
    this.unit();
    const id = this.count++;
    this.objs[id] = o;
    return id;
  }

  ref(id: number, at: number): unknown {
    this.checkRef(id, this.count, at);
    const o = this.objs[id];
    if (this.openPlaceholders > 0 && o instanceof Placeholder) o.held = true;
    return o;
  }

  reserve(): number {
    return this.register(null);
  }

  date(time: number): unknown {
    const d = new Date(time);
    this.register(d);
    return d;
  }

  regexp(source: string, flags: string, at: number): unknown {
    this.regExpAllowed(at);
    const id = this.register(null);
    let re: RegExp;
    try {
      re = new RegExp(source, flags);
    } catch {
      return this.fail('INVALID_VALUE', 'invalid RegExp source or flags', at);
    }
    this.objs[id] = re;
    return re;
  }

  arrayBuffer(bytes: Uint8Array, at: number): unknown {
    if (bytes.length > this.limits.maxBytes) this.fail('LIMIT_EXCEEDED', 'ArrayBuffer larger than limits.maxBytes', at);
    this.work(HEAVY_ARRAY_BUFFER);
    const copy = copyBytes(bytes);
    this.register(copy.buffer);
    return copy.buffer;
  }

  typedArray(id: number, kind: number, buffer: unknown, byteOffset: number, length: number, at: number): unknown {
    if (kind > DATA_VIEW_KIND) this.fail('INVALID_VALUE', `typed array kind ${kind} is unknown`, at);
    if (!(buffer instanceof ArrayBuffer)) return this.fail('TYPE_MISMATCH', 'a typed array whose buffer is not an ArrayBuffer', at);
    const Ctor = TYPED_ARRAY_CTORS[kind]!;
    const unit = kind === DATA_VIEW_KIND ? 1 : (Ctor as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
    if (byteOffset % unit !== 0 || byteOffset + length * unit > buffer.byteLength) {
      this.fail('INVALID_VALUE', `typed array view (offset ${byteOffset}, length ${length}) does not fit its ${buffer.byteLength}-byte buffer`, at);
    }
    const view = new (Ctor as unknown as new (b: ArrayBuffer, o: number, l: number) => ArrayBufferView)(buffer, byteOffset, length);
    this.objs[id] = view;
    return view;
  }

  error(kind: number, at: number): unknown {
    if (kind >= ERROR_CTORS.length) this.fail('INVALID_VALUE', `error kind ${kind} is unknown`, at);
    const err = Object.create(ERROR_CTORS[kind]!.prototype) as Error;
    this.register(err);
    return err;
  }

  errorFill(err: unknown, name: string, message: string, stack: unknown, cause: unknown): void {
    const e = err as Error;
    if (name !== (Object.getPrototypeOf(e) as Error).name) defineOwn(e, 'name', name, false);
    defineOwn(e, 'message', message, false);
    if (typeof stack === 'string') defineOwn(e, 'stack', stack, false);
    if (cause !== undefined) defineOwn(e, 'cause', cause, false);
  }

  /**
   * A small array is made with exactly its n slots (an empty `[]` would grow to 17 on its
   * first element); large ones grow as elements arrive, so nested arrays that claim the whole
   * input cannot each reserve it up front.
   */
  array(n: number): unknown {
    const a: unknown[] = n >= 0 && n <= SMALL_ARRAY ? new Array(n) : [];
    this.register(a);
    return a;
  }

  item(a: unknown, i: number, v: unknown): void {
    (a as unknown[])[i] = v;
  }

  holes(): void {}

  arrayEnd(a: unknown, n: number): void {
    const arr = a as unknown[];
    if (arr.length === n) return;
    // Trailing holes. Setting `length` far past the elements would allocate every slot of a
    // fast array (a 53-byte JSON run of 16 M holes: 128 MB); a store past a long gap makes
    // V8 keep the array sparse first.
    if (n - arr.length > SPARSE_GAP) {
      arr[n - 1] = undefined;
      delete arr[n - 1];
    }
    arr.length = n;
  }

  object(nullProto: boolean): unknown {
    if (nullProto) this.work(HEAVY_NULL_PROTO);
    const o: object = nullProto ? Object.create(null) : {};
    this.register(o);
    return o;
  }

  entry(o: unknown, key: string, v: unknown, at: number): void {
    if (Object.prototype.hasOwnProperty.call(o, key)) this.fail('INVALID_VALUE', 'an object has two entries with one key', at);
    // Own data property, whatever the key: "__proto__" never reaches a setter.
    defineOwn(o as object, key, v);
  }

  map(): unknown {
    this.work(HEAVY_MAP_OR_SET);
    const m = new Map();
    this.register(m);
    return m;
  }

  mapEntry(m: unknown, k: unknown, v: unknown, at: number): void {
    const map = m as Map<unknown, unknown>;
    const before = map.size;
    map.set(k, v);
    if (before >= GUARD_FROM - 1 && (typeof k === 'number' || typeof k === 'bigint') && !this.flood.added(map, k, map.size !== before)) this.flooded('Map keys', at);
  }

  set(): unknown {
    this.work(HEAVY_MAP_OR_SET);
    const s = new Set();
    this.register(s);
    return s;
  }

  setEntry(s: unknown, v: unknown, at: number): void {
    const set = s as Set<unknown>;
    const before = set.size;
    set.add(v);
    if (before >= GUARD_FROM - 1 && (typeof v === 'number' || typeof v === 'bigint') && !this.flood.added(set, v, set.size !== before)) this.flooded('Set elements', at);
  }

  private flooded(what: string, at: number): never {
    return this.fail(
      'LIMIT_EXCEEDED',
      `the ${what} of this stream collide in the JavaScript engine's number hash (a hash-flooding input): inserting them would take time quadratic in their count`,
      at,
    );
  }

  placeholder(o: unknown): unknown {
    return o;
  }

  type(assembly: string, name: string, custom: boolean, names: readonly string[], kinds: readonly number[], at: number): TypeEntry {
    return resolveType(this, assembly, name, custom, names, kinds, at);
  }

  instance(t: TypeEntry, deferred: boolean, at: number): unknown {
    if (t.plain && !deferred) {
      // The common case: make, register, read its members; nothing else to run or remember.
      const meta = t.meta!;
      const o = this.create(meta);
      this.register(o);
      this.enter();
      meta.readFields(this.dec, o);
      this.depth--;
      return o;
    }
    if (t.custom || t.infoNames !== null) return this.customHeader(t, deferred, at);
    const meta = t.meta!;
    const o = this.create(meta);
    const id = this.register(o);
    this.manager.track(o, meta);
    if (deferred) {
      this.deferredIds.push(id);
      return o;
    }
    this.enter();
    this.fields(o, t, meta);
    this.depth--;
    return this.objectReference(o, meta, id);
  }

  instanceBody(o: unknown, t: TypeEntry, at: number): void {
    const id = this.deferredIds[this.nextDeferred++]!;
    if (t.custom || t.infoNames !== null) {
      this.customBody(o as object, t, id, at);
      return;
    }
    this.fields(o as object, t, t.meta!);
    this.objectReference(o as object, t.meta, id);
  }

  private create(meta: ClassMeta): object {
    try {
      return meta.create();
    } catch (e) {
      throw asSerializationException(e, `creating an instance of ${meta.name}`);
    }
  }

  /** OnDeserializing, base class first, on a new instance of `meta`. */
  private deserializing(o: object, meta: ClassMeta): void {
    if (meta.onDeserializing !== null) {
      for (const cb of meta.onDeserializing) callUser(cb, o, this.context, meta.name, 'OnDeserializing');
    }
  }

  private fields(o: object, t: TypeEntry, meta: ClassMeta): void {
    this.deserializing(o, meta);
    if (t.fast) {
      meta.readFields(this.dec, o);
      return;
    }
    const map = t.map!;
    const dec = this.dec;
    const kinds = t.kinds;
    for (let i = 0; i < map.length; i++) {
      const at = dec.at();
      const v = dec.member(kinds[i]!);
      const m = map[i]!;
      if (m === null) continue;
      this.setByName(o, meta, m, v, 'the stream', at);
    }
  }

  /**
   * IObjectReference: the object stands for getRealObject(context) everywhere in the graph.
   * When that is an IObjectReference too, it is asked in turn, until an object answers with
   * itself or is no IObjectReference (at most MAX_OBJECT_REFERENCE_STEPS steps; a chain that
   * comes back to an object it passed is an error, as in .NET).
   */
  private objectReference(o: object, meta: ClassMeta | null, id: number): object {
    if (meta !== null ? !meta.isObjectReference : !isObjectReference(o)) return o;
    let current = o;
    let seen: object[] | null = null;
    for (let step = 0; ; step++) {
      let real: unknown;
      try {
        real = (current as { getRealObject(c: StreamingContext): unknown }).getRealObject(this.context);
      } catch (e) {
        throw asSerializationException(e, `${typeLabel(current)}.getRealObject`);
      }
      if (real === current) break;
      if (real === null || typeof real !== 'object') this.fail('INVALID_VALUE', `${typeLabel(current)}.getRealObject must return an object, not ${describe(real)}`);
      current = real as object;
      if (!isObjectReference(current)) break;
      (seen ??= [o]).push(current);
      if (seen.indexOf(current) < seen.length - 1) {
        this.fail('INVALID_VALUE', `IObjectReference chain from ${typeLabel(o)} loops: ${seen.map(typeLabel).join(' → ')}; getRealObject must end at an object that is not an IObjectReference, or return itself`);
      }
      if (step + 1 >= MAX_OBJECT_REFERENCE_STEPS) {
        this.fail('LIMIT_EXCEEDED', `IObjectReference chain from ${typeLabel(o)} is longer than ${MAX_OBJECT_REFERENCE_STEPS} steps`);
      }
    }
    if (current === o) return o;
    this.objs[id] = current;
    this.manager.replace(o, current);
    return current;
  }

  /** Custom (SerializationInfo) instance: for surrogates the object exists first; for ISerializable it waits. */
  private customHeader(t: TypeEntry, deferred: boolean, at: number): object {
    let o: object;
    if (t.surrogate !== null) {
      o = t.meta ? this.create(t.meta) : (Object.create((t.ctor as { prototype: object }).prototype) as object);
    } else if (t.meta !== null && !t.meta.custom) {
      // A plain class written through a SerializationInfo (info.setType): exists first, filled by name.
      const meta = t.meta;
      o = this.create(meta);
      this.manager.track(o, meta);
      this.deserializing(o, meta);
    } else {
      const p = new Placeholder();
      // Its place among the after-graph events is where its reading starts (see ObjectManager.track).
      p.slot = this.manager.track(p, t.meta!);
      p.held = deferred;
      this.openPlaceholders++;
      o = p;
    }
    const id = this.register(o);
    if (deferred) {
      this.deferredIds.push(id);
      return o;
    }
    this.enter();
    const result = this.customBody(o, t, id, at);
    this.depth--;
    return result;
  }

  private customBody(o: object, t: TypeEntry, id: number, at: number): object {
    const dec = this.dec;
    const info = new SerializationInfo(t.ctor, t.name, t.assembly);
    const names = t.infoNames;
    // Member-by-member data (a binder mapped a plain type onto an ISerializable class or a
    // surrogate-handled one) reaches them as entries named by the stream's layout.
    const n = names === null ? dec.entryCount() : names.length;
    let holdsObjects = false;
    for (let i = 0; i < n; i++) {
      const entryAt = dec.at();
      const name = names === null ? dec.entryName() : names[i]!;
      if (names === null) this.unit();
      const v = names === null ? dec.value() : dec.member(t.kinds[i]!);
      if (typeof v === 'object' && v !== null) holdsObjects = true;
      if (!info.add(name, v)) this.fail('INVALID_VALUE', `SerializationInfo of ${t.meta?.name ?? t.ctor!.name} has two entries with one name`, entryAt);
    }
    // Constructors and surrogates may keep the info: its object entries get the same fixups as
    // the graph. An info of primitives needs none, and is not held past this object.
    if (holdsObjects) this.manager.keepInfo(info);
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
      this.populate(o, t.meta!, info, at);
      result = o;
    } else {
      const meta = t.meta!;
      // OnDeserializing runs inside the constructor, before its body reads the info.
      try {
        result = constructFromInfo(meta, info, this.context);
      } catch (e) {
        throw asSerializationException(e, `the deserialization constructor of ${meta.name}`);
      }
      const p = o as Placeholder;
      if (p.slot >= 0) this.manager.fill(p.slot, result);
      this.openPlaceholders--;
      this.objs[id] = result;
      // Only a placeholder something holds needs patching; the caller gets `result` itself.
      if (p.held) this.manager.replace(o, result);
      return this.objectReference(result, metaOf(result) ?? null, id);
    }
    if (result !== o) {
      this.objs[id] = result;
      this.manager.replace(o, result);
    }
    return this.objectReference(result, metaOf(result) ?? null, id);
  }

  /** Sets a member matched by name, once its value fits the member's declared kind. */
  private setByName(o: object, meta: ClassMeta, m: FlatMember, v: unknown, source: string, at: number): void {
    if (!kindAccepts(m.kind, v)) this.fail('TYPE_MISMATCH', `member "${m.name}" of ${meta.name} is declared ${MEMBER_KIND_NAMES[m.kind] ?? 'any'}, but ${source} holds ${describe(v)}`, at);
    meta.setMember(o, m, v);
  }

  /** Fills a plain compiled class from a SerializationInfo by member name (extra entries are skipped). */
  private populate(o: object, meta: ClassMeta, info: SerializationInfo, at: number): void {
    for (const m of meta.members) {
      if (!info.has(m.name)) {
        if (!m.optional) this.fail('MISSING_MEMBER', `type ${meta.name}: the SerializationInfo it was written with lacks required member "${m.name}"`, at);
        continue;
      }
      this.setByName(o, meta, m, info.getValue(m.name), 'the SerializationInfo', at);
    }
  }
}

function isObjectReference(o: object): boolean {
  return typeof (o as { getRealObject?: unknown }).getRealObject === 'function';
}

/** A program-side name for an object in messages: its registered class, else its constructor's name. */
function typeLabel(o: object): string {
  const meta = metaOf(o);
  if (meta !== undefined) return meta.name;
  const ctor = (Object.getPrototypeOf(o) as { constructor?: unknown } | null)?.constructor;
  return typeof ctor === 'function' && ctor.name ? ctor.name : 'object';
}
