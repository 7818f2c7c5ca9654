import { SerializationException } from '../errors.js';

/** Standard base64 (RFC 4648 §4, with padding), without Node's Buffer so the runtime stays portable. */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

export function toBase64(bytes: Uint8Array): string {
  let out = '';
  const n = bytes.length;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ALPHABET[v >> 18]! + ALPHABET[(v >> 12) & 63]! + ALPHABET[(v >> 6) & 63]! + ALPHABET[v & 63]!;
  }
  if (i < n) {
    const v = (bytes[i]! << 16) | ((i + 1 < n ? bytes[i + 1]! : 0) << 8);
    out += ALPHABET[v >> 18]! + ALPHABET[(v >> 12) & 63]! + (i + 1 < n ? ALPHABET[(v >> 6) & 63]! : '=') + '=';
  }
  return out;
}

/** Strict decoding: canonical padded base64 only, anything else is INVALID_VALUE. */
export function fromBase64(s: string, what: string): Uint8Array {
  const bad = (): never => {
    throw new SerializationException('INVALID_VALUE', `${what} is not valid base64`);
  };
  if (s.length % 4 !== 0) bad();
  let pad = 0;
  if (s.length > 0 && s.charCodeAt(s.length - 1) === 61) pad = s.charCodeAt(s.length - 2) === 61 ? 2 : 1;
  const out = new Uint8Array((s.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < s.length; i += 4) {
    let v = 0;
    for (let j = 0; j < 4; j++) {
      const c = s.charCodeAt(i + j);
      let d: number;
      if (c === 61 && i + 4 === s.length && j >= 4 - pad) d = 0;
      else {
        d = c < 128 ? DECODE[c]! : -1;
        if (d < 0) bad();
      }
      v = (v << 6) | d;
    }
    out[o++] = v >> 16;
    if (o < out.length) out[o++] = (v >> 8) & 255;
    if (o < out.length) out[o++] = v & 255;
  }
  // Canonical form: the bits dropped by padding must be zero.
  if (pad > 0) {
    const last = DECODE[s.charCodeAt(s.length - pad - 1)]!;
    if ((pad === 2 ? last & 15 : last & 3) !== 0) bad();
  }
  return out;
}
