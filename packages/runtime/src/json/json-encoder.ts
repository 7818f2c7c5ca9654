import { Compound, type GraphEncoder } from '../engine/format.js';
import type { ClassMeta, FlatMember } from '../engine/registry.js';
import {
  type DocumentNode, DocumentBuilder, type Node, type NodeObject, type TypeSpec, UNDEFINED_NODE, arrayBufferNode, bigintNode,
  dateNode, errorNode, escapeKey, memberKeys, numberNode, regexpNode, setEntry, typeSpec, typedArrayNode,
} from './document.js';

/** Where the next value goes. */
const enum Slot {
  Root,
  Array,
  Set,
  Map,
  /** plain object or SerializationInfo entries: under the key given by key() */
  Keyed,
  /** class instance: under its type's next member key */
  Instance,
  TypedArray,
  Error,
}

/** A class's JSON type spec and member keys, made once per class. */
interface ClassShape {
  spec: TypeSpec;
  keys: string[];
}

/**
 * The weft JSON grammar, writing side: the engine (ObjectWriter) drives it exactly as it drives
 * the binary encoder, and it builds the document tree (json/document.ts), which the formatter
 * prints. One frame per open container; values are placed where the innermost frame says.
 */
export class JsonEncoder implements GraphEncoder {
  readonly builder = new DocumentBuilder();
  private slots: Slot[] = [];
  private hosts: (Node[] | NodeObject)[] = [];
  /** Keyed: the pending key; Instance: the member keys */
  private keys: (string[] | null)[] = [];
  /** Instance: next member; Map: values placed so far; TypedArray/Error: parts placed */
  private counts: number[] = [];
  /** Array: the node of the current run of holes */
  private runs: (NodeObject | null)[] = [];
  private depth = 0;
  private pendingKey = '';
  /** where put() placed the last value */
  private placedIn: Node[] | NodeObject = [];
  private placedAt: string | number = 0;
  private typeKeysOf: string[][] = [];
  private readonly shapes = new WeakMap<ClassMeta, ClassShape>();

  /** The finished document of the last graph. */
  get doc(): DocumentNode {
    return this.builder.doc;
  }

  beginGraph(): void {
    this.builder.begin();
    this.depth = 0;
    this.push(Slot.Root, this.builder.doc, null);
  }

  endGraph(): number {
    this.depth = 0;
    return 0;
  }

  /** Lets go of the last document's nodes. */
  release(): void {
    this.builder.end();
    this.hosts.fill(null as never);
    this.runs.fill(null);
    this.placedIn = [];
  }

  private push(slot: Slot, host: Node[] | NodeObject, keys: string[] | null): void {
    const d = this.depth++;
    this.slots[d] = slot;
    this.hosts[d] = host;
    this.keys[d] = keys;
    this.counts[d] = 0;
    this.runs[d] = null;
  }

  /**
   * Places a value where the innermost frame says, and remembers where (`placedIn[placedAt]`),
   * so that an array a later reference wraps can be found in its place.
   */
  private put(v: Node): void {
    const d = this.depth - 1;
    let host = this.hosts[d]!;
    let key: string | number;
    switch (this.slots[d]!) {
      case Slot.Instance:
        key = this.keys[d]![this.counts[d]!++]!;
        break;
      case Slot.Array:
        this.runs[d] = null;
        key = (host as Node[]).length;
        break;
      case Slot.Keyed:
        key = this.pendingKey;
        break;
      case Slot.Set:
        host = (host as NodeObject).$set as Node[];
        key = host.length;
        break;
      case Slot.Map: {
        const pairs = (host as NodeObject).$map as Node[][];
        if ((this.counts[d]!++ & 1) === 0) {
          host = [];
          pairs.push(host);
          key = 0;
        } else {
          host = pairs[pairs.length - 1]!;
          key = 1;
        }
        break;
      }
      case Slot.Root:
        key = 'root';
        break;
      case Slot.TypedArray:
        key = 'buffer';
        break;
      case Slot.Error:
        // An Error's stack and cause, in that order; an undefined one is left out.
        if (this.counts[d]!++ === 0) key = 'stack';
        else key = 'cause';
        if (v === UNDEFINED_NODE) return;
        break;
    }
    this.placedIn = host;
    this.placedAt = key;
    if (typeof key === 'number') (host as Node[])[key] = v;
    else setEntry(host as NodeObject, key, v);
  }

  /** Places an array that a later reference may wrap, and tells the builder where it stands. */
  private placeArray(id: number, a: Node[]): void {
    this.put(a);
    this.builder.array(id, a, this.placedIn, this.placedAt);
  }

  null(): void {
    this.put(null);
  }

  undefined(): void {
    this.put(UNDEFINED_NODE as NodeObject);
  }

  boolean(b: boolean): void {
    this.put(b);
  }

  number(n: number): void {
    this.put((n | 0) === n && (n !== 0 || 1 / n > 0) ? n : numberNode(n));
  }

  bigint(b: bigint): void {
    this.put(bigintNode(b));
  }

  string(s: string): void {
    this.put(s);
  }

  ref(id: number): void {
    this.put(this.builder.ref(id));
  }

  // JSON has one form for every value: member slots are written as anywhere else.
  slotRef(id: number): void {
    this.ref(id);
  }

  slotArray(id: number, count: number): void {
    this.open(Compound.Array, id, count, -1);
  }

  slotNumber(n: number): void {
    this.number(n);
  }

  date(id: number, time: number): void {
    const node = dateNode(time);
    this.builder.object(id, node);
    this.put(node);
  }

  regexp(id: number, source: string, flags: string): void {
    const node = regexpNode(source, flags);
    this.builder.object(id, node);
    this.put(node);
  }

  arrayBuffer(id: number, bytes: Uint8Array): void {
    const node = arrayBufferNode(bytes);
    this.builder.object(id, node);
    this.put(node);
  }

  typedArray(id: number, kind: number): void {
    const node = typedArrayNode(kind);
    this.builder.object(id, node);
    this.put(node);
    this.push(Slot.TypedArray, node, null);
  }

  typedArrayEnd(byteOffset: number, length: number): void {
    const node = this.hosts[--this.depth] as NodeObject;
    node.byteOffset = byteOffset;
    node.length = length;
  }

  error(id: number, kind: number, name: string, message: string): void {
    const node = errorNode(kind, name, message);
    this.builder.object(id, node);
    this.put(node);
    this.push(Slot.Error, node, null);
  }

  errorEnd(): void {
    this.depth--;
  }

  defineType(index: number, assembly: string, name: string, custom: boolean, members: readonly FlatMember[], meta: ClassMeta | null): void {
    let shape = meta !== null ? this.shapes.get(meta) : undefined;
    if (shape === undefined) {
      shape = { spec: typeSpec(assembly, name, custom, members), keys: memberKeys(members) };
      if (meta !== null) this.shapes.set(meta, shape);
    }
    this.builder.defineType(index, assembly, name, shape.spec);
    this.typeKeysOf[index] = shape.keys;
  }

  /** The node of a compound, registered under its id and placed, or kept for "deferred". */
  private node(kind: Compound, type: number): Node[] | NodeObject {
    switch (kind) {
      case Compound.Array: return [];
      case Compound.Object: return { $id: undefined };
      case Compound.ObjectNullProto: return { $id: undefined, $proto: null };
      case Compound.Map: return { $map: [], $id: undefined };
      case Compound.Set: return { $set: [], $id: undefined };
      default: return { $type: this.builder.typeKey(type), $id: undefined };
    }
  }

  private enter(kind: Compound, node: Node[] | NodeObject, type: number): void {
    switch (kind) {
      case Compound.Array: return this.push(Slot.Array, node, null);
      case Compound.Map: return this.push(Slot.Map, node, null);
      case Compound.Set: return this.push(Slot.Set, node, null);
      case Compound.Instance: return this.push(Slot.Instance, node, this.typeKeysOf[type]!);
      default: return this.push(Slot.Keyed, node, null);
    }
  }

  open(kind: Compound, id: number, _count: number, type: number): void {
    const node = this.node(kind, type);
    if (kind === Compound.Array) this.placeArray(id, node as Node[]);
    else {
      this.builder.object(id, node as NodeObject);
      this.put(node);
    }
    this.enter(kind, node, type);
  }

  openDeferred(kind: Compound, id: number, type: number): void {
    const node = this.node(kind, type);
    const k = this.builder.deferred(node);
    if (kind === Compound.Array) this.builder.array(id, node as Node[], this.builder.doc.deferred!, k);
    else this.builder.object(id, node as NodeObject);
    this.put({ $deferred: k });
  }

  openDeferredBody(kind: Compound, id: number, _count: number, type: number): void {
    this.enter(kind, this.builder.node(id), type);
  }

  hole(): void {
    const d = this.depth - 1;
    const run = this.runs[d];
    if (run !== null) (run.$holes as number)++;
    else {
      const node: NodeObject = { $holes: 1 };
      (this.hosts[d] as Node[]).push(node);
      this.runs[d] = node;
    }
  }

  key(k: string): void {
    this.pendingKey = escapeKey(k);
  }

  close(): void {
    this.depth--;
  }
}
