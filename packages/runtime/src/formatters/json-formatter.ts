import { type JsonLocation, SerializationException, asSerializationException, relocate } from '../errors.js';
import type { TypeEntry } from '../engine/type-resolver.js';
import type { Json } from '../json/document.js';
import { DocumentScanner, isSpace, scanDocument } from '../json/framing.js';
import { JsonDecoder } from '../json/json-decoder.js';
import { JsonEncoder } from '../json/json-encoder.js';
import { type JsonPathSegment, formatPath, jsonSyntaxError, lineColumn, offsetOfPath, printJson } from '../json/text.js';
import { type ReadableByteStream, type WritableByteStream, asWritable, readableBytes } from '../memory-stream.js';
import { EngineFormatter, type FormatterOptions } from './engine-formatter.js';
import { framesToJson, inspectFrames } from './inspect.js';
import type { FrameSplitter } from './streams.js';

export interface JsonFormatterOptions extends FormatterOptions {
  /** Spaces of indentation (default 2). 0 writes each graph as one line (JSON Lines). */
  indent?: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * The human-readable formatter (the counterpart of .NET's SoapFormatter): the same graph engine
 * as BinaryFormatter — callbacks, ISerializable, surrogates, the binder, versioning and limits
 * behave exactly alike — over the weft JSON format (FORMAT.md, "JSON encoding"). Each graph is
 * one JSON document followed by "\n". Errors in a document say where: line, column and JSON path.
 */
export class JsonFormatter extends EngineFormatter<JsonEncoder, JsonDecoder<TypeEntry>> {
  readonly indent: number;

  constructor(options: JsonFormatterOptions = {}) {
    super(options);
    const indent = options.indent ?? 2;
    if (!Number.isInteger(indent) || indent < 0 || indent > 10) throw new SerializationException('INVALID_ARGUMENT', 'indent must be an integer from 0 to 10');
    this.indent = indent;
  }

  protected newEncoder(): JsonEncoder {
    return new JsonEncoder();
  }

  protected newDecoder(): JsonDecoder<TypeEntry> {
    return new JsonDecoder<TypeEntry>();
  }

  /**
   * Transcodes weft binary data (one or more frames back to back) to weft JSON documents, one per
   * frame, without needing any class: the binary format is self-describing. This is what
   * `weft inspect --json` prints. Hostile input fails with a SerializationException.
   */
  static binaryToJson(bytes: Uint8Array, options: { indent?: number; maxBytes?: number } = {}): string[] {
    return framesToJson(inspectFrames(bytes, options.maxBytes === undefined ? {} : { maxBytes: options.maxBytes }), options.indent ?? 2);
  }

  serialize(graph: unknown): Uint8Array;
  serialize(stream: WritableByteStream, graph: unknown): void;
  serialize(a: unknown, b?: unknown): Uint8Array | void {
    if (arguments.length >= 2) {
      const stream = asWritable(a);
      stream.write(encoder.encode(this.serializeToString(b)));
      return;
    }
    return encoder.encode(this.serializeToString(a));
  }

  /** The JSON text of one graph, with its trailing newline. */
  serializeToString(graph: unknown): string {
    const side = this.acquireWriter();
    const enc = side.enc;
    try {
      side.writer.writeGraph(enc, graph);
      return `${printJson(enc.doc, this.indent)}\n`;
    } finally {
      enc.release();
      this.releaseWriter(side);
    }
  }

  deserialize<T = unknown>(source: Uint8Array | ReadableByteStream | string): T {
    if (typeof source === 'string') {
      if (source.length > this.limits.maxBytes) throw new SerializationException('LIMIT_EXCEEDED', `the JSON document is longer than limits.maxBytes (${this.limits.maxBytes})`);
      expectDocumentStart((i) => source.charCodeAt(i), source.length, 0);
      return this.readText(source, 0, true) as T;
    }
    if (source instanceof Uint8Array) return this.readBytes(source, 0, true) as T;
    const bytes = readableBytes(source, 'a Uint8Array, a string or a MemoryStream');
    const [start, end] = scanDocument(bytes, source.position, this.limits.maxBytes);
    const result = this.readBytes(bytes.subarray(start, end), start, false) as T;
    // Consume the document's line break so that `position === length` after the last graph.
    let p = end;
    if (p < bytes.length && bytes[p] === 0x0d) p++;
    if (p < bytes.length && bytes[p] === 0x0a) p++;
    source.position = p;
    return result;
  }

  /** @internal documents of a byte stream, split where each top-level object closes */
  splitter(): FrameSplitter {
    return new DocumentScanner(this.limits.maxBytes);
  }

  /** @internal reads the graph of one document (with blank space around it) */
  readFrame(frame: Uint8Array, consumed: number): unknown {
    return this.readBytes(frame, consumed, true);
  }

  /** Reads the one document of `bytes` (blank space around it allowed); `base` locates byte offsets. */
  private readBytes(bytes: Uint8Array, base: number, whole: boolean): unknown {
    if (bytes.length > this.limits.maxBytes) {
      throw new SerializationException('LIMIT_EXCEEDED', `the JSON document is longer than limits.maxBytes (${this.limits.maxBytes})`, { offset: base });
    }
    expectDocumentStart((i) => bytes[i], bytes.length, base);
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch {
      throw new SerializationException('INVALID_UTF8', 'the JSON document is not valid UTF-8', { offset: base + firstInvalidUtf8(bytes) });
    }
    return this.readText(text, base, whole);
  }

  /** Reads the one document of `text`, whose start was checked (expectDocumentStart). */
  private readText(text: string, base: number, whole: boolean): unknown {
    let doc: Json;
    try {
      doc = JSON.parse(text) as Json;
    } catch {
      throw syntaxError(text, base, whole);
    }
    const side = this.acquireReader();
    const { reader, dec } = side;
    try {
      return reader.end(dec.readDocument(reader, this.limits, doc));
    } catch (e) {
      const se = asSerializationException(e, 'deserialize');
      throw locate(se, text, base, dec.currentPath());
    } finally {
      this.releaseReader(side);
    }
  }
}

/** The first character after blank space must open a document (a binary frame is named as such). */
function expectDocumentStart(at: (i: number) => number | undefined, length: number, base: number): void {
  let p = 0;
  while (p < length && isSpace(at(p)!)) p++;
  if (p >= length) throw new SerializationException('TRUNCATED', 'no graph: the input is empty at this position', { offset: base + p });
  if (at(p) !== 0x7b) {
    const hint = at(p) === 0x57 && at(p + 1) === 0x46 ? ' (this looks like a weft binary frame: read it with BinaryFormatter)' : '';
    throw new SerializationException('INVALID_HEADER', `not a weft JSON document: expected "{"${hint}`, { offset: base + p });
  }
}

/** A failure inside a parsed document, located by its JSON path: line, column and byte offset. */
function locate(se: SerializationException, text: string, base: number, path: JsonPathSegment[]): SerializationException {
  if (se.json !== undefined) return se;
  const at = offsetOfPath(text, path);
  const { line, column } = lineColumn(text, at);
  const json: JsonLocation = { line, column, path: formatPath(path) };
  return relocate(se, se.message, { offset: base + utf8Length(text, at), json, cause: se.cause ?? se });
}

/** JSON.parse refused the text: where and why, without quoting the payload. */
function syntaxError(text: string, base: number, whole: boolean): SerializationException {
  const found = jsonSyntaxError(text);
  if (found === null) return new SerializationException('INVALID_VALUE', 'the input is not valid JSON', { offset: base });
  const { line, column } = lineColumn(text, found.offset);
  const json: JsonLocation = { line, column, path: found.path };
  const offset = base + utf8Length(text, found.offset);
  if (whole && found.kind === 'trailing') {
    return new SerializationException('TRAILING_BYTES', 'more text follows the JSON document; use a MemoryStream to read several graphs', { offset, json });
  }
  if (found.kind === 'truncated') return new SerializationException('TRUNCATED', `the JSON document is incomplete: ${found.message}`, { offset, json });
  return new SerializationException('INVALID_VALUE', `the input is not valid JSON: ${found.message}`, { offset, json });
}

/** UTF-8 bytes of text[0, end). */
function utf8Length(text: string, end: number): number {
  let n = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n++;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < end) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Offset of the first byte that breaks UTF-8 (the decoder refused the input). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    const n = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (n < 0 || i + n >= bytes.length + (n === 0 ? 1 : 0)) return i;
    for (let k = 1; k <= n; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return bytes.length;
}
