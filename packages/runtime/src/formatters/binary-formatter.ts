import { SerializationException, asSerializationException } from '../errors.js';
import { ObjectReader } from '../engine/object-reader.js';
import { ObjectWriter } from '../engine/object-writer.js';
import type { TypeEntry } from '../engine/type-resolver.js';
import { type SerializationLimits, resolveLimits } from '../limits.js';
import { MemoryStream, type ReadableByteStream, type WritableByteStream, asWritable } from '../memory-stream.js';
import type { ISurrogateSelector, SerializationBinder } from '../surrogates.js';
import { StreamingContext, StreamingContextStates } from '../streaming-context.js';
import { BinaryDecoder } from '../wire/binary-decoder.js';
import { BinaryEncoder } from '../wire/binary-encoder.js';
import { frameBodyLength, frameEnd } from '../wire/frame.js';
import { HEADER_SIZE } from '../wire/tags.js';
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

/** A formatter's internal buffer is kept between calls up to this size (larger graphs regrow it). */
const RETAINED_BUFFER = 16 * 1024 * 1024;

/** One engine writer with its binary encoder: reused across calls, doubled for re-entrant calls. */
class WriteSide {
  readonly writer = new ObjectWriter();
  readonly enc = new BinaryEncoder();
}

/** One engine reader with its binary decoder. */
class ReadSide {
  readonly reader = new ObjectReader();
  readonly dec = new BinaryDecoder<TypeEntry>();
}

/**
 * The binary formatter: the graph engine over the weft binary format (FORMAT.md). Serialization
 * goes into one reused internal buffer and only a complete graph is copied out, so a failed
 * call leaves the caller's stream untouched.
 */
export class BinaryFormatter implements IFormatter, StreamFormat {
  context: StreamingContext;
  surrogateSelector: ISurrogateSelector | null;
  binder: SerializationBinder | null;
  readonly limits: Readonly<SerializationLimits>;
  private readonly write = new WriteSide();
  private readonly read = new ReadSide();

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

  /** Serializes one graph and hands its frame (a view of the internal buffer, valid during `use`) to `use`. */
  withFrame<R>(graph: unknown, use: (frame: Uint8Array) => R): R {
    const side = this.write.writer.busy ? new WriteSide() : this.write;
    const { writer, enc } = side;
    writer.busy = true;
    writer.context = this.context;
    writer.selector = this.surrogateSelector;
    writer.binder = this.binder;
    try {
      enc.pos = 0;
      const n = writer.writeGraph(enc, graph);
      return use(enc.buf.subarray(0, n));
    } finally {
      enc.reset(RETAINED_BUFFER);
      writer.busy = false;
    }
  }

  deserialize<T = unknown>(source: Uint8Array | ReadableByteStream): T {
    if (source instanceof Uint8Array) {
      const end = frameEnd(source, 0, this.limits.maxBytes);
      if (end !== source.length) {
        throw new SerializationException('TRAILING_BYTES', `${source.length - end} bytes follow the graph; use a MemoryStream to read several graphs`, { offset: end });
      }
      return this.readFrameAt(source, 0, end) as T;
    }
    if (!source || typeof (source as ReadableByteStream).toArray !== 'function') {
      throw new SerializationException('INVALID_ARGUMENT', 'deserialize expects a Uint8Array or a MemoryStream');
    }
    const bytes = source instanceof MemoryStream ? source.view() : source.toArray();
    const start = source.position;
    const end = frameEnd(bytes, start, this.limits.maxBytes);
    const result = this.readFrameAt(bytes, start, end) as T;
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

  /** @internal frames of a byte stream: a bad header fails as soon as its 8 bytes are in. */
  splitter(): FrameSplitter {
    const maxBytes = this.limits.maxBytes;
    return {
      next: (buf, start, end, consumed) => (end - start < HEADER_SIZE ? -1 : frameLengthIfComplete(buf, start, end, maxBytes, consumed)),
      isBlank: () => false,
    };
  }

  /** @internal reads the graph of one complete frame */
  readFrame(frame: Uint8Array): unknown {
    return this.readFrameAt(frame, 0, frameEnd(frame, 0, this.limits.maxBytes));
  }

  /** Reads the graph of the (already validated) frame [start, end). */
  private readFrameAt(bytes: Uint8Array, start: number, end: number): unknown {
    const side = this.read.reader.busy ? new ReadSide() : this.read;
    const { reader, dec } = side;
    reader.busy = true;
    reader.context = this.context;
    reader.selector = this.surrogateSelector;
    reader.binder = this.binder;
    reader.limits = this.limits;
    try {
      reader.begin(dec);
      return reader.end(dec.readGraph(reader, this.limits, bytes, start + HEADER_SIZE, end));
    } catch (e) {
      const se = asSerializationException(e, 'deserialize');
      // Raised in user code or the engine without a position: located where the decoder stood.
      if (se.offset === undefined) throw new SerializationException(se.code, se.message, { offset: dec.pos, cause: se });
      throw se;
    } finally {
      reader.release();
      dec.release();
      reader.busy = false;
    }
  }
}

function frameLengthIfComplete(buf: Uint8Array, start: number, end: number, maxBytes: number, consumed: number): number {
  const length = HEADER_SIZE + frameBodyLength(buf, start, maxBytes, consumed + start);
  return end - start < length ? -1 : length;
}

const cloner = new BinaryFormatter({ context: new StreamingContext(StreamingContextStates.Clone) });

/** A deep copy of any serializable graph (classes, shared references, cycles); callbacks see StreamingContextStates.Clone. */
export function deepClone<T>(graph: T): T {
  return cloner.withFrame(graph, (frame) => cloner.readFrame(frame)) as T;
}
