import type { MemberDecl, NetType } from '../codegen.js';
import { SerializationException } from '../errors.js';
import type { SerializationBinder } from '../surrogates.js';
import { DATA_VIEW_KIND, TYPED_ARRAY_CTORS } from '../engine/builtins.js';
import { Compound, type GraphEncoder } from '../engine/format.js';
import { MemberKind } from '../engine/member-kinds.js';
import { type ClassMeta, type FlatMember, metaByIdentity, registryVersion } from '../engine/registry.js';
import { classesNamed, simpleNameOf } from './dotnet-names.js';
import { NrbfEncoder } from './encoder.js';
import { arrayListNode, dictionaryNode, finishBuckets, finishHashtable, hashSetNode, hashtableNode, listNode, rootNode } from './net-collections.js';
import { HASHTABLE, NetArray, type NetDecl, NetObject, OBJECT, STRING, arrayDecl, classDecl, hashSetDecl, keyValueDecl, primDecl, resolveNetType } from './net-types.js';
import { type Place, convert, infer, mismatch } from './net-values.js';
import { PrimitiveType } from './records.js';
import { DateTime, DateTimeKind, Decimal } from './values.js';

/**
 * The MS-NRBF side of the graph engine's writer: a GraphEncoder that turns what the engine's
 * ObjectWriter walks (weft semantics: identity, callbacks, ISerializable, surrogates, the
 * binder) into the .NET object graph of net-types.ts, giving every value the .NET type its
 * member declares — a number in an Int32 member must be an integer in Int32's range, and is
 * refused otherwise, never truncated — and hands that graph to NrbfEncoder at the end.
 *
 * .NET writes objects breadth first and numbers them as it goes, while the engine walks depth
 * first, so the graph is built whole and encoded at endGraph.
 */

/** A type of this graph, as the engine declared it (defineType). */
type GraphType =
  | { readonly kind: 'layout'; readonly layout: Layout }
  | { readonly kind: 'custom'; readonly decl: NetDecl }
  | { readonly kind: 'value'; readonly ctor: typeof DateTime | typeof Decimal };

/** A weft class as .NET sees it: its name, its members in .NET's order with their .NET types. */
interface Layout {
  readonly decl: NetDecl;
  readonly names: string[];
  readonly types: NetDecl[];
  /** for each member in the engine's order (base class first), its index in .NET's order (own members first) */
  readonly order: number[];
  /** `Class.member` by .NET index, for messages */
  readonly labels: string[];
}

/** What an object id of the engine stands for. */
interface Entry {
  /** the node or value written for it (undefined until a late body completes) */
  value: unknown;
  /** rows of a rectangular array, which are not objects of their own in .NET */
  row?: boolean;
  /** slots waiting for a value whose body comes later (a deferred DateTime or Decimal instance) */
  waiting?: Slot[];
}

/** A position waiting for a late value, as its frame stood there. */
class Slot implements Place {
  constructor(
    readonly arr: unknown[],
    readonly index: number,
    readonly decl: NetDecl | null,
    readonly types: NetDecl[] | null,
    private readonly label: string,
  ) {}

  where(): string {
    return this.label;
  }
}

/**
 * Where the next value of a compound goes. `advance()` moves to the next position and sets
 * `arr[index]` as the place, `decl` as its declared type (null: a SerializationInfo entry, whose
 * type is its value's) and `types`, for entries, as where that inferred type is recorded.
 */
abstract class Frame implements Place {
  // set once here (a frame is made per compound written): subclasses pass theirs up
  constructor(
    public arr: unknown[],
    public decl: NetDecl | null,
    public types: NetDecl[] | null = null,
    public index = 0,
  ) {}
  abstract advance(): void;
  abstract where(): string;
  close(): void {}
}

class RootFrame extends Frame {
  constructor() {
    super([undefined], OBJECT);
  }
  advance(): void {}
  where(): string {
    return 'the root';
  }
}

class InstanceFrame extends Frame {
  private i = 0;
  constructor(
    readonly node: NetObject,
    private readonly layout: Layout,
  ) {
    super(node.values, null);
  }

  advance(): void {
    const at = this.layout.order[this.i++];
    if (at === undefined) throw new SerializationException('NOT_SERIALIZABLE', `${this.layout.decl.name} wrote more members than it declares`);
    this.index = at;
    this.decl = this.layout.types[at]!;
  }

  where(): string {
    return this.layout.labels[this.index]!;
  }
}

/** ISerializable, surrogate and SetType bodies: named entries, each typed by its value. */
class EntriesFrame extends Frame {
  constructor(readonly node: NetObject) {
    super(node.values, null, node.types);
  }

  /** the declared type of the next entry (addValue's), or null: its value's own */
  private pending: NetDecl | null = null;

  key(k: string, decl: NetDecl | null): void {
    this.node.names.push(k);
    this.pending = decl;
  }

  advance(): void {
    this.decl = this.pending;
    this.pending = null;
    this.index = this.node.names.length - 1;
    this.node.values.length = this.node.names.length;
    this.node.types.length = this.node.names.length;
  }

  where(): string {
    return `${this.node.type.name}.${this.node.names[this.index]}`;
  }
}

/** An array, the items of a List<T>, or those of an ArrayList. */
class ItemsFrame extends Frame {
  constructor(
    items: unknown[],
    element: NetDecl,
    private readonly label: string,
    private readonly done?: (n: number) => void,
  ) {
    super(items, element, null, -1);
  }

  advance(): void {
    this.index++;
  }

  where(): string {
    return `${this.label}[${this.index}]`;
  }

  override close(): void {
    this.done?.(this.arr.length);
  }
}

/**
 * The nested arrays of a rectangular array (`T[,]`): rows of rows, flattened row-major into one
 * .NET array, every row at a depth as long as the first.
 */
class RectFrame extends Frame {
  constructor(
    readonly node: NetArray,
    readonly depth: number,
    private readonly label: string,
  ) {
    super(node.items as unknown[], node.type.element!);
  }

  /** a row (an array of `length`) opens at this depth */
  row(length: number): void {
    const lengths = this.node.lengths;
    if (lengths.length === this.depth + 1) lengths.push(length);
    else if (lengths[this.depth + 1] !== length) {
      throw new SerializationException('TYPE_MISMATCH', `${this.label} is declared ${this.node.type.name} but its rows differ in length (${lengths[this.depth + 1]} and ${length}): a rectangular .NET array needs every row the same length`);
    }
  }

  advance(): void {
    if (this.depth < this.node.type.rank - 1) {
      throw new SerializationException('TYPE_MISMATCH', `${this.label} is declared ${this.node.type.name}: at depth ${this.depth + 1} it needs arrays (rows), not values`);
    }
    this.index = this.arr.length;
  }

  where(): string {
    return this.label;
  }
}

/** Dictionary<K, V>: its pairs, as the KeyValuePair structs .NET writes. */
class DictionaryFrame extends Frame {
  readonly pairs: NetObject[] = [];
  private onKey = false;
  constructor(
    private readonly kv: NetDecl,
    private readonly label: string,
  ) {
    super([], null);
  }

  advance(): void {
    this.onKey = !this.onKey;
    if (this.onKey) {
      const pair = new NetObject(this.kv, ['key', 'value'], [this.kv.element!, this.kv.second!], [null, null], false);
      this.pairs.push(pair);
      this.arr = pair.values;
      this.index = 0;
      this.decl = this.kv.element;
    } else {
      this.index = 1;
      this.decl = this.kv.second;
    }
  }

  where(): string {
    return `${this.label}${this.onKey ? ' (a key)' : ` (the value of key #${this.pairs.length - 1})`}`;
  }
}

/** A Map as a Hashtable (declared Hashtable or object): its keys and values, each of its own type. */
class HashtableFrame extends Frame {
  readonly keys: unknown[] = [];
  readonly values: unknown[] = [];
  private onKey = false;
  constructor(private readonly label: string) {
    super([], OBJECT);
  }

  advance(): void {
    this.onKey = !this.onKey;
    this.arr = this.onKey ? this.keys : this.values;
    this.index = this.arr.length;
  }

  where(): string {
    return `${this.label}${this.onKey ? ' (a key)' : ' (a value)'}`;
  }
}

/** The three members of a DateTime or Decimal instance, which become one primitive value. */
class ValueFrame extends Frame {
  constructor(
    readonly ctor: typeof DateTime | typeof Decimal,
    readonly id: number,
  ) {
    super([], null);
  }

  /** its members come raw (put() pushes them here) */
  advance(): void {}

  where(): string {
    return this.ctor.name;
  }

  value(): DateTime | Decimal {
    const [a, b, c] = this.arr;
    return this.ctor === DateTime ? new DateTime(a as bigint, b as DateTimeKind, c as boolean) : new Decimal(a as bigint, b as number, (a as bigint) < 0n || (c as boolean));
  }
}

/** A typed array: its buffer comes as the one value inside, then typedArrayEnd. */
class TypedArrayFrame extends Frame {
  bytes: Uint8Array | null = null;
  constructor(
    readonly id: number,
    readonly kind: number,
  ) {
    super([], null);
  }

  advance(): void {
    this.index = 0;
  }

  where(): string {
    return 'a typed array';
  }
}

const BYTES = arrayDecl(primDecl(PrimitiveType.Byte));

/** Layouts of registered classes, with the registry version they were made at (see cachedLayout). */
const layouts = new WeakMap<ClassMeta, { version: number; layout: Layout }>();

/** The .NET element type of each TYPED_ARRAY_CTORS kind (0: DataView, which has none). */
const TYPED_ELEMENT: (PrimitiveType | 0)[] = [
  PrimitiveType.SByte, PrimitiveType.Byte, PrimitiveType.Byte, PrimitiveType.Int16, PrimitiveType.UInt16, PrimitiveType.Int32,
  PrimitiveType.UInt32, PrimitiveType.Single, PrimitiveType.Double, PrimitiveType.Int64, PrimitiveType.UInt64, 0,
];

export class NrbfGraphWriter implements GraphEncoder {
  /** the encoded message of the last graph (set by endGraph) */
  bytes: Uint8Array = new Uint8Array(0);
  private frames: Frame[] = [];
  private top!: Frame;
  private root!: RootFrame;
  private byId: Entry[] = [];
  private graphTypes: GraphType[] = [];
  private classes = new Map<string, NetDecl>();
  private comparers = new Map<string, NetObject>();

  constructor(private readonly binder: SerializationBinder | null) {}

  beginGraph(): void {
    this.root = new RootFrame();
    this.frames = [this.root];
    this.top = this.root;
    this.byId = [];
    this.graphTypes = [];
    this.comparers.clear();
  }

  endGraph(): number {
    const root = this.root.arr[0];
    this.bytes = new NrbfEncoder().encode(rootNode(root));
    return this.bytes.length;
  }

  // --- values ---

  null(): void {
    this.put(null);
  }
  undefined(): void {
    this.put(null);
  }
  hole(): void {
    this.put(null);
  }
  boolean(b: boolean): void {
    this.put(b);
  }
  number(n: number): void {
    this.put(n);
  }
  slotNumber(n: number): void {
    this.put(n);
  }
  bigint(b: bigint): void {
    this.put(b);
  }
  string(s: string): void {
    this.put(s);
  }
  ref(id: number): void {
    const e = this.byId[id]!;
    if (this.top instanceof TypedArrayFrame) {
      // a typed array over a buffer written before: .NET has no views, so it gets a copy
      this.top.bytes = (e.value as NetArray).items as Uint8Array;
      return;
    }
    if (e.row) throw this.fail('TYPE_MISMATCH', `${this.here()} refers to a row of a rectangular array, which is not an object of its own in .NET`);
    if (e.waiting !== undefined) {
      this.top.advance();
      e.waiting.push(this.slot());
      return;
    }
    this.put(e.value);
  }
  slotRef(id: number): void {
    this.ref(id);
  }

  date(id: number, time: number): void {
    const d = new Date(time);
    this.byId[id] = { value: d };
    this.put(d);
  }

  regexp(): void {
    throw this.fail('NOT_SERIALIZABLE', `${this.here()} holds a RegExp, which has no .NET (MS-NRBF) form`);
  }

  /** An ArrayBuffer: a byte[] of its own, or the bytes of the typed array being written. */
  arrayBuffer(id: number, bytes: Uint8Array): void {
    const copy = bytes.slice();
    const f = this.top;
    if (f instanceof TypedArrayFrame) {
      f.bytes = copy;
      this.byId[id] = { value: new NetArray(BYTES, [copy.length], copy) };
      return;
    }
    this.typedArray(id, 1);
    (this.top as TypedArrayFrame).bytes = copy;
    this.typedArrayEnd(0, copy.length);
  }

  typedArray(id: number, kind: number): void {
    this.push(new TypedArrayFrame(id, kind));
  }

  typedArrayEnd(byteOffset: number, length: number): void {
    const f = this.pop() as TypedArrayFrame;
    const p = TYPED_ELEMENT[f.kind] ?? 0;
    if (p === 0 || f.kind === DATA_VIEW_KIND) throw this.fail('NOT_SERIALIZABLE', `${this.here()} holds a DataView, which has no .NET (MS-NRBF) form`);
    const bytes = f.bytes!;
    const Ctor = TYPED_ARRAY_CTORS[f.kind] as unknown as { new (b: ArrayBufferLike, o: number, n: number): ArrayLike<number | bigint> };
    const view = new Ctor(bytes.buffer, bytes.byteOffset + byteOffset, length);
    const declared = this.nextDecl();
    const own = arrayDecl(primDecl(p));
    const decl = declared === null || declared.shape === 'object' ? own : declared;
    let node: unknown;
    if (decl.shape === 'array' && decl.rank === 1 && decl.element!.shape === 'prim') {
      const items = p === PrimitiveType.Byte && decl.element!.prim === PrimitiveType.Byte ? new Uint8Array(view as Uint8Array) : this.items(decl.element!, Array.from(view));
      node = new NetArray(decl, [length], items);
    } else if (decl.shape === 'list' && decl.element!.shape === 'prim') {
      node = listNode(decl, this.items(decl.element!, Array.from(view)));
    } else {
      throw this.mismatch(decl, `a ${TYPED_ARRAY_CTORS[f.kind]!.name}`);
    }
    this.byId[f.id] = { value: node };
    this.place(node, decl);
  }

  error(): void {
    throw this.fail('NOT_SERIALIZABLE', `${this.here()} holds an Error: weft does not write JavaScript errors as .NET exceptions`);
  }
  errorEnd(): void {}

  // --- compounds ---

  defineType(index: number, assembly: string, name: string, custom: boolean, members: readonly FlatMember[], meta: ClassMeta | null): void {
    if (custom) this.graphTypes[index] = { kind: 'custom', decl: classDecl(name, assembly) };
    else if (meta !== null && (meta.ctor === DateTime || meta.ctor === Decimal)) this.graphTypes[index] = { kind: 'value', ctor: meta.ctor as typeof DateTime };
    else this.graphTypes[index] = { kind: 'layout', layout: this.cachedLayout(assembly, name, members, meta) };
  }

  /**
   * A class's layout, kept across graphs while the registry is unchanged, when nothing of this
   * writer's can change it (no binder: it may rename the class or a member's class).
   */
  private cachedLayout(assembly: string, name: string, members: readonly FlatMember[], meta: ClassMeta | null): Layout {
    if (meta === null || this.binder !== null) return this.layoutOf(assembly, name, members);
    const version = registryVersion();
    const known = layouts.get(meta);
    if (known !== undefined && known.version === version) return known.layout;
    const layout = this.layoutOf(assembly, name, members);
    layouts.set(meta, { version, layout });
    return layout;
  }

  open(kind: Compound, id: number, count: number, type: number): void {
    this.openNode(kind, id, type, count);
  }

  slotArray(id: number, count: number): void {
    this.openNode(Compound.Array, id, -1, count);
  }

  openDeferred(kind: Compound, id: number, type: number): void {
    this.openNode(kind, id, type, null);
  }

  openDeferredBody(kind: Compound, id: number, count: number, type: number): void {
    this.push(this.bodyFrame(kind, this.byId[id]!, id, type, count));
  }

  key(k: string, net?: NetType): void {
    const f = this.top as EntriesFrame;
    f.key(k, net === undefined ? null : resolveNetType(net, (a, n) => this.classOf(a, n, f.where())));
  }

  close(_kind: Compound): void {
    const f = this.pop();
    if (f instanceof ValueFrame) {
      const v = f.value();
      const e = this.byId[f.id]!;
      const waiting = e.waiting ?? [];
      e.value = v;
      e.waiting = undefined;
      for (const s of waiting) this.fill(s, v);
      return;
    }
    if (f instanceof RectFrame && f.depth === 0) {
      // an empty array, or empty rows: the dimensions no row reached are 0
      while (f.node.lengths.length < f.node.type.rank) f.node.lengths.push(0);
    }
    f.close();
  }

  /** Creates the node of a compound at the current position; `count` null: its body comes later (deferred). */
  private openNode(kind: Compound, id: number, type: number, count: number | null): void {
    const top = this.top;
    if (top instanceof RectFrame && kind === Compound.Array && top.depth < top.node.type.rank - 1) {
      // a row of a rectangular array: not an object of its own
      if (count === null) throw this.fail('LIMIT_EXCEEDED', `${top.where()} is nested too deeply to be written as a rectangular array`);
      top.row(count);
      this.byId[id] = { value: null, row: true };
      this.push(new RectFrame(top.node, top.depth + 1, top.where()));
      return;
    }
    if (kind === Compound.Instance && this.graphTypes[type]!.kind === 'value') {
      // a DateTime or Decimal instance: one primitive value, known when its members are
      const e: Entry = { value: undefined, waiting: [] };
      this.byId[id] = e;
      top.advance();
      e.waiting!.push(this.slot());
      if (count !== null) this.push(new ValueFrame((this.graphTypes[type] as { ctor: typeof DateTime }).ctor, id));
      return;
    }
    const node = this.nodeFor(kind, type, this.nextDecl());
    const e: Entry = { value: node.value };
    this.byId[id] = e;
    this.place(node.value, node.decl);
    if (count !== null) this.push(this.bodyFrame(kind, e, id, type, count));
  }

  /** The node a compound becomes where `decl` is declared (null: a SerializationInfo entry, typed by its value). */
  private nodeFor(kind: Compound, type: number, declared: NetDecl | null): { value: unknown; decl: NetDecl } {
    const loose = declared === null || declared.shape === 'object';
    switch (kind) {
      case Compound.Instance: {
        const t = this.graphTypes[type] as { layout: Layout };
        const node = new NetObject(t.layout.decl, t.layout.names, t.layout.types, new Array(t.layout.names.length).fill(null), false);
        if (!loose && declared.shape !== 'class') throw this.mismatch(declared, `an instance of ${t.layout.decl.name}`);
        return { value: node, decl: t.layout.decl };
      }
      case Compound.Custom: {
        const t = this.graphTypes[type] as { decl: NetDecl };
        if (!loose && declared.shape !== 'class') throw this.mismatch(declared, `an instance of ${t.decl.name} (written by getObjectData)`);
        return { value: new NetObject(t.decl, [], [], [], true), decl: t.decl };
      }
      case Compound.Array: {
        const decl = loose ? arrayDecl(OBJECT) : declared;
        switch (decl.shape) {
          case 'array':
            return { value: new NetArray(decl, decl.rank === 1 ? [0] : [], []), decl };
          case 'list':
            return { value: listNode(decl, []), decl };
          case 'arraylist':
            return { value: arrayListNode(), decl };
        }
        throw this.mismatch(decl, 'an array');
      }
      case Compound.Map: {
        const decl = loose ? HASHTABLE : declared;
        if (decl.shape === 'dictionary') return { value: dictionaryNode(decl), decl };
        if (decl.shape === 'hashtable') return { value: hashtableNode(), decl };
        throw this.mismatch(decl, 'a Map');
      }
      case Compound.Set: {
        const decl = loose ? hashSetDecl(OBJECT) : declared;
        if (decl.shape === 'hashset') return { value: hashSetNode(decl), decl };
        throw this.mismatch(decl, 'a Set');
      }
      default:
        throw this.fail('NOT_SERIALIZABLE', `${this.here()} holds a plain object, which has no .NET type: write a @Serializable class (or a Map) instead`);
    }
  }

  /** The frame that takes the body of a compound's node. */
  private bodyFrame(kind: Compound, e: Entry, id: number, type: number, count: number): Frame {
    const node = e.value;
    const label = this.here();
    if (e.waiting !== undefined) return new ValueFrame((this.graphTypes[type] as { ctor: typeof DateTime }).ctor, id);
    if (kind === Compound.Instance) return new InstanceFrame(node as NetObject, (this.graphTypes[type] as { layout: Layout }).layout);
    if (kind === Compound.Custom) return new EntriesFrame(node as NetObject);
    if (node instanceof NetArray) {
      if (node.type.rank > 1) {
        node.lengths.length = 0;
        node.lengths.push(count);
        return new RectFrame(node, 0, label);
      }
      return new ItemsFrame(node.items as unknown[], node.type.element!, label, (n) => {
        node.lengths[0] = n;
      });
    }
    const obj = node as NetObject;
    switch (obj.type.shape) {
      case 'list':
      case 'arraylist': {
        const items = obj.values[0] as NetArray;
        return new ItemsFrame(items.items as unknown[], items.type.element!, label, (n) => {
          items.lengths[0] = n;
          obj.values[1] = n;
          obj.values[2] = n;
        });
      }
      case 'hashset': {
        const elements: unknown[] = [];
        return new ItemsFrame(elements, obj.type.element!, label, () => finishBuckets(obj, elements, this.comparer(obj.types[1]!), { where: () => label }));
      }
      case 'dictionary': {
        const f = new DictionaryFrame(keyValueDecl(obj.type.element!, obj.type.second!), label);
        f.close = () => finishBuckets(obj, f.pairs, this.comparer(obj.types[1]!), { where: () => label });
        return f;
      }
      default: {
        const f = new HashtableFrame(label);
        f.close = () => finishHashtable(obj, f.keys, f.values, { where: () => label });
        return f;
      }
    }
  }

  // --- positions ---

  private push(f: Frame): void {
    this.frames.push(f);
    this.top = f;
  }

  private pop(): Frame {
    const f = this.frames.pop()!;
    this.top = this.frames[this.frames.length - 1]!;
    return f;
  }

  /** The declared type of the next value of the current compound (advancing to it). */
  private nextDecl(): NetDecl | null {
    const top = this.top;
    top.advance();
    return top.decl;
  }

  /** The current position, kept for a value that comes later. */
  private slot(): Slot {
    const f = this.top;
    return new Slot(f.arr, f.index, f.decl, f.types, f.where());
  }

  /** A plain value at the next position. */
  private put(v: unknown): void {
    const top = this.top;
    if (top instanceof ValueFrame) {
      top.arr.push(v);
      return;
    }
    top.advance();
    this.store(top.arr, top.index, top.decl, top.types, top, v);
  }

  /** A node at the position nextDecl() moved to: already built for the declared type. */
  private place(node: unknown, decl: NetDecl): void {
    const f = this.top;
    f.arr[f.index] = node;
    if (f.types !== null) f.types[f.index] = decl;
  }

  /** Stores `v` at arr[index], converted to `decl` (null: an entry, typed by its value in types[index]). */
  private store(arr: unknown[], index: number, decl: NetDecl | null, types: NetDecl[] | null, at: Place, v: unknown): void {
    if (decl === null) {
      const [inferred, value] = infer(v, at);
      arr[index] = value;
      types![index] = inferred;
    } else {
      arr[index] = convert(decl, v, at);
      if (types !== null) types[index] = decl;
    }
  }

  private fill(s: Slot, v: unknown): void {
    this.store(s.arr, s.index, s.decl, s.types, s, v);
  }

  private here(): string {
    return this.top.where();
  }

  /** Converts each element of a typed array to a primitive element type. */
  private items(elem: NetDecl, values: unknown[]): unknown[] {
    const where = this.here();
    let i = 0;
    const at: Place = { where: () => `${where}[${i}]` };
    return values.map((v, k) => {
      i = k;
      return convert(elem, v, at);
    });
  }

  private fail(code: 'NOT_SERIALIZABLE' | 'TYPE_MISMATCH' | 'LIMIT_EXCEEDED', message: string): SerializationException {
    return new SerializationException(code, message);
  }

  private mismatch(decl: NetDecl, what: string): SerializationException {
    return mismatch(this.top, decl, what);
  }

  // --- layouts ---

  /**
   * A weft class's .NET layout, named and ordered as .NET's reflection lists a class's fields:
   * the class's own members, then its bases' non-private ones (nearest base first), then their
   * private ones (`#field`), each named `Base+field` as .NET names a base class's private field.
   * A member hidden by one of the same name also gets its class's prefix. @DotNetName wins.
   */
  private layoutOf(assembly: string, name: string, members: readonly FlatMember[]): Layout {
    const own = members[members.length - 1]?.declaring;
    const declOf = (m: FlatMember): MemberDecl => m.declaring.info.members[m.local] as MemberDecl;
    const bases = [...members].reverse().filter((m) => m.declaring !== own);
    const ordered = [
      ...members.filter((m) => m.declaring === own),
      ...groupByClass(bases.filter((m) => !declOf(m).name.startsWith('#'))),
      ...groupByClass(bases.filter((m) => declOf(m).name.startsWith('#'))),
    ];
    const names: string[] = [];
    const types: NetDecl[] = [];
    const labels: string[] = [];
    const at = new Map<FlatMember, number>();
    for (const m of ordered) {
      const decl = declOf(m);
      const field = decl.name.startsWith('#') ? decl.name.slice(1) : decl.name;
      const prefixed = `${simpleNameOf(m.declaring.name)}+${field}`;
      let netName = decl.netName ?? (m.declaring !== own && decl.name.startsWith('#') ? prefixed : field);
      if (names.includes(netName)) netName = prefixed;
      at.set(m, names.length);
      names.push(netName);
      labels.push(`${m.declaring.name}.${decl.name}`);
      types.push(this.memberType(decl, m));
    }
    return { decl: classDecl(name, assembly), names, types, order: members.map((m) => at.get(m)!), labels };
  }

  private memberType(decl: MemberDecl, m: FlatMember): NetDecl {
    if (decl.net !== undefined) return resolveNetType(decl.net, (a, n) => this.classOf(a, n, `${m.declaring.name}.${m.name}`));
    switch (m.kind) {
      case MemberKind.String: return STRING;
      case MemberKind.Boolean: return primDecl(PrimitiveType.Boolean);
      case MemberKind.BigInt: return primDecl(PrimitiveType.Int64);
    }
    throw new SerializationException(
      'NO_DOTNET_TYPE',
      `${m.declaring.name}.${m.name} has no .NET type, so it cannot be written as MS-NRBF${m.kind === MemberKind.Number ? ' (a number could be an Int32, a Double, a Byte…)' : ''}: annotate it with a type from '@weft/runtime/dotnet' (e.g. Int32, Double, List<T>) or @DotNetType('int'), and mark the class @Serializable({ dotnet: true }) so the compiler checks every member`,
    );
  }

  /** The graph's EqualityComparer<K>.Default object of a comparer type. */
  private comparer(type: NetDecl): NetObject {
    let c = this.comparers.get(type.name);
    if (c === undefined) {
      c = new NetObject(type, [], [], [], false);
      this.comparers.set(type.name, c);
    }
    return c;
  }

  /**
   * The .NET name of a weft class named in a member declaration: the binder's, or its registered
   * identity. An empty assembly: the class is known by its TypeScript name only (the bundler
   * plugin compiles one file at a time and cannot see an imported class's identity), found among
   * the registered classes here.
   */
  private classOf(assembly: string, name: string, label: string): NetDecl {
    const key = `${assembly}\u0000${name}`;
    let d = this.classes.get(key);
    if (d === undefined) {
      let meta: ClassMeta | undefined;
      if (assembly !== '') meta = metaByIdentity(assembly, name);
      else {
        const found = classesNamed(name);
        if (found.length !== 1) {
          throw new SerializationException(
            'NO_DOTNET_TYPE',
            `${label} has the type ${name}, imported from another file, which the compiler could not look into (the bundler plugin compiles one file at a time), and ${found.length === 0 ? 'no registered @Serializable class is' : `${found.length} registered classes are`} named ${name}: build with tspc, which sees across files, or declare its .NET type with @DotNetType`,
          );
        }
        meta = found[0]!;
        [assembly, name] = [meta.assembly, meta.name];
      }
      let bound: { assemblyName?: string; typeName?: string } | undefined;
      if (meta !== undefined && this.binder !== null) bound = this.binder.bindToName(meta.ctor);
      d = classDecl(bound?.typeName ?? name, bound?.assemblyName ?? assembly);
      this.classes.set(key, d);
    }
    return d;
  }
}

function groupByClass(members: FlatMember[]): FlatMember[] {
  const groups: FlatMember[][] = [];
  for (const m of members) {
    const last = groups[groups.length - 1];
    if (last !== undefined && last[0]!.declaring === m.declaring) last.push(m);
    else groups.push([m]);
  }
  return groups.flatMap((g) => g.reverse());
}

