import { SerializationException, quoted } from '../errors.js';
import { DATA_VIEW_KIND, ERROR_CTORS, MAX_INLINE_DEPTH, TYPED_ARRAY_CTORS } from '../engine/builtins.js';
import { Compound, type GraphDecoder, type GraphSink } from '../engine/format.js';
import { MEMBER_KIND_NAMES } from '../engine/member-kinds.js';
import type { SerializationLimits } from '../limits.js';
import { fromBase64 } from './base64.js';
import { JSON_FORMAT_VERSION, type Json, type JsonObject, MARKERS, MAX_DECIMAL_BIGINT_DIGITS, SPECIAL_NUMBERS, escapeKey, unescapeKey } from './document.js';
import type { JsonPathSegment } from './text.js';

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);
const isObject = (v: Json | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Holes of a {"$holes": n} run that cost one unit of work: 8 bytes each in a dense array. */
const HOLES_PER_UNIT = 8;
/** What defer() returns for a value that has no body to defer (a date, a reference, ...). */
const NOT_A_BODY = Symbol('not a body');

/** A type of the document's "types", resolved by the sink on its first instance. */
interface DocType<T> {
  readonly key: string;
  readonly assembly: string;
  readonly name: string;
  readonly custom: boolean;
  readonly names: string[];
  readonly kinds: number[];
  /** escaped member keys, in layout order */
  readonly keys: string[];
  resolved: T | undefined;
}


interface Pending<T> {
  o: unknown;
  body: Compound;
  node: Json;
  type: DocType<T> | null;
  /** where its body stands, for messages */
  at: PathNode;
}

/**
 * Where a deferred body stands: the path from the body it was deferred from. Linked, so that a
 * chain of 100,000 deferred levels costs a few segments per level, not a copy of the whole path.
 */
interface PathNode {
  readonly up: PathNode | null;
  readonly segments: readonly JsonPathSegment[];
}

function fail(code: SerializationException['code'], message: string): never {
  throw new SerializationException(code, message);
}

/**
 * The weft JSON grammar, reading side: walks a document tree (from JSON.parse) and hands every
 * value to a GraphSink, as the binary decoder does; class bodies are read back through it by
 * the sink (generated code calls value/num/str, which read the members of the instance at hand
 * by their keys). Every shape is checked: the document is untrusted. While it reads, `path`
 * says where it is, so that a failure can be located by line, column and JSON path.
 */
export class JsonDecoder<T> implements GraphDecoder {
  private sink!: GraphSink<T>;
  private limits!: Readonly<SerializationLimits>;
  private types = new Map<string, DocType<T>>();
  /**
   * "$id" label → the object's id in the sink (ids follow registration order, as in binary).
   * Not a Map: V8 hashes number keys without a seed, so chosen labels could collide; an array's
   * sparse elements are hashed with the seed.
   */
  private labels: number[] = [];
  private nextId = 0;
  private deferredDocs: Json[] = [];
  private deferredUsed: boolean[] = [];
  private pending: Pending<T>[] = [];
  /** the instance whose members value() reads, its keys and the next index */
  private cur: JsonObject = {};
  private curKeys: readonly string[] = [];
  private curI = 0;
  /** the path depth of the instance body at hand (-1: none) */
  private curDepth = -1;
  /** where the decoder stands: `base`, then path[0, pathLength) */
  private base: PathNode | null = null;
  private readonly path: JsonPathSegment[] = [];
  private pathLength = 0;

  /** Reads one document into `sink`; returns its root as the sink built it. */
  readDocument(sink: GraphSink<T>, limits: Readonly<SerializationLimits>, doc: Json): unknown {
    this.sink = sink;
    this.limits = limits;
    this.types.clear();
    this.labels = [];
    this.nextId = 0;
    this.pending.length = 0;
    this.curDepth = -1;
    this.base = null;
    this.pathLength = 0;
    this.deferredDocs = [];
    this.deferredUsed = [];
    try {
      if (!isObject(doc) || !hasOwn(doc, '$weft')) fail('INVALID_HEADER', 'not a weft JSON document: the top level must be an object with "$weft"');
      if (doc.$weft !== JSON_FORMAT_VERSION) fail('INVALID_HEADER', `weft JSON version ${JSON.stringify(doc.$weft).slice(0, 40)} is not supported (this runtime reads version ${JSON_FORMAT_VERSION})`);
      for (const k in doc) {
        if (k !== '$weft' && k !== 'types' && k !== 'root' && k !== 'deferred') fail('INVALID_VALUE', `unknown top-level key ${quoted(k)} in a weft JSON document`);
      }
      if (!hasOwn(doc, 'root')) fail('INVALID_VALUE', 'the weft JSON document has no "root"');
      if (hasOwn(doc, 'types')) this.readTypes(doc.types!);
      if (hasOwn(doc, 'deferred')) {
        if (!Array.isArray(doc.deferred)) this.atKey('deferred', () => fail('INVALID_VALUE', '"deferred" must be an array'));
        this.deferredDocs = doc.deferred as Json[];
        this.sink.collection(this.deferredDocs.length, '"deferred"', -1);
      }
      this.base = { up: null, segments: ['root'] };
      const root = this.decode(doc.root!);
      for (let i = 0; i < this.pending.length; i++) {
        const p = this.pending[i]!;
        this.pending[i] = undefined as never;
        this.base = p.at;
        this.pathLength = 0;
        this.body(p.o, p.body, p.node, p.type, -1);
      }
      this.base = null;
      this.pathLength = 0;
      for (let i = 0; i < this.deferredDocs.length; i++) {
        if (this.deferredUsed[i] !== true) {
          this.base = { up: null, segments: ['deferred', i] };
          fail('INVALID_VALUE', `entry ${i} of "deferred" is not placed by any {"$deferred": ${i}}`);
        }
      }
      return root;
    } finally {
      this.pending.length = 0;
      this.cur = {};
      this.deferredDocs = [];
    }
  }

  at(): number {
    return -1;
  }

  /**
   * The JSON path from the document's top to where the decoder stands. Inside an instance body,
   * after a member was read, that member (the sink checks a member's value after reading it).
   */
  currentPath(): JsonPathSegment[] {
    const local = this.path.slice(0, this.pathLength);
    if (this.curDepth === this.pathLength && this.curI > 0) local.push(this.curKeys[this.curI - 1]!);
    const chain: (readonly JsonPathSegment[])[] = [local];
    for (let n = this.base; n !== null; n = n.up) chain.push(n.segments);
    const out: JsonPathSegment[] = [];
    for (let i = chain.length - 1; i >= 0; i--) for (const seg of chain[i]!) out.push(seg);
    return out;
  }

  private atKey<R>(key: JsonPathSegment, f: () => R): R {
    this.path[this.pathLength++] = key;
    const r = f();
    this.pathLength--;
    return r;
  }

  private at_(key: JsonPathSegment): void {
    this.path[this.pathLength++] = key;
  }

  private readTypes(types: Json): void {
    this.at_('types');
    if (!isObject(types)) fail('INVALID_VALUE', '"types" must be an object');
    let count = 0;
    for (const key in types) {
      this.sink.collection(++count, '"types"', -1);
      this.at_(key);
      const t = types[key];
      const where = `type ${quoted(key)}`;
      if (!isObject(t)) fail('INVALID_VALUE', `${where} must be an object`);
      for (const k in t) if (k !== 'assembly' && k !== 'name' && k !== 'kind' && k !== 'members') fail('INVALID_VALUE', `${where} has an unknown key ${quoted(k)}`);
      const { assembly, name, kind } = t;
      if (typeof assembly !== 'string' || typeof name !== 'string') fail('INVALID_VALUE', `${where} needs string "assembly" and "name"`);
      if (kind !== 'fields' && kind !== 'custom') fail('INVALID_VALUE', `${where}: "kind" must be "fields" or "custom"`);
      const names: string[] = [];
      const kinds: number[] = [];
      if (kind === 'fields') {
        const members = t.members;
        if (!Array.isArray(members)) fail('INVALID_VALUE', `${where}: "members" must be an array of [name, kind]`);
        this.sink.collection(members.length, `${where}: its member count`, -1);
        const seen = new Set<string>();
        for (const m of members) {
          if (!Array.isArray(m) || m.length !== 2 || typeof m[0] !== 'string' || typeof m[1] !== 'string') fail('INVALID_VALUE', `${where}: each member must be [name, kind]`);
          const k = (MEMBER_KIND_NAMES as readonly string[]).indexOf(m[1]);
          if (k < 0) fail('INVALID_VALUE', `${where}: member kind ${quoted(m[1])} is not one of ${MEMBER_KIND_NAMES.join(', ')}`);
          if (seen.has(m[0])) fail('INVALID_VALUE', `${where} declares member ${quoted(m[0])} twice`);
          seen.add(m[0]);
          this.sink.unit();
          names.push(m[0]);
          kinds.push(k);
        }
      } else if (hasOwn(t, 'members')) fail('INVALID_VALUE', `${where}: a custom type has no "members"`);
      this.types.set(key, { key, assembly, name, custom: kind === 'custom', names, kinds, keys: names.map(escapeKey), resolved: undefined });
      this.pathLength--;
    }
    this.pathLength--;
  }

  /** The sink's handle for a document type, resolved on its first instance. */
  private typeOf(key: Json | undefined): DocType<T> {
    if (typeof key !== 'string') fail('INVALID_VALUE', '"$type" must be a string naming an entry of "types"');
    const t = this.types.get(key);
    if (t === undefined) fail('INVALID_VALUE', `"$type": ${quoted(key)} is not declared in "types"`);
    if (t.resolved === undefined) t.resolved = this.sink.type(t.assembly, t.name, t.custom, t.names, t.kinds, -1);
    return t;
  }

  /** Gives the next sink id to the object `node` stands for, under its "$id" label if it has one. */
  private newId(node: JsonObject | null): void {
    const id = this.nextId++;
    if (node === null) return;
    // JSON.parse never yields undefined, and no prototype has "$id": absent means undefined.
    const label = node.$id;
    if (label === undefined) return;
    if (typeof label !== 'number' || !Number.isSafeInteger(label) || label < 0) this.atKey('$id', () => fail('INVALID_VALUE', '"$id" must be a non-negative integer'));
    if (this.labels[label as number] !== undefined) this.atKey('$id', () => fail('INVALID_VALUE', `"$id": ${label as number} is used by two objects`));
    this.labels[label as number] = id;
  }

  // -- the sink's view (GraphDecoder) ----------------------------------------------------------

  /** The next member of the instance at hand (generated code, or the engine's by-name path). */
  value(): unknown {
    const key = this.curKeys[this.curI++]!;
    const cur = this.cur;
    let v = cur[key];
    if (v === undefined || key === '__proto__') {
      if (!hasOwn(cur, key)) fail('MISSING_MEMBER', `an instance of ${quoted(String(cur.$type))} lacks member ${quoted(unescapeKey(key))} declared in "types"`);
      v = cur[key];
    }
    if (typeof v !== 'object' || v === null) {
      if (typeof v === 'string') return this.string(v);
      return v;
    }
    this.path[this.pathLength++] = key;
    const r = this.decode(v!);
    this.pathLength--;
    return r;
  }

  num(): unknown {
    return this.value();
  }

  str(): unknown {
    return this.value();
  }

  // JSON has one form for every value: member slots read as anywhere else.
  obj(): unknown {
    return this.value();
  }

  arr(): unknown {
    return this.value();
  }

  objs(): unknown {
    return this.value();
  }

  member(_kind: number): unknown {
    return this.value();
  }

  entryCount(): number {
    const cur = this.cur;
    const keys: string[] = [];
    for (const k in cur) {
      if (k === '$type' || k === '$id') continue;
      if (k.charCodeAt(0) === 36 && k.charCodeAt(1) !== 36) this.atKey(k, () => fail('INVALID_VALUE', `unknown marker ${quoted(k)} in an instance of ${quoted(String(cur.$type))}`));
      keys.push(k);
    }
    this.sink.collection(keys.length, 'SerializationInfo entry count', -1);
    this.curKeys = keys;
    this.curI = 0;
    return keys.length;
  }

  entryName(): string {
    return unescapeKey(this.curKeys[this.curI]!);
  }

  // -- values -----------------------------------------------------------------------------------

  private string(s: string): string {
    this.sink.unit();
    if (s.length > this.limits.maxStringLength) this.sink.stringLength(s.length, 'string length', -1);
    return s;
  }

  /** A value of the document, at path[0, pathLength). */
  private decode(v: Json): unknown {
    switch (typeof v) {
      case 'number':
      case 'boolean':
        return v;
      case 'string':
        return this.string(v);
      default:
        if (v === null) return null;
        if (this.pathLength >= MAX_INLINE_DEPTH) {
          // As deep as the writer ever nests: the body is read after the root, so no stack grows with the input.
          const placeholder = this.defer(v, { up: this.base, segments: this.path.slice(0, this.pathLength) });
          if (placeholder !== NOT_A_BODY) return placeholder;
        }
        if (Array.isArray(v)) return this.inline(v);
        return this.object(v as JsonObject);
    }
  }

  private child(v: Json, key: JsonPathSegment): unknown {
    this.path[this.pathLength++] = key;
    const r = this.decode(v);
    this.pathLength--;
    return r;
  }

  /** The marker that decides what a JSON object stands for ('' for a plain object). */
  private markerOf(v: JsonObject): string {
    if (v.$type !== undefined) return '$type';
    for (const k in v) {
      if (k.charCodeAt(0) !== 36 || k === '$id' || k === '$proto' || k.charCodeAt(1) === 36) continue;
      if (!hasOwn(MARKERS, k)) this.atKey(k, () => fail('INVALID_VALUE', `unknown marker ${quoted(k)} (a key of your own that starts with "$" is written with "$$")`));
      return k;
    }
    return '';
  }

  private object(v: JsonObject): unknown {
    // The commonest object of a document: a reference, {"$ref": n} and nothing else.
    if (typeof v.$ref === 'number') {
      let keys = 0;
      for (const _ in v) keys++;
      if (keys === 1) return this.ref(v.$ref);
    }
    const marker = this.markerOf(v);
    const sink = this.sink;
    if (marker === '' || marker === '$array' || marker === '$map' || marker === '$set') return this.inline(v);
    if (marker === '$type') return this.instance(v, false);
    const allowed = MARKERS[marker]!;
    for (const k in v) {
      if (k !== marker && !allowed.includes(k)) this.atKey(k, () => fail('INVALID_VALUE', `unexpected key ${quoted(k)} in a ${quoted(marker)} value`));
    }
    const m = v[marker]!;
    switch (marker) {
      case '$ref':
        return this.ref(m);
      case '$undefined':
        if (m !== true) fail('INVALID_VALUE', 'undefined is written {"$undefined": true}');
        return undefined;
      case '$number': {
        const x = typeof m === 'string' && hasOwn(SPECIAL_NUMBERS, m) ? SPECIAL_NUMBERS[m] : undefined;
        if (x === undefined) fail('INVALID_VALUE', '"$number" must be "NaN", "Infinity", "-Infinity" or "-0"');
        return x;
      }
      case '$bigint': {
        if (typeof m !== 'string') fail('INVALID_VALUE', '"$bigint" must be a string: a decimal integer, or hex "0x…" past 2048 bits');
        const hex = m.charCodeAt(m.charCodeAt(0) === 45 ? 2 : 1) === 120; // "0x" or "-0x"
        if (hex) {
          if (m.length > this.limits.maxStringLength) this.sink.stringLength(m.length, '"$bigint" length', -1);
          if (!/^-?0x[1-9a-f][0-9a-f]*$/.test(m)) fail('INVALID_VALUE', 'a hex "$bigint" is "0x" or "-0x" and lower-case hex digits without leading zeros');
          return m.charCodeAt(0) === 45 ? -BigInt(m.slice(1)) : BigInt(m);
        }
        if (m.length - (m.charCodeAt(0) === 45 ? 1 : 0) > MAX_DECIMAL_BIGINT_DIGITS) fail('LIMIT_EXCEEDED', `a decimal "$bigint" has more than ${MAX_DECIMAL_BIGINT_DIGITS} digits (decimal text converts in superlinear time); larger bigints are written in hex, "0x…"`);
        if (!/^-?(0|[1-9][0-9]*)$/.test(m)) fail('INVALID_VALUE', '"$bigint" must be a decimal integer string, or hex "0x…"');
        return BigInt(m);
      }
      case '$date': {
        const t = m === null ? NaN : typeof m === 'string' ? Date.parse(m) : undefined;
        if (t === undefined || (m !== null && Number.isNaN(t))) fail('INVALID_VALUE', '"$date" must be an ISO 8601 date string or null (an invalid Date)');
        this.newId(v);
        return sink.date(t);
      }
      case '$regexp': {
        const flags = v.flags;
        if (typeof m !== 'string' || typeof flags !== 'string') fail('INVALID_VALUE', 'a RegExp is {"$regexp": source, "flags": flags} with two strings');
        this.newId(v);
        return sink.regexp(this.string(m), this.string(flags), -1);
      }
      case '$arraybuffer': {
        if (typeof m !== 'string') fail('INVALID_VALUE', '"$arraybuffer" must be a base64 string');
        if (m.length > this.limits.maxBytes * 2) fail('LIMIT_EXCEEDED', '"$arraybuffer" is larger than limits.maxBytes');
        const bytes = fromBase64(m, '"$arraybuffer"');
        this.newId(v);
        return sink.arrayBuffer(bytes, -1);
      }
      case '$typedarray': {
        const kind = TYPED_ARRAY_CTORS.findIndex((c) => c.name === m);
        if (kind < 0) fail('INVALID_VALUE', `"$typedarray" must name a typed array class or DataView, not ${JSON.stringify(m).slice(0, 40)}`);
        const { byteOffset, length } = v;
        if (!isU32(byteOffset) || !isU32(length)) fail('INVALID_VALUE', `a ${kind === DATA_VIEW_KIND ? 'DataView' : 'typed array'} needs integer "byteOffset" and "length"`);
        if (!hasOwn(v, 'buffer')) fail('INVALID_VALUE', 'a typed array needs its "buffer"');
        this.newId(v);
        const id = sink.reserve();
        sink.enter();
        const buffer = this.child(v.buffer!, 'buffer');
        sink.leave();
        return sink.typedArray(id, kind, buffer, byteOffset, length, -1);
      }
      case '$error': {
        const kind = ERROR_CTORS.findIndex((c) => c.name === m);
        if (kind < 0) fail('INVALID_VALUE', `"$error" must be one of ${ERROR_CTORS.map((c) => c.name).join(', ')}`);
        const name = hasOwn(v, 'name') ? v.name : ERROR_CTORS[kind]!.name;
        const message = hasOwn(v, 'message') ? v.message : '';
        if (typeof name !== 'string' || typeof message !== 'string') fail('INVALID_VALUE', 'an error\'s "name" and "message" must be strings');
        this.newId(v);
        const err = sink.error(kind, -1);
        this.string(name);
        this.string(message);
        sink.enter();
        const stack = hasOwn(v, 'stack') ? this.child(v.stack!, 'stack') : undefined;
        const cause = hasOwn(v, 'cause') ? this.child(v.cause!, 'cause') : undefined;
        sink.leave();
        sink.errorFill(err, name, message, stack, cause);
        return err;
      }
      case '$deferred':
        return this.deferred(m);
      case '$holes':
        return fail('INVALID_VALUE', '{"$holes": n} may only stand inside an array');
      default:
        return fail('INVALID_VALUE', `unknown marker ${quoted(marker)}`);
    }
  }

  /** Object `label` again: a "$ref" names only objects that came earlier in the document. */
  private ref(label: Json): unknown {
    const id = typeof label === 'number' && Number.isSafeInteger(label) && label >= 0 ? this.labels[label] : undefined;
    if (id === undefined) fail('BAD_REFERENCE', `{"$ref": ${JSON.stringify(label).slice(0, 40)}} names no object with that "$id" earlier in the document`);
    return this.sink.ref(id, -1);
  }

  // What open() found, read right after it (no record is made per node).
  private openedBody: Compound = Compound.Array;
  private openedItems: Json = null;
  private openedMarker: string | null = null;
  private openedType: DocType<T> | null = null;
  /** an inline array's length, holes counted (-1: deferred, counted when its body is read) */
  private openedLength = -1;

  /**
   * Opens a compound node — an array, a plain object, {"$array"|"$map"|"$set": [...]}, or a class
   * instance — the same way whether its body is read now or after the root: its shape checked,
   * its id given, the object made by the sink (an inline instance is read whole). NOT_A_BODY for
   * any other value. openedBody/openedItems/openedMarker/openedType describe the body to read.
   */
  private open(node: Json, deferred: boolean): unknown {
    const sink = this.sink;
    this.openedItems = node;
    this.openedMarker = null;
    this.openedType = null;
    this.openedLength = -1;
    if (Array.isArray(node)) {
      // Its length (holes counted) is checked before anything is made for it.
      if (!deferred) this.openedLength = this.arrayLength(node);
      this.newId(null);
      this.openedBody = Compound.Array;
      return sink.array(this.openedLength);
    }
    if (!isObject(node)) return NOT_A_BODY;
    const marker = this.markerOf(node);
    if (marker === '') {
      const nullProto = hasOwn(node, '$proto');
      if (nullProto && node.$proto !== null) this.atKey('$proto', () => fail('INVALID_VALUE', '"$proto" can only be null (an object without prototype)'));
      this.newId(node);
      this.openedBody = Compound.Object;
      return sink.object(nullProto);
    }
    if (marker === '$type') {
      this.openedBody = Compound.Instance;
      return this.instance(node, deferred);
    }
    if (marker !== '$array' && marker !== '$map' && marker !== '$set') return NOT_A_BODY;
    const items = node[marker]!;
    for (const k in node) if (k !== marker && k !== '$id') this.atKey(k, () => fail('INVALID_VALUE', `unexpected key ${quoted(k)} in a ${quoted(marker)} value`));
    if (!Array.isArray(items)) this.atKey(marker, () => fail('INVALID_VALUE', `${quoted(marker)} must be an array${marker === '$map' ? ' of [key, value] pairs' : ''}`));
    this.openedItems = items;
    this.openedMarker = marker;
    if (marker === '$array') {
      if (!deferred) this.openedLength = this.atKey(marker, () => this.arrayLength(items as Json[]));
      this.newId(node);
      this.openedBody = Compound.Array;
      return sink.array(this.openedLength);
    }
    this.newId(node);
    this.openedBody = marker === '$map' ? Compound.Map : Compound.Set;
    return marker === '$map' ? sink.map() : sink.set();
  }

  /** A compound node read now: opened, then its body. */
  private inline(node: Json): unknown {
    const o = this.open(node, false);
    const body = this.openedBody;
    if (body === Compound.Instance) return o;
    const items = this.openedItems;
    const marker = this.openedMarker;
    const length = this.openedLength;
    const sink = this.sink;
    sink.enter();
    if (marker !== null) this.path[this.pathLength++] = marker;
    this.body(o, body, items, null, length);
    if (marker !== null) this.pathLength--;
    sink.leave();
    return o;
  }

  private arrayLength(items: Json[]): number {
    let length = items.length;
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (isObject(item) && item.$holes !== undefined) {
        const n = item.$holes;
        let keys = 0;
        for (const _ in item) keys++;
        if (keys !== 1 || typeof n !== 'number' || !Number.isInteger(n) || n < 1) this.atKey(i, () => fail('INVALID_VALUE', '{"$holes": n} needs a positive integer n'));
        length += (n as number) - 1;
        if (length > this.limits.maxCollectionLength) break;
      }
    }
    this.sink.collection(length, 'array length', -1);
    return length;
  }

  private elements(a: unknown, items: Json[], n: number): void {
    const sink = this.sink;
    let i = 0;
    const d = this.pathLength++;
    for (let k = 0; k < items.length; k++) {
      const item = items[k]!;
      this.path[d] = k;
      if (typeof item === 'object' && item !== null && !Array.isArray(item) && item.$holes !== undefined) {
        // A run takes constant time: the reader leaves the slots unset. It costs a unit per
        // HOLES_PER_UNIT holes, as V8 may keep holes between elements less than 1,024 apart
        // in a dense array at 8 bytes each (a long gap makes the array sparse, costing nothing).
        const n = item.$holes as number;
        sink.work(1 + Math.floor(n / HOLES_PER_UNIT));
        sink.holes(a, i, n);
        i += n;
        continue;
      }
      sink.unit();
      sink.item(a, i++, this.decode(item));
    }
    this.pathLength = d;
    sink.arrayEnd(a, n);
  }

  private entries(o: unknown, v: JsonObject): void {
    let count = 0;
    for (const k in v) if (k !== '$id' && k !== '$proto') count++;
    const sink = this.sink;
    sink.collection(count, 'object entry count', -1);
    const d = this.pathLength++;
    for (const k in v) {
      if (k === '$id' || k === '$proto') continue;
      this.path[d] = k;
      const key = this.string(unescapeKey(k));
      sink.entry(o, key, this.decode(v[k]!), -1);
    }
    this.pathLength = d;
  }

  private mapBody(m: unknown, pairs: Json[]): void {
    const sink = this.sink;
    sink.collection(pairs.length, 'map entry count', -1);
    const d = this.pathLength++;
    for (let i = 0; i < pairs.length; i++) {
      const p = pairs[i];
      this.path[d] = i;
      if (!Array.isArray(p) || p.length !== 2) fail('INVALID_VALUE', '"$map" entries must be [key, value] pairs');
      sink.unit();
      const k = this.child(p[0]!, 0);
      sink.mapEntry(m, k, this.child(p[1]!, 1), -1);
    }
    this.pathLength = d;
  }

  private setBody(s: unknown, items: Json[]): void {
    const sink = this.sink;
    sink.collection(items.length, 'set entry count', -1);
    const d = this.pathLength++;
    for (let i = 0; i < items.length; i++) {
      this.path[d] = i;
      sink.unit();
      sink.setEntry(s, this.decode(items[i]!), -1);
    }
    this.pathLength = d;
  }

  /**
   * A class instance, or a SerializationInfo's entries: the sink reads the body back through
   * value(), now or (deferred) after the root.
   */
  private instance(v: JsonObject, deferred: boolean): unknown {
    this.path[this.pathLength++] = '$type';
    const t = this.typeOf(v.$type);
    this.pathLength--;
    this.newId(v);
    if (!t.custom) this.checkMembers(v, t);
    this.openedType = t;
    if (deferred) return this.sink.instance(t.resolved!, true, -1);
    const saved = this.cur;
    const savedKeys = this.curKeys;
    const savedI = this.curI;
    const savedDepth = this.curDepth;
    this.cur = v;
    this.curKeys = t.keys;
    this.curI = 0;
    this.curDepth = this.pathLength;
    const o = this.sink.instance(t.resolved!, false, -1);
    this.cur = saved;
    this.curKeys = savedKeys;
    this.curI = savedI;
    this.curDepth = savedDepth;
    return o;
  }

  /** An instance of a fields type has exactly its layout's keys (plus "$type" and "$id"). */
  private checkMembers(v: JsonObject, t: DocType<T>): void {
    let count = 0;
    for (const _ in v) count++;
    if (count === t.keys.length + 1 + (hasOwn(v, '$id') ? 1 : 0)) return;
    const expected = new Set(t.keys);
    for (const k in v) {
      if (k !== '$type' && k !== '$id' && !expected.has(k)) this.atKey(k, () => fail('INVALID_VALUE', `an instance of ${quoted(t.key)} has a key ${quoted(k)} that its type layout in "types" does not declare`));
    }
    for (const k of t.keys) if (!hasOwn(v, k)) fail('MISSING_MEMBER', `an instance of ${quoted(t.key)} lacks member ${quoted(unescapeKey(k))} declared in "types"`);
  }

  private deferred(m: Json): unknown {
    if (typeof m !== 'number' || !Number.isInteger(m) || m < 0 || m >= this.deferredDocs.length) fail('INVALID_VALUE', `{"$deferred": ${JSON.stringify(m).slice(0, 40)}} names no entry of "deferred"`);
    if (this.deferredUsed[m] === true) fail('INVALID_VALUE', `entry ${m} of "deferred" is placed twice`);
    this.deferredUsed[m] = true;
    const placeholder = this.defer(this.deferredDocs[m]!, { up: null, segments: ['deferred', m] });
    if (placeholder === NOT_A_BODY) fail('INVALID_VALUE', `entry ${m} of "deferred" must be an array, object, map, set or class instance`);
    return placeholder;
  }

  /** The header of a compound now, its body after the root; NOT_A_BODY for any other value. */
  private defer(node: Json, at: PathNode): unknown {
    const o = this.open(node, true);
    if (o === NOT_A_BODY) return o;
    const marker = this.openedMarker;
    this.pending.push({ o, body: this.openedBody, node: this.openedItems, type: this.openedType, at: marker === null ? at : { up: at, segments: [marker] } });
    return this.sink.placeholder(o);
  }

  /** The body of an opened compound (an instance's only when deferred: inline ones are read whole). */
  private body(o: unknown, body: Compound, items: Json, type: DocType<T> | null, length: number): void {
    switch (body) {
      case Compound.Array: {
        const list = items as Json[];
        return this.elements(o, list, length >= 0 ? length : this.arrayLength(list));
      }
      case Compound.Object: return this.entries(o, items as JsonObject);
      case Compound.Map: return this.mapBody(o, items as Json[]);
      case Compound.Set: return this.setBody(o, items as Json[]);
      case Compound.Instance: {
        this.cur = items as JsonObject;
        this.curKeys = type!.keys;
        this.curI = 0;
        this.curDepth = 0;
        this.sink.instanceBody(o, type!.resolved!, -1);
        this.curDepth = -1;
        return;
      }
    }
  }
}

function isU32(v: Json | undefined): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffffffff;
}
