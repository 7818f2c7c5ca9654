import type { NetType, ValueReader } from '../codegen.js';
import type { ClassMeta, FlatMember } from './registry.js';

/**
 * The contract between the graph engine and a wire format (binary in wire/, JSON in json/).
 *
 * Writing: the engine (ObjectWriter) walks the graph and decides everything that is semantics
 * — object ids, which type an object is written as, callbacks, ISerializable, surrogates,
 * the binder, which bodies are deferred — and tells a GraphEncoder what to put on the wire, in
 * document order.
 *
 * Reading: a format's decoder parses its grammar and calls a GraphSink (the engine's
 * ObjectReader, or an inspector that builds a document instead of objects) for every object
 * it meets; the sink calls back into the decoder (a GraphDecoder) to read the bodies of
 * class instances, which is where generated code reads members straight from the wire.
 *
 * A format imports the engine; the engine imports no format.
 */

/** The kinds of compound value: a header, then a body of values. */
export const enum Compound {
  Array = 0,
  Object = 1,
  ObjectNullProto = 2,
  Map = 3,
  Set = 4,
  /** a compiled class written member by member, in its type's layout */
  Instance = 5,
  /** name/value entries from getObjectData (ISerializable, a surrogate or a SetType helper) */
  Custom = 6,
}

export interface GraphEncoder {
  /** Starts one graph at the output's current position. */
  beginGraph(): void;
  /** Completes the graph's framing; returns the number of bytes (or characters) it took. */
  endGraph(): number;

  null(): void;
  undefined(): void;
  boolean(b: boolean): void;
  number(n: number): void;
  bigint(b: bigint): void;
  string(s: string): void;
  /** a later occurrence of object `id` */
  ref(id: number): void;

  // Member slots (FORMAT.md, "Member slots"): the value of a member declared object, array or
  // object[] (MemberKind 5-7). Anything else in such a slot goes through the calls above, except:
  /** a later occurrence of object `id`, in an object slot (or an element of an object[] slot) */
  slotRef(id: number): void;
  /** opens a new plain array in an array or object[] slot: its `count` elements follow, then close(Array) */
  slotArray(id: number, count: number): void;
  /** a number in any slot */
  slotNumber(n: number): void;

  date(id: number, time: number): void;
  regexp(id: number, source: string, flags: string): void;
  arrayBuffer(id: number, bytes: Uint8Array): void;
  /** a typed array or DataView (TYPED_ARRAY_CTORS index): then its buffer as a value, then typedArrayEnd */
  typedArray(id: number, kind: number): void;
  typedArrayEnd(byteOffset: number, length: number): void;
  /** an Error (ERROR_CTORS index): then its stack and its cause as values, then errorEnd */
  error(id: number, kind: number, name: string, message: string): void;
  errorEnd(): void;

  /**
   * Declares type `index` of this graph, just before its first instance header. `meta` is set
   * when the layout is the registered class's own (no binder renamed it), so an encoder may
   * cache its encoding per class.
   */
  defineType(index: number, assembly: string, name: string, custom: boolean, members: readonly FlatMember[], meta: ClassMeta | null): void;

  /**
   * Opens compound `id`: its header, and its body follows now. `count` is the number of
   * elements, entries or pairs (ignored for Instance, whose layout says it); `type` the type
   * index for Instance and Custom.
   */
  open(kind: Compound, id: number, count: number, type: number): void;
  /** The header of a compound whose body is written after the root (see MAX_INLINE_DEPTH). */
  openDeferred(kind: Compound, id: number, type: number): void;
  /** Starts the body of a deferred compound, in the order they were deferred. */
  openDeferredBody(kind: Compound, id: number, count: number, type: number): void;
  /** an array hole, in place of an element */
  hole(): void;
  /**
   * the key of the next value: a plain object's key or a SerializationInfo entry's name, with the
   * .NET type addValue gave the entry, if any (only a .NET format has a use for it)
   */
  key(k: string, net?: NetType): void;
  close(kind: Compound): void;
}

/**
 * The decoder of a format, as the sink sees it: generated code reads members through its
 * ValueReader face; the sink reads a Custom body through entryCount/entryName/value.
 */
export interface GraphDecoder extends ValueReader {
  /** A member's value as the stream's layout declares it (MemberKind): the slot form for 5-7. */
  member(kind: number): unknown;
  /** A Custom body: the number of entries (checked against the limits by the decoder). */
  entryCount(): number;
  /** The name of the next entry; then its value(). */
  entryName(): string;
  /** Where the decoder stands, for messages: a byte offset, or -1 when the format locates errors itself. */
  at(): number;
}

/**
 * What a decoder calls while it parses one graph. Ids are given in the order objects' headers
 * appear, which is the order the writer gave them. `at` arguments locate failures (-1: the
 * decoder locates them). T is the sink's handle for a type of the stream.
 */
export interface GraphSink<T = unknown> {
  /** one unit of work (limits.maxObjects): every object, element, entry, string and reference */
  unit(): void;
  /** n units at once (a decoder that skips a type layout it has decoded before) */
  work(n: number): void;
  /**
   * Whether a decoder may reuse, across graphs, the answer `type()` gave for a layout: a stamp
   * that changes whenever that answer could (-1: never reuse; resolve every graph afresh).
   */
  typeCacheStamp(): number;
  enter(): void;
  leave(): void;
  /** checks a collection's length against limits.maxCollectionLength */
  collection(n: number, what: string, at: number): void;
  /** checks a string or bigint length against limits.maxStringLength */
  stringLength(n: number, what: string, at: number): void;
  /** object `id` again */
  ref(id: number, at: number): unknown;
  /** the next id, for a value whose parts are read before it can exist (typed arrays, errors) */
  reserve(): number;

  date(time: number): unknown;
  regexp(source: string, flags: string, at: number): unknown;
  arrayBuffer(bytes: Uint8Array, at: number): unknown;
  typedArray(id: number, kind: number, buffer: unknown, byteOffset: number, length: number, at: number): unknown;
  /** an Error registered before its stack and cause are read (the cause may refer to it) */
  error(kind: number, at: number): unknown;
  errorFill(err: unknown, name: string, message: string, stack: unknown, cause: unknown): void;

  /** a new array of `n` elements (-1: not known yet, a deferred header) */
  array(n: number): unknown;
  item(a: unknown, i: number, v: unknown): void;
  /** `n` holes from index i on (a JSON run {"$holes": n} is one call; the decoder charges its units) */
  holes(a: unknown, i: number, n: number): void;
  /** done with an array of n elements (trailing holes set its length) */
  arrayEnd(a: unknown, n: number): void;
  object(nullProto: boolean): unknown;
  entry(o: unknown, key: string, v: unknown, at: number): void;
  map(): unknown;
  mapEntry(m: unknown, k: unknown, v: unknown, at: number): void;
  set(): unknown;
  setEntry(s: unknown, v: unknown, at: number): void;

  /** A type of the stream: its identity and layout (names/kinds empty for Custom). */
  type(assembly: string, name: string, custom: boolean, names: readonly string[], kinds: readonly number[], at: number): T;
  /** An instance of type t: created, registered, and (unless deferred) its body read now through the decoder. */
  instance(t: T, deferred: boolean, at: number): unknown;
  /** The body of a deferred instance, read now. */
  instanceBody(o: unknown, t: T, at: number): void;
  /** What stands in the parent for a compound whose body is deferred. */
  placeholder(o: unknown): unknown;
}
