import { SerializationException } from '../errors.js';
import { ByteReader } from '../wire/reader.js';
import { DATA_VIEW_KIND, ERROR_CTORS, HEADER_SIZE, MemberKind, Tag, TYPED_ARRAY_CTORS, TypeKind } from '../wire/tags.js';
import { toBase64 } from './base64.js';
import { JArray, JObject, type JValue, escapeKey } from './nodes.js';

export const MEMBER_KIND_NAMES = ['any', 'number', 'string', 'boolean', 'bigint', 'object'] as const;
export const JSON_FORMAT_VERSION = 1;

interface TypeInfo {
  readonly key: string;
  readonly kind: TypeKind;
  readonly members: readonly string[];
}

interface PendingBody {
  node: JArray | JObject;
  tag: Tag;
  type: TypeInfo | null;
}

/** A transcoded frame: the document and the ids that some "$ref" names. */
export interface TranscodedFrame {
  doc: JObject;
  referenced: Set<number>;
}

/**
 * Reads one binary frame without any classes (the format is self-describing) and builds the
 * JSON document for it. Used by JsonFormatter.serialize (on frames the graph writer just made)
 * and by `weft inspect` (on any bytes), so it checks everything a hostile frame could get wrong.
 * `maxNesting` bounds the recursion (the graph writer itself never nests more than 400 deep).
 */
export function frameToDocument(bytes: Uint8Array, start: number, end: number, maxNesting = 2000): TranscodedFrame {
  return new FrameTranscoder(bytes, start + HEADER_SIZE, end, maxNesting).run();
}

const UNDEFINED_KEY = '$undefined';

function isUndefinedNode(v: JValue): boolean {
  return v instanceof JObject && v.entries.length === 1 && v.entries[0]![0] === UNDEFINED_KEY;
}

class FrameTranscoder {
  private readonly r: ByteReader;
  private nextId = 0;
  private depth = 0;
  private readonly types: TypeInfo[] = [];
  private readonly typeKeys = new Set<string>();
  private readonly typesNode = new JObject();
  private readonly pending: PendingBody[] = [];
  private readonly referenced = new Set<number>();

  constructor(
    bytes: Uint8Array,
    start: number,
    private readonly end: number,
    private readonly maxNesting: number,
  ) {
    this.r = new ByteReader(bytes, start, end);
  }

  run(): TranscodedFrame {
    const root = this.value();
    const deferred: JValue[] = [];
    for (let i = 0; i < this.pending.length; i++) {
      const p = this.pending[i]!;
      this.depth = 0;
      this.body(p.node, p.tag, p.type);
      deferred.push(p.node);
    }
    if (this.r.pos !== this.end) {
      throw new SerializationException('TRAILING_BYTES', `${this.end - this.r.pos} bytes remain in the frame after the graph ended`, { offset: this.r.pos });
    }
    const doc = new JObject([['$weft', JSON_FORMAT_VERSION]]);
    if (this.typesNode.entries.length > 0) doc.entries.push(['types', this.typesNode]);
    doc.entries.push(['root', root]);
    if (deferred.length > 0) doc.entries.push(['deferred', new JArray(deferred)]);
    return { doc, referenced: this.referenced };
  }

  private fail(code: SerializationException['code'], message: string, at = this.r.pos): never {
    throw new SerializationException(code, message, { offset: at });
  }

  private enter(): void {
    if (++this.depth > this.maxNesting) this.fail('LIMIT_EXCEEDED', `values nest deeper than ${this.maxNesting}`);
  }

  private value(): JValue {
    const r = this.r;
    const at = r.pos;
    const tag = r.u8();
    if (tag >= Tag.FixInt) return tag & 0x7f;
    if (tag >= Tag.ClassSmall) return this.instance(this.typeAt(tag & 0x3f, at));
    switch (tag) {
      case Tag.Null: return null;
      case Tag.Undefined: return new JObject([[UNDEFINED_KEY, true]]);
      case Tag.False: return false;
      case Tag.True: return true;
      case Tag.Int: {
        const z = r.varint();
        return (z >>> 1) ^ -(z & 1);
      }
      case Tag.Float64: return numberNode(r.float64());
      case Tag.String: return r.utf8();
      case Tag.String16: return r.utf16();
      case Tag.Ref: {
        const id = r.varint();
        if (id >= this.nextId) this.fail('BAD_REFERENCE', `reference to object #${id}, but only ${this.nextId} objects precede it`, at + 1);
        this.referenced.add(id);
        return new JObject([['$ref', id]]);
      }
      case Tag.Array:
      case Tag.Object:
      case Tag.ObjectNullProto:
      case Tag.Map:
      case Tag.Set: {
        const node = this.shell(tag);
        this.enter();
        this.body(node, tag, null);
        this.depth--;
        return node;
      }
      case Tag.TypeDef: return this.instance(this.typeDef(at));
      case Tag.Class: return this.instance(this.typeAt(r.varint(), at));
      case Tag.Defer: return this.deferred();
      case Tag.BigIntPos:
      case Tag.BigIntNeg: {
        const n = r.length(1, 'bigint byte length');
        const bytes = r.bytes(n);
        if (n > 0 && bytes[n - 1] === 0) this.fail('INVALID_VALUE', 'bigint magnitude has a leading zero byte', at);
        let hex = '';
        for (let i = n - 1; i >= 0; i--) hex += bytes[i]!.toString(16).padStart(2, '0');
        const mag = n === 0 ? 0n : BigInt(`0x${hex}`);
        return new JObject([['$bigint', (tag === Tag.BigIntNeg ? -mag : mag).toString()]]);
      }
      case Tag.Date: {
        const id = this.nextId++;
        const d = new Date(r.float64());
        return new JObject([['$date', Number.isNaN(d.getTime()) ? null : d.toISOString()]], id);
      }
      case Tag.RegExp: {
        const id = this.nextId++;
        const source = this.expectString('RegExp source');
        const flags = this.expectString('RegExp flags');
        return new JObject([['$regexp', source], ['flags', flags]], id);
      }
      case Tag.ArrayBuffer: {
        const id = this.nextId++;
        const n = r.length(1, 'ArrayBuffer byte length');
        return new JObject([['$arraybuffer', toBase64(r.bytes(n))]], id);
      }
      case Tag.TypedArray: {
        const id = this.nextId++;
        const kindAt = r.pos;
        const kind = r.u8();
        if (kind > DATA_VIEW_KIND) this.fail('INVALID_VALUE', `typed array kind ${kind} is unknown`, kindAt);
        this.enter();
        const buffer = this.value();
        this.depth--;
        const byteOffset = r.varint();
        const length = r.varint();
        return new JObject([['$typedarray', TYPED_ARRAY_CTORS[kind]!.name], ['buffer', buffer], ['byteOffset', byteOffset], ['length', length]], id);
      }
      case Tag.Error: {
        const id = this.nextId++;
        const kindAt = r.pos;
        const kind = r.u8();
        if (kind >= ERROR_CTORS.length) this.fail('INVALID_VALUE', `error kind ${kind} is unknown`, kindAt);
        const node = new JObject([['$error', ERROR_CTORS[kind]!.name]], id);
        node.entries.push(['name', this.expectString('Error name')], ['message', this.expectString('Error message')]);
        this.enter();
        const stack = this.value();
        const cause = this.value();
        this.depth--;
        if (!isUndefinedNode(stack)) node.entries.push(['stack', stack]);
        if (!isUndefinedNode(cause)) node.entries.push(['cause', cause]);
        return node;
      }
      case Tag.Hole: return this.fail('INVALID_VALUE', 'an array hole outside an array', at);
      default: return this.fail('INVALID_TAG', `byte 0x${tag.toString(16).padStart(2, '0')} is not a value tag`, at);
    }
  }

  private expectString(what: string): string {
    const r = this.r;
    const at = r.pos;
    const tag = r.u8();
    if (tag === Tag.String) return r.utf8();
    if (tag === Tag.String16) return r.utf16();
    return this.fail('INVALID_VALUE', `expected a string for ${what}`, at);
  }

  /** The node of an array/object/map/set header, registered under the next id. */
  private shell(tag: Tag): JArray | JObject {
    const id = this.nextId++;
    switch (tag) {
      case Tag.Array: return new JArray([], id);
      case Tag.Map: return new JObject([['$map', new JArray()]], id);
      case Tag.Set: return new JObject([['$set', new JArray()]], id);
      case Tag.ObjectNullProto: return new JObject([['$proto', null]], id);
      default: return new JObject([], id);
    }
  }

  private deferred(): JValue {
    const r = this.r;
    const at = r.pos;
    const tag = r.u8();
    let node: JArray | JObject;
    let type: TypeInfo | null = null;
    if (tag >= Tag.ClassSmall && tag < Tag.FixInt) type = this.typeAt(tag & 0x3f, at);
    else if (tag === Tag.TypeDef) type = this.typeDef(at);
    else if (tag === Tag.Class) type = this.typeAt(r.varint(), at);
    else if (tag === Tag.Array || tag === Tag.Object || tag === Tag.ObjectNullProto || tag === Tag.Map || tag === Tag.Set) {
      node = this.shell(tag);
      return this.defer(node, tag, null);
    } else {
      return this.fail('INVALID_TAG', 'a deferred value must be an array, object, map, set or class instance', at);
    }
    node = new JObject([['$type', type.key]], this.nextId++);
    return this.defer(node, Tag.TypeDef, type);
  }

  private defer(node: JArray | JObject, tag: Tag, type: TypeInfo | null): JValue {
    const k = this.pending.push({ node, tag, type }) - 1;
    return new JObject([['$deferred', k]]);
  }

  private instance(type: TypeInfo): JValue {
    const node = new JObject([['$type', type.key]], this.nextId++);
    this.enter();
    this.body(node, Tag.TypeDef, type);
    this.depth--;
    return node;
  }

  private body(node: JArray | JObject, tag: Tag, type: TypeInfo | null): void {
    const r = this.r;
    if (type !== null) {
      const o = node as JObject;
      if (type.kind === TypeKind.Fields) {
        for (const name of type.members) o.entries.push([escapeKey(name), this.value()]);
      } else {
        const n = r.length(2, 'SerializationInfo entry count');
        for (let i = 0; i < n; i++) {
          const name = this.expectString('a SerializationInfo entry name');
          o.entries.push([escapeKey(name), this.value()]);
        }
      }
      return;
    }
    switch (tag) {
      case Tag.Array: {
        const items = (node as JArray).items;
        const n = r.length(1, 'array length');
        let holes = 0;
        for (let i = 0; i < n; i++) {
          if (r.pos < this.end && r.buf[r.pos] === Tag.Hole) {
            r.pos++;
            holes++;
            continue;
          }
          if (holes > 0) {
            items.push(new JObject([['$holes', holes]]));
            holes = 0;
          }
          items.push(this.value());
        }
        if (holes > 0) items.push(new JObject([['$holes', holes]]));
        return;
      }
      case Tag.Object:
      case Tag.ObjectNullProto: {
        const o = node as JObject;
        const n = r.length(2, 'object entry count');
        for (let i = 0; i < n; i++) {
          const key = this.expectString('an object key');
          o.entries.push([escapeKey(key), this.value()]);
        }
        return;
      }
      case Tag.Map: {
        const items = ((node as JObject).entries[0]![1] as JArray).items;
        const n = r.length(2, 'map entry count');
        for (let i = 0; i < n; i++) {
          const k = this.value();
          items.push(new JArray([k, this.value()]));
        }
        return;
      }
      case Tag.Set: {
        const items = ((node as JObject).entries[0]![1] as JArray).items;
        const n = r.length(1, 'set entry count');
        for (let i = 0; i < n; i++) items.push(this.value());
        return;
      }
    }
  }

  private typeAt(idx: number, at: number): TypeInfo {
    const t = this.types[idx];
    if (t === undefined) this.fail('UNKNOWN_TYPE', `type index ${idx} was not defined earlier in the graph`, at);
    return t;
  }

  private typeDef(at: number): TypeInfo {
    const r = this.r;
    const assembly = this.expectString('a type assembly');
    const name = this.expectString('a type name');
    const kindAt = r.pos;
    const kind = r.u8() as TypeKind;
    if (kind !== TypeKind.Fields && kind !== TypeKind.Custom) this.fail('INVALID_VALUE', `type kind ${kind} is unknown`, kindAt);
    const count = r.length(2, 'member count');
    const members: string[] = [];
    const layout = new JArray();
    for (let i = 0; i < count; i++) {
      const m = this.expectString('a member name');
      const kAt = r.pos;
      const k = r.u8();
      if (k > MemberKind.Object) this.fail('INVALID_VALUE', `member kind ${k} is unknown`, kAt);
      members.push(m);
      layout.items.push(new JArray([m, MEMBER_KIND_NAMES[k]!]));
    }
    if (kind === TypeKind.Custom && count !== 0) this.fail('INVALID_VALUE', 'a custom (getObjectData) type declares no members', at);
    const display = assembly ? `${assembly}:${name}` : name;
    let key = display;
    for (let n = 2; this.typeKeys.has(key); n++) key = `${display}#${n}`;
    this.typeKeys.add(key);
    const spec = new JObject([
      ['assembly', assembly],
      ['name', name],
      ['kind', kind === TypeKind.Fields ? 'fields' : 'custom'],
    ]);
    if (kind === TypeKind.Fields) spec.entries.push(['members', layout]);
    this.typesNode.entries.push([key, spec]);
    const info: TypeInfo = { key, kind, members };
    this.types.push(info);
    return info;
  }
}

function numberNode(x: number): JValue {
  if (Number.isNaN(x)) return new JObject([['$number', 'NaN']]);
  if (x === Infinity) return new JObject([['$number', 'Infinity']]);
  if (x === -Infinity) return new JObject([['$number', '-Infinity']]);
  if (x === 0 && 1 / x < 0) return new JObject([['$number', '-0']]);
  return x;
}
