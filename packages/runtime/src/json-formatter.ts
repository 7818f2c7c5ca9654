import { BinaryFormatter, type FormatterOptions, type IFormatter } from './binary-formatter.js';
import { SerializationException, asSerializationException } from './errors.js';
import { frameToDocument } from './json/binary-to-json.js';
import { frameEnd } from './wire/frame.js';
import { documentToFrame } from './json/json-to-binary.js';
import { isSpace, printDocument, scanDocument } from './json/nodes.js';
import { DEFAULT_LIMITS, type SerializationLimits } from './limits.js';
import { MemoryStream, type ReadableByteStream, type WritableByteStream, asWritable } from './memory-stream.js';
import type { ISurrogateSelector, SerializationBinder } from './surrogates.js';
import type { StreamingContext } from './streaming-context.js';

export interface JsonFormatterOptions extends FormatterOptions {
  /** Spaces of indentation (default 2). 0 writes each graph as one line (JSON Lines). */
  indent?: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * The human-readable formatter (the counterpart of .NET's SoapFormatter). It shares the binary
 * formatter's one model of the graph: serialize runs the same graph writer, then transcodes the
 * self-describing frame to JSON; deserialize transcodes JSON back to a frame and runs the same
 * graph reader. So callbacks, ISerializable, surrogates, the binder, versioning and limits behave
 * exactly as in BinaryFormatter. Each graph is one JSON document followed by "\n"; see FORMAT.md,
 * "JSON encoding".
 */
export class JsonFormatter implements IFormatter {
  private readonly binary: BinaryFormatter;
  readonly indent: number;

  constructor(options: JsonFormatterOptions = {}) {
    this.binary = new BinaryFormatter(options);
    const indent = options.indent ?? 2;
    if (!Number.isInteger(indent) || indent < 0 || indent > 10) throw new SerializationException('INVALID_ARGUMENT', 'indent must be an integer from 0 to 10');
    this.indent = indent;
  }

  get context(): StreamingContext {
    return this.binary.context;
  }
  set context(v: StreamingContext) {
    this.binary.context = v;
  }
  get surrogateSelector(): ISurrogateSelector | null {
    return this.binary.surrogateSelector;
  }
  set surrogateSelector(v: ISurrogateSelector | null) {
    this.binary.surrogateSelector = v;
  }
  get binder(): SerializationBinder | null {
    return this.binary.binder;
  }
  set binder(v: SerializationBinder | null) {
    this.binary.binder = v;
  }
  get limits(): Readonly<SerializationLimits> {
    return this.binary.limits;
  }

  /**
   * Transcodes weft binary data (one or more frames back to back) to weft JSON documents, one per
   * frame, without needing any class: the binary format is self-describing. This is what
   * `weft inspect --json` prints. Hostile input fails with a SerializationException.
   */
  static binaryToJson(bytes: Uint8Array, options: { indent?: number; maxBytes?: number } = {}): string[] {
    const indent = options.indent ?? 2;
    const out: string[] = [];
    try {
      for (let at = 0; at < bytes.length; ) {
        const end = frameEnd(bytes, at, options.maxBytes ?? DEFAULT_LIMITS.maxBytes);
        const { doc, referenced } = frameToDocument(bytes, at, end);
        out.push(`${printDocument(doc, referenced, indent)}\n`);
        at = end;
      }
    } catch (e) {
      throw asSerializationException(e, 'binaryToJson');
    }
    return out;
  }

  serialize(graph: unknown): Uint8Array;
  serialize(stream: WritableByteStream, graph: unknown): void;
  serialize(a: unknown, b?: unknown): Uint8Array | void {
    if (arguments.length >= 2) {
      const stream = asWritable(a);
      stream.write(this.encode(b));
      return;
    }
    return this.encode(a);
  }

  /** The JSON text of one graph (with its trailing newline), for logging and tests. */
  serializeToString(graph: unknown): string {
    return this.binary.withFrame(graph, (frame) => this.toText(frame));
  }

  private toText(frame: Uint8Array): string {
    try {
      const { doc, referenced } = frameToDocument(frame, 0, frame.length, Math.max(this.limits.maxDepth, 400) * 3 + 16);
      return `${printDocument(doc, referenced, this.indent)}\n`;
    } catch (e) {
      throw asSerializationException(e, 'serialize');
    }
  }

  private encode(graph: unknown): Uint8Array {
    return encoder.encode(this.serializeToString(graph));
  }

  deserialize<T = unknown>(source: Uint8Array | ReadableByteStream | string): T {
    if (typeof source === 'string') source = encoder.encode(source);
    if (source instanceof Uint8Array) {
      const [start, end] = scanDocument(source, 0, this.limits.maxBytes);
      let p = end;
      while (p < source.length && isSpace(source[p]!)) p++;
      if (p !== source.length) {
        throw new SerializationException('TRAILING_BYTES', `${source.length - p} bytes follow the JSON document; use a MemoryStream to read several graphs`, { offset: p });
      }
      return this.readDocument(source, start, end) as T;
    }
    if (!source || typeof (source as ReadableByteStream).toArray !== 'function') {
      throw new SerializationException('INVALID_ARGUMENT', 'deserialize expects a Uint8Array, a string or a MemoryStream');
    }
    const bytes = source instanceof MemoryStream ? source.view() : source.toArray();
    const [start, end] = scanDocument(bytes, source.position, this.limits.maxBytes);
    const result = this.readDocument(bytes, start, end) as T;
    // Consume the document's line break so that `position === length` after the last graph.
    let p = end;
    if (p < bytes.length && bytes[p] === 0x0d) p++;
    if (p < bytes.length && bytes[p] === 0x0a) p++;
    source.position = p;
    return result;
  }

  private readDocument(bytes: Uint8Array, start: number, end: number): unknown {
    let frame: Uint8Array;
    try {
      let text: string;
      try {
        text = decoder.decode(bytes.subarray(start, end));
      } catch {
        throw new SerializationException('INVALID_UTF8', 'the JSON document is not valid UTF-8', { offset: start });
      }
      frame = documentToFrame(text, this.limits);
    } catch (e) {
      throw asSerializationException(e, 'deserialize');
    }
    return this.binary.readFrame(frame, 0);
  }
}
