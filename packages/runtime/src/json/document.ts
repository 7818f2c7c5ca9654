import { ERROR_CTORS, TYPED_ARRAY_CTORS } from '../engine/builtins.js';
import { MEMBER_KIND_NAMES } from '../engine/member-kinds.js';
import type { FlatMember } from '../engine/registry.js';
import { toBase64 } from './base64.js';

/**
 * The weft JSON document (FORMAT.md, "JSON encoding"), defined once: its markers, how keys are
 * escaped, how each built-in looks, and the builder that both JSON writers use (the
 * JsonFormatter's encoder and the inspector of binary frames). A document is a plain JSON
 * tree; text is made from it by json/text.ts and read back with JSON.parse.
 *
 *   { "$weft": 1, "types": { key: TypeSpec }, "root": value, "deferred": [body...] }
 *
 * Objects carry "$id" only when some "$ref" names them: the builder gives every object node a
 * "$id" slot holding undefined (which printing omits) and fills it on the first reference;
 * a referenced array becomes { "$id": n, "$array": [...] } in place.
 */
export const JSON_FORMAT_VERSION = 1;

export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [k: string]: Json;
}

/** A node under construction: like Json, but with "$id" slots that may hold undefined. */
export type Node = null | boolean | number | string | Node[] | NodeObject;
export interface NodeObject {
  [k: string]: Node | undefined;
}

export interface TypeSpec extends NodeObject {
  assembly: string;
  name: string;
  kind: 'fields' | 'custom';
  members?: [string, string][];
}

export interface DocumentNode extends NodeObject {
  $weft: number;
  types: Record<string, TypeSpec> | undefined;
  root: Node | undefined;
  deferred: Node[] | undefined;
}

/** Markers that make a JSON object something other than a plain object, with the other keys each allows. */
export const MARKERS: Readonly<Record<string, readonly string[]>> = {
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

/** Keys of user data that start with "$" get one more "$", so "$…" keys are always markers. */
export function escapeKey(key: string): string {
  return key.charCodeAt(0) === 36 ? `$${key}` : key;
}

export function unescapeKey(key: string): string {
  return key.charCodeAt(0) === 36 && key.charCodeAt(1) === 36 ? key.slice(1) : key;
}

/** Sets a node's entry as an own property, whatever the key ("__proto__" included). */
export function setEntry(node: NodeObject, key: string, v: Node): void {
  if (key === '__proto__') Object.defineProperty(node, key, { value: v, writable: true, enumerable: true, configurable: true });
  else node[key] = v;
}

export const UNDEFINED_NODE: Readonly<NodeObject> = Object.freeze({ $undefined: true });

/** Numbers JSON cannot write (NaN, ±Infinity, -0) become {"$number": "…"}. */
export function numberNode(x: number): Node {
  if (x === 0 && 1 / x < 0) return { $number: '-0' };
  if (Number.isFinite(x)) return x;
  return { $number: Number.isNaN(x) ? 'NaN' : x > 0 ? 'Infinity' : '-Infinity' };
}

/** Bigints below 2^2048 in magnitude (~617 decimal digits) are written in decimal. */
const DECIMAL_BIGINT_LIMIT = 1n << 2048n;
/** Longest decimal "$bigint" read: converting decimal text costs more than linear time. */
export const MAX_DECIMAL_BIGINT_DIGITS = 4096;

/**
 * A bigint in decimal while that is cheap to write and read, past 2048 bits in hex ("0x…",
 * "-0x…"): V8 converts hex in linear time, decimal in superlinear time (a 1 MiB bigint takes
 * seconds), and a writer or transcoder must not be the slow part.
 */
export function bigintNode(v: bigint): Node {
  const neg = v < 0n;
  const magnitude = neg ? -v : v;
  if (magnitude < DECIMAL_BIGINT_LIMIT) return { $bigint: v.toString() };
  return { $bigint: `${neg ? '-' : ''}0x${magnitude.toString(16)}` };
}

export const SPECIAL_NUMBERS: Readonly<Record<string, number>> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity, '-0': -0 };

export function typeSpec(assembly: string, name: string, custom: boolean, members: readonly { name: string; kind: number }[]): TypeSpec {
  const spec: TypeSpec = { assembly, name, kind: custom ? 'custom' : 'fields' };
  if (!custom) spec.members = members.map((m) => [m.name, MEMBER_KIND_NAMES[m.kind] ?? 'any']);
  return spec;
}

/**
 * Builds one document: type keys, object nodes by id (for "$id"), referenced arrays, deferred
 * bodies. Reused across graphs by calling begin().
 */
export class DocumentBuilder {
  doc!: DocumentNode;
  /** node of each object id (arrays included) */
  private nodes: (Node | undefined)[] = [];
  /** where each array node stands, so a reference can wrap it: host and key */
  private arrayHost: (Node[] | NodeObject | undefined)[] = [];
  private arrayKey: (string | number)[] = [];
  private typeKeys: string[] = [];
  private usedKeys = new Set<string>();
  /** one past the highest id given a node in this document */
  private top = 0;
  /** ids referenced before their node was made or placed */
  private early: boolean[] = [];

  begin(): void {
    this.doc = { $weft: JSON_FORMAT_VERSION, types: undefined, root: undefined, deferred: undefined };
    this.typeKeys.length = 0;
    this.usedKeys.clear();
  }

  /** Drops the nodes (keeping the tables' storage) once the document is printed. */
  end(): void {
    if (this.nodes.length > 1 << 20) {
      this.nodes = [];
      this.arrayHost = [];
      this.arrayKey = [];
    } else {
      this.nodes.fill(undefined, 0, this.top);
      this.arrayHost.fill(undefined, 0, this.top);
    }
    this.early.length = 0;
    this.top = 0;
  }

  /** Declares type `index` of the graph; returns its key in "types". */
  defineType(index: number, assembly: string, name: string, spec: TypeSpec): string {
    const display = assembly ? `${assembly}:${name}` : name;
    let key = display;
    for (let n = 2; this.usedKeys.has(key); n++) key = `${display}#${n}`;
    this.usedKeys.add(key);
    this.typeKeys[index] = key;
    const types = (this.doc.types ??= {});
    setEntry(types, key, spec);
    return key;
  }

  typeKey(index: number): string {
    return this.typeKeys[index]!;
  }

  /** Object `id` is `node` (a reference that came before it counts). */
  object(id: number, node: NodeObject): void {
    this.nodes[id] = node;
    if (id >= this.top) this.top = id + 1;
    if (this.early[id] === true) node.$id = id;
  }

  /** The node of object `id`. */
  node(id: number): Node[] | NodeObject {
    return this.nodes[id] as Node[] | NodeObject;
  }

  /** Array `id` is `node`; where it stands is told by place() (or array()). */
  arrayNode(id: number, node: Node[]): void {
    this.nodes[id] = node;
    if (id >= this.top) this.top = id + 1;
  }

  /** Array `id` stands at host[key]: a reference (before or after) wraps it there. */
  place(id: number, host: Node[] | NodeObject, key: string | number): void {
    this.arrayHost[id] = host;
    this.arrayKey[id] = key;
    if (this.early[id] === true) this.wrap(id);
  }

  /** Array `id` is `node`, standing at host[key]. */
  array(id: number, node: Node[], host: Node[] | NodeObject, key: string | number): void {
    this.arrayNode(id, node);
    this.place(id, host, key);
  }

  /** A reference to object `id`: its node gets its "$id" (an array is wrapped where it stands). */
  ref(id: number): Node {
    const node = this.nodes[id];
    if (node === undefined || (Array.isArray(node) && this.arrayHost[id] === undefined)) {
      // Not made or not placed yet (a typed array's buffer naming it, an array holding itself).
      this.early[id] = true;
    } else if (Array.isArray(node)) {
      this.wrap(id);
    } else if (node !== null && typeof node === 'object') {
      (node as NodeObject).$id = id;
    }
    return { $ref: id };
  }

  private wrap(id: number): void {
    const host = this.arrayHost[id];
    if (host === undefined) return;
    const wrapped: NodeObject = { $id: id, $array: this.nodes[id] as Node[] };
    const key = this.arrayKey[id]!;
    if (Array.isArray(host)) host[key as number] = wrapped;
    else setEntry(host, key as string, wrapped);
    this.arrayHost[id] = undefined;
    this.early[id] = false;
  }

  /** A deferred body's slot: its index in "deferred". */
  deferred(node: Node): number {
    const list = (this.doc.deferred ??= []);
    return list.push(node) - 1;
  }
}

export function dateNode(time: number): NodeObject {
  return { $date: Number.isNaN(time) ? null : new Date(time).toISOString(), $id: undefined };
}

export function regexpNode(source: string, flags: string): NodeObject {
  return { $regexp: source, $id: undefined, flags };
}

export function arrayBufferNode(bytes: Uint8Array): NodeObject {
  return { $arraybuffer: toBase64(bytes), $id: undefined };
}

export function typedArrayNode(kind: number): NodeObject {
  return { $typedarray: TYPED_ARRAY_CTORS[kind]!.name, $id: undefined, buffer: null, byteOffset: 0, length: 0 };
}

export function errorNode(kind: number, name: string, message: string): NodeObject {
  return { $error: ERROR_CTORS[kind]!.name, $id: undefined, name, message, stack: undefined, cause: undefined };
}

/** The escaped keys of a fields type's members, in layout order. */
export function memberKeys(members: readonly FlatMember[]): string[] {
  return members.map((m) => escapeKey(m.name));
}
