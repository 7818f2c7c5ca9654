/**
 * A growable little-endian byte writer: one Uint8Array grown by doubling, its DataView cached,
 * varints for lengths and ids, an ASCII fast path for strings and `encodeInto` for long ones.
 * One instance is reused across formatter calls, so steady-state writes allocate nothing.
 */
import { SHORT_STRING_MAX, Tag } from './tags.js';

const encoder = new TextEncoder();
/** Above this many UTF-16 units a non-ASCII string goes to TextEncoder.encodeInto. */
const ENCODE_INTO_THRESHOLD = 64;

export class ByteWriter {
  buf: Uint8Array;
  view: DataView;
  pos = 0;

  constructor(initialCapacity = 16 * 1024) {
    this.buf = new Uint8Array(initialCapacity);
    this.view = new DataView(this.buf.buffer);
  }

  /** Makes room for `n` more bytes. */
  ensure(n: number): void {
    if (this.pos + n > this.buf.length) this.grow(n);
  }

  private grow(n: number): void {
    let cap = this.buf.length * 2;
    while (cap < this.pos + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  /** Drops a buffer that one huge graph grew, so a long-lived formatter does not pin it. */
  reset(maxRetained: number): void {
    this.pos = 0;
    if (this.buf.length > maxRetained) {
      this.buf = new Uint8Array(maxRetained);
      this.view = new DataView(this.buf.buffer);
    }
  }

  u8(b: number): void {
    if (this.pos >= this.buf.length) this.grow(1);
    this.buf[this.pos++] = b;
  }

  /** Unsigned LEB128, for values 0 .. 2^32-1. */
  varint(n: number): void {
    if (this.pos + 5 > this.buf.length) this.grow(5);
    const buf = this.buf;
    let pos = this.pos;
    while (n > 0x7f) {
      buf[pos++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    buf[pos++] = n;
    this.pos = pos;
  }

  /** A tag byte followed by a varint: the commonest header, with one capacity check. */
  tagVarint(tag: number, n: number): void {
    if (this.pos + 6 > this.buf.length) this.grow(6);
    const buf = this.buf;
    let pos = this.pos;
    buf[pos++] = tag;
    while (n > 0x7f) {
      buf[pos++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    buf[pos++] = n;
    this.pos = pos;
  }

  /** A tag byte followed by a float64, with one capacity check. */
  tagFloat64(tag: number, x: number): void {
    if (this.pos + 9 > this.buf.length) this.grow(9);
    this.buf[this.pos] = tag;
    this.view.setFloat64(this.pos + 1, x, true);
    this.pos += 9;
  }

  /**
   * A number that is not an int32 (or is -0): as Float32 when that holds it exactly (the check is
   * one rounding), else as Float64. NaN is always Float64: its payload bits are kept.
   */
  tagFloat(x: number): void {
    if (Math.fround(x) !== x) return this.tagFloat64(Tag.Float64, x);
    if (this.pos + 5 > this.buf.length) this.grow(5);
    this.buf[this.pos] = Tag.Float32;
    this.view.setFloat32(this.pos + 1, x, true);
    this.pos += 5;
  }

  float64(x: number): void {
    if (this.pos + 8 > this.buf.length) this.grow(8);
    this.view.setFloat64(this.pos, x, true);
    this.pos += 8;
  }

  u32At(offset: number, n: number): void {
    this.view.setUint32(offset, n, true);
  }

  bytes(src: Uint8Array): void {
    this.ensure(src.length);
    this.buf.set(src, this.pos);
    this.pos += src.length;
  }

  /**
   * Writes a string: up to 31 UTF-8 bytes as ShortString (the tag holds the length), longer as
   * Tag.String + varint byte length + UTF-8 bytes, or, for a string with lone surrogates (which
   * UTF-8 cannot carry), Tag.String16 + varint unit count + UTF-16LE units.
   */
  text(s: string): void {
    const len = s.length;
    // Worst case: tag + 5-byte varint + 3 bytes per UTF-16 unit.
    if (this.pos + 6 + len * 3 > this.buf.length) this.grow(6 + len * 3);
    const buf = this.buf;
    const tagPos = this.pos;
    if (len <= SHORT_STRING_MAX) {
      // Written where a ShortString's bytes go; the rare non-ASCII one that needs more than 31
      // bytes (at most 93) moves up one byte for its length.
      const i = copyAscii(s, len, buf, tagPos + 1);
      let p = tagPos + 1 + i;
      if (i < len) {
        p = encodeUtf8(s, i, buf, p);
        if (p < 0) return this.string16(s, tagPos);
      }
      const n = p - tagPos - 1;
      if (n <= SHORT_STRING_MAX) {
        buf[tagPos] = Tag.ShortString | n;
        this.pos = p;
        return;
      }
      buf.copyWithin(tagPos + 2, tagPos + 1, p);
      buf[tagPos] = Tag.String;
      buf[tagPos + 1] = n;
      this.pos = p + 1;
      return;
    }
    buf[tagPos] = Tag.String;
    if (len < 43) {
      // At most 126 bytes: the length fits one varint byte written after the fact.
      const i = copyAscii(s, len, buf, tagPos + 2);
      let p = tagPos + 2 + i;
      if (i < len) {
        p = encodeUtf8(s, i, buf, p);
        if (p < 0) return this.string16(s, tagPos);
      }
      buf[tagPos + 1] = p - tagPos - 2;
      this.pos = p;
      return;
    }
    // Long string: reserve the varint size of the worst case, then close the gap if smaller.
    const reserve = varintSize(len * 3);
    const start = tagPos + 1 + reserve;
    const i = copyAscii(s, len, buf, start);
    let p = start + i;
    if (i < len) {
      if (len - i > ENCODE_INTO_THRESHOLD) {
        // encodeInto would replace a lone surrogate by U+FFFD: checked first
        if (!s.isWellFormed()) return this.string16(s, tagPos);
        p += encoder.encodeInto(i === 0 ? s : s.slice(i), buf.subarray(p)).written;
      } else {
        p = encodeUtf8(s, i, buf, p);
        if (p < 0) return this.string16(s, tagPos);
      }
    }
    const byteLength = p - start;
    const actual = varintSize(byteLength);
    if (actual !== reserve) buf.copyWithin(tagPos + 1 + actual, start, p);
    this.pos = tagPos + 1;
    this.varint(byteLength);
    this.pos += byteLength;
  }

  private string16(s: string, tagPos: number): void {
    this.pos = tagPos;
    this.tagVarint(Tag.String16, s.length);
    this.ensure(s.length * 2);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      buf[p++] = c & 0xff;
      buf[p++] = c >>> 8;
    }
    this.pos = p;
  }
}

export function varintSize(n: number): number {
  return n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : n < 0x10000000 ? 4 : 5;
}

/** Copies the leading ASCII units of s to buf at p; returns how many it copied. */
export function copyAscii(s: string, len: number, buf: Uint8Array, p: number): number {
  let i = 0;
  for (; i < len; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) break;
    buf[p + i] = c;
  }
  return i;
}

/**
 * UTF-8 encodes s[from..] into buf at p; returns the new position, or -1 if s has a lone
 * surrogate (which UTF-8 cannot carry: the caller writes String16 instead). Checking here
 * spares every non-ASCII string a separate isWellFormed scan.
 */
export function encodeUtf8(s: string, from: number, buf: Uint8Array, p: number): number {
  for (let i = from; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      buf[p++] = c;
    } else if (c < 0x800) {
      buf[p++] = 0xc0 | (c >> 6);
      buf[p++] = 0x80 | (c & 0x3f);
    } else if (c >= 0xd800 && c <= 0xdfff) {
      // a high surrogate followed by a low one (charCodeAt past the end is NaN: fails the test)
      const d = s.charCodeAt(i + 1);
      if (c > 0xdbff || !(d >= 0xdc00 && d <= 0xdfff)) return -1;
      i++;
      c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
      buf[p++] = 0xf0 | (c >> 18);
      buf[p++] = 0x80 | ((c >> 12) & 0x3f);
      buf[p++] = 0x80 | ((c >> 6) & 0x3f);
      buf[p++] = 0x80 | (c & 0x3f);
    } else {
      buf[p++] = 0xe0 | (c >> 12);
      buf[p++] = 0x80 | ((c >> 6) & 0x3f);
      buf[p++] = 0x80 | (c & 0x3f);
    }
  }
  return p;
}
