import { SerializationException } from '../errors.js';
import type { SerializationLimits } from '../limits.js';
import { ByteWriter } from '../wire/writer.js';
import { writeFrameHeader } from '../wire/frame.js';
import {
  CLASS_SMALL_MAX, DATA_VIEW_KIND, ERROR_CTORS, FIXINT_MAX, HEADER_SIZE, Tag, TYPED_ARRAY_CTORS, TypeKind,
} from '../wire/tags.js';
import { fromBase64 } from './base64.js';
import { JSON_FORMAT_VERSION, MEMBER_KIND_NAMES } from './binary-to-json.js';
import { unescapeKey } from './nodes.js';

/** Past this many nested containers the encoder defers bodies, as the graph writer does. */
const MAX_INLINE_DEPTH = 400;
const MAX_BIGINT_DIGITS = 1_000_000;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

interface TypeSpec {
  readonly key: string;
  readonly assembly: string;
  readonly name: string;
  readonly kind: TypeKind;
  readonly members: readonly (readonly [string, number])[];
  /** index in this frame once its TypeDef was written */
  index: number;
}

const enum Body {
  Array,
  Object,
  Map,
  Set,
  Fields,
  Custom,
}

interface Task {
  body: Body;
  v: Json;
  type: TypeSpec | null;
}

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);
const isObject = (v: Json | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Markers that make a JSON object something other than a plain object, with the keys each allows. */
const MARKERS: Record<string, readonly string[]> = {
  $ref: [],
  $undefined: [],
  $number: [],
  $bigint: [],
  $array: ['$id'],
  $map: ['$id'],
  $set: ['$id'],
  $date: ['$id'],
  $regexp: ['$id', 'flags'],
  $arraybuffer: ['$id'],
  $typedarray: ['$id', 'buffer', 'byteOffset', 'length'],
  $error: ['$id', 'name', 'message', 'stack', 'cause'],
  $deferred: [],
  $holes: [],
};

/**
 * Turns one weft JSON document (text already decoded) into a binary frame that
 * BinaryFormatter.readFrame reads: the JSON is untrusted, so every shape is checked and every
 * failure is a SerializationException. Object ids are renumbered in header order, as the binary
 * format requires; "$id" values in the JSON are only labels that "$ref" names.
 */
export function documentToFrame(text: string, limits: Readonly<SerializationLimits>): Uint8Array {
  let doc: Json;
  try {
    doc = JSON.parse(text) as Json;
  } catch (e) {
    const pos = /position (\d+)/.exec(String((e as Error).message));
    throw new SerializationException('INVALID_VALUE', `the input is not valid JSON${pos ? ` (at character ${pos[1]})` : ''}`);
  }
  return new FrameEncoder(limits).run(doc);
}

class FrameEncoder {
  private readonly w = new ByteWriter(1024);
  private readonly labels = new Map<number, number>();
  private nextId = 0;
  private depth = 0;
  private typeCount = 0;
  private readonly types = new Map<string, TypeSpec>();
  private deferredDocs: Json[] = [];
  private readonly deferredUsed = new Set<number>();
  private readonly queue: Task[] = [];
  private readonly maxNesting: number;

  constructor(private readonly limits: Readonly<SerializationLimits>) {
    this.maxNesting = Math.max(limits.maxDepth, MAX_INLINE_DEPTH) * 3 + 16;
  }

  run(doc: Json): Uint8Array {
    if (!isObject(doc) || !hasOwn(doc, '$weft')) fail('INVALID_HEADER', 'not a weft JSON document: the top level must be an object with "$weft"');
    if (doc.$weft !== JSON_FORMAT_VERSION) fail('INVALID_HEADER', `weft JSON version ${JSON.stringify(doc.$weft)} is not supported (this runtime reads version ${JSON_FORMAT_VERSION})`);
    for (const k of Object.keys(doc)) {
      if (k !== '$weft' && k !== 'types' && k !== 'root' && k !== 'deferred') fail('INVALID_VALUE', `unknown top-level key ${JSON.stringify(k)} in a weft JSON document`);
    }
    if (!hasOwn(doc, 'root')) fail('INVALID_VALUE', 'the weft JSON document has no "root"');
    if (hasOwn(doc, 'types')) this.readTypes(doc.types!);
    if (hasOwn(doc, 'deferred')) {
      if (!Array.isArray(doc.deferred)) fail('INVALID_VALUE', '"deferred" must be an array');
      this.deferredDocs = doc.deferred;
    }
    const w = this.w;
    w.ensure(HEADER_SIZE);
    writeFrameHeader(w.buf, 0);
    w.pos = HEADER_SIZE;
    this.value(doc.root!);
    for (let i = 0; i < this.queue.length; i++) {
      const t = this.queue[i]!;
      this.queue[i] = undefined as never;
      this.depth = 0;
      this.body(t);
    }
    if (this.deferredUsed.size !== this.deferredDocs.length) fail('INVALID_VALUE', `"deferred" has ${this.deferredDocs.length} entries but only ${this.deferredUsed.size} are referenced by {"$deferred": n}`);
    const bodyLength = w.pos - HEADER_SIZE;
    if (bodyLength > this.limits.maxBytes) fail('LIMIT_EXCEEDED', `the graph is ${bodyLength} bytes, more than limits.maxBytes (${this.limits.maxBytes})`);
    w.u32At(4, bodyLength);
    return w.buf.subarray(0, w.pos);
  }

  private readTypes(types: Json): void {
    if (!isObject(types)) fail('INVALID_VALUE', '"types" must be an object');
    for (const key of Object.keys(types)) {
      const t = types[key];
      const where = `type ${JSON.stringify(key)}`;
      if (!isObject(t)) fail('INVALID_VALUE', `${where} must be an object`);
      for (const k of Object.keys(t)) if (k !== 'assembly' && k !== 'name' && k !== 'kind' && k !== 'members') fail('INVALID_VALUE', `${where} has an unknown key ${JSON.stringify(k)}`);
      const { assembly, name, kind } = t;
      if (typeof assembly !== 'string' || typeof name !== 'string') fail('INVALID_VALUE', `${where} needs string "assembly" and "name"`);
      if (kind !== 'fields' && kind !== 'custom') fail('INVALID_VALUE', `${where}: "kind" must be "fields" or "custom"`);
      const members: [string, number][] = [];
      if (kind === 'fields') {
        if (!Array.isArray(t.members)) fail('INVALID_VALUE', `${where}: "members" must be an array of [name, kind]`);
        if (t.members.length > this.limits.maxCollectionLength) fail('LIMIT_EXCEEDED', `${where} has more members than limits.maxCollectionLength`);
        const seen = new Set<string>();
        for (const m of t.members) {
          if (!Array.isArray(m) || m.length !== 2 || typeof m[0] !== 'string' || typeof m[1] !== 'string') fail('INVALID_VALUE', `${where}: each member must be [name, kind]`);
          const k = (MEMBER_KIND_NAMES as readonly string[]).indexOf(m[1]);
          if (k < 0) fail('INVALID_VALUE', `${where}: member kind ${JSON.stringify(m[1])} is not one of ${MEMBER_KIND_NAMES.join(', ')}`);
          if (seen.has(m[0])) fail('INVALID_VALUE', `${where} declares member ${JSON.stringify(m[0])} twice`);
          seen.add(m[0]);
          members.push([m[0], k]);
        }
      } else if (hasOwn(t, 'members')) fail('INVALID_VALUE', `${where}: a custom type has no "members"`);
      this.types.set(key, { key, assembly, name, kind: kind === 'fields' ? TypeKind.Fields : TypeKind.Custom, members, index: -1 });
    }
  }

  private newId(v: JsonObject | null): void {
    const id = this.nextId++;
    if (v === null || !hasOwn(v, '$id')) return;
    const label = v.$id;
    if (typeof label !== 'number' || !Number.isSafeInteger(label) || label < 0) fail('INVALID_VALUE', '"$id" must be a non-negative integer');
    if (this.labels.has(label)) fail('INVALID_VALUE', `"$id": ${label} is used by two objects`);
    this.labels.set(label, id);
  }

  private enter(): void {
    if (++this.depth > this.maxNesting) fail('LIMIT_EXCEEDED', `the JSON document nests deeper than ${this.maxNesting}`);
  }

  private str(s: string): void {
    this.w.string(s, Tag.String, Tag.String16);
  }

  private value(v: Json): void {
    const w = this.w;
    switch (typeof v) {
      case 'number': return this.number(v);
      case 'string': return this.str(v);
      case 'boolean': return w.u8(v ? Tag.True : Tag.False);
      default:
        if (v === null) return w.u8(Tag.Null);
        if (Array.isArray(v)) return this.compound(Body.Array, v, null, null);
        return this.object(v);
    }
  }

  private number(v: number): void {
    const w = this.w;
    if ((v | 0) === v && !(v === 0 && 1 / v < 0)) {
      if (v >= 0 && v <= FIXINT_MAX) return w.u8(Tag.FixInt | v);
      return w.tagVarint(Tag.Int, ((v << 1) ^ (v >> 31)) >>> 0);
    }
    w.u8(Tag.Float64);
    w.float64(v);
  }

  private object(v: JsonObject): void {
    const marker = markerOf(v);
    if (marker === '') return this.compound(Body.Object, v, null, null);
    if (marker === '$type') {
      const key = v.$type;
      if (typeof key !== 'string') fail('INVALID_VALUE', '"$type" must be a string naming an entry of "types"');
      const type = this.types.get(key);
      if (type === undefined) fail('INVALID_VALUE', `"$type": ${JSON.stringify(key)} is not declared in "types"`);
      return this.compound(type.kind === TypeKind.Fields ? Body.Fields : Body.Custom, v, type, null);
    }
    const allowed = MARKERS[marker]!;
    for (const k of Object.keys(v)) {
      if (k !== marker && !allowed.includes(k)) fail('INVALID_VALUE', `unexpected key ${JSON.stringify(k)} in a ${JSON.stringify(marker)} value`);
    }
    const w = this.w;
    const m = v[marker]!;
    switch (marker) {
      case '$ref': {
        const id = typeof m === 'number' ? this.labels.get(m) : undefined;
        if (id === undefined) fail('BAD_REFERENCE', `{"$ref": ${JSON.stringify(m)}} names no object with that "$id" earlier in the document`);
        return w.tagVarint(Tag.Ref, id);
      }
      case '$undefined':
        if (m !== true) fail('INVALID_VALUE', 'undefined is written {"$undefined": true}');
        return w.u8(Tag.Undefined);
      case '$number': {
        const x = m === 'NaN' ? NaN : m === 'Infinity' ? Infinity : m === '-Infinity' ? -Infinity : m === '-0' ? -0 : undefined;
        if (x === undefined) fail('INVALID_VALUE', '"$number" must be "NaN", "Infinity", "-Infinity" or "-0"');
        w.u8(Tag.Float64);
        return w.float64(x);
      }
      case '$bigint': return this.bigint(m);
      case '$array':
        if (!Array.isArray(m)) fail('INVALID_VALUE', '"$array" must be an array');
        return this.compound(Body.Array, m, null, v);
      case '$map':
        if (!Array.isArray(m)) fail('INVALID_VALUE', '"$map" must be an array of [key, value] pairs');
        return this.compound(Body.Map, m, null, v);
      case '$set':
        if (!Array.isArray(m)) fail('INVALID_VALUE', '"$set" must be an array');
        return this.compound(Body.Set, m, null, v);
      case '$date': {
        const t = m === null ? NaN : typeof m === 'string' ? Date.parse(m) : undefined;
        if (t === undefined || (m !== null && Number.isNaN(t))) fail('INVALID_VALUE', '"$date" must be an ISO 8601 date string or null (an invalid Date)');
        this.newId(v);
        w.u8(Tag.Date);
        return w.float64(t);
      }
      case '$regexp': {
        if (typeof m !== 'string' || typeof v.flags !== 'string') fail('INVALID_VALUE', 'a RegExp is {"$regexp": source, "flags": flags} with two strings');
        this.newId(v);
        w.u8(Tag.RegExp);
        this.str(m);
        return this.str(v.flags);
      }
      case '$arraybuffer': {
        if (typeof m !== 'string') fail('INVALID_VALUE', '"$arraybuffer" must be a base64 string');
        const bytes = fromBase64(m, '"$arraybuffer"');
        this.newId(v);
        w.tagVarint(Tag.ArrayBuffer, bytes.length);
        return w.bytes(bytes);
      }
      case '$typedarray': {
        const kind = TYPED_ARRAY_CTORS.findIndex((c) => c.name === m);
        if (kind < 0) fail('INVALID_VALUE', `"$typedarray" must name a typed array class or DataView, not ${JSON.stringify(m)}`);
        const { byteOffset, length } = v;
        if (!isU32(byteOffset) || !isU32(length)) fail('INVALID_VALUE', `a ${kind === DATA_VIEW_KIND ? 'DataView' : 'typed array'} needs integer "byteOffset" and "length"`);
        if (!hasOwn(v, 'buffer')) fail('INVALID_VALUE', 'a typed array needs its "buffer"');
        this.newId(v);
        w.u8(Tag.TypedArray);
        w.u8(kind);
        this.enter();
        this.value(v.buffer!);
        this.depth--;
        w.varint(byteOffset);
        return w.varint(length);
      }
      case '$error': {
        const kind = ERROR_CTORS.findIndex((c) => c.name === m);
        if (kind < 0) fail('INVALID_VALUE', `"$error" must be one of ${ERROR_CTORS.map((c) => c.name).join(', ')}`);
        const name = hasOwn(v, 'name') ? v.name : ERROR_CTORS[kind]!.name;
        const message = hasOwn(v, 'message') ? v.message : '';
        if (typeof name !== 'string' || typeof message !== 'string') fail('INVALID_VALUE', 'an error\'s "name" and "message" must be strings');
        this.newId(v);
        w.u8(Tag.Error);
        w.u8(kind);
        this.str(name);
        this.str(message);
        this.enter();
        if (hasOwn(v, 'stack')) this.value(v.stack!);
        else w.u8(Tag.Undefined);
        if (hasOwn(v, 'cause')) this.value(v.cause!);
        else w.u8(Tag.Undefined);
        this.depth--;
        return;
      }
      case '$deferred': {
        if (typeof m !== 'number' || !Number.isInteger(m) || m < 0 || m >= this.deferredDocs.length) fail('INVALID_VALUE', `{"$deferred": ${JSON.stringify(m)}} names no entry of "deferred"`);
        if (this.deferredUsed.has(m)) fail('INVALID_VALUE', `entry ${m} of "deferred" is placed twice`);
        this.deferredUsed.add(m);
        const d = this.deferredDocs[m]!;
        const task = this.classify(d);
        if (task === null) fail('INVALID_VALUE', `entry ${m} of "deferred" must be an array, object, map, set or class instance`);
        return this.compound(task.body, task.v, task.type, task.idHolder, true);
      }
      case '$holes':
        return fail('INVALID_VALUE', '{"$holes": n} may only stand inside an array');
      default:
        return fail('INVALID_VALUE', `unknown marker ${JSON.stringify(marker)}`);
    }
  }

  /** For a deferred entry: which container it is. */
  private classify(d: Json): (Task & { idHolder: JsonObject | null }) | null {
    if (Array.isArray(d)) return { body: Body.Array, v: d, type: null, idHolder: null };
    if (!isObject(d)) return null;
    const marker = markerOf(d);
    if (marker === '') return { body: Body.Object, v: d, type: null, idHolder: null };
    const m = d[marker];
    if (marker === '$type') {
      const type = typeof m === 'string' ? this.types.get(m) : undefined;
      if (type === undefined) fail('INVALID_VALUE', `"$type": ${JSON.stringify(m)} is not declared in "types"`);
      return { body: type.kind === TypeKind.Fields ? Body.Fields : Body.Custom, v: d, type, idHolder: null };
    }
    const body = marker === '$array' ? Body.Array : marker === '$map' ? Body.Map : marker === '$set' ? Body.Set : -1;
    if (body === -1) return null;
    if (!Array.isArray(m)) fail('INVALID_VALUE', `${JSON.stringify(marker)} must be an array`);
    for (const k of Object.keys(d)) if (k !== marker && k !== '$id') fail('INVALID_VALUE', `unexpected key ${JSON.stringify(k)} in a ${JSON.stringify(marker)} value`);
    return { body, v: m, type: null, idHolder: d };
  }

  private bigint(m: Json): void {
    if (typeof m !== 'string' || !/^-?(0|[1-9][0-9]*)$/.test(m)) fail('INVALID_VALUE', '"$bigint" must be a decimal integer string');
    if (m.length > Math.min(MAX_BIGINT_DIGITS, this.limits.maxStringLength)) fail('LIMIT_EXCEEDED', 'a "$bigint" has too many digits');
    const neg = m.charCodeAt(0) === 45;
    const mag = BigInt(neg ? m.slice(1) : m);
    let hex = mag === 0n ? '' : mag.toString(16);
    if (hex.length % 2 === 1) hex = `0${hex}`;
    const n = hex.length / 2;
    const bytes = new Uint8Array(n);
    for (let i = 0; i < n; i++) bytes[i] = parseInt(hex.slice(hex.length - 2 * i - 2, hex.length - 2 * i), 16);
    this.w.tagVarint(neg && n > 0 ? Tag.BigIntNeg : Tag.BigIntPos, n);
    this.w.bytes(bytes);
  }

  /** Writes a container's header (registering its id), then its body now or, deep down, after the root. */
  private compound(body: Body, v: Json, type: TypeSpec | null, idHolder: JsonObject | null, forceDefer = false): void {
    const w = this.w;
    const deferred = forceDefer || this.depth >= MAX_INLINE_DEPTH;
    this.newId(idHolder ?? (isObject(v) ? v : null));
    if (deferred) w.u8(Tag.Defer);
    switch (body) {
      case Body.Array: w.u8(Tag.Array); break;
      case Body.Object: w.u8(isObject(v) && hasOwn(v, '$proto') ? Tag.ObjectNullProto : Tag.Object); break;
      case Body.Map: w.u8(Tag.Map); break;
      case Body.Set: w.u8(Tag.Set); break;
      default: this.typeRef(type!);
    }
    const task: Task = { body, v, type };
    if (deferred) {
      this.queue.push(task);
      return;
    }
    this.enter();
    this.body(task);
    this.depth--;
  }

  private typeRef(t: TypeSpec): void {
    const w = this.w;
    if (t.index >= 0) {
      if (t.index <= CLASS_SMALL_MAX) w.u8(Tag.ClassSmall | t.index);
      else w.tagVarint(Tag.Class, t.index);
      return;
    }
    t.index = this.typeCount++;
    w.u8(Tag.TypeDef);
    this.str(t.assembly);
    this.str(t.name);
    w.u8(t.kind);
    w.varint(t.members.length);
    for (const [name, kind] of t.members) {
      this.str(name);
      w.u8(kind);
    }
  }

  private body(t: Task): void {
    const w = this.w;
    switch (t.body) {
      case Body.Array: {
        const a = t.v as Json[];
        let length = 0;
        for (const item of a) {
          if (isObject(item) && hasOwn(item, '$holes')) {
            const n = item.$holes;
            if (Object.keys(item).length !== 1 || typeof n !== 'number' || !Number.isInteger(n) || n < 1) fail('INVALID_VALUE', '{"$holes": n} needs a positive integer n');
            length += n;
          } else length++;
          if (length > this.limits.maxCollectionLength) fail('LIMIT_EXCEEDED', `an array longer than limits.maxCollectionLength (${this.limits.maxCollectionLength})`);
        }
        w.varint(length);
        for (const item of a) {
          if (isObject(item) && hasOwn(item, '$holes')) {
            const n = item.$holes as number;
            for (let i = 0; i < n; i++) w.u8(Tag.Hole);
          } else this.value(item);
        }
        return;
      }
      case Body.Object: {
        const o = t.v as JsonObject;
        const keys = Object.keys(o).filter((k) => k !== '$id' && k !== '$proto');
        for (const k of keys) {
          if (k.charCodeAt(0) === 36 && k.charCodeAt(1) !== 36) fail('INVALID_VALUE', `unknown marker ${JSON.stringify(k)} in an object (a key of your own that starts with "$" is written with "$$")`);
        }
        if (hasOwn(o, '$proto') && o.$proto !== null) fail('INVALID_VALUE', '"$proto" can only be null (an object without prototype)');
        w.varint(keys.length);
        for (const k of keys) {
          this.str(unescapeKey(k));
          this.value(o[k]!);
        }
        return;
      }
      case Body.Map: {
        const pairs = t.v as Json[];
        w.varint(pairs.length);
        for (const p of pairs) {
          if (!Array.isArray(p) || p.length !== 2) fail('INVALID_VALUE', '"$map" entries must be [key, value] pairs');
          this.value(p[0]!);
          this.value(p[1]!);
        }
        return;
      }
      case Body.Set: {
        const items = t.v as Json[];
        w.varint(items.length);
        for (const item of items) this.value(item);
        return;
      }
      case Body.Fields: {
        const o = t.v as JsonObject;
        const type = t.type!;
        const expected = new Set<string>(['$type', '$id']);
        for (const [name] of type.members) {
          const k = name.charCodeAt(0) === 36 ? `$${name}` : name;
          expected.add(k);
          if (!hasOwn(o, k)) fail('MISSING_MEMBER', `an instance of ${type.key} lacks member ${JSON.stringify(name)} declared in "types"`);
          this.value(o[k]!);
        }
        for (const k of Object.keys(o)) {
          if (!expected.has(k)) fail('INVALID_VALUE', `an instance of ${type.key} has a key ${JSON.stringify(k)} that its type layout in "types" does not declare`);
        }
        return;
      }
      case Body.Custom: {
        const o = t.v as JsonObject;
        const keys = Object.keys(o).filter((k) => k !== '$type' && k !== '$id');
        for (const k of keys) {
          if (k.charCodeAt(0) === 36 && k.charCodeAt(1) !== 36) fail('INVALID_VALUE', `unknown marker ${JSON.stringify(k)} in an instance of ${t.type!.key}`);
        }
        w.varint(keys.length);
        for (const k of keys) {
          this.str(unescapeKey(k));
          this.value(o[k]!);
        }
        return;
      }
    }
  }
}

/** The marker key that decides what a JSON object stands for ('' for a plain object). */
function markerOf(v: JsonObject): string {
  if (hasOwn(v, '$type')) return '$type';
  for (const k of Object.keys(v)) {
    if (k.charCodeAt(0) === 36 && k !== '$id' && k !== '$proto' && k.charCodeAt(1) !== 36 && hasOwn(MARKERS, k)) return k;
  }
  return '';
}

function isU32(v: Json | undefined): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffffffff;
}

function fail(code: SerializationException['code'], message: string): never {
  throw new SerializationException(code, message);
}
