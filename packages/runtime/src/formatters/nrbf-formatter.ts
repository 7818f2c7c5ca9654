import { SerializationException, asSerializationException, relocate } from '../errors.js';
import { ObjectReader } from '../engine/object-reader.js';
import { ObjectWriter } from '../engine/object-writer.js';
import { type SerializationLimits, resolveLimits } from '../limits.js';
import { type ReadableByteStream, type WritableByteStream, asWritable, readableBytes } from '../memory-stream.js';
import { NrbfReader } from '../nrbf/decoder.js';
import { dotNetDialect } from '../nrbf/dotnet-names.js';
import { NrbfGraphReader, type UnknownTypes } from '../nrbf/graph-reader.js';
import { NrbfGraphWriter } from '../nrbf/graph-writer.js';
import type { ISurrogateSelector, SerializationBinder } from '../surrogates.js';
import { StreamingContext, StreamingContextStates } from '../streaming-context.js';
import type { FormatterOptions, IFormatter } from './engine-formatter.js';

export interface NrbfFormatterOptions extends FormatterOptions {
  /**
   * What a .NET type becomes when no binder, registered class or surrogate answers for it:
   * 'error' (the default) fails with UNKNOWN_TYPE naming it; 'record' reads it as a
   * null-prototype object `{ $type, $assembly, ...members }` (never a guessed class).
   */
  unknownTypes?: UnknownTypes;
}

/**
 * Reads and writes .NET BinaryFormatter streams (MS-NRBF) with the same semantics as
 * BinaryFormatter. Reading: each message is decoded by the safe, type-less decoder
 * (decodeNrbf's), then rebuilt by the graph engine through NrbfGraphReader, with .NET names
 * mapped by the .NET dialect (NRBF.md). Writing: the graph engine walks the graph and
 * NrbfGraphWriter gives every value its declared .NET type; NrbfEncoder writes the records in
 * the order .NET's BinaryFormatter would.
 */
export class NrbfFormatter implements IFormatter {
  context: StreamingContext;
  surrogateSelector: ISurrogateSelector | null;
  binder: SerializationBinder | null;
  readonly limits: Readonly<SerializationLimits>;
  readonly unknownTypes: UnknownTypes;

  constructor(options: NrbfFormatterOptions = {}) {
    this.context = options.context ?? new StreamingContext(StreamingContextStates.All);
    this.surrogateSelector = options.surrogateSelector ?? null;
    this.binder = options.binder ?? null;
    this.limits = Object.freeze(resolveLimits(options.limits));
    const unknown = options.unknownTypes ?? 'error';
    if (unknown !== 'error' && unknown !== 'record') throw new SerializationException('INVALID_ARGUMENT', "unknownTypes must be 'error' or 'record'");
    this.unknownTypes = unknown;
  }

  /**
   * Writes one graph as one MS-NRBF message, as .NET's BinaryFormatter.Serialize does; to a
   * stream (MemoryStream) it is appended, so several graphs make one stream .NET reads with one
   * Deserialize call each. Members are written as the .NET types their classes declare
   * (`@weft/runtime/dotnet`); a value its type cannot hold is VALUE_OUT_OF_RANGE, a member
   * without a .NET type NO_DOTNET_TYPE, and nothing is written.
   */
  serialize(graph: unknown): Uint8Array;
  serialize(stream: WritableByteStream, graph: unknown): void;
  serialize(a: unknown, b?: unknown): Uint8Array | void {
    if (arguments.length < 2) return this.write(a);
    const stream = asWritable(a);
    stream.write(this.write(b));
  }

  private write(graph: unknown): Uint8Array {
    const writer = new ObjectWriter();
    writer.context = this.context;
    writer.selector = this.surrogateSelector;
    writer.binder = this.binder;
    const enc = new NrbfGraphWriter(this.binder);
    writer.writeGraph(enc, graph);
    return enc.bytes;
  }

  /**
   * Reads one message (graph). A Uint8Array must hold exactly one; a stream (MemoryStream) is
   * read from its position, which then stands after the message, ready for the next.
   */
  deserialize<T = unknown>(source: Uint8Array | ReadableByteStream): T {
    if (source instanceof Uint8Array) {
      const { value, end } = this.readAt(source, 0);
      if (end !== source.length) {
        throw new SerializationException('TRAILING_BYTES', `${source.length - end} bytes follow the NRBF message; use a MemoryStream to read several`, { offset: end });
      }
      return value as T;
    }
    const bytes = readableBytes(source, 'a Uint8Array or a MemoryStream');
    const { value, end } = this.readAt(bytes, source.position);
    source.position = end;
    return value as T;
  }

  private readAt(bytes: Uint8Array, start: number): { value: unknown; end: number } {
    const graph = new NrbfReader(this.limits).readMessage(bytes, start, bytes.length);
    const reader = new ObjectReader();
    reader.context = this.context;
    reader.selector = this.surrogateSelector;
    reader.binder = this.binder;
    reader.dialect = dotNetDialect;
    reader.limits = this.limits;
    const walk = new NrbfGraphReader();
    walk.unknownTypes = this.unknownTypes;
    reader.begin(walk);
    try {
      const root = walk.read(reader, graph, this.limits);
      return { value: reader.end(root), end: graph.offset + graph.length };
    } catch (e) {
      const se = asSerializationException(e, 'deserialize');
      if (se.offset === undefined) {
        const at = walk.at();
        if (at >= 0) throw relocate(se, se.message, { offset: at, cause: se.cause ?? se });
      }
      throw se;
    } finally {
      reader.release();
    }
  }
}
