import { SerializationException, type SerializationErrorCode, quoted } from '../errors.js';
import { MAX_INLINE_DEPTH, TYPED_ARRAY_CTORS } from '../engine/builtins.js';
import type { GraphDecoder, GraphSink } from '../engine/format.js';
import { MemberKind } from '../engine/member-kinds.js';
import type { TypeEntry } from '../engine/type-resolver.js';
import type { SerializationLimits } from '../limits.js';
import type { NrbfArrayRecord, NrbfClassRecord, NrbfGraph, NrbfMemberType, NrbfRecord, NrbfValue } from './records.js';
import { systemKindOf, SystemKind } from './system-types.js';
import { DateTime, Decimal } from './values.js';

/** Rows a multi-dimensional array may have beyond what its elements fill (NRBF.md, "System types"). */
const MAX_EMPTY_ROWS = 1024;

const UINT8_KIND = TYPED_ARRAY_CTORS.indexOf(Uint8Array);

/** What an unmapped .NET type becomes: an UNKNOWN_TYPE error, or a plain record object. */
export type UnknownTypes = 'error' | 'record';

/** The members of the record whose body the engine is reading. */
interface Cursor {
  values: readonly NrbfValue[];
  i: number;
  at: number;
}

/**
 * Rebuilds one decoded NRBF graph with the graph engine: it walks the records from the root
 * and drives the engine's reader (a GraphSink) as a weft decoder would, so every weft
 * semantic — registered classes only, the binder, surrogates, ISerializable constructors,
 * callbacks, IObjectReference, fixups and limits — applies to .NET data unchanged. It is also
 * the GraphDecoder the engine reads class bodies through: each member read hands out the next
 * value of the record being read, converted.
 *
 * .NET system types become JavaScript values here (NRBF.md, "System types"). Object ids are
 * the engine's: the reader registers objects in the order this walk creates them, so a record
 * met again is a reference to the id it got. Past MAX_INLINE_DEPTH nested objects a body is
 * queued and read after the root, as the binary format's deferred bodies are: .NET writes
 * long chains (linked lists) flat, and this walk would otherwise follow them as deep as they go.
 */
export class NrbfGraphReader implements GraphDecoder {
  private sink!: GraphSink<TypeEntry>;
  /** record → the engine's object id */
  private ids = new Map<NrbfRecord, number>();
  /** records that became values the engine does not register (boxed primitives, DateTime, enums...) */
  private plain = new Map<NrbfRecord, unknown>();
  private nextId = 0;
  private cursors: Cursor[] = [];
  private depth = 0;
  private deferAt = MAX_INLINE_DEPTH;
  private pending: (() => void)[] = [];
  /** the offset of the record being converted, for failures outside a class body */
  private recordAt = -1;
  /** value-type records being converted into plain values (a stream can make one contain itself) */
  private converting = new Set<NrbfRecord>();
  /** class metadata (shared by a record and its ClassWithId records) → its type, null for a generic record */
  private types = new Map<readonly string[], TypeEntry | null>();
  unknownTypes: UnknownTypes = 'error';

  /** Builds `graph` into `sink`; returns the root as the sink built it. */
  read(sink: GraphSink<TypeEntry>, graph: NrbfGraph, limits: Readonly<SerializationLimits>): unknown {
    this.sink = sink;
    this.ids.clear();
    this.plain.clear();
    this.types.clear();
    this.nextId = 0;
    this.cursors.length = 0;
    this.depth = 0;
    this.pending.length = 0;
    this.converting.clear();
    this.recordAt = graph.offset;
    // Bodies nested deeper than this are queued, so the engine's own depth stays under maxDepth.
    this.deferAt = Math.max(1, Math.min(MAX_INLINE_DEPTH, limits.maxDepth >> 1));
    try {
      const root = this.convert(graph.root, graph.offset);
      for (let i = 0; i < this.pending.length; i++) {
        const run = this.pending[i]!;
        this.pending[i] = NOTHING;
        run();
      }
      return root;
    } finally {
      this.ids.clear();
      this.plain.clear();
      this.types.clear();
      this.pending.length = 0;
      this.cursors.length = 0;
    }
  }

  // ---- GraphDecoder: the engine reads a class body member by member ----------------------

  private next(): unknown {
    const c = this.cursors[this.cursors.length - 1];
    if (c === undefined || c.i >= c.values.length) return this.bad('INVALID_VALUE', 'a class body was read past its last member');
    return this.convert(c.values[c.i++]!, c.at);
  }

  value(): unknown {
    return this.next();
  }
  num(): unknown {
    return this.next();
  }
  str(): unknown {
    return this.next();
  }
  obj(): unknown {
    return this.next();
  }
  arr(): unknown {
    return this.next();
  }
  objs(): unknown {
    return this.next();
  }
  member(): unknown {
    return this.next();
  }
  entryCount(): number {
    return this.bad('INVALID_VALUE', 'an NRBF class record has members, not getObjectData entries');
  }
  entryName(): string {
    return this.bad('INVALID_VALUE', 'an NRBF class record has members, not getObjectData entries');
  }
  at(): number {
    const c = this.cursors[this.cursors.length - 1];
    return c === undefined ? this.recordAt : c.at;
  }

  private bad(code: SerializationErrorCode, message: string, at = this.at()): never {
    throw new SerializationException(code, message, at >= 0 ? { offset: at } : undefined);
  }

  // ---- the walk ------------------------------------------------------------------------

  private convert(v: NrbfValue, at: number): unknown {
    if (v === null || typeof v !== 'object' || v instanceof DateTime || v instanceof Decimal) return v;
    switch (v.kind) {
      case 'string':
      case 'primitive':
        return v.value;
    }
    const id = this.ids.get(v);
    if (id !== undefined) return this.sink.ref(id, at);
    if (this.plain.has(v)) return this.plain.get(v);
    this.recordAt = v.offset;
    return v.kind === 'class' ? this.classValue(v) : this.arrayValue(v);
  }

  /** Registers `rec` under the id the sink's next object gets. */
  private claim(rec: NrbfRecord): void {
    this.ids.set(rec, this.nextId++);
  }

  /** Runs a compound's body now, one level deeper, or after the root when the walk is deep. */
  private body(run: () => void): void {
    if (this.depth >= this.deferAt) {
      this.pending.push(run);
      return;
    }
    this.depth++;
    this.sink.enter();
    run();
    this.sink.leave();
    this.depth--;
  }

  private classValue(rec: NrbfClassRecord): unknown {
    const kind = systemKindOf(rec);
    if (kind !== SystemKind.None) return this.systemValue(kind, rec);
    const t = this.typeOf(rec);
    if (t === null) return this.genericRecord(rec);
    this.claim(rec);
    const cursor: Cursor = { values: rec.values, i: 0, at: rec.offset };
    if (this.depth >= this.deferAt) {
      const o = this.sink.instance(t, true, rec.offset);
      this.pending.push(() => {
        this.cursors.push(cursor);
        this.depth++;
        this.sink.instanceBody(o, t, rec.offset);
        this.depth--;
        this.cursors.pop();
      });
      return this.sink.placeholder(o);
    }
    this.depth++;
    this.cursors.push(cursor);
    const o = this.sink.instance(t, false, rec.offset);
    this.cursors.pop();
    this.depth--;
    return o;
  }

  /** The engine's type for a class record (resolved once per class metadata); null: read it as a generic record. */
  private typeOf(rec: NrbfClassRecord): TypeEntry | null {
    const known = this.types.get(rec.memberNames);
    if (known !== undefined) return known;
    const kinds = rec.memberTypes === null ? rec.memberNames.map(() => MemberKind.Any) : rec.memberTypes.map(kindOf);
    let t: TypeEntry | null;
    try {
      t = this.sink.type(rec.libraryName ?? 'mscorlib', rec.typeName, false, rec.memberNames, kinds, rec.offset);
    } catch (e) {
      if (this.unknownTypes !== 'record' || !(e instanceof SerializationException) || e.code !== 'UNKNOWN_TYPE') throw e;
      t = null;
    }
    this.types.set(rec.memberNames, t);
    return t;
  }

  /** An unmapped type, read as a null-prototype object: `$type`, `$assembly`, then its members by name. */
  private genericRecord(rec: NrbfClassRecord): unknown {
    this.claim(rec);
    const sink = this.sink;
    const o = sink.object(true);
    sink.entry(o, '$type', rec.typeName, rec.offset);
    sink.entry(o, '$assembly', rec.libraryName ?? 'mscorlib', rec.offset);
    this.body(() => {
      for (let i = 0; i < rec.memberNames.length; i++) {
        sink.unit();
        sink.entry(o, rec.memberNames[i]!, this.convert(rec.values[i]!, rec.offset), rec.offset);
      }
    });
    return o;
  }

  // ---- arrays --------------------------------------------------------------------------

  private arrayValue(rec: NrbfArrayRecord): unknown {
    const sink = this.sink;
    const els = rec.elements;
    if (els instanceof Uint8Array && rec.rank === 1) {
      // byte[] is binary data: a Uint8Array (its own ArrayBuffer, as the engine makes them)
      this.claim(rec);
      const id = sink.reserve();
      this.nextId++;
      const buffer = sink.arrayBuffer(els, rec.offset);
      return sink.typedArray(id, UINT8_KIND, buffer, 0, els.length, rec.offset);
    }
    if (rec.rank > 1) return this.rectangular(rec);
    return this.listOf(rec, els, 0, els.length);
  }

  /**
   * A new array, registered for `rec`, of `count` elements of `els` from `start` on, wrapping
   * at `ring` (a Queue's circular buffer).
   */
  private listOf(rec: NrbfRecord, els: ArrayLike<unknown>, start: number, count: number, ring = els.length): unknown {
    const sink = this.sink;
    sink.collection(count, 'an array', rec.offset);
    this.claim(rec);
    const a = sink.array(count);
    this.body(() => {
      for (let i = 0; i < count; i++) {
        sink.unit();
        sink.item(a, i, this.convert(els[ring === 0 ? 0 : (start + i) % ring] as NrbfValue, rec.offset));
      }
      sink.arrayEnd(a, count);
    });
    return a;
  }

  /** A multi-dimensional array: nested arrays, row-major (a[i][j] is .NET's a[i, j]); lower bounds are not kept. */
  private rectangular(rec: NrbfArrayRecord): unknown {
    const sink = this.sink;
    const lengths = rec.lengths;
    const els = rec.elements;
    // Each row is an array, and rows exist even when a later dimension is 0: [2162689, 0] is
    // 8 bytes of lengths, no element, and 2 M empty rows. With elements, rows are at most twice
    // their count (each row holds one at least); beyond that only MAX_EMPTY_ROWS are made.
    let rows = 0;
    let span = 1;
    for (let d = 0; d < lengths.length - 1; d++) {
      sink.collection(lengths[d]!, 'a dimension of a multi-dimensional array', rec.offset);
      span *= lengths[d]!;
      rows += span;
      if (rows > 2 * rec.totalElements + MAX_EMPTY_ROWS) {
        this.bad('LIMIT_EXCEEDED', `a multi-dimensional array of ${lengths.join(' x ')} (${rec.totalElements} elements) needs more than ${MAX_EMPTY_ROWS} empty rows`, rec.offset);
      }
    }
    sink.work(rows);
    this.claim(rec);
    const outer = sink.array(lengths[0]!);
    this.body(() => {
      let flat = 0;
      const fill = (a: unknown, dim: number): void => {
        const n = lengths[dim]!;
        const last = dim === lengths.length - 1;
        for (let i = 0; i < n; i++) {
          sink.unit();
          if (last) sink.item(a, i, this.convert(els[flat++] as NrbfValue, rec.offset));
          else {
            this.nextId++;
            const row = sink.array(lengths[dim + 1]!);
            fill(row, dim + 1);
            sink.item(a, i, row);
          }
        }
        sink.arrayEnd(a, n);
      };
      fill(outer, 0);
    });
    return outer;
  }

  // ---- system types --------------------------------------------------------------------

  private field(rec: NrbfClassRecord, name: string): NrbfValue {
    const i = rec.memberNames.indexOf(name);
    if (i < 0) return this.bad('INVALID_VALUE', `${quoted(rec.typeName)} lacks its member "${name}"`, rec.offset);
    return rec.values[i]!;
  }

  private int(rec: NrbfClassRecord, name: string): number {
    const v = this.field(rec, name);
    if (typeof v !== 'number' || !Number.isInteger(v)) return this.bad('INVALID_VALUE', `member "${name}" of ${quoted(rec.typeName)} is not an integer`, rec.offset);
    return v;
  }

  /** An array member (or null), as its record; an `optional` one may be absent (null then). */
  private arrayMember(rec: NrbfClassRecord, name: string, optional = false): NrbfArrayRecord | null {
    if (optional && !rec.memberNames.includes(name)) return null;
    const v = this.field(rec, name);
    if (v === null) return null;
    if (typeof v !== 'object' || !('kind' in v) || v.kind !== 'array' || v.rank !== 1) {
      return this.bad('INVALID_VALUE', `member "${name}" of ${quoted(rec.typeName)} is not a single-dimension array`, rec.offset);
    }
    return v;
  }

  private systemValue(kind: SystemKind, rec: NrbfClassRecord): unknown {
    switch (kind) {
      case SystemKind.Boxed:
        return this.keep(rec, this.primitiveField(rec, this.field(rec, 'm_value')));
      case SystemKind.Enum:
        return this.keep(rec, this.primitiveField(rec, rec.values[0]!));
      case SystemKind.DateTime: {
        const data = this.field(rec, 'dateData');
        if (typeof data !== 'bigint') return this.bad('INVALID_VALUE', 'a System.DateTime whose dateData is not a UInt64', rec.offset);
        try {
          return this.keep(rec, DateTime.fromDateData(BigInt.asUintN(64, data)));
        } catch {
          return this.bad('INVALID_VALUE', 'a System.DateTime has ticks beyond DateTime.MaxValue', rec.offset);
        }
      }
      case SystemKind.TimeSpan: {
        const ticks = this.field(rec, '_ticks');
        if (typeof ticks !== 'bigint') return this.bad('INVALID_VALUE', 'a System.TimeSpan whose _ticks is not an Int64', rec.offset);
        return this.keep(rec, ticks);
      }
      case SystemKind.Decimal:
        try {
          return this.keep(rec, Decimal.fromBits(this.int(rec, 'flags'), this.int(rec, 'hi'), this.int(rec, 'lo'), this.int(rec, 'mid')));
        } catch (e) {
          if (e instanceof SerializationException && e.offset !== undefined) throw e;
          return this.bad('INVALID_VALUE', 'a System.Decimal with invalid bits', rec.offset);
        }
      case SystemKind.Guid:
        return this.keep(rec, this.guid(rec));
      case SystemKind.Nullable: {
        const has = this.field(rec, 'hasValue');
        if (has !== true) return this.keep(rec, null);
        // A value type cannot contain itself, and a chain of them is nesting like any other.
        if (this.converting.has(rec)) return this.bad('INVALID_VALUE', `a ${quoted(rec.typeName)} contains itself`, rec.offset);
        this.converting.add(rec);
        this.sink.enter();
        const v = this.convert(this.field(rec, 'value'), rec.offset);
        this.sink.leave();
        this.converting.delete(rec);
        return this.keep(rec, v);
      }
      case SystemKind.List: {
        const items = this.arrayMember(rec, '_items');
        const size = this.int(rec, '_size');
        if (size < 0 || size > (items?.totalElements ?? 0)) return this.bad('INVALID_VALUE', `a list's _size ${size} is outside its _items array`, rec.offset);
        return this.listOf(rec, items?.elements ?? [], 0, size);
      }
      case SystemKind.Stack: {
        const items = this.arrayMember(rec, '_array');
        const size = this.int(rec, '_size');
        if (size < 0 || size > (items?.totalElements ?? 0)) return this.bad('INVALID_VALUE', `a stack's _size ${size} is outside its _array`, rec.offset);
        return this.listOf(rec, items?.elements ?? [], 0, size);
      }
      case SystemKind.Queue: {
        const items = this.arrayMember(rec, '_array');
        const size = this.int(rec, '_size');
        const head = this.int(rec, '_head');
        const capacity = items?.totalElements ?? 0;
        if (size < 0 || size > capacity || head < 0 || (capacity > 0 && head >= capacity)) return this.bad('INVALID_VALUE', `a queue's _head ${head} or _size ${size} is outside its _array`, rec.offset);
        return this.listOf(rec, items?.elements ?? [], head, size, capacity);
      }
      case SystemKind.Dictionary:
        return this.mapOf(rec, (add) => {
          // an empty Dictionary (no buckets yet) is written without KeyValuePairs
          const pairs = this.arrayMember(rec, 'KeyValuePairs', true);
          if (pairs === null) return;
          for (const p of pairs.elements as readonly NrbfValue[]) {
            if (p === null || typeof p !== 'object' || !('kind' in p) || p.kind !== 'class') return this.bad('INVALID_VALUE', 'a Dictionary entry is not a KeyValuePair record', rec.offset);
            add(this.field(p, 'key'), this.field(p, 'value'));
          }
        });
      case SystemKind.Hashtable:
        return this.mapOf(rec, (add) => this.pairs(rec, 'Keys', 'Values', -1, add));
      case SystemKind.SortedList:
        return this.mapOf(rec, (add) => this.pairs(rec, 'keys', 'values', this.int(rec, '_size'), add));
      case SystemKind.HashSet:
        return this.setOf(rec, 'Elements');
      case SystemKind.SortedSet:
        return this.setOf(rec, 'Items');
      case SystemKind.KeyValuePair: {
        this.claim(rec);
        const sink = this.sink;
        const o = sink.object(false);
        this.body(() => {
          sink.entry(o, 'key', this.convert(this.field(rec, 'key'), rec.offset), rec.offset);
          sink.entry(o, 'value', this.convert(this.field(rec, 'value'), rec.offset), rec.offset);
        });
        return o;
      }
      case SystemKind.Exception:
        return this.exception(rec);
      default:
        return this.bad('INVALID_VALUE', 'unhandled system type');
    }
  }

  /** The value of a boxed primitive or an enum: a primitive, never a record. */
  private primitiveField(rec: NrbfClassRecord, v: NrbfValue): unknown {
    if (v !== null && typeof v === 'object' && !(v instanceof DateTime) && !(v instanceof Decimal) && v.kind !== 'primitive') {
      return this.bad('INVALID_VALUE', `the value of a boxed ${quoted(rec.typeName)} is not a primitive`, rec.offset);
    }
    return this.convert(v, rec.offset);
  }

  private keep(rec: NrbfRecord, v: unknown): unknown {
    this.plain.set(rec, v);
    return v;
  }

  private guid(rec: NrbfClassRecord): string {
    const hex = (n: number, digits: number): string => (n >>> 0).toString(16).padStart(digits, '0').slice(-digits);
    const a = this.int(rec, '_a');
    const b = this.int(rec, '_b') & 0xffff;
    const c = this.int(rec, '_c') & 0xffff;
    const rest = ['_d', '_e', '_f', '_g', '_h', '_i', '_j', '_k'].map((n) => hex(this.int(rec, n) & 0xff, 2));
    return `${hex(a, 8)}-${hex(b, 4)}-${hex(c, 4)}-${rest.slice(0, 2).join('')}-${rest.slice(2).join('')}`;
  }

  /** Key and value arrays of equal use (`size` < 0: all of them). */
  private pairs(rec: NrbfClassRecord, keysName: string, valuesName: string, size: number, add: (k: NrbfValue, v: NrbfValue) => void): void {
    const keys = this.arrayMember(rec, keysName);
    const values = this.arrayMember(rec, valuesName);
    const nk = keys?.totalElements ?? 0;
    const nv = values?.totalElements ?? 0;
    const n = size < 0 ? nk : size;
    if (n > nk || n > nv || n < 0) return this.bad('INVALID_VALUE', `${quoted(rec.typeName)} has ${nk} keys and ${nv} values for ${n} entries`, rec.offset);
    for (let i = 0; i < n; i++) add((keys!.elements as readonly NrbfValue[])[i]!, (values!.elements as readonly NrbfValue[])[i]!);
  }

  private mapOf(rec: NrbfClassRecord, each: (add: (k: NrbfValue, v: NrbfValue) => void) => void): unknown {
    this.claim(rec);
    const sink = this.sink;
    const m = sink.map();
    this.body(() =>
      each((k, v) => {
        sink.unit();
        sink.mapEntry(m, this.convert(k, rec.offset), this.convert(v, rec.offset), rec.offset);
      }),
    );
    return m;
  }

  private setOf(rec: NrbfClassRecord, name: string): unknown {
    this.claim(rec);
    const sink = this.sink;
    const s = sink.set();
    // an empty HashSet (no buckets) or SortedSet (no root) is written without its Elements/Items
    const items = this.arrayMember(rec, name, true);
    this.body(() => {
      if (items === null) return;
      const els = items.elements;
      for (let i = 0; i < els.length; i++) {
        sink.unit();
        sink.setEntry(s, this.convert(els[i] as NrbfValue, rec.offset), rec.offset);
      }
    });
    return s;
  }

  /** A System.Exception (or subclass): an Error named by its .NET class, with its message, stack trace and inner exception as cause. */
  private exception(rec: NrbfClassRecord): unknown {
    this.claim(rec);
    const sink = this.sink;
    const err = sink.error(0, rec.offset);
    const text = (name: string): string | undefined => {
      const i = rec.memberNames.indexOf(name);
      const v = i < 0 ? null : this.convert(rec.values[i]!, rec.offset);
      return typeof v === 'string' ? v : undefined;
    };
    this.body(() => {
      const inner = rec.memberNames.indexOf('InnerException');
      const cause = inner < 0 ? null : this.convert(rec.values[inner]!, rec.offset);
      sink.errorFill(err, text('ClassName') ?? rec.typeName, text('Message') ?? '', text('StackTraceString'), cause ?? undefined);
    });
    return err;
  }
}

const NOTHING = (): void => {};

/** The weft member kind a stream member type implies (it decides only whether generated code may read the record straight). */
function kindOf(t: NrbfMemberType): number {
  if (t.binaryType === 'String') return MemberKind.String;
  if (t.binaryType !== 'Primitive') return MemberKind.Any;
  switch (t.primitiveType) {
    case 'Boolean': return MemberKind.Boolean;
    case 'Char': return MemberKind.String;
    case 'Int64':
    case 'UInt64':
    case 'TimeSpan': return MemberKind.BigInt;
    case 'Decimal':
    case 'DateTime': return MemberKind.Any;
    default: return MemberKind.Number;
  }
}
