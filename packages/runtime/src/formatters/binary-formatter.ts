import { SerializationException, asSerializationException, relocate } from '../errors.js';
import type { TypeEntry } from '../engine/type-resolver.js';
import { type ReadableByteStream, type WritableByteStream, asWritable, readableBytes } from '../memory-stream.js';
import { StreamingContext, StreamingContextStates } from '../streaming-context.js';
import { BinaryDecoder } from '../wire/binary-decoder.js';
import { BinaryEncoder } from '../wire/binary-encoder.js';
import { frameBodyLength, frameEnd } from '../wire/frame.js';
import { HEADER_SIZE } from '../wire/tags.js';
import { KnownLayouts } from '../wire/type-layouts.js';
import { EngineFormatter, type FormatterOptions, type WriteSide } from './engine-formatter.js';
import type { FrameSplitter } from './streams.js';

export interface BinaryFormatterOptions extends FormatterOptions {
  /**
   * How a type's layout is written at its first instance in a graph: 'full' (the default) a
   * self-describing TypeDef; 'fingerprint' (compact mode) an 8-byte layout fingerprint and the
   * type's name, which a reader accepts only for a layout it knows (its registered classes, or
   * layouts loaded with `knownLayouts.load`). See FORMAT.md, "Compact mode".
   */
  layouts?: 'full' | 'fingerprint';
}

/** A formatter's internal buffer is kept between calls up to this size (larger graphs regrow it). */
const RETAINED_BUFFER = 16 * 1024 * 1024;

/**
 * The binary formatter: the graph engine over the weft binary format (FORMAT.md). Serialization
 * goes into one reused internal buffer and only a complete graph is copied out, so a failed
 * call leaves the caller's stream untouched.
 */
export class BinaryFormatter extends EngineFormatter<BinaryEncoder, BinaryDecoder<TypeEntry>> {
  /**
   * Layouts this formatter accepts as fingerprints besides its registered classes' own (compact
   * mode): `formatter.knownLayouts.load(schemaJson)` with `weft schema` output of the writers.
   */
  readonly knownLayouts = new KnownLayouts();

  constructor(options: BinaryFormatterOptions = {}) {
    const layouts = options.layouts;
    if (layouts !== undefined && layouts !== 'full' && layouts !== 'fingerprint') {
      throw new SerializationException('INVALID_ARGUMENT', `layouts must be 'full' or 'fingerprint', not ${JSON.stringify(layouts)}`);
    }
    super(options);
  }

  protected newEncoder(): BinaryEncoder {
    return new BinaryEncoder((this.options as BinaryFormatterOptions).layouts === 'fingerprint');
  }

  protected newDecoder(): BinaryDecoder<TypeEntry> {
    return new BinaryDecoder<TypeEntry>();
  }

  /**
   * `serialize(graph)`: the frame as bytes of the caller's own (a fresh ArrayBuffer, shared with
   * nothing). `serialize(stream, graph)`: one `write` of the frame straight from the internal
   * buffer (the stream copies what it keeps), nothing if the graph fails.
   */
  serialize(graph: unknown): Uint8Array;
  serialize(stream: WritableByteStream, graph: unknown): void;
  serialize(a: unknown, b?: unknown): Uint8Array | void {
    if (arguments.length >= 2) {
      const stream = asWritable(a);
      this.withFrame(b, (bytes) => stream.write(bytes));
      return;
    }
    return this.encoded(a, copyOut);
  }

  /**
   * Writes the frame of `graph` into `target` at `offset` and returns its length. If it does not
   * fit, throws BUFFER_TOO_SMALL (saying how many bytes it needs) and leaves `target` untouched.
   * Allocates nothing per call beyond what the graph's own objects need (so it does not go
   * through `encoded`, whose `use` would have to be a closure over target and offset).
   */
  serializeInto(target: Uint8Array, offset: number, graph: unknown): number {
    if (!(target instanceof Uint8Array)) throw new SerializationException('INVALID_ARGUMENT', 'serializeInto(target, offset, graph): target must be a Uint8Array');
    if (!Number.isInteger(offset) || offset < 0 || offset > target.length) {
      throw new SerializationException('INVALID_ARGUMENT', `serializeInto: offset ${offset} is outside the target (length ${target.length})`);
    }
    const side = this.acquireWriter();
    try {
      const n = this.encodeFrame(side, graph);
      if (n > target.length - offset) {
        throw new SerializationException('BUFFER_TOO_SMALL', `the frame is ${n} bytes but the target has ${target.length - offset} from offset ${offset}: pass a larger buffer (nothing was written)`);
      }
      const buf = side.enc.buf;
      if (n <= 64) for (let i = 0; i < n; i++) target[offset + i] = buf[i]!;
      else target.set(buf.subarray(0, n), offset);
      return n;
    } finally {
      this.doneWriting(side);
    }
  }

  /**
   * The frame of `graph` as a view of this formatter's internal buffer, without a copy. The view
   * is valid until the next serialize, serializeInto or serializeView call on this formatter,
   * which overwrites it: use it for a write that is done with the bytes before then
   * (`fs.writeSync`, or a socket write whose callback is awaited first: Node streams keep a
   * reference to a chunk until it is flushed, they do not copy it). Copy it (`view.slice()`)
   * to keep it longer.
   */
  serializeView(graph: unknown): Uint8Array {
    return this.encoded(graph, viewOf);
  }

  /** Serializes one graph and hands its frame (a view of the internal buffer, valid during `use`) to `use`. */
  withFrame<R>(graph: unknown, use: (frame: Uint8Array) => R): R {
    return this.encoded(graph, (buf, n) => use(buf.subarray(0, n)));
  }

  /**
   * Encodes one graph and hands the internal buffer and the frame's length to `use`, then
   * releases the writer. The buffer is read only after encoding, which may have grown it.
   */
  private encoded<R>(graph: unknown, use: (buf: Uint8Array, n: number) => R): R {
    const side = this.acquireWriter();
    try {
      const n = this.encodeFrame(side, graph);
      return use(side.enc.buf, n);
    } finally {
      this.doneWriting(side);
    }
  }

  /** The frame of one graph at the start of the side's buffer; returns its length. */
  private encodeFrame(side: WriteSide<BinaryEncoder>, graph: unknown): number {
    side.enc.pos = 0;
    return side.writer.writeGraph(side.enc, graph);
  }

  private doneWriting(side: WriteSide<BinaryEncoder>): void {
    side.enc.reset(RETAINED_BUFFER);
    this.releaseWriter(side);
  }

  deserialize<T = unknown>(source: Uint8Array | ReadableByteStream): T {
    if (source instanceof Uint8Array) {
      const end = frameEnd(source, 0, this.limits.maxBytes);
      if (end !== source.length) {
        throw new SerializationException('TRAILING_BYTES', `${source.length - end} bytes follow the graph; use a MemoryStream to read several graphs`, { offset: end });
      }
      return this.readFrameAt(source, 0, end) as T;
    }
    const bytes = readableBytes(source, 'a Uint8Array or a MemoryStream');
    const start = source.position;
    const end = frameEnd(bytes, start, this.limits.maxBytes);
    const result = this.readFrameAt(bytes, start, end) as T;
    source.position = end;
    return result;
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
  readFrame(frame: Uint8Array, _consumed = 0): unknown {
    return this.readFrameAt(frame, 0, frameEnd(frame, 0, this.limits.maxBytes));
  }

  /** Reads the graph of the (already validated) frame [start, end). */
  private readFrameAt(bytes: Uint8Array, start: number, end: number): unknown {
    const side = this.acquireReader();
    const { reader, dec } = side;
    dec.layouts = this.knownLayouts;
    try {
      return reader.end(dec.readGraph(reader, this.limits, bytes, start + HEADER_SIZE, end));
    } catch (e) {
      const se = asSerializationException(e, 'deserialize');
      // Raised in user code or the engine without a position: located where the decoder stood.
      if (se.offset === undefined) throw relocate(se, se.message, { offset: dec.pos, cause: se.cause ?? se });
      throw se;
    } finally {
      dec.release();
      this.releaseReader(side);
    }
  }
}

/**
 * The first n bytes of buf as bytes of the caller's own (a fresh ArrayBuffer, shared with
 * nothing): one allocation and one copy. Not `slice`, which Node 20 runs 2-4x slower than
 * allocating and `set` (224 kB: 93 us against 29 us); a few bytes are copied by hand, where
 * making the `subarray` for `set` would cost more than the copy.
 */
function copyOut(buf: Uint8Array, n: number): Uint8Array {
  const out = new Uint8Array(n);
  if (n <= 64) for (let i = 0; i < n; i++) out[i] = buf[i]!;
  else out.set(buf.subarray(0, n));
  return out;
}

function viewOf(buf: Uint8Array, n: number): Uint8Array {
  return buf.subarray(0, n);
}

function frameLengthIfComplete(buf: Uint8Array, start: number, end: number, maxBytes: number, consumed: number): number {
  const length = HEADER_SIZE + frameBodyLength(buf, start, maxBytes, consumed + start);
  return end - start < length ? -1 : length;
}

// The clone reads bytes its own writer just wrote from the caller's graph: RegExps are the caller's.
const cloner = new BinaryFormatter({ context: new StreamingContext(StreamingContextStates.Clone), limits: { maxRegExps: Infinity } });

/** A deep copy of any serializable graph (classes, shared references, cycles); callbacks see StreamingContextStates.Clone. */
export function deepClone<T>(graph: T): T {
  return cloner.withFrame(graph, (frame) => cloner.readFrame(frame)) as T;
}
