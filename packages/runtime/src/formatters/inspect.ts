import { asSerializationException } from '../errors.js';
import { BudgetedSink } from '../engine/budget.js';
import type { GraphSink } from '../engine/format.js';
import { DEFAULT_LIMITS, type SerializationLimits } from '../limits.js';
import {
  type DocumentNode, DocumentBuilder, type Node, type NodeObject, UNDEFINED_NODE, arrayBufferNode, bigintNode, dateNode, errorNode,
  escapeKey, numberNode, regexpNode, setEntry, typeSpec, typedArrayNode,
} from '../json/document.js';
import { printJson } from '../json/text.js';
import { BinaryDecoder } from '../wire/binary-decoder.js';
import { frameEnd } from '../wire/frame.js';
import { HEADER_SIZE } from '../wire/tags.js';
import { KnownLayouts } from '../wire/type-layouts.js';

/** One frame of a binary stream, as a weft JSON document. */
export interface InspectedFrame {
  /** where the frame starts in the input, and its length with its header */
  readonly offset: number;
  readonly length: number;
  readonly doc: DocumentNode;
}

/** A type of the stream, as the inspector names it in "types". */
interface DocType {
  readonly key: string;
  readonly custom: boolean;
  readonly keys: string[];
  /** the members' declared kinds, which say how each is encoded */
  readonly kinds: readonly number[];
}

/**
 * Turns weft binary frames into weft JSON documents without any class: the binary decoder
 * (the same grammar BinaryFormatter reads) drives this sink, which builds the document a
 * JsonFormatter would have written for the same graph. Hostile input fails with a
 * SerializationException located by byte offset, under the same limits as deserialize.
 */
class InspectSink extends BudgetedSink implements GraphSink<DocType> {
  readonly b = new DocumentBuilder();
  private nextId = 0;
  private typeCount = 0;
  private readonly arrayIds = new Map<Node[], number>();

  constructor(
    private readonly dec: BinaryDecoder<DocType>,
    limits: Readonly<SerializationLimits>,
  ) {
    super();
    this.limits = limits;
  }

  protected where(): number {
    return this.dec.pos;
  }

  /** A value of the decoder as a node; an array node is placed at host[key]. */
  private node(v: unknown, host: Node[] | NodeObject, key: string | number): Node {
    switch (typeof v) {
      case 'undefined': return UNDEFINED_NODE as NodeObject;
      case 'number': return numberNode(v);
      case 'bigint': return bigintNode(v);
      case 'object':
        if (Array.isArray(v)) {
          const id = this.arrayIds.get(v as Node[]);
          if (id !== undefined) this.b.place(id, host, key);
        }
        return v as Node;
      default: return v as Node;
    }
  }

  root(v: unknown): void {
    const doc = this.b.doc;
    doc.root = this.node(v, doc, 'root');
  }

  typeCacheStamp(): number {
    return -1;
  }
  ref(id: number, at: number): unknown {
    this.checkRef(id, this.nextId, at);
    return this.b.ref(id);
  }
  reserve(): number {
    this.unit();
    return this.nextId++;
  }
  private obj<N extends NodeObject>(node: N): N {
    this.b.object(this.reserve(), node);
    return node;
  }
  date(time: number): unknown {
    return this.obj(dateNode(time));
  }
  regexp(source: string, flags: string): unknown {
    return this.obj(regexpNode(source, flags));
  }
  arrayBuffer(bytes: Uint8Array): unknown {
    return this.obj(arrayBufferNode(bytes));
  }
  typedArray(id: number, kind: number, buffer: unknown, byteOffset: number, length: number): unknown {
    const node = typedArrayNode(kind);
    node.buffer = this.node(buffer, node, 'buffer');
    node.byteOffset = byteOffset;
    node.length = length;
    this.b.object(id, node);
    return node;
  }
  error(kind: number): unknown {
    return this.obj(errorNode(kind, '', ''));
  }
  errorFill(err: unknown, name: string, message: string, stack: unknown, cause: unknown): void {
    const node = err as NodeObject;
    node.name = name;
    node.message = message;
    if (stack !== undefined) node.stack = this.node(stack, node, 'stack');
    if (cause !== undefined) node.cause = this.node(cause, node, 'cause');
  }
  array(): unknown {
    const a: Node[] = [];
    const id = this.reserve();
    this.b.arrayNode(id, a);
    this.arrayIds.set(a, id);
    return a;
  }
  item(a: unknown, _i: number, v: unknown): void {
    const items = a as Node[];
    items.push(this.node(v, items, items.length));
  }
  holes(a: unknown, _i: number, n: number): void {
    const items = a as Node[];
    const last = items[items.length - 1] as NodeObject | undefined;
    // Only a run node has an own "$holes" key: user keys that start with "$" are escaped.
    if (typeof last === 'object' && last !== null && !Array.isArray(last) && typeof last.$holes === 'number') last.$holes += n;
    else items.push({ $holes: n });
  }
  arrayEnd(): void {}
  object(nullProto: boolean): unknown {
    return this.obj(nullProto ? { $id: undefined, $proto: null } : { $id: undefined });
  }
  entry(o: unknown, key: string, v: unknown, at: number): void {
    const node = o as NodeObject;
    const k = escapeKey(key);
    if (Object.prototype.hasOwnProperty.call(node, k) && k !== '$id' && k !== '$proto') this.fail('INVALID_VALUE', 'an object has two entries with one key', at);
    setEntry(node, k, this.node(v, node, k));
  }
  map(): unknown {
    return this.obj({ $map: [], $id: undefined });
  }
  mapEntry(m: unknown, k: unknown, v: unknown): void {
    const pair: Node[] = [];
    pair.push(this.node(k, pair, 0));
    pair.push(this.node(v, pair, 1));
    ((m as NodeObject).$map as Node[][]).push(pair);
  }
  set(): unknown {
    return this.obj({ $set: [], $id: undefined });
  }
  setEntry(s: unknown, v: unknown): void {
    const items = (s as NodeObject).$set as Node[];
    items.push(this.node(v, items, items.length));
  }
  type(assembly: string, name: string, custom: boolean, names: readonly string[], kinds: readonly number[]): DocType {
    const spec = typeSpec(assembly, name, custom, names.map((n, i) => ({ name: n, kind: kinds[i]! })));
    const key = this.b.defineType(this.typeCount++, assembly, name, spec);
    return { key, custom, keys: names.map(escapeKey), kinds };
  }
  instance(t: DocType, deferred: boolean): unknown {
    const node = this.obj({ $type: t.key, $id: undefined });
    if (!deferred) this.instanceBody(node, t);
    return node;
  }
  instanceBody(o: unknown, t: DocType): void {
    const node = o as NodeObject;
    const dec = this.dec;
    this.enter();
    if (t.custom) {
      const n = dec.entryCount();
      for (let i = 0; i < n; i++) {
        const at = dec.pos;
        const k = escapeKey(dec.entryName());
        this.unit();
        if (Object.prototype.hasOwnProperty.call(node, k) && k !== '$type' && k !== '$id') this.fail('INVALID_VALUE', 'a SerializationInfo has two entries with one name', at);
        setEntry(node, k, this.node(dec.value(), node, k));
      }
    } else {
      t.keys.forEach((k, i) => setEntry(node, k, this.node(dec.member(t.kinds[i]!), node, k)));
    }
    this.leave();
  }
  placeholder(o: unknown): unknown {
    const k = this.b.deferred(o as Node);
    if (Array.isArray(o)) {
      const id = this.arrayIds.get(o as Node[]);
      if (id !== undefined) this.b.place(id, this.b.doc.deferred!, k);
    }
    return { $deferred: k };
  }
}

/**
 * Every frame of `bytes` (frames back to back, as BinaryFormatter writes a stream) as a weft
 * JSON document, without the classes. What `weft inspect` and JsonFormatter.binaryToJson show.
 */
export function inspectFrames(bytes: Uint8Array, limits: Partial<SerializationLimits> = {}, layouts: KnownLayouts | null = null): InspectedFrame[] {
  return [...eachFrame(bytes, limits, layouts)];
}

/**
 * The frames of `bytes` one at a time, so a tool can show the good ones before a bad one
 * fails (with a SerializationException whose offset counts from the start of `bytes`).
 */
export function* eachFrame(bytes: Uint8Array, limits: Partial<SerializationLimits> = {}, layouts: KnownLayouts | null = null): Generator<InspectedFrame, void, undefined> {
  const lim: SerializationLimits = { ...DEFAULT_LIMITS, ...limits };
  const dec = new BinaryDecoder<DocType>();
  // Compact-mode frames name types by fingerprint: readable with the layouts given, or those of
  // classes registered in this process (a fingerprint hashes the whole layout: a match is exact).
  dec.layouts = layouts ?? new KnownLayouts();
  for (let at = 0; at < bytes.length; ) {
    const end = frameEnd(bytes, at, lim.maxBytes);
    const sink = new InspectSink(dec, lim);
    sink.b.begin();
    try {
      sink.root(dec.readGraph(sink, lim, bytes, at + HEADER_SIZE, end));
    } catch (e) {
      throw asSerializationException(e, 'inspect');
    } finally {
      dec.release();
    }
    yield { offset: at, length: end - at, doc: sink.b.doc };
    at = end;
  }
}

/** The text of inspected frames: one JSON document per frame, each followed by "\n". */
export function framesToJson(frames: readonly InspectedFrame[], indent: number): string[] {
  return frames.map((f) => `${printJson(f.doc, indent)}\n`);
}
