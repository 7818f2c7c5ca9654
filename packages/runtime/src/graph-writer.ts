import { SerializationException, asSerializationException } from './errors.js';
import { ClassMeta, type FlatMember, META, getUnmarkedBase, metaOfConstructor, notSerializableReason } from './registry.js';
import { SerializationInfo } from './serialization-info.js';
import type { ISerializationSurrogate, ISurrogateSelector, SerializationBinder } from './surrogates.js';
import type { StreamingContext } from './streaming-context.js';
import { writeFrameHeader } from './wire/frame.js';
import { ByteWriter } from './wire/writer.js';
import {
  CLASS_SMALL_MAX, DATA_VIEW_KIND, ERROR_CTORS, FIXINT_MAX, HEADER_SIZE, Tag, TYPED_ARRAY_CTORS, TypeKind,
} from './wire/tags.js';

/**
 * Walks one object graph and writes it in the weft binary format. Generated class code calls
 * `value()` for each member. Every object gets an id the first time it is written; later
 * occurrences are written as references. Past MAX_INLINE_DEPTH nested objects, an object's
 * body is queued and written after the root, so the JS stack stays bounded for any depth.
 */
const MAX_INLINE_DEPTH = 400;
let generation = 0;
/** Writers currently inside writeGraph: a nested call (from a callback) must not touch the stamps. */
let activeWriters = 0;

/** Raised inside the walk; carries the offending value so outer levels can name the member path. */
class WalkError extends Error {
  constructor(readonly inner: SerializationException, readonly offending: unknown, readonly path: string[]) {
    super(inner.message);
  }
}

const enum Compound {
  Array,
  Object,
  ObjectNullProto,
  Map,
  Set,
  Class,
  Custom,
}

interface Deferred {
  o: object;
  kind: Compound;
  meta: ClassMeta | null;
  info: SerializationInfo | null;
}

export class GraphWriter {
  readonly out: ByteWriter;
  /**
   * Identity: instances of compiled classes carry a hidden generated slot (see ClassInfo.idOf)
   * that holds their id in this graph, verified against byId so stale or copied stamps never
   * alias; everything else (arrays, built-ins, instances made without their constructor)
   * goes through the Map. byId holds every object written, indexed by id.
   */
  private ids = new Map<object, number>();
  private byId: (object | undefined)[] = [];
  private count = 0;
  private useSlots = false;
  private gen = 0;
  private typeCount = 0;
  /** custom (SerializationInfo) type defs of this graph, by assembly\0name */
  private customTypes = new Map<string, number>();
  private depth = 0;
  private deferred: Deferred[] = [];
  private serialized: { o: object; meta: ClassMeta }[] = [];
  private surrogateCache = new Map<Function, ISerializationSurrogate | null>();
  context!: StreamingContext;
  selector: ISurrogateSelector | null = null;
  binder: SerializationBinder | null = null;
  busy = false;

  constructor(out = new ByteWriter()) {
    this.out = out;
  }

  /** Writes one framed graph at the writer's current position; returns its length in bytes. */
  writeGraph(root: unknown): number {
    const w = this.out;
    const start = w.pos;
    this.gen = ++generation;
    this.ids.clear();
    this.count = 0;
    this.typeCount = 0;
    this.customTypes.clear();
    this.surrogateCache.clear();
    this.depth = 0;
    this.deferred.length = 0;
    this.serialized.length = 0;
    w.ensure(HEADER_SIZE);
    writeFrameHeader(w.buf, start);
    w.pos = start + HEADER_SIZE;
    this.useSlots = activeWriters === 0;
    activeWriters++;
    try {
      this.value(root);
      for (let i = 0; i < this.deferred.length; i++) {
        const d = this.deferred[i]!;
        this.deferred[i] = undefined as never;
        this.depth = 0;
        this.body(d.o, d.kind, d.meta, d.info);
      }
    } catch (e) {
      throw e instanceof WalkError ? withPath(e) : asSerializationException(e, 'serialize');
    } finally {
      activeWriters--;
      // Drop the references (so the graph can be collected) but keep the array's storage.
      const byId = this.byId;
      if (byId.length > 1 << 20) byId.length = 0;
      else byId.fill(undefined, 0, this.count);
      this.ids.clear();
    }
    const bodyLength = w.pos - start - HEADER_SIZE;
    if (bodyLength > 0xffffffff) throw new SerializationException('LIMIT_EXCEEDED', 'a single graph cannot exceed 4 GiB');
    w.u32At(start + 4, bodyLength);
    for (const { o, meta } of this.serialized) {
      for (const cb of meta.onSerialized!) callUser(cb, o, this.context, meta, 'OnSerialized');
    }
    this.serialized.length = 0;
    return w.pos - start;
  }

  /** Writes any value. Called by generated code for every member. */
  value(v: unknown): void {
    switch (typeof v) {
      case 'number':
        return this.number(v);
      case 'string':
        return this.out.string(v, Tag.String, Tag.String16);
      case 'object':
        if (v === null) return this.out.u8(Tag.Null);
        return this.object(v);
      case 'boolean':
        return this.out.u8(v ? Tag.True : Tag.False);
      case 'undefined':
        return this.out.u8(Tag.Undefined);
      case 'bigint':
        return this.bigint(v);
      default:
        throw new WalkError(new SerializationException('NOT_SERIALIZABLE', `a ${typeof v} is not serializable`), v, []);
    }
  }

  /** A member declared `number`: skips the typeof dispatch; any other runtime value still goes through value(). */
  num(v: unknown): void {
    if (typeof v === 'number') this.number(v);
    else this.value(v);
  }

  /** A member declared `string` (same contract as num). */
  str(v: unknown): void {
    if (typeof v === 'string') this.out.string(v, Tag.String, Tag.String16);
    else this.value(v);
  }

  /** A member declared as an object type (class, array, Date...): null and objects directly. */
  obj(v: unknown): void {
    if (typeof v === 'object') {
      if (v === null) this.out.u8(Tag.Null);
      else this.object(v);
    } else this.value(v);
  }

  number(v: number): void {
    const out = this.out;
    if ((v | 0) === v) {
      if (v >= 0 && v <= FIXINT_MAX) {
        if (v === 0 && 1 / v < 0) return this.float(v);
        return out.u8(Tag.FixInt | v);
      }
      return out.tagVarint(Tag.Int, ((v << 1) ^ (v >> 31)) >>> 0);
    }
    this.float(v);
  }

  private float(v: number): void {
    this.out.tagFloat64(Tag.Float64, v);
  }

  private bigint(v: bigint): void {
    const neg = v < 0n;
    let mag = neg ? -v : v;
    const bytes: number[] = [];
    while (mag > 0n) {
      bytes.push(Number(mag & 0xffn));
      mag >>= 8n;
    }
    this.out.tagVarint(neg ? Tag.BigIntNeg : Tag.BigIntPos, bytes.length);
    this.out.bytes(Uint8Array.from(bytes));
  }

  private object(o: object): void {
    const proto = Object.getPrototypeOf(o) as Record<symbol, ClassMeta | undefined> | null;
    let meta = proto !== null ? proto[META] : undefined;
    if (meta !== undefined && meta.proto !== proto) meta = undefined;
    let slot: ClassMeta | null = null;
    if (meta !== undefined && meta.idOf !== null && this.useSlots) {
      const s = meta.idOf(o);
      if (s >= 0 && this.byId[s] === o) return this.out.tagVarint(Tag.Ref, s);
      if (s !== -2) slot = meta;
    }
    if (slot === null) {
      const id = this.ids.get(o);
      if (id !== undefined) return this.out.tagVarint(Tag.Ref, id);
    }
    if (this.selector !== null) {
      const surrogate = this.surrogateFor(o);
      if (surrogate !== null) return this.surrogate(o, surrogate, slot);
    }
    if (meta !== undefined) {
      if (meta.custom) return this.custom(o, meta, slot);
      if (this.depth >= MAX_INLINE_DEPTH || meta.onSerializing !== null || meta.onSerialized !== null) return this.compound(o, Compound.Class, meta, null, slot);
      // The common case, without the generic compound/body dispatch.
      this.register(o, slot);
      this.typeRef(meta, o);
      this.depth++;
      try {
        meta.writeFields(this, o);
      } catch (e) {
        throw this.annotate(e, o, meta);
      }
      this.depth--;
      return;
    }
    if (proto === null) return this.compound(o, Compound.ObjectNullProto, null, null, null);
    if ((proto as object) === Array.prototype) return this.compound(o, Compound.Array, null, null, null);
    if ((proto as object) === Object.prototype) return this.compound(o, Compound.Object, null, null, null);
    return this.builtin(o, proto);
  }

  /** Gives `o` the next id: in its class's hidden slot when it has one, else in the Map. */
  private register(o: object, slot: ClassMeta | null): void {
    const id = this.count++;
    this.byId[id] = o;
    if (slot !== null) slot.setId!(o, id);
    else this.ids.set(o, id);
  }

  private builtin(o: object, proto: object): void {
    const out = this.out;
    if (proto === Map.prototype) return this.compound(o, Compound.Map, null, null, null);
    if (proto === Set.prototype) return this.compound(o, Compound.Set, null, null, null);
    if (proto === Date.prototype) {
      this.register(o, null);
      return out.tagFloat64(Tag.Date, (o as Date).getTime());
    }
    if (proto === RegExp.prototype) {
      this.register(o, null);
      out.u8(Tag.RegExp);
      out.string((o as RegExp).source, Tag.String, Tag.String16);
      return out.string((o as RegExp).flags, Tag.String, Tag.String16);
    }
    if (proto === ArrayBuffer.prototype) {
      this.register(o, null);
      const bytes = new Uint8Array(o as ArrayBuffer);
      out.tagVarint(Tag.ArrayBuffer, bytes.length);
      return out.bytes(bytes);
    }
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
        this.register(o, null);
        out.u8(Tag.TypedArray);
        out.u8(kind);
        if (subclass) {
          this.register({}, null); // the private copy of its bytes is an object of the stream
          out.tagVarint(Tag.ArrayBuffer, view.byteLength);
          out.bytes(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
          out.varint(0);
          return out.varint(length);
        }
        this.value(view.buffer);
        out.varint(view.byteOffset);
        return out.varint(length);
      }
    }
    const errorKind = ERROR_CTORS.findIndex((c) => c.prototype === proto);
    if (errorKind >= 0 || o instanceof Error) {
      // Error subclasses that are not marked keep the nearest built-in error kind.
      this.register(o, null);
      const err = o as Error & { cause?: unknown };
      out.u8(Tag.Error);
      out.u8(errorKind >= 0 ? errorKind : 0);
      out.string(String(err.name), Tag.String, Tag.String16);
      out.string(String(err.message), Tag.String, Tag.String16);
      this.value(typeof err.stack === 'string' ? err.stack : undefined);
      this.depth++;
      this.value(Object.prototype.hasOwnProperty.call(err, 'cause') ? err.cause : undefined);
      this.depth--;
      return;
    }
    const ctor = (proto as { constructor?: Function }).constructor;
    throw this.fail(o, '', '', notSerializableReason(typeof ctor === 'function' ? ctor : undefined));
  }

  private fail(o: unknown, code: 'NOT_SERIALIZABLE' | '', message: string, err?: SerializationException): WalkError {
    return new WalkError(err ?? new SerializationException(code as 'NOT_SERIALIZABLE', message), o, []);
  }

  /** Arrays, plain objects, maps, sets and class instances: header now, body now or queued. */
  private compound(o: object, kind: Compound, meta: ClassMeta | null, info: SerializationInfo | null, slot: ClassMeta | null): void {
    this.register(o, slot);
    const out = this.out;
    const deferred = this.depth >= MAX_INLINE_DEPTH;
    if (deferred) out.u8(Tag.Defer);
    switch (kind) {
      case Compound.Array: out.u8(Tag.Array); break;
      case Compound.Object: out.u8(Tag.Object); break;
      case Compound.ObjectNullProto: out.u8(Tag.ObjectNullProto); break;
      case Compound.Map: out.u8(Tag.Map); break;
      case Compound.Set: out.u8(Tag.Set); break;
      case Compound.Class: this.typeRef(meta!, o); break;
      case Compound.Custom: this.customTypeRef(info!); break;
    }
    if (deferred) {
      this.deferred.push({ o, kind, meta, info });
      return;
    }
    this.depth++;
    this.body(o, kind, meta, info);
    this.depth--;
  }

  private body(o: object, kind: Compound, meta: ClassMeta | null, info: SerializationInfo | null): void {
    const out = this.out;
    switch (kind) {
      case Compound.Class: {
        const m = meta!;
        if (m.onSerializing !== null) {
          for (const cb of m.onSerializing) callUser(cb, o, this.context, m, 'OnSerializing');
        }
        if (m.onSerialized !== null) this.serialized.push({ o, meta: m });
        try {
          m.writeFields(this, o);
        } catch (e) {
          throw this.annotate(e, o, m);
        }
        return;
      }
      case Compound.Array: {
        const a = o as unknown[];
        const n = a.length;
        out.varint(n);
        for (let i = 0; i < n; i++) {
          const v = a[i];
          // `in` only when needed: it is a slow lookup, and holes read as undefined.
          if (v === undefined && !(i in a)) {
            out.u8(Tag.Hole);
            continue;
          }
          try {
            this.value(v);
          } catch (e) {
            throw this.annotatePath(e, `[${i}]`, o);
          }
        }
        return;
      }
      case Compound.Object:
      case Compound.ObjectNullProto: {
        const keys = Object.keys(o);
        out.varint(keys.length);
        for (const k of keys) {
          out.string(k, Tag.String, Tag.String16);
          try {
            this.value((o as Record<string, unknown>)[k]);
          } catch (e) {
            throw this.annotatePath(e, `.${k}`, o);
          }
        }
        return;
      }
      case Compound.Map: {
        const m = o as Map<unknown, unknown>;
        out.varint(m.size);
        for (const [k, v] of m) {
          this.value(k);
          this.value(v);
        }
        return;
      }
      case Compound.Set: {
        const s = o as Set<unknown>;
        out.varint(s.size);
        for (const v of s) this.value(v);
        return;
      }
      case Compound.Custom: {
        const inf = info!;
        const n = inf.memberCount;
        out.varint(n);
        for (let i = 0; i < n; i++) {
          out.string(inf.entryName(i), Tag.String, Tag.String16);
          try {
            this.value(inf.entryValue(i));
          } catch (e) {
            throw this.annotatePath(e, `.${inf.entryName(i)}`, o);
          }
        }
        return;
      }
    }
  }

  /** Type header of a compiled class: its TypeDef the first time in this graph, an index after. */
  private typeRef(meta: ClassMeta, o: object): void {
    if (meta.wGen === this.gen) return this.typeIndex(meta.wIdx);
    const base = getUnmarkedBase(meta);
    if (base !== undefined) {
      throw this.fail(o, 'NOT_SERIALIZABLE', `class ${meta.name} extends ${base.name || 'an anonymous class'}, which is not marked @Serializable(): mark the base class too`);
    }
    meta.wGen = this.gen;
    meta.wIdx = this.typeCount++;
    const out = this.out;
    out.u8(Tag.TypeDef);
    if (this.binder === null) {
      // A class's TypeDef never changes without a binder: encode it once, copy it after.
      out.bytes((meta.typeDefBytes ??= encodeTypeDef(meta.assembly, meta.name, meta.members)));
      return;
    }
    const [assembly, name] = this.boundName(meta.ctor, meta.assembly, meta.name);
    writeTypeDefBody(out, assembly, name, TypeKind.Fields, meta.members);
  }

  private customTypeRef(info: SerializationInfo): void {
    const [assembly, name] = info.objectType !== null ? this.boundName(info.objectType, info.assemblyName, info.fullTypeName) : [info.assemblyName, info.fullTypeName];
    const key = `${assembly}\u0000${name}`;
    const idx = this.customTypes.get(key);
    if (idx !== undefined) return this.typeIndex(idx);
    this.customTypes.set(key, this.typeCount++);
    this.out.u8(Tag.TypeDef);
    writeTypeDefBody(this.out, assembly, name, TypeKind.Custom, []);
  }

  /** An instance of a type already defined in this graph. */
  private typeIndex(idx: number): void {
    if (idx <= CLASS_SMALL_MAX) this.out.u8(Tag.ClassSmall | idx);
    else this.out.tagVarint(Tag.Class, idx);
  }

  /** The wire identity of `type`: the binder's bindToName where it answers, else the default. */
  private boundName(type: Function, assembly: string, name: string): [string, string] {
    const bound = this.binder?.bindToName(type);
    return [bound?.assemblyName ?? assembly, bound?.typeName ?? name];
  }

  /** ISerializable: the object's state is whatever getObjectData puts into a SerializationInfo. */
  private custom(o: object, meta: ClassMeta, slot: ClassMeta | null): void {
    if (meta.onSerializing !== null) {
      for (const cb of meta.onSerializing) callUser(cb, o, this.context, meta, 'OnSerializing');
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
      s = this.selector!.getSurrogate(ctor, this.context) ?? null;
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

/** A TypeDef after its tag: assembly, name, kind, then each member's name and declared kind. */
function writeTypeDefBody(w: ByteWriter, assembly: string, name: string, kind: TypeKind, members: readonly FlatMember[]): void {
  w.string(assembly, Tag.String, Tag.String16);
  w.string(name, Tag.String, Tag.String16);
  w.u8(kind);
  w.varint(members.length);
  for (const m of members) {
    w.string(m.name, Tag.String, Tag.String16);
    w.u8(m.kind);
  }
}

function encodeTypeDef(assembly: string, name: string, members: readonly FlatMember[]): Uint8Array {
  const w = new ByteWriter(64);
  writeTypeDefBody(w, assembly, name, TypeKind.Fields, members);
  return w.buf.slice(0, w.pos);
}

function withPath(e: WalkError): SerializationException {
  if (e.path.length === 0) return e.inner;
  const path = e.path.join(' → ').replace(/ → (\[|\.)/g, '$1');
  return new SerializationException(e.inner.code, `${e.inner.message} (at ${path})`, { cause: e.inner.cause });
}

function callUser(cb: (o: any, c: StreamingContext) => void, o: object, context: StreamingContext, meta: ClassMeta, what: string): void {
  try {
    cb(o, context);
  } catch (e) {
    throw new WalkError(asSerializationException(e, `${meta.name} ${what} callback`), o, []);
  }
}
