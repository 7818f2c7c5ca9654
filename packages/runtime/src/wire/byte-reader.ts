import { SerializationException } from '../errors.js';

/**
 * A bounds-checked little-endian byte reader. Every read checks the bytes that remain before
 * touching them, and every length is checked against the remainder before anything is
 * allocated for it, so a hostile length prefix costs nothing.
 */
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
/** Below this many bytes a string is decoded here and built by String.fromCharCode (no TextDecoder call). */
const DECODE_LOOP_THRESHOLD = 64;
/** Reused code-unit buffers, one per length: one flat string per call, no intermediate strings. */
const unitsByLength: number[][] = Array.from({ length: DECODE_LOOP_THRESHOLD }, (_, n) => new Array<number>(n).fill(0));

/** A DataView of an input's ArrayBuffer up to this size is kept between inputs. */
const RETAINED_VIEW_BYTES = 64 * 1024;

export class ByteReader {
  buf: Uint8Array;
  pos: number;
  end: number;
  /**
   * A DataView over the input's whole ArrayBuffer, made on the first float and kept while the
   * inputs share that ArrayBuffer (Node's pooled Buffers, slices of one network read): creating
   * one costs ~100 ns, but it decodes a float several times faster than assembling bytes.
   */
  private view: DataView | null = null;
  private viewBuffer: ArrayBufferLike | null = null;
  /** where the input starts in the view's ArrayBuffer */
  private viewBase = 0;

  constructor(buf: Uint8Array, start = 0, end = buf.length) {
    this.buf = buf;
    this.pos = start;
    this.end = end;
  }

  /** Points the reader at another input (the reader object is reused across graphs). */
  reset(buf: Uint8Array, start: number, end: number): void {
    if (buf !== this.buf) {
      this.buf = buf;
      this.viewBase = buf.byteOffset;
      if (buf.buffer !== this.viewBuffer) this.view = null;
    }
    this.pos = start;
    this.end = end;
  }

  /**
   * Lets go of the input. The view of a small ArrayBuffer (a pool slab, a short message) is kept
   * for the next input; a large one is dropped so the reader does not pin the caller's memory.
   */
  releaseInput(empty: Uint8Array): void {
    this.buf = empty;
    this.pos = 0;
    this.end = 0;
    if (this.viewBuffer !== null && this.viewBuffer.byteLength > RETAINED_VIEW_BYTES) {
      this.view = null;
      this.viewBuffer = null;
    }
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  fail(code: 'TRUNCATED' | 'INVALID_LENGTH' | 'INVALID_VARINT' | 'INVALID_UTF8', what: string, at = this.pos): never {
    throw new SerializationException(code, what, { offset: at });
  }

  u8(): number {
    if (this.pos >= this.end) this.fail('TRUNCATED', 'input ended where a byte was expected');
    return this.buf[this.pos++]!;
  }

  /** Unsigned LEB128 of at most 5 bytes (values up to 2^32-1). */
  varint(): number {
    const buf = this.buf;
    let pos = this.pos;
    if (pos < this.end) {
      const b = buf[pos]!;
      if (b < 0x80) {
        this.pos = pos + 1;
        return b;
      }
    }
    let result = 0;
    let shift = 0;
    const start = pos;
    for (;;) {
      if (pos >= this.end) this.fail('TRUNCATED', 'input ended inside a varint', start);
      const b = buf[pos++]!;
      if (shift === 28) {
        if (b > 0x0f) this.fail('INVALID_VARINT', 'varint longer than 32 bits', start);
        result += b * 0x10000000;
        break;
      }
      result |= (b & 0x7f) << shift;
      if (b < 0x80) break;
      shift += 7;
    }
    this.pos = pos;
    return result >>> 0 === result ? result : result >>> 0;
  }

  /** A length or count of items each at least `minItemBytes` long: rejected if the input cannot hold it. */
  length(minItemBytes: number, what: string): number {
    const at = this.pos;
    const n = this.varint();
    if (n * minItemBytes > this.end - this.pos) {
      this.fail('INVALID_LENGTH', `${what} of ${n} is larger than the ${this.end - this.pos} bytes that remain`, at);
    }
    return n;
  }

  float64(): number {
    const p = this.pos;
    if (p + 8 > this.end) this.fail('TRUNCATED', 'input ended inside a float64');
    const view = this.view ?? this.newView();
    this.pos = p + 8;
    return view.getFloat64(this.viewBase + p, true);
  }

  float32(): number {
    const p = this.pos;
    if (p + 4 > this.end) this.fail('TRUNCATED', 'input ended inside a float32');
    const view = this.view ?? this.newView();
    this.pos = p + 4;
    return view.getFloat32(this.viewBase + p, true);
  }

  private newView(): DataView {
    const b = this.buf;
    this.viewBuffer = b.buffer;
    this.viewBase = b.byteOffset;
    return (this.view = new DataView(b.buffer));
  }

  u32(): number {
    const p = this.pos;
    if (p + 4 > this.end) this.fail('TRUNCATED', 'input ended inside a uint32');
    const b = this.buf;
    this.pos = p + 4;
    return (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16)) + b[p + 3]! * 0x1000000;
  }

  /** A view of the next `n` bytes (no copy); n was checked by `length`. */
  bytes(n: number): Uint8Array {
    if (this.pos + n > this.end) this.fail('TRUNCATED', `input ended inside ${n} bytes of data`);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** UTF-8 string body: varint byte length + bytes. */
  utf8(): string {
    const at = this.pos;
    return this.utf8Bytes(this.length(1, 'string byte length'), at);
  }

  /** The next `n` bytes as a UTF-8 string (`at`: where its length stood, for messages). */
  utf8Bytes(n: number, at: number): string {
    if (n > this.end - this.pos) this.fail('INVALID_LENGTH', `string byte length of ${n} is larger than the ${this.end - this.pos} bytes that remain`, at);
    const buf = this.buf;
    const start = this.pos;
    const end = start + n;
    if (n < DECODE_LOOP_THRESHOLD) {
      const units = unitsByLength[n]!;
      let i = 0;
      for (; i < n; i++) {
        const c = buf[start + i]!;
        if (c >= 0x80) break;
        units[i] = c;
      }
      if (i === n) {
        this.pos = end;
        return String.fromCharCode.apply(null, units);
      }
      // Short non-ASCII (names, cities): decoded here; a TextDecoder call costs more than the string.
      const count = decodeUtf8Units(buf, start + i, end, units, i);
      if (count < 0) return this.fail('INVALID_UTF8', 'string is not valid UTF-8', at);
      const exact = unitsByLength[count]!;
      for (let k = 0; k < count; k++) exact[k] = units[k]!;
      this.pos = end;
      return String.fromCharCode.apply(null, exact);
    }
    try {
      const s = utf8.decode(buf.subarray(start, end));
      this.pos = end;
      return s;
    } catch {
      return this.fail('INVALID_UTF8', 'string is not valid UTF-8', at);
    }
  }

  /** UTF-16LE string body (strings with lone surrogates): varint unit count + 2 bytes a unit. */
  utf16(): string {
    const n = this.length(2, 'string unit count');
    const buf = this.buf;
    let p = this.pos;
    let s = '';
    const CHUNK = 4096;
    for (let done = 0; done < n; ) {
      const take = Math.min(CHUNK, n - done);
      const units = new Array<number>(take);
      for (let k = 0; k < take; k++, p += 2) units[k] = buf[p]! | (buf[p + 1]! << 8);
      s += String.fromCharCode.apply(null, units);
      done += take;
    }
    this.pos = p;
    return s;
  }
}

/**
 * Decodes the UTF-8 bytes [p, end) into UTF-16 units at out[u...], with the checks of a fatal
 * TextDecoder (no overlong forms, no surrogates, nothing above U+10FFFF, no cut sequences).
 * Returns the total unit count, or -1 if the bytes are not valid UTF-8. The caller guarantees
 * out has room (units never outnumber bytes).
 */
function decodeUtf8Units(buf: Uint8Array, p: number, end: number, out: number[], u: number): number {
  while (p < end) {
    const c = buf[p++]!;
    if (c < 0x80) {
      out[u++] = c;
      continue;
    }
    if (c < 0xc2) return -1;
    if (c < 0xe0) {
      if (p >= end) return -1;
      const c1 = buf[p++]!;
      if ((c1 & 0xc0) !== 0x80) return -1;
      out[u++] = ((c & 0x1f) << 6) | (c1 & 0x3f);
      continue;
    }
    if (c < 0xf0) {
      if (p + 1 >= end) return -1;
      const c1 = buf[p]!;
      const c2 = buf[p + 1]!;
      p += 2;
      // E0 needs A0..BF (no overlong), ED needs 80..9F (no surrogates)
      if (c === 0xe0 ? c1 < 0xa0 || c1 > 0xbf : c === 0xed ? c1 < 0x80 || c1 > 0x9f : (c1 & 0xc0) !== 0x80) return -1;
      if ((c2 & 0xc0) !== 0x80) return -1;
      out[u++] = ((c & 0x0f) << 12) | ((c1 & 0x3f) << 6) | (c2 & 0x3f);
      continue;
    }
    if (c > 0xf4 || p + 2 >= end) return -1;
    const c1 = buf[p]!;
    const c2 = buf[p + 1]!;
    const c3 = buf[p + 2]!;
    p += 3;
    // F0 needs 90..BF (no overlong), F4 needs 80..8F (nothing above U+10FFFF)
    if (c === 0xf0 ? c1 < 0x90 || c1 > 0xbf : c === 0xf4 ? c1 < 0x80 || c1 > 0x8f : (c1 & 0xc0) !== 0x80) return -1;
    if ((c2 & 0xc0) !== 0x80 || (c3 & 0xc0) !== 0x80) return -1;
    const cp = (((c & 0x07) << 18) | ((c1 & 0x3f) << 12) | ((c2 & 0x3f) << 6) | (c3 & 0x3f)) - 0x10000;
    out[u++] = 0xd800 | (cp >> 10);
    out[u++] = 0xdc00 | (cp & 0x3ff);
  }
  return u;
}
