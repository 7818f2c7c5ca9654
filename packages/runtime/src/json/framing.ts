import { SerializationException } from '../errors.js';

/**
 * Where a weft JSON document ends in a byte stream: one top-level object, found by matching
 * brackets outside strings (every structural character is ASCII, so UTF-8 bytes can be scanned
 * directly). Used to read several documents from one MemoryStream and to split a Node stream
 * into documents as chunks arrive; the document itself is then parsed by JSON.parse.
 */
export class DocumentScanner {
  /** open brackets, so that a mismatched one is reported as malformed rather than truncated */
  private stack = new Uint8Array(64);
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** offset of the document's "{" from the scan's start, -1 before it */
  private docStart = -1;
  /** bytes of the current frame scanned so far */
  private scanned = 0;

  constructor(private readonly maxBytes: number) {}

  /**
   * Scans buf[start + scanned, end) for the end of the document that begins at or after `start`
   * (after blank space). Returns the frame's length from `start` (through the closing "}"), or -1
   * when more bytes are needed; keeps its state between calls for the same frame.
   * `consumed` locates errors in the whole input.
   */
  next(buf: Uint8Array, start: number, end: number, consumed: number): number {
    let p = start + this.scanned;
    for (; p < end; p++) {
      const c = buf[p]!;
      if (this.docStart < 0) {
        if (isSpace(c)) continue;
        if (c !== 0x7b) {
          const hint = c === 0x57 && buf[p + 1] === 0x46 ? ' (this looks like a weft binary frame: read it with BinaryFormatter)' : '';
          throw new SerializationException('INVALID_HEADER', `not a weft JSON document: expected "{"${hint}`, { offset: consumed + p });
        }
        this.docStart = p - start;
      }
      if (p - start - this.docStart >= this.maxBytes) {
        throw new SerializationException('LIMIT_EXCEEDED', `the JSON document is longer than limits.maxBytes (${this.maxBytes})`, { offset: consumed + start + this.docStart });
      }
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 0x5c) this.escaped = true;
        else if (c === 0x22) this.inString = false;
        continue;
      }
      if (c === 0x22) this.inString = true;
      else if (c === 0x7b || c === 0x5b) {
        if (this.depth === this.stack.length) {
          const next = new Uint8Array(this.depth * 2);
          next.set(this.stack);
          this.stack = next;
        }
        this.stack[this.depth++] = c;
      } else if (c === 0x7d || c === 0x5d) {
        if (this.stack[--this.depth] !== c - 2) throw new SerializationException('INVALID_VALUE', 'the input is not valid JSON (mismatched bracket)', { offset: consumed + p });
        if (this.depth === 0) {
          const length = p + 1 - start;
          this.reset();
          return length;
        }
      }
    }
    this.scanned = p - start;
    return -1;
  }

  /** Whether buf[start, end) is only blank space (no document has begun). */
  isBlank(buf: Uint8Array, start: number, end: number): boolean {
    for (let p = start; p < end; p++) if (!isSpace(buf[p]!)) return false;
    return true;
  }

  reset(): void {
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
    this.docStart = -1;
    this.scanned = 0;
  }
}

/** The document at or after `start` (after blank space): [docStart, docEnd), docEnd exclusive. */
export function scanDocument(bytes: Uint8Array, start: number, maxBytes: number): [number, number] {
  let p = start;
  while (p < bytes.length && isSpace(bytes[p]!)) p++;
  if (p >= bytes.length) throw new SerializationException('TRUNCATED', 'no graph: the input is empty at this position', { offset: p });
  const length = new DocumentScanner(maxBytes).next(bytes, p, bytes.length, 0);
  if (length < 0) throw new SerializationException('TRUNCATED', 'input ended inside a JSON document', { offset: bytes.length });
  return [p, p + length];
}

export function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}
