/**
 * A small byte writer/reader shared by the hand-written codec and the naive reflection walker
 * (independent of weft's own: the baselines must not borrow weft's code). Written the way a
 * careful human would: one reusable buffer grown by doubling, a cached DataView, varints,
 * short strings (< 43 UTF-16 units / ≤ 32 bytes) encoded and decoded in JS and TextEncoder.encodeInto /
 * TextDecoder for the rest, results copied into an ArrayBuffer of their own (see `finish`), and
 * a reader that is reused across calls with a DataView cached per ArrayBuffer.
 */
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/**
 * Null for `strOrNull`: the byte 0x7f (a one-byte varint 127) never starts a `str`, whose short
 * form has a one-byte length ≤ 126 and whose long form starts with a continuation byte (≥ 0x80).
 */
const NULL_STR = 0x7f;

export class Writer {
  buf = new Uint8Array(64 * 1024);
  view = new DataView(this.buf.buffer);
  pos = 0;

  ensure(n: number): void {
    if (this.pos + n > this.buf.length) {
      let cap = this.buf.length * 2;
      while (cap < this.pos + n) cap *= 2;
      const next = new Uint8Array(cap);
      next.set(this.buf.subarray(0, this.pos));
      this.buf = next;
      this.view = new DataView(next.buffer);
    }
  }

  /**
   * The written bytes as a new Uint8Array with an ArrayBuffer of the caller's own: the contract
   * weft's `serialize(graph)` keeps (issue 13: no view of shared memory), so the baseline keeps it
   * too. One exact-size allocation and copy, the cheapest of the measured ways to do that (README.md,
   * "The baseline"); a fresh ArrayBuffer is an off-heap allocation of 0.2–3 µs depending on the
   * machine's state. A pooled slab (Node's Buffer.allocUnsafe policy) measured 0.77 µs against
   * 2.68 µs on `small`, but shares `out.buffer` between results, which weft's contract forbids.
   */
  finish(): Uint8Array {
    const n = this.pos;
    this.pos = 0;
    const out = new Uint8Array(n);
    // not `slice`: Node 20 runs it 2-4x slower than allocating and `set` (224 kB: 93 us vs 29 us)
    if (n <= 64) for (let i = 0; i < n; i++) out[i] = this.buf[i]!;
    else out.set(this.buf.subarray(0, n));
    return out;
  }

  u8(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }

  varint(n: number): void {
    this.ensure(5);
    const buf = this.buf;
    let pos = this.pos;
    while (n > 0x7f) {
      buf[pos++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    buf[pos++] = n;
    this.pos = pos;
  }

  /** int32 as zigzag varint; anything else is a programming error in the caller's types */
  int(n: number): void {
    if ((n | 0) !== n) throw new TypeError(`not an int32: ${n}`);
    this.varint(((n << 1) ^ (n >> 31)) >>> 0);
  }

  f64(x: number): void {
    this.ensure(8);
    this.view.setFloat64(this.pos, x, true);
    this.pos += 8;
  }

  str(s: string): void {
    const len = s.length;
    if (len < 43) {
      // at most 126 bytes: a one-byte length, back-filled
      this.ensure(1 + len * 3);
      const buf = this.buf;
      const start = this.pos;
      let pos = start + 1;
      let i = 0;
      for (; i < len; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        buf[pos++] = c;
      }
      // the rest in JS as well: no subarray + encodeInto call per short non-ASCII string
      for (; i < len; i++) {
        let c = s.charCodeAt(i);
        if (c < 0x80) buf[pos++] = c;
        else if (c < 0x800) {
          buf[pos++] = 0xc0 | (c >> 6);
          buf[pos++] = 0x80 | (c & 0x3f);
        } else {
          if (c >= 0xd800 && c <= 0xdfff) {
            const d = i + 1 < len ? s.charCodeAt(i + 1) : 0;
            if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
              const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
              buf[pos++] = 0xf0 | (cp >> 18);
              buf[pos++] = 0x80 | ((cp >> 12) & 0x3f);
              buf[pos++] = 0x80 | ((cp >> 6) & 0x3f);
              buf[pos++] = 0x80 | (cp & 0x3f);
              i++;
              continue;
            }
            c = 0xfffd; // a lone surrogate, as TextEncoder writes it
          }
          buf[pos++] = 0xe0 | (c >> 12);
          buf[pos++] = 0x80 | ((c >> 6) & 0x3f);
          buf[pos++] = 0x80 | (c & 0x3f);
        }
      }
      buf[start] = pos - start - 1;
      this.pos = pos;
      return;
    }
    // long: reserve a padded 5-byte LEB128 length (valid LEB128), encode, back-fill
    this.ensure(5 + len * 3);
    const start = this.pos;
    const n = encoder.encodeInto(s, this.buf.subarray(start + 5)).written;
    const buf = this.buf;
    buf[start] = (n & 0x7f) | 0x80;
    buf[start + 1] = ((n >>> 7) & 0x7f) | 0x80;
    buf[start + 2] = ((n >>> 14) & 0x7f) | 0x80;
    buf[start + 3] = ((n >>> 21) & 0x7f) | 0x80;
    buf[start + 4] = n >>> 28;
    this.pos = start + 5 + n;
  }

  /** a string or null in the same bytes as `str` (null = one byte 0x7f, see NULL_STR) */
  strOrNull(s: string | null): void {
    if (s === null) this.u8(NULL_STR);
    else this.str(s);
  }

  bytes(src: Uint8Array): void {
    this.ensure(src.length);
    this.buf.set(src, this.pos);
    this.pos += src.length;
  }
}

/** UTF-16 units of a short non-ASCII string (≤ 32 bytes → ≤ 32 units) */
const units: number[] = [];

/**
 * A short (≤ 32 bytes) string with non-ASCII bytes, decoded in JS: cheaper than a TextDecoder
 * call (a subarray and a trip into C++) at this size. Malformed input becomes U+FFFD as with
 * TextDecoder (the writer never produces it).
 */
function utf8Short(buf: Uint8Array, start: number, end: number): string {
  units.length = 0;
  let i = start;
  while (i < end) {
    const a = buf[i++]!;
    if (a < 0x80) units.push(a);
    else if (a >= 0xc2 && a < 0xe0 && i < end && (buf[i]! & 0xc0) === 0x80) units.push(((a & 0x1f) << 6) | (buf[i++]! & 0x3f));
    else if (a >= 0xe0 && a < 0xf0 && i + 1 < end && (buf[i]! & 0xc0) === 0x80 && (buf[i + 1]! & 0xc0) === 0x80) {
      const c = ((a & 0x0f) << 12) | ((buf[i]! & 0x3f) << 6) | (buf[i + 1]! & 0x3f);
      if (c < 0x800 || (c >= 0xd800 && c <= 0xdfff)) return decoder.decode(buf.subarray(start, end));
      units.push(c);
      i += 2;
    } else if (a >= 0xf0 && a < 0xf5 && i + 2 < end && (buf[i]! & 0xc0) === 0x80 && (buf[i + 1]! & 0xc0) === 0x80 && (buf[i + 2]! & 0xc0) === 0x80) {
      const cp = ((a & 0x07) << 18) | ((buf[i]! & 0x3f) << 12) | ((buf[i + 1]! & 0x3f) << 6) | (buf[i + 2]! & 0x3f);
      if (cp < 0x10000 || cp > 0x10ffff) return decoder.decode(buf.subarray(start, end));
      units.push(0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff));
      i += 3;
    } else return decoder.decode(buf.subarray(start, end)); // malformed: TextDecoder's replacement rules
  }
  return String.fromCharCode.apply(null, units);
}

/**
 * Reused across calls (`reset` per input). Doubles are read through a DataView over the input's
 * whole ArrayBuffer, cached: an input in the same ArrayBuffer as the previous one (the benchmark's
 * case, and consecutive messages carved from one pooled Node Buffer slab) costs no allocation; an
 * input in a new ArrayBuffer costs one DataView (~60 ns). Measured against a DataView per input
 * and against copying the 8 bytes into a scratch Float64Array (no allocation at all, but 6.3 ns
 * per double against 1.1 ns for a cached DataView's getFloat64): README.md, "The baseline".
 * The cache keeps the last input's ArrayBuffer alive until the next input.
 */
export class Reader {
  buf: Uint8Array = new Uint8Array(0);
  pos = 0;
  private view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
  /** buf.byteOffset: `view` spans the whole ArrayBuffer */
  private base = 0;

  constructor(buf?: Uint8Array) {
    if (buf !== undefined) this.reset(buf);
  }

  reset(buf: Uint8Array): void {
    this.buf = buf;
    this.pos = 0;
    if (buf.buffer !== this.view.buffer) this.view = new DataView(buf.buffer);
    this.base = buf.byteOffset;
  }

  u8(): number {
    return this.buf[this.pos++]!;
  }

  varint(): number {
    const buf = this.buf;
    let b = buf[this.pos++]!;
    if (b < 0x80) return b;
    let n = b & 0x7f;
    let shift = 7;
    do {
      b = buf[this.pos++]!;
      n |= (b & 0x7f) << shift;
      shift += 7;
    } while (b >= 0x80);
    return n >>> 0;
  }

  int(): number {
    const z = this.varint();
    return (z >>> 1) ^ -(z & 1);
  }

  f64(): number {
    const x = this.view.getFloat64(this.base + this.pos, true);
    this.pos += 8;
    return x;
  }

  str(): string {
    const n = this.varint();
    const start = this.pos;
    this.pos += n;
    const buf = this.buf;
    if (n <= 32) {
      // short ASCII: build from char codes in chunks of 8 and one call for the rest (no
      // TextDecoder call, no array; measured 35 % faster than a call per remaining byte)
      let s = '';
      let i = start;
      const end = start + n;
      for (; i + 8 <= end; i += 8) {
        const a = buf[i]!, b = buf[i + 1]!, c = buf[i + 2]!, d = buf[i + 3]!, e = buf[i + 4]!, f = buf[i + 5]!, g = buf[i + 6]!, h = buf[i + 7]!;
        if ((a | b | c | d | e | f | g | h) >= 0x80) return utf8Short(buf, start, end);
        s += String.fromCharCode(a, b, c, d, e, f, g, h);
      }
      let high = 0;
      for (let k = i; k < end; k++) high |= buf[k]!;
      if (high >= 0x80) return utf8Short(buf, start, end);
      switch (end - i) {
        case 0:
          return s;
        case 1:
          return s + String.fromCharCode(buf[i]!);
        case 2:
          return s + String.fromCharCode(buf[i]!, buf[i + 1]!);
        case 3:
          return s + String.fromCharCode(buf[i]!, buf[i + 1]!, buf[i + 2]!);
        case 4:
          return s + String.fromCharCode(buf[i]!, buf[i + 1]!, buf[i + 2]!, buf[i + 3]!);
        case 5:
          return s + String.fromCharCode(buf[i]!, buf[i + 1]!, buf[i + 2]!, buf[i + 3]!, buf[i + 4]!);
        case 6:
          return s + String.fromCharCode(buf[i]!, buf[i + 1]!, buf[i + 2]!, buf[i + 3]!, buf[i + 4]!, buf[i + 5]!);
        default:
          return s + String.fromCharCode(buf[i]!, buf[i + 1]!, buf[i + 2]!, buf[i + 3]!, buf[i + 4]!, buf[i + 5]!, buf[i + 6]!);
      }
    }
    return decoder.decode(buf.subarray(start, start + n));
  }

  /** see Writer.strOrNull */
  strOrNull(): string | null {
    if (this.buf[this.pos] === NULL_STR) {
      this.pos++;
      return null;
    }
    return this.str();
  }

  bytes(n: number): Uint8Array {
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }
}
