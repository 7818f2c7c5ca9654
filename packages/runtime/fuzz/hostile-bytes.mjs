// Building hostile weft input by hand, shared by the attack harness (attacks.mjs) and the fuzzer
// (fuzz.mjs): a frame writer for the binary grammar (FORMAT.md), and Map/Set keys that collide in
// V8's unseeded number hash, chosen by inverting the hash (the forward functions are intHash and
// longHash in src/engine/hash-flood.ts, which the runtime's guard uses).

export const TAG = {
  Null: 0x00, Int: 0x04, Float64: 0x05, BigIntPos: 0x06, BigIntNeg: 0x07, String: 0x08, Array: 0x0c,
  Object: 0x0d, RegExp: 0x10, Map: 0x11, Set: 0x12, TypeDef: 0x16, Defer: 0x18, ClassSmall: 0x40,
};

/** A growable byte buffer that writes weft values; frame() wraps the body in the 8-byte header. */
export class Enc {
  constructor(capacity = 1024) {
    this.buf = new Uint8Array(capacity);
    this.pos = 0;
  }
  ensure(n) {
    if (this.pos + n <= this.buf.length) return;
    let c = this.buf.length * 2;
    while (c < this.pos + n) c *= 2;
    const b = new Uint8Array(c);
    b.set(this.buf.subarray(0, this.pos));
    this.buf = b;
  }
  u8(...bytes) {
    this.ensure(bytes.length);
    for (const b of bytes) this.buf[this.pos++] = b;
    return this;
  }
  varint(v) {
    this.ensure(5);
    v >>>= 0;
    while (v >= 0x80) {
      this.buf[this.pos++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[this.pos++] = v;
    return this;
  }
  bytes(b) {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
    return this;
  }
  str(s) {
    const b = Buffer.from(s, 'utf8');
    return this.u8(TAG.String).varint(b.length).bytes(b);
  }
  int(n) {
    return this.u8(TAG.Int).varint(((n << 1) ^ (n >> 31)) >>> 0);
  }
  f64(x) {
    this.ensure(9);
    this.buf[this.pos++] = TAG.Float64;
    new DataView(this.buf.buffer).setFloat64(this.pos, x, true);
    this.pos += 8;
    return this;
  }
  bigint(v) {
    const neg = v < 0n;
    const mag = bigintBytesLE(neg ? -v : v);
    return this.u8(neg ? TAG.BigIntNeg : TAG.BigIntPos).varint(mag.length).bytes(mag);
  }
  frame() {
    const out = new Uint8Array(8 + this.pos);
    out.set([0x57, 0x46, 0x01, 0x00]);
    new DataView(out.buffer).setUint32(4, this.pos, true);
    out.set(this.buf.subarray(0, this.pos), 8);
    return out;
  }
}

/** A bigint's magnitude as little-endian bytes without a leading zero byte (0n: no bytes). */
function bigintBytesLE(v) {
  if (v === 0n) return new Uint8Array(0);
  let hex = v.toString(16);
  if (hex.length & 1) hex = `0${hex}`;
  return Uint8Array.from(Buffer.from(hex, 'hex')).reverse();
}

// V8's ComputeUnseededHash and ComputeLongHash (Node 20), inverted

/** Inverse of an odd number modulo 2^32 (Newton's iteration). */
function inv32(a) {
  let x = a;
  for (let i = 0; i < 5; i++) x = Math.imul(x, (2 - Math.imul(a, x)) >>> 0) >>> 0;
  return x >>> 0;
}
const INV_32767 = inv32(32767);
const INV_5 = inv32(5);
const INV_2057 = inv32(2057);

/** The uint32 key whose ComputeUnseededHash, before the final 30-bit mask, is `y`. */
function wangUnhash(y) {
  let h = y >>> 0;
  h = (h ^ (h >>> 16)) >>> 0;
  h = Math.imul(h, INV_2057) >>> 0;
  h = (h ^ (h >>> 4) ^ (h >>> 8) ^ (h >>> 12) ^ (h >>> 16) ^ (h >>> 20) ^ (h >>> 24) ^ (h >>> 28)) >>> 0;
  h = Math.imul(h, INV_5) >>> 0;
  h = (h ^ (h >>> 12) ^ (h >>> 24)) >>> 0;
  return Math.imul((h + 1) >>> 0, INV_32767) >>> 0; // undoes h = h * (2^15 - 1) - 1
}

/** `n` distinct int32 keys whose V8 hashes share their low bits (all land in one bucket of a Map of n entries). */
export function collidingInts(n) {
  const varying = Math.max(16, Math.ceil(Math.log2(n + 1)));
  const lowBits = 32 - varying;
  const C = 0x5a5a & ((1 << lowBits) - 1);
  const keys = new Array(n);
  for (let j = 0; j < n; j++) keys[j] = wangUnhash(((j + 1) * 2 ** lowBits + C) >>> 0) | 0;
  return keys;
}

const M64 = (1n << 64n) - 1n;
function inv64(a) {
  let x = a;
  for (let i = 0; i < 7; i++) x = (x * (2n - a * x)) & M64;
  return x;
}
const INV64_262143 = inv64(262143n);
const INV64_21 = inv64(21n);
const INV64_65 = inv64(65n);

function longUnhash(y) {
  let h = y;
  h = h ^ (h >> 22n) ^ (h >> 44n);
  h = (h * INV64_65) & M64;
  h = h ^ (h >> 11n) ^ (h >> 22n) ^ (h >> 33n) ^ (h >> 44n) ^ (h >> 55n);
  h = (h * INV64_21) & M64;
  h = h ^ (h >> 31n) ^ (h >> 62n);
  return ((h + 1n) * INV64_262143) & M64; // undoes h = h * (2^18 - 1) - 1
}

/** `n` distinct non-int32 doubles with one and the same V8 hash (all 30 bits). */
export function collidingDoubles(n) {
  const dv = new DataView(new ArrayBuffer(8));
  const out = [];
  const C = 0x2a5a5a5an;
  for (let j = 1n; out.length < n; j++) {
    const bits = longUnhash((j << 30n) | C);
    if (((bits >> 52n) & 0x7ffn) === 0x7ffn) continue; // NaN / Infinity
    dv.setBigUint64(0, bits);
    const d = dv.getFloat64(0);
    if (Object.is(d, -0) || (Number.isInteger(d) && d >= -(2 ** 31) && d < 2 ** 31)) continue; // hashed as an int32
    out.push(d);
  }
  return out;
}
