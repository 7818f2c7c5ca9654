import { ObjectReader } from '../engine/object-reader.js';
import { ObjectWriter } from '../engine/object-writer.js';
import type { GraphDecoder, GraphEncoder } from '../engine/format.js';
import { type SerializationLimits, resolveLimits } from '../limits.js';
import type { ReadableByteStream, WritableByteStream } from '../memory-stream.js';
import type { ISurrogateSelector, SerializationBinder } from '../surrogates.js';
import { StreamingContext, StreamingContextStates } from '../streaming-context.js';
import { type FrameSplitter, type ReadableStreamLike, type StreamFormat, type WritableStreamLike, deserializeFromReadable, serializeToWritable } from './streams.js';

export interface FormatterOptions {
  context?: StreamingContext;
  surrogateSelector?: ISurrogateSelector | null;
  binder?: SerializationBinder | null;
  /** Bounds for deserialize, merged over DEFAULT_LIMITS. */
  limits?: Partial<SerializationLimits>;
}

export interface IFormatter {
  context: StreamingContext;
  surrogateSelector: ISurrogateSelector | null;
  binder: SerializationBinder | null;
  serialize(graph: unknown): Uint8Array;
  serialize(stream: WritableByteStream, graph: unknown): void;
  deserialize<T = unknown>(source: Uint8Array | ReadableByteStream): T;
}

/** The engine's writer with a format's encoder: kept by a formatter and reused across calls. */
export interface WriteSide<E extends GraphEncoder> {
  readonly writer: ObjectWriter;
  readonly enc: E;
}

/** The engine's reader with a format's decoder. */
export interface ReadSide<D extends GraphDecoder> {
  readonly reader: ObjectReader;
  readonly dec: D;
}

/**
 * What every formatter shares, whatever its wire format: the IFormatter settings, one engine
 * writer and one reader reused across calls (a fresh one for a call made from inside a
 * callback of the same formatter), and the Node stream API over the format's framing.
 */
export abstract class EngineFormatter<E extends GraphEncoder, D extends GraphDecoder> implements IFormatter, StreamFormat {
  context: StreamingContext;
  surrogateSelector: ISurrogateSelector | null;
  binder: SerializationBinder | null;
  readonly limits: Readonly<SerializationLimits>;
  private readonly writeSide: WriteSide<E>;
  private readonly readSide: ReadSide<D>;

  /** the options this formatter was made with (a format reads its own from them) */
  protected readonly options: FormatterOptions;

  constructor(options: FormatterOptions) {
    this.options = options;
    this.context = options.context ?? new StreamingContext(StreamingContextStates.All);
    this.surrogateSelector = options.surrogateSelector ?? null;
    this.binder = options.binder ?? null;
    this.limits = Object.freeze(resolveLimits(options.limits));
    this.writeSide = { writer: new ObjectWriter(), enc: this.newEncoder() };
    this.readSide = { reader: new ObjectReader(), dec: this.newDecoder() };
  }

  protected abstract newEncoder(): E;
  protected abstract newDecoder(): D;

  abstract serialize(graph: unknown): Uint8Array;
  abstract serialize(stream: WritableByteStream, graph: unknown): void;
  abstract deserialize<T = unknown>(source: Uint8Array | ReadableByteStream): T;
  /** @internal where frames end in a byte stream */
  abstract splitter(): FrameSplitter;
  /** @internal reads the graph of one complete frame; `consumed` locates it in the stream */
  abstract readFrame(frame: Uint8Array, consumed: number): unknown;

  /** The writer for one graph, set up with this formatter's settings; hand it back with release(). */
  protected acquireWriter(): WriteSide<E> {
    const side = this.writeSide.writer.busy ? { writer: new ObjectWriter(), enc: this.newEncoder() } : this.writeSide;
    const w = side.writer;
    w.busy = true;
    w.context = this.context;
    w.selector = this.surrogateSelector;
    w.binder = this.binder;
    return side;
  }

  /** The reader for one graph, begun on its decoder; hand it back with release(). */
  protected acquireReader(): ReadSide<D> {
    const side = this.readSide.reader.busy ? { reader: new ObjectReader(), dec: this.newDecoder() } : this.readSide;
    const r = side.reader;
    r.busy = true;
    r.context = this.context;
    r.selector = this.surrogateSelector;
    r.binder = this.binder;
    r.limits = this.limits;
    r.begin(side.dec);
    return side;
  }

  protected releaseWriter(side: WriteSide<E>): void {
    side.writer.busy = false;
  }

  protected releaseReader(side: ReadSide<D>): void {
    side.reader.release();
    side.reader.busy = false;
  }

  /**
   * Node.js streams: appends one graph as one frame with a single write, then honours
   * backpressure (resolves on 'drain' when write() returned false). Nothing is written if the
   * graph fails to serialize. See FORMAT.md, "Stream framing".
   */
  serializeAsync(writable: WritableStreamLike, graph: unknown): Promise<void> {
    return serializeToWritable(this, writable, graph);
  }

  /** Yields each graph of a stream of frames as soon as its bytes have arrived; a truncated last frame is TRUNCATED. */
  deserializeAll(readable: ReadableStreamLike): AsyncIterable<unknown> {
    return deserializeFromReadable(this, readable);
  }
}
