import { describe, expect, it } from 'vitest';
import { BinaryFormatter } from '@weft/runtime';

// Strings under 64 bytes are decoded by the reader itself, not by TextDecoder. Its answers
// must be TextDecoder's (fatal mode) byte for byte: the same string, or INVALID_UTF8.
const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const f = new BinaryFormatter();

/** A frame holding one string value with the given UTF-8 bytes. */
function frame(bytes: Uint8Array): Uint8Array {
  const body = [0x08, bytes.length, ...bytes];
  return new Uint8Array([0x57, 0x46, 2, 0, body.length, 0, 0, 0, ...body]);
}

function decodeBoth(bytes: Uint8Array): [string | 'invalid', string | 'invalid'] {
  let expected: string | 'invalid';
  try {
    expected = fatal.decode(bytes);
  } catch {
    expected = 'invalid';
  }
  let actual: string | 'invalid';
  try {
    actual = f.deserialize<string>(frame(bytes));
  } catch (e) {
    expect((e as { code?: string }).code).toBe('INVALID_UTF8');
    actual = 'invalid';
  }
  return [actual, expected];
}

describe('short UTF-8 strings', () => {
  it('round-trip every kind of code point', () => {
    for (const s of ['Zoë Müller', 'Hauptstraße 5', '日本語', 'данные', 'emoji🎉', '\u07ff\u0800\uffff', '\u{10000}\u{10ffff}', 'a\u0080b']) {
      expect(f.deserialize(f.serialize(s))).toBe(s);
    }
  });

  it('agree with a fatal TextDecoder on boundary and random byte sequences', () => {
    const edges = [0x00, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xff];
    let invalid = 0;
    // every lead byte with every continuation pair from the edges (covers overlong, surrogate, > U+10FFFF and cut forms)
    for (const a of edges) {
      for (const b of edges) {
        for (const c of [0x80, 0xbf, 0x41]) {
          for (const seq of [[a], [a, b], [a, b, c], [a, b, c, 0x80], [0x41, a, b, c, 0xbf]]) {
            const [actual, expected] = decodeBoth(new Uint8Array(seq));
            expect(actual, `bytes ${seq.map((x) => x.toString(16))}`).toBe(expected);
            if (expected === 'invalid') invalid++;
          }
        }
      }
    }
    expect(invalid).toBeGreaterThan(1000);
    // seeded random sequences of up to 63 bytes, biased towards valid multi-byte forms
    let seed = 12345;
    const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) / 0x1000000;
    for (let k = 0; k < 3000; k++) {
      const n = 1 + Math.floor(rnd() * 63);
      const bytes = new Uint8Array(n);
      for (let i = 0; i < n; i++) bytes[i] = rnd() < 0.5 ? 0x20 + Math.floor(rnd() * 0x5f) : rnd() < 0.5 ? 0x80 + Math.floor(rnd() * 0x40) : 0xc0 + Math.floor(rnd() * 0x40);
      const [actual, expected] = decodeBoth(bytes);
      expect(actual).toBe(expected);
    }
  });
});
