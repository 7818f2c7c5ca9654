import { SerializationException, asSerializationException } from './errors.js';
import { GraphReader } from './graph-reader.js';
import { GraphWriter } from './graph-writer.js';
import { type SerializationLimits, resolveLimits } from './limits.js';
import { MemoryStream, type ReadableByteStream, type WritableByteStream, asWritable } from './memory-stream.js';
import { type ReadableStreamLike, type WritableStreamLike, deserializeFromReadable, serializeToWritable } from './node-streams.js';
import type { ISurrogateSelector, SerializationBinder } from './surrogates.js';
import { StreamingContext, StreamingContextStates } from './streaming-context.js';
import { frameEnd } from './wire/frame.js';
import { HEADER_SIZE } from './wire/tags.js';

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

/** A formatter's internal buffer is kept between calls up to this size (larger graphs regrow it). */
const RETAINED_BUFFER = 16 * 1024 * 1024;

/**
 * The binary formatter. Serialization goes into one reused internal buffer and only a
 * complete graph is copied out, so a failed call leaves the caller's stream untouched.
 */
export class BinaryFormatter implements IFormatter {
  context: StreamingContext;
  surrogateSelector: ISurrogateSelector | null;
  binder: SerializationBinder | null;
  readonly limits: Readonly<SerializationLimits>;
  private readonly writer = new GraphWriter();
  private readonly reader = new GraphReader();

  constructor(options: FormatterOptions = {}) {
    this.context = options.context ?? new StreamingContext(StreamingContextStates.All);
    this.surrogateSelector = options.surrogateSelector ?? null;
    this.binder = options.binder ?? null;
    this.limits = Object.freeze(resolveLimits(options.limits));
  }

  serialize(graph: unknown): Uint8Array;
  serialize(stream: WritableByteStream, graph: unknown): void;
  serialize(a: unknown, b?: unknown): Uint8Array | void {
    if (arguments.length >= 2) {
      const stream = asWritable(a);
      this.withFrame(b, (bytes) => stream.write(bytes));
      return;
    }
    return this.withFrame(a, (bytes) => bytes.slice());
  }

  /** Serializes one graph and hands its frame (a view of the internal buffer) to `use`. */
  withFrame<R>(graph: unknown, use: (frame: Uint8Array) => R): R {
    const writer = this.writer.busy ? new GraphWriter() : this.writer;
    writer.busy = true;
    writer.context = this.context;
    writer.selector = this.surrogateSelector;
    writer.binder = this.binder;
    try {
      writer.out.pos = 0;
      const n = writer.writeGraph(graph);
      return use(writer.out.buf.subarray(0, n));
    } finally {
      writer.out.reset(RETAINED_BUFFER);
      writer.busy = false;
    }
  }

  deserialize<T = unknown>(source: Uint8Array | ReadableByteStream): T {
    if (source instanceof Uint8Array) {
      const end = this.frameEnd(source, 0);
      if (end !== source.length) {
        throw new SerializationException('TRAILING_BYTES', `${source.length - end} bytes follow the graph; use a MemoryStream to read several graphs`, { offset: end });
      }
      return this.readFrame(source, 0, end) as T;
    }
    if (!source || typeof (source as ReadableByteStream).toArray !== 'function') {
      throw new SerializationException('INVALID_ARGUMENT', 'deserialize expects a Uint8Array or a MemoryStream');
    }
    const bytes = source instanceof MemoryStream ? source.view() : source.toArray();
    const start = source.position;
    const end = this.frameEnd(bytes, start);
    const result = this.readFrame(bytes, start, end) as T;
    source.position = end;
    return result;
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

  /** Validates the frame header at `start`; returns where the frame ends. */
  frameEnd(bytes: Uint8Array, start: number): number {
    return frameEnd(bytes, start, this.limits.maxBytes);
  }

  /** Reads the graph of the (already validated) frame at `start`. */
  readFrame(bytes: Uint8Array, start: number, end = this.frameEnd(bytes, start)): unknown {
    const reader = this.reader.busy ? new GraphReader() : this.reader;
    reader.busy = true;
    reader.context = this.context;
    reader.selector = this.surrogateSelector;
    reader.binder = this.binder;
    reader.limits = this.limits;
    try {
      return reader.readGraph(bytes, start + HEADER_SIZE, end);
    } catch (e) {
      throw asSerializationException(e, 'deserialize');
    } finally {
      reader.busy = false;
    }
  }
}

const cloner = new BinaryFormatter({ context: new StreamingContext(StreamingContextStates.Clone) });

/** A deep copy of any serializable graph (classes, shared references, cycles); callbacks see StreamingContextStates.Clone. */
export function deepClone<T>(graph: T): T {
  return cloner.withFrame(graph, (frame) => cloner.readFrame(frame, 0)) as T;
}
