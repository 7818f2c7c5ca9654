import { SerializationException } from './errors.js';
import { copyBytes } from './bytes.js';

/** Where `serialize(stream, graph)` appends bytes. */
export interface WritableByteStream {
  write(chunk: Uint8Array): void;
}

/** Checks the stream argument of `serialize(stream, graph)`. */
export function asWritable(stream: unknown): WritableByteStream {
  if (!stream || typeof (stream as WritableByteStream).write !== 'function') {
    throw new SerializationException('INVALID_ARGUMENT', 'serialize(stream, graph): stream must have a write(chunk: Uint8Array) method');
  }
  return stream as WritableByteStream;
}

/** What `deserialize(stream)` reads one graph from, advancing `position`. */
export interface ReadableByteStream {
  position: number;
  readonly length: number;
  /** @internal a view of the stream's bytes [0, length) */
  toArray(): Uint8Array;
}

/**
 * The bytes of what `deserialize(stream)` was given, from which it reads at `position`; anything
 * that is no ReadableByteStream is INVALID_ARGUMENT (`accepted` lists what the formatter takes).
 */
export function readableBytes(source: unknown, accepted: string): Uint8Array {
  if (!source || typeof (source as ReadableByteStream).toArray !== 'function') {
    throw new SerializationException('INVALID_ARGUMENT', `deserialize expects ${accepted}`);
  }
  return source instanceof MemoryStream ? source.view() : (source as ReadableByteStream).toArray();
}

/** An in-memory byte stream, growable on write, readable from `position`. */
export class MemoryStream implements WritableByteStream, ReadableByteStream {
  private buf: Uint8Array;
  private len: number;
  private pos = 0;

  constructor(initial?: Uint8Array) {
    this.buf = initial ? copyBytes(initial) : new Uint8Array(256);
    this.len = initial ? initial.length : 0;
  }

  get length(): number {
    return this.len;
  }

  get position(): number {
    return this.pos;
  }

  set position(p: number) {
    if (!Number.isInteger(p) || p < 0 || p > this.len) {
      throw new SerializationException('INVALID_ARGUMENT', `position ${p} is outside the stream (length ${this.len})`);
    }
    this.pos = p;
  }

  /** Writes at `position` (overwriting or extending), then advances it, like .NET's MemoryStream. */
  write(chunk: Uint8Array): void {
    const end = this.pos + chunk.length;
    if (end > this.buf.length) {
      let cap = Math.max(this.buf.length * 2, 256);
      while (cap < end) cap *= 2;
      const next = new Uint8Array(cap);
      next.set(this.buf.subarray(0, this.len));
      this.buf = next;
    }
    this.buf.set(chunk, this.pos);
    this.pos = end;
    if (end > this.len) this.len = end;
  }

  /** A copy of the whole content. */
  toArray(): Uint8Array {
    return this.buf.slice(0, this.len);
  }

  /** @internal the live bytes without a copy */
  view(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }
}
