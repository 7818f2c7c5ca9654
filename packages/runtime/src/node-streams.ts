import type { BinaryFormatter } from './binary-formatter.js';
import { SerializationException } from './errors.js';
import { frameBodyLength } from './wire/frame.js';
import { HEADER_SIZE } from './wire/tags.js';

/**
 * Node.js stream support, duck-typed so that the runtime imports nothing from 'node:stream' and
 * still loads in browsers and workers. Any object shaped like these works (a net.Socket, an
 * fs.WriteStream, a PassThrough, a Web ReadableStream of Uint8Array chunks...).
 */
export interface WritableStreamLike {
  write(chunk: Uint8Array): boolean;
  once(event: string, listener: (...args: any[]) => void): unknown;
  removeListener(event: string, listener: (...args: any[]) => void): unknown;
  readonly destroyed?: boolean;
  readonly writableEnded?: boolean;
}

/** Anything async-iterable over byte chunks: a Node Readable (without setEncoding), a Web ReadableStream. */
export type ReadableStreamLike = AsyncIterable<Uint8Array>;

/**
 * Writes one graph as one frame with a single write() call (so concurrent calls never interleave
 * frames, and a graph that fails to serialize writes nothing), then waits for 'drain' when the
 * stream asks for backpressure. Rejects with the stream's own error if it fails or closes first.
 */
export async function serializeToWritable(formatter: BinaryFormatter, writable: WritableStreamLike, graph: unknown): Promise<void> {
  if (!writable || typeof writable.write !== 'function' || typeof writable.once !== 'function') {
    throw new SerializationException('INVALID_ARGUMENT', 'serializeAsync(writable, graph): writable must be a Node.js Writable stream (write, once)');
  }
  if (writable.destroyed === true || writable.writableEnded === true) {
    throw new SerializationException('INVALID_ARGUMENT', 'serializeAsync: the stream is already ended or destroyed');
  }
  const frame = formatter.serialize(graph);
  if (writable.write(frame)) return;
  // Concurrent calls on one stream share one wait, so listeners do not pile up.
  let wait = drainWaits.get(writable);
  if (wait === undefined) {
    wait = drained(writable);
    drainWaits.set(writable, wait);
    const clear = (): void => {
      drainWaits.delete(writable);
    };
    wait.then(clear, clear);
  }
  await wait;
}

const drainWaits = new WeakMap<object, Promise<void>>();

function drained(writable: WritableStreamLike): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const done = (err?: unknown): void => {
      writable.removeListener('drain', onDrain);
      writable.removeListener('error', onError);
      writable.removeListener('close', onClose);
      if (err === undefined) resolve();
      else reject(err);
    };
    const onDrain = (): void => done();
    const onError = (e: unknown): void => done(e ?? new Error('stream error'));
    const onClose = (): void => done(new SerializationException('INVALID_ARGUMENT', 'serializeAsync: the stream closed before it drained'));
    writable.once('drain', onDrain);
    writable.once('error', onError);
    writable.once('close', onClose);
  });
}

/**
 * Yields each graph of a stream of frames as soon as its last byte arrives, however the chunks
 * are split. A stream that ends inside a frame is a SerializationException (TRUNCATED); a bad
 * header fails as soon as its 8 bytes are in, before the body is buffered.
 */
export async function* deserializeFromReadable(formatter: BinaryFormatter, readable: ReadableStreamLike): AsyncGenerator<unknown, void, undefined> {
  if (!readable || typeof (readable as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] !== 'function') {
    throw new SerializationException('INVALID_ARGUMENT', 'deserializeAll(readable): readable must be async-iterable over Uint8Array chunks (a Node.js Readable or a Web ReadableStream)');
  }
  let buf = new Uint8Array(64 * 1024);
  let start = 0;
  let end = 0;
  /** bytes of all the input before buf[0], for error offsets */
  let consumed = 0;
  let frameLength = -1;
  for await (const chunk of readable) {
    if (!(chunk instanceof Uint8Array)) {
      throw new SerializationException('INVALID_ARGUMENT', 'deserializeAll: the stream yielded a non-binary chunk (do not call setEncoding on it)');
    }
    if (end + chunk.length > buf.length) {
      const live = end - start;
      let cap = buf.length;
      while (cap < live + chunk.length) cap *= 2;
      const next = cap === buf.length ? buf : new Uint8Array(cap);
      if (next === buf) buf.copyWithin(0, start, end);
      else next.set(buf.subarray(start, end));
      buf = next;
      consumed += start;
      start = 0;
      end = live;
    }
    buf.set(chunk, end);
    end += chunk.length;
    for (;;) {
      if (frameLength < 0) {
        if (end - start < HEADER_SIZE) break;
        frameLength = HEADER_SIZE + frameBodyLength(buf, start, formatter.limits.maxBytes, consumed + start);
      }
      if (end - start < frameLength) break;
      const graph = formatter.readFrame(buf.subarray(start, start + frameLength), 0);
      start += frameLength;
      frameLength = -1;
      yield graph;
    }
  }
  if (end > start) {
    throw new SerializationException('TRUNCATED', `the stream ended inside a graph (${end - start} bytes of ${frameLength < 0 ? 'a frame header' : `a ${frameLength}-byte frame`})`, { offset: consumed + end });
  }
}

