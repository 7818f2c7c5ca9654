import { SerializationException, asSerializationException, quoted, relocate, toText } from '../errors.js';
import { SerializationInfo } from '../serialization-info.js';
import type { StreamingContext } from '../streaming-context.js';
import type { ISerializationSurrogate, ISurrogateSelector, SerializationBinder } from '../surrogates.js';
import type { ValueWriter } from '../codegen.js';
import { DATA_VIEW_KIND, ERROR_CTORS, MAX_INLINE_DEPTH, TYPED_ARRAY_CTORS } from './builtins.js';
import { Compound, type GraphEncoder } from './format.js';
import { ClassMeta, META, getUnmarkedBase, metaOfConstructor, notSerializableReason, outdatedCodegen } from './registry.js';
import { MemberKind } from './member-kinds.js';
import { callUser } from './user-code.js';

/**
 * The writing half of the graph engine (.NET's ObjectWriter): walks one object graph and
 * decides what every object is written as — an id the first time, a reference after; a
 * compiled class member by member, an ISerializable or surrogate-handled object as a
 * SerializationInfo, a built-in by its own rule — running OnSerializing/OnSerialized and the
 * binder, and tells a GraphEncoder what to put on the wire. Generated class code calls
 * `value()` (or the num/str/obj hints) for each member. Past MAX_INLINE_DEPTH nested objects
 * an object's body is queued and written after the root, so the JS stack stays bounded.
 */
let generation = 0;
/** Writers currently inside writeGraph: a nested call (from a callback) must not touch the stamps. */
let activeWriters = 0;

/** Raised inside the walk; carries the offending value so outer levels can name the member path. */
class WalkError extends Error {
  constructor(readonly inner: SerializationException, readonly offending: unknown, readonly path: string[]) {
    super(inner.message);
  }
}

interface Deferred {
  o: object;
  kind: Compound;
  meta: ClassMeta | null;
  info: SerializationInfo | null;
  type: number;
  id: number;
}

export class ObjectWriter implements ValueWriter {
  /**
   * Identity: instances of compiled classes carry a hidden generated slot (see ClassInfo.idOf)
   * that holds their id in this graph; everything else (arrays, built-ins, instances made
   * without their constructor) has its id in `ids`. Neither is ever cleared: an id counts only
   * when byId holds that very object under it in this graph, so stale or copied stamps never
   * alias, and a call costs no table rebuild (Map.clear allocates a new table). byId holds
   * every object written, indexed by id, and is emptied after each graph.
   */
  private ids = new WeakMap<object, number>();
  private byId: (object | undefined)[] = [];
  private count = 0;
  private useSlots = false;
  private gen = 0;
  private typeCount = 0;
  /** custom (SerializationInfo) types of this graph, by assembly\0name */
  private customTypes = new Map<string, number>();
  private depth = 0;
  private deferred: Deferred[] = [];
  private serialized: { o: object; meta: ClassMeta }[] = [];
  private surrogateCache = new Map<Function, ISerializationSurrogate | null>();
  enc!: GraphEncoder;
  context!: StreamingContext;
  selector: ISurrogateSelector | null = null;
  binder: SerializationBinder | null = null;
  busy = false;

  /** Writes one graph through `enc`; returns the size the encoder reports for it. */
  writeGraph(enc: GraphEncoder, root: unknown): number {
    this.enc = enc;
    this.gen = ++generation;
    this.count = 0;
    this.typeCount = 0;
    if (this.customTypes.size > 0) this.customTypes.clear();
    if (this.surrogateCache.size > 0) this.surrogateCache.clear();
    this.depth = 0;
    enc.beginGraph();
    this.useSlots = activeWriters === 0;
    activeWriters++;
    let size: number;
    try {
      this.value(root);
      for (let i = 0; i < this.deferred.length; i++) {
        const d = this.deferred[i]!;
        this.deferred[i] = undefined as never;
        this.depth = 0;
        this.body(d.o, d.kind, d.meta, d.info, d.type, d.id, true);
      }
      size = enc.endGraph();
      for (const { o, meta } of this.serialized) {
        for (const cb of meta.onSerialized!) callUser(cb, o, this.context, meta.name, 'OnSerialized');
      }
    } catch (e) {
      throw e instanceof WalkError ? withPath(e) : asSerializationException(e, 'serialize');
    } finally {
      activeWriters--;
      // Drop the references (so the graph can be collected) but keep the array's storage.
      const byId = this.byId;
      if (byId.length > 1 << 20) byId.length = 0;
      else byId.fill(undefined, 0, this.count);
      // (setting length is a runtime call even on an empty array)
      if (this.serialized.length !== 0) this.serialized.length = 0;
      if (this.deferred.length !== 0) this.deferred.length = 0;
    }
    return size;
  }

  /** Writes any value. Called by generated code for every member. */
  value(v: unknown): void {
    switch (typeof v) {
      case 'number':
        return this.enc.number(v);
      case 'string':
        return this.enc.string(v);
      case 'object':
        if (v === null) return this.enc.null();
        return this.object(v);
      case 'boolean':
        return this.enc.boolean(v);
      case 'undefined':
        return this.enc.undefined();
      case 'bigint':
        return this.enc.bigint(v);
      default:
        throw new WalkError(new SerializationException('NOT_SERIALIZABLE', `a ${typeof v} is not serializable`), v, []);
    }
  }

  /** A member declared `number`: skips the typeof dispatch; any other runtime value still goes through value(). */
  num(v: unknown): void {
    if (typeof v === 'number') this.enc.number(v);
    else this.value(v);
  }

  /** A member declared `string` (same contract as num). */
  str(v: unknown): void {
    if (typeof v === 'string') this.enc.string(v);
    else this.value(v);
  }

  /** A member declared as an object type (class, Date, Map...): written in its slot form (a reference takes no tag). */
  obj(v: unknown): void {
    if (typeof v === 'object') {
      if (v === null) this.enc.null();
      else this.object(v, MemberKind.Object);
    } else this.slotScalar(v);
  }

  /** A member declared as an array: a new array takes no tag. */
  arr(v: unknown): void {
    if (typeof v === 'object' && v !== null) this.object(v, MemberKind.Array);
    else this.slotScalar(v);
  }

  /** A member declared as an array of object types: a new array takes no tag, nor do references among its elements. */
  objs(v: unknown): void {
    if (typeof v === 'object' && v !== null) this.object(v, MemberKind.ObjectArray);
    else this.slotScalar(v);
  }

  /** Anything but an object in a member slot: as anywhere else, but a number never as a FixInt (those bytes mean something else in a slot). */
  private slotScalar(v: unknown): void {
    if (typeof v === 'number') this.enc.slotNumber(v);
    else this.value(v);
  }

  /** A reference, in the form its place takes (`form`: the member slot's MemberKind, Any elsewhere). */
  private ref(id: number, form: number): void {
    if (form === MemberKind.Object) this.enc.slotRef(id);
    else this.enc.ref(id);
  }

  /** Any object; `form` is the member slot it fills (MemberKind Object, Array or ObjectArray), else Any. */
  private object(o: object, form: number = MemberKind.Any): void {
    const proto = Object.getPrototypeOf(o) as Record<symbol, ClassMeta | undefined> | null;
    if (proto === (Array.prototype as object)) return this.array(o as unknown[], form);
    let meta = proto !== null ? proto[META] : undefined;
    if (meta !== undefined && meta.proto !== proto) meta = undefined;
    let slot: ClassMeta | null = null;
    if (meta !== undefined && meta.idOf !== null && this.useSlots) {
      const s = meta.idOf(o);
      if (s >= 0 && this.byId[s] === o) return this.ref(s, form);
      if (s !== -2) slot = meta;
    }
    if (slot === null) {
      const id = this.ids.get(o);
      if (id !== undefined && this.byId[id] === o) return this.ref(id, form);
    }
    if (this.selector !== null) {
      const surrogate = this.surrogateFor(o);
      if (surrogate !== null) return this.surrogate(o, surrogate, slot);
    }
    if (meta !== undefined) {
      if (meta.custom) return this.custom(o, meta, slot);
      if (this.depth >= MAX_INLINE_DEPTH || meta.onSerializing !== null || meta.onSerialized !== null) return this.compound(o, Compound.Instance, meta, null, slot);
      // The common case, without the generic compound/body dispatch.
      const id = this.register(o, slot);
      const type = this.typeOf(meta, o);
      const enc = this.enc;
      enc.open(Compound.Instance, id, 0, type);
      this.depth++;
      try {
        meta.writeFields(this, o);
      } catch (e) {
        throw this.annotate(e, o, meta);
      }
      this.depth--;
      enc.close(Compound.Instance);
      return;
    }
    if (proto === null) return this.compound(o, Compound.ObjectNullProto, null, null, null);
    if ((proto as object) === Object.prototype) return this.compound(o, Compound.Object, null, null, null);
    return this.builtin(o, proto);
  }

  /**
   * A plain array (the commonest compound): identity, then its elements inline unless too deep.
   * In an array or object[] member slot a new array takes no tag, and in an object[] slot its
   * elements are written in object slots.
   */
  private array(a: unknown[], form: number): void {
    const known = this.ids.get(a);
    if (known !== undefined && this.byId[known] === a) return this.ref(known, form);
    if (this.selector !== null) {
      const surrogate = this.surrogateFor(a);
      if (surrogate !== null) return this.surrogate(a, surrogate, null);
    }
    if (this.depth >= MAX_INLINE_DEPTH) return this.compound(a, Compound.Array, null, null, null);
    const id = this.register(a, null);
    const enc = this.enc;
    const count = a.length;
    if (form >= MemberKind.Array) enc.slotArray(id, count);
    else enc.open(Compound.Array, id, count, -1);
    this.depth++;
    this.elements(a, count, form === MemberKind.ObjectArray);
    this.depth--;
    enc.close(Compound.Array);
  }

  /**
   * An array's elements (its header is written): holes as holes, each value with its index in
   * errors; `objects`: each in an object slot (the array fills an object[] member).
   */
  private elements(a: unknown[], count: number, objects: boolean): void {
    const enc = this.enc;
    for (let i = 0; i < count; i++) {
      const v = a[i];
      // `in` only when needed: it is a slow lookup, and holes read as undefined.
      if (v === undefined && !(i in a)) {
        enc.hole();
        continue;
      }
      try {
        if (objects) this.obj(v);
        else this.value(v);
      } catch (e) {
        throw this.annotatePath(e, `[${i}]`, a);
      }
    }
    if (a.length !== count) throw this.changed(a, 'array', count);
  }

  /** Gives `o` the next id: in its class's hidden slot when it has one, else in the Map. */
  private register(o: object, slot: ClassMeta | null): number {
    const id = this.count++;
    this.byId[id] = o;
    if (slot !== null) slot.setId!(o, id);
    else this.ids.set(o, id);
    return id;
  }

  private builtin(o: object, proto: object): void {
    const enc = this.enc;
    if (proto === Map.prototype) return this.compound(o, Compound.Map, null, null, null);
    if (proto === Set.prototype) return this.compound(o, Compound.Set, null, null, null);
    if (proto === Date.prototype) return enc.date(this.register(o, null), (o as Date).getTime());
    if (proto === RegExp.prototype) return enc.regexp(this.register(o, null), (o as RegExp).source, (o as RegExp).flags);
    if (proto === ArrayBuffer.prototype) return enc.arrayBuffer(this.register(o, null), new Uint8Array(o as ArrayBuffer));
    if (ArrayBuffer.isView(o)) {
      let kind = TYPED_ARRAY_CTORS.findIndex((c) => c.prototype === proto);
      // A subclass such as Node's Buffer is written as its built-in kind with only its own
      // bytes: Buffers are often small slices of a shared 8 KiB pool.
      const subclass = kind < 0;
      if (subclass) kind = TYPED_ARRAY_CTORS.findIndex((c) => o instanceof c);
      if (kind >= 0) {
        const view = o as ArrayBufferView;
        if (!(view.buffer instanceof ArrayBuffer)) throw this.fail(o, 'NOT_SERIALIZABLE', 'a view of a SharedArrayBuffer is not serializable');
        const length = kind === DATA_VIEW_KIND ? view.byteLength : (view as Uint8Array).length;
        enc.typedArray(this.register(o, null), kind);
        if (subclass) {
          // The private copy of its bytes is an object of the stream.
          enc.arrayBuffer(this.register({}, null), new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
          return enc.typedArrayEnd(0, length);
        }
        this.value(view.buffer);
        return enc.typedArrayEnd(view.byteOffset, length);
      }
    }
    const errorKind = ERROR_CTORS.findIndex((c) => c.prototype === proto);
    if (errorKind >= 0 || o instanceof Error) {
      // Error subclasses that are not marked keep the nearest built-in error kind.
      const err = o as Error & { cause?: unknown };
      enc.error(this.register(o, null), errorKind >= 0 ? errorKind : 0, toText(err.name), toText(err.message));
      this.value(stackOf(err));
      this.depth++;
      this.value(Object.prototype.hasOwnProperty.call(err, 'cause') ? err.cause : undefined);
      this.depth--;
      return enc.errorEnd();
    }
    const ctor = (proto as { constructor?: Function }).constructor;
    throw this.fail(o, '', '', notSerializableReason(typeof ctor === 'function' ? ctor : undefined));
  }

  private fail(o: unknown, code: 'NOT_SERIALIZABLE' | '', message: string, err?: SerializationException): WalkError {
    return new WalkError(err ?? new SerializationException(code as 'NOT_SERIALIZABLE', message), o, []);
  }

  /**
   * A collection gained or lost entries while it was written (a callback or getter of one of its
   * values changed it): its count is already on the wire, so the frame would say something
   * else than the graph. serialize fails instead of returning it.
   */
  private changed(o: object, what: string, count: number): WalkError {
    const now = Array.isArray(o) ? o.length : (o as Map<unknown, unknown>).size;
    return new WalkError(
      new SerializationException('COLLECTION_MODIFIED', `a ${what} changed while it was being serialized (${count} entries when it was started, ${now} now): change collections before serialize, e.g. in an OnSerializing callback of the object that holds them, not of their entries`),
      o,
      [],
    );
  }

  /** Arrays, plain objects, maps, sets and class instances: header now, body now or queued. */
  private compound(o: object, kind: Compound, meta: ClassMeta | null, info: SerializationInfo | null, slot: ClassMeta | null): void {
    const id = this.register(o, slot);
    const type = kind === Compound.Instance ? this.typeOf(meta!, o) : kind === Compound.Custom ? this.customTypeOf(info!) : -1;
    if (this.depth >= MAX_INLINE_DEPTH) {
      this.enc.openDeferred(kind, id, type);
      this.deferred.push({ o, kind, meta, info, type, id });
      return;
    }
    this.depth++;
    this.body(o, kind, meta, info, type, id, false);
    this.depth--;
  }

  /** The body of a compound (opened here, inline or deferred), then closed. */
  private body(o: object, kind: Compound, meta: ClassMeta | null, info: SerializationInfo | null, type: number, id: number, deferred: boolean): void {
    const enc = this.enc;
    let count = 0;
    let keys: string[] | null = null;
    switch (kind) {
      case Compound.Array: count = (o as unknown[]).length; break;
      case Compound.Object:
      case Compound.ObjectNullProto: keys = Object.keys(o); count = keys.length; break;
      case Compound.Map: count = (o as Map<unknown, unknown>).size; break;
      case Compound.Set: count = (o as Set<unknown>).size; break;
      case Compound.Custom: count = info!.memberCount; break;
      case Compound.Instance: {
        // OnSerializing runs before the object's first byte of body.
        const m = meta!;
        if (m.onSerializing !== null) {
          for (const cb of m.onSerializing) this.callback(cb, o, m, 'OnSerializing');
        }
        if (m.onSerialized !== null) this.serialized.push({ o, meta: m });
        break;
      }
    }
    if (deferred) enc.openDeferredBody(kind, id, count, type);
    else enc.open(kind, id, count, type);
    switch (kind) {
      case Compound.Instance:
        try {
          meta!.writeFields(this, o);
        } catch (e) {
          throw this.annotate(e, o, meta!);
        }
        break;
      case Compound.Array:
        this.elements(o as unknown[], count, false);
        break;
      case Compound.Object:
      case Compound.ObjectNullProto:
        for (const k of keys!) {
          enc.key(k);
          try {
            this.value((o as Record<string, unknown>)[k]);
          } catch (e) {
            throw this.annotatePath(e, `.${k}`, o);
          }
        }
        break;
      case Compound.Map: {
        let i = 0;
        for (const [k, v] of o as Map<unknown, unknown>) {
          if (i === count) throw this.changed(o, 'Map', count);
          try {
            this.value(k);
          } catch (e) {
            throw this.annotatePath(e, `.keys()[${i}]`, o);
          }
          try {
            this.value(v);
          } catch (e) {
            throw this.annotatePath(e, `.get(${keyLabel(k, i)})`, o);
          }
          i++;
        }
        if (i !== count || (o as Map<unknown, unknown>).size !== count) throw this.changed(o, 'Map', count);
        break;
      }
      case Compound.Set: {
        let i = 0;
        for (const v of o as Set<unknown>) {
          if (i === count) throw this.changed(o, 'Set', count);
          try {
            this.value(v);
          } catch (e) {
            throw this.annotatePath(e, `.values()[${i}]`, o);
          }
          i++;
        }
        if (i !== count || (o as Set<unknown>).size !== count) throw this.changed(o, 'Set', count);
        break;
      }
      case Compound.Custom: {
        const inf = info!;
        for (let i = 0; i < count; i++) {
          enc.key(inf.entryName(i), inf.entryNetType(i));
          try {
            this.value(inf.entryValue(i));
          } catch (e) {
            throw this.annotatePath(e, `.${inf.entryName(i)}`, o);
          }
        }
        break;
      }
    }
    enc.close(kind);
  }

  /** The graph's type index of a compiled class, declared to the encoder on first use. */
  private typeOf(meta: ClassMeta, o: object): number {
    if (meta.wGen === this.gen) return meta.wIdx;
    const base = getUnmarkedBase(meta);
    if (base !== undefined) {
      throw this.fail(o, 'NOT_SERIALIZABLE', `class ${meta.name} extends ${base.name || 'an anonymous class'}, which is not marked @Serializable(): mark the base class too`);
    }
    if (meta.outdated) throw this.fail(o, '', '', outdatedCodegen(meta));
    const idx = this.typeCount++;
    meta.wGen = this.gen;
    meta.wIdx = idx;
    if (this.binder === null) {
      this.enc.defineType(idx, meta.assembly, meta.name, false, meta.members, meta);
    } else {
      const [assembly, name] = this.boundName(meta.ctor, meta.assembly, meta.name);
      this.enc.defineType(idx, assembly, name, false, meta.members, assembly === meta.assembly && name === meta.name ? meta : null);
    }
    return idx;
  }

  /** The graph's type index of a SerializationInfo's type (ISerializable, surrogate, SetType). */
  private customTypeOf(info: SerializationInfo): number {
    const [assembly, name] = info.objectType !== null ? this.boundName(info.objectType, info.assemblyName, info.fullTypeName) : [info.assemblyName, info.fullTypeName];
    const key = `${assembly}\u0000${name}`;
    const known = this.customTypes.get(key);
    if (known !== undefined) return known;
    const idx = this.typeCount++;
    this.customTypes.set(key, idx);
    this.enc.defineType(idx, assembly, name, true, [], null);
    return idx;
  }

  /** The wire identity of `type`: the binder's bindToName where it answers, else the default. */
  private boundName(type: Function, assembly: string, name: string): [string, string] {
    let bound: { assemblyName?: string; typeName?: string } | undefined;
    try {
      bound = this.binder?.bindToName(type);
    } catch (e) {
      throw this.fail(type, '', '', asSerializationException(e, 'SerializationBinder.bindToName'));
    }
    return [bound?.assemblyName ?? assembly, bound?.typeName ?? name];
  }

  /** ISerializable: the object's state is whatever getObjectData puts into a SerializationInfo. */
  private custom(o: object, meta: ClassMeta, slot: ClassMeta | null): void {
    if (meta.onSerializing !== null) {
      for (const cb of meta.onSerializing) this.callback(cb, o, meta, 'OnSerializing');
    }
    if (meta.onSerialized !== null) this.serialized.push({ o, meta });
    const info = new SerializationInfo(meta.ctor, meta.name, meta.assembly);
    const getObjectData = (o as { getObjectData?: unknown }).getObjectData;
    if (typeof getObjectData !== 'function') {
      throw this.fail(o, 'NOT_SERIALIZABLE', `class ${meta.name} implements ISerializable but has no getObjectData method`);
    }
    try {
      getObjectData.call(o, info, this.context);
    } catch (e) {
      throw this.fail(o, '', '', asSerializationException(e, `${meta.name}.getObjectData`));
    }
    this.compound(o, Compound.Custom, meta, info, slot);
  }

  private surrogateFor(o: object): ISerializationSurrogate | null {
    const ctor = (Object.getPrototypeOf(o) as { constructor?: Function } | null)?.constructor;
    if (typeof ctor !== 'function') return null;
    let s = this.surrogateCache.get(ctor);
    if (s === undefined) {
      try {
        s = this.selector!.getSurrogate(ctor, this.context) ?? null;
      } catch (e) {
        throw this.fail(o, '', '', asSerializationException(e, 'ISurrogateSelector.getSurrogate'));
      }
      this.surrogateCache.set(ctor, s);
    }
    return s;
  }

  private surrogate(o: object, surrogate: ISerializationSurrogate, slot: ClassMeta | null): void {
    const ctor = (Object.getPrototypeOf(o) as { constructor: Function }).constructor;
    const meta = metaOfConstructor(ctor);
    const info = new SerializationInfo(ctor, meta ? meta.name : ctor.name, meta ? meta.assembly : '');
    try {
      surrogate.getObjectData(o, info, this.context);
    } catch (e) {
      throw this.fail(o, '', '', asSerializationException(e, `surrogate for ${ctor.name}: getObjectData`));
    }
    this.compound(o, Compound.Custom, null, info, slot);
  }

  private callback(cb: (o: any, c: StreamingContext) => void, o: object, meta: ClassMeta, what: string): void {
    try {
      callUser(cb, o, this.context, meta.name, what);
    } catch (e) {
      throw this.fail(o, '', '', e as SerializationException);
    }
  }

  private annotate(e: unknown, o: object, meta: ClassMeta): unknown {
    if (!(e instanceof WalkError)) return e;
    // Find which member holds the offending value: only on the error path.
    for (const m of meta.members) {
      let v: unknown;
      try {
        v = meta.getMember(o, m);
      } catch {
        continue;
      }
      if (v === e.offending) {
        e.path.unshift(`${meta.name}.${m.name}`);
        return new WalkError(e.inner, o, e.path);
      }
    }
    e.path.unshift(meta.name);
    return new WalkError(e.inner, o, e.path);
  }

  private annotatePath(e: unknown, segment: string, container: object): unknown {
    if (!(e instanceof WalkError)) return e;
    e.path.unshift(segment);
    return new WalkError(e.inner, container, e.path);
  }
}

/**
 * A serialize failure with where in the graph it happened (there is no byte offset to give):
 * `(at Order.lines[2] → Line.product → Product.tags.values()[0])`, `(at root[3].get("k"))`, or
 * `(at the root)`.
 */
function withPath(e: WalkError): SerializationException {
  let path = e.path.length === 0 ? 'the root' : e.path.join(' → ').replace(/ → (\[|\.)/g, '$1');
  // A root array, plain object, Map or Set has no class name to start from.
  if (path.charCodeAt(0) === 0x2e || path.charCodeAt(0) === 0x5b) path = `root${path}`;
  return relocate(e.inner, `${e.inner.message} (at ${path})`, { cause: e.inner.cause });
}

/** An error's stack, if it has one: formatting it lazily runs its toString, which may throw. */
function stackOf(err: Error): string | undefined {
  try {
    return typeof err.stack === 'string' ? err.stack : undefined;
  } catch {
    return undefined;
  }
}

/** A Map key in a path: a string or number as written, anything else by its entry index. */
function keyLabel(k: unknown, i: number): string {
  if (typeof k === 'string') return quoted(k);
  if (typeof k === 'number' || typeof k === 'boolean') return String(k);
  if (typeof k === 'bigint') return `${k}n`;
  return `<key ${i}>`;
}
