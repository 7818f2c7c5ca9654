/**
 * A small byte writer/reader shared by the hand-written codec and the naive reflection walker
 * (independent of weft's own: the baselines must not borrow weft's code). Written the way a
 * careful human would: one reusable buffer grown by doubling, a cached DataView, varints,
 * an ASCII fast path for short strings and TextEncoder.encodeInto/TextDecoder for the rest.
 */
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

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

  /** copy of the written bytes; the internal buffer is reused by the next call */
  finish(): Uint8Array {
    const out = this.buf.slice(0, this.pos);
    this.pos = 0;
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
      if (i < len) pos = start + 1 + encoder.encodeInto(s, buf.subarray(start + 1)).written;
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

  bytes(src: Uint8Array): void {
    this.ensure(src.length);
    this.buf.set(src, this.pos);
    this.pos += src.length;
  }
}

export class Reader {
  view: DataView;
  pos = 0;
  constructor(public buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
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
    const x = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return x;
  }

  str(): string {
    const n = this.varint();
    const start = this.pos;
    this.pos += n;
    const buf = this.buf;
    if (n <= 32) {
      // short ASCII: build from char codes in chunks of 8 (no TextDecoder call, no array)
      let s = '';
      let i = start;
      const end = start + n;
      for (; i + 8 <= end; i += 8) {
        const a = buf[i]!, b = buf[i + 1]!, c = buf[i + 2]!, d = buf[i + 3]!, e = buf[i + 4]!, f = buf[i + 5]!, g = buf[i + 6]!, h = buf[i + 7]!;
        if ((a | b | c | d | e | f | g | h) >= 0x80) return decoder.decode(buf.subarray(start, end));
        s += String.fromCharCode(a, b, c, d, e, f, g, h);
      }
      for (; i < end; i++) {
        const a = buf[i]!;
        if (a >= 0x80) return decoder.decode(buf.subarray(start, end));
        s += String.fromCharCode(a);
      }
      return s;
    }
    return decoder.decode(buf.subarray(start, start + n));
  }

  bytes(n: number): Uint8Array {
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }
}
