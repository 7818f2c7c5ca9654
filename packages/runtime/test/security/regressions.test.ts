// Replays every input kept in ./regressions: fuzzer findings (fuzz/fuzz.mjs writes <kind>-<hash>.bin + .txt)
// and hand-made inputs for bugs fixed while writing the hostile-input suite (fixed-*.bin).
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SerializationException } from '@weft/runtime';
import { protoSnapshot } from './bytes';
import { makeFormatter } from './fixtures';

const dir = new URL('./regressions/', import.meta.url);
const files = readdirSync(dir).filter((n) => n.endsWith('.bin')).sort();
const formatters = [
  makeFormatter(),
  makeFormatter({ limits: { maxDepth: 40, maxObjects: 3000, maxCollectionLength: 200, maxStringLength: 200, maxBytes: 1024 * 1024 } }),
];
const proto0 = protoSnapshot();

describe('regression inputs', () => {
  it('the directory holds the inputs of the bugs fixed so far', () => {
    expect(files).toEqual(expect.arrayContaining(['fixed-error-stack-nesting.bin', 'fixed-typed-array-buffer-nesting.bin', 'fixed-string-length-multibyte-varint.bin', 'fixed-type-name-echo.bin']));
  });

  for (const name of files) {
    it(name, () => {
      const bytes = new Uint8Array(readFileSync(new URL(name, dir)));
      for (const f of formatters) {
        const t0 = performance.now();
        try {
          f.deserialize(bytes);
        } catch (e) {
          expect(e).toBeInstanceOf(SerializationException);
          const se = e as SerializationException;
          expect(se.code).not.toBe('CALLBACK_FAILED');
          expect(se.message).not.toMatch(/stack overflowed/);
          expect(se.message).not.toMatch(/[\u0000-\u001f]|INJECTED/);
          expect(typeof se.offset).toBe('number');
        }
        expect(performance.now() - t0).toBeLessThan(2000);
        expect(protoSnapshot()).toBe(proto0);
      }
    });
  }

  it('fixed-string-length-multibyte-varint: a 300-byte string is over maxStringLength 200', () => {
    const bytes = new Uint8Array(readFileSync(new URL('fixed-string-length-multibyte-varint.bin', dir)));
    let code: string | undefined;
    try {
      formatters[1]!.deserialize(bytes);
    } catch (e) {
      code = (e as SerializationException).code;
    }
    expect(code).toBe('LIMIT_EXCEEDED');
    expect(formatters[0]!.deserialize(bytes)).toBe('a'.repeat(300));
  });
});
