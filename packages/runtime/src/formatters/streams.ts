import { SerializationException } from '../errors.js';

/**
 * Node.js stream support shared by both formatters, duck-typed so that the runtime imports
 * nothing from 'node:stream' and still loads in browsers and workers. Any object shaped like
 * these works (a net.Socket, an fs.WriteStream, a PassThrough, a Web ReadableStream of
 * Uint8Array chunks...). Each format says only where its frames end (FrameSplitter).
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

/** Finds where frames end in a byte stream that arrives in chunks. */
export interface FrameSplitter {
  /**
   * The length of the first complete frame in buf[start, end), or -1 when more bytes are needed.
   * May keep state between calls for the same frame (bytes before `end` are never changed, only
   * moved: `start` then points at the same frame). Throws a SerializationException, located
   * at `consumed + offset`, as soon as the bytes cannot be a frame.
   */
  next(buf: Uint8Array, start: number, end: number, consumed: number): number;
  /** Whether buf[start, end) holds nothing of a frame (for formats that allow blank space between frames). */
  isBlank(buf: Uint8Array, start: number, end: number): boolean;
}

/** What a formatter offers the stream functions. */
export interface StreamFormat {
  /** one graph, as the caller's own bytes */
  serialize(graph: unknown): Uint8Array;
  splitter(): FrameSplitter;
  /** reads the graph of one complete frame */
  readFrame(frame: Uint8Array, consumed: number): unknown;
}

/**
 * Writes one graph as one frame with a single write() call (so concurrent calls never interleave
 * frames, and a graph that fails to serialize writes nothing), then waits for 'drain' when the
 * stream asks for backpressure. Rejects with the stream's own error if it fails or closes first.
 */
export async function serializeToWritable(format: StreamFormat, writable: WritableStreamLike, graph: unknown): Promise<void> {
  if (!writable || typeof writable.write !== 'function' || typeof writable.once !== 'function') {
    throw new SerializationException('INVALID_ARGUMENT', 'serializeAsync(writable, graph): writable must be a Node.js Writable stream (write, once)');
  }
  if (writable.destroyed === true || writable.writableEnded === true) {
    throw new SerializationException('INVALID_ARGUMENT', 'serializeAsync: the stream is already ended or destroyed');
  }
  const frame = format.serialize(graph);
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
 * frame start fails as soon as its bytes are in, before the rest is buffered.
 */
export async function* deserializeFromReadable(format: StreamFormat, readable: ReadableStreamLike): AsyncGenerator<unknown, void, undefined> {
  if (!readable || typeof (readable as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] !== 'function') {
    throw new SerializationException('INVALID_ARGUMENT', 'deserializeAll(readable): readable must be async-iterable over Uint8Array chunks (a Node.js Readable or a Web ReadableStream)');
  }
  const splitter = format.splitter();
  let buf = new Uint8Array(64 * 1024);
  let start = 0;
  let end = 0;
  /** bytes of all the input before buf[0], for error offsets */
  let consumed = 0;
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
      const length = splitter.next(buf, start, end, consumed);
      if (length < 0) break;
      const graph = format.readFrame(buf.subarray(start, start + length), consumed + start);
      start += length;
      yield graph;
    }
  }
  if (end > start && !splitter.isBlank(buf, start, end)) {
    throw new SerializationException('TRUNCATED', `the stream ended inside a graph (${end - start} bytes of an incomplete frame)`, { offset: consumed + end });
  }
}
