// Replays every input kept in ./regressions: fuzzer findings (fuzz/fuzz.mjs writes <kind>-<hash>.bin + .txt)
// and hand-made inputs for bugs fixed while writing the hostile-input suite (fixed-*.bin).
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NrbfFormatter, SerializationException, decodeNrbf } from '@weft/runtime';
import { allocatedTotal } from '../helpers';
import { protoSnapshot } from './bytes';
import { makeFormatter, makeJsonFormatter } from './fixtures';

const dir = new URL('./regressions/', import.meta.url);
const files = readdirSync(dir).filter((n) => n.endsWith('.bin')).sort();
const tight = { limits: { maxDepth: 40, maxObjects: 3000, maxCollectionLength: 200, maxStringLength: 200, maxBytes: 1024 * 1024 } };
const binary = [makeFormatter(), makeFormatter(tight)];
/** The fuzzer saves JSON findings too: a file that starts with "WF" is a binary frame, any other a JSON document. */
const json = [makeJsonFormatter(), makeJsonFormatter(tight)];
/** Findings of the fuzzer's nrbf target (nrbf-<kind>-<hash>.bin): decodeNrbf, then NrbfFormatter (unknown types as records) under the tight limits. */
const nrbf = [{ deserialize: (b: Uint8Array) => decodeNrbf(b) }, new NrbfFormatter({ unknownTypes: 'record', ...tight })];
const proto0 = protoSnapshot();

/**
 * The outcome of each input with each formatter above: 'ok' or the error code. A new finding of
 * the fuzzer gets its line here once the bug is fixed (what the input must do from then on).
 */
const expected: Record<string, [string, string]> = {
  'bad-error-2202b48b41fe9791.bin': ['MEMBER_NOT_FOUND', 'MEMBER_NOT_FOUND'],
  'bad-error-4ef623d5d90f410e.bin': ['MEMBER_NOT_FOUND', 'MEMBER_NOT_FOUND'],
  'bad-error-b27a55bf2dbafb8c.bin': ['UNKNOWN_TYPE', 'UNKNOWN_TYPE'],
  'bad-error-d735d62cd7371558.bin': ['MEMBER_NOT_FOUND', 'MEMBER_NOT_FOUND'],
  'bad-error-fa6cb686c94cea38.bin': ['LIMIT_EXCEEDED', 'LIMIT_EXCEEDED'],
  'fixed-error-stack-nesting.bin': ['LIMIT_EXCEEDED', 'LIMIT_EXCEEDED'],
  'fixed-string-length-multibyte-varint.bin': ['ok', 'LIMIT_EXCEEDED'],
  'fixed-type-name-echo.bin': ['UNKNOWN_TYPE', 'UNKNOWN_TYPE'],
  'fixed-typed-array-buffer-nesting.bin': ['LIMIT_EXCEEDED', 'LIMIT_EXCEEDED'],
  // an ISerializable fixture whose .NET type name has control characters: quoted in SerializationInfo's messages
  'nrbf-bad-error-6b40af63ce8a3b94.bin': ['ok', 'MEMBER_NOT_FOUND'],
  'nrbf-bad-error-f92be834a37b6a6c.bin': ['ok', 'MEMBER_NOT_FOUND'],
  // a 2162689 x 0 array: no element, 2 M empty rows (refused past 1,024 empty rows; here by maxCollectionLength)
  'nrbf-slow-ec7c0dde2dd5c667.bin': ['ok', 'LIMIT_EXCEEDED'],
};

describe('regression inputs', () => {
  it('the directory holds the inputs of the bugs fixed so far, and each has its expected outcome', () => {
    expect(files).toEqual(expect.arrayContaining(['fixed-error-stack-nesting.bin', 'fixed-typed-array-buffer-nesting.bin', 'fixed-string-length-multibyte-varint.bin', 'fixed-type-name-echo.bin']));
    expect(files, 'add each new regressions/*.bin to `expected` in regressions.test.ts').toEqual(Object.keys(expected).sort());
  });

  for (const name of files) {
    it(name, () => {
      const bytes = new Uint8Array(readFileSync(new URL(name, dir)));
      const outcomes: string[] = [];
      for (const f of name.startsWith('nrbf-') ? nrbf : bytes[0] === 0x57 && bytes[1] === 0x46 ? binary : json) {
        // Work is bounded by allocation, not by a wall-clock time: a fixed heap allowance (first
        // runs, JIT) plus a few dozen bytes per input byte. A hang is caught by the test timeout.
        const allocated = allocatedTotal(() => {
          try {
            f.deserialize(bytes);
            outcomes.push('ok');
          } catch (e) {
            if (!(e instanceof SerializationException)) throw e;
            outcomes.push(e.code);
            expect(e.message).not.toMatch(/stack overflowed/);
            // Payload text is quoted escaped: no raw control character can forge a log line.
            expect(e.message).not.toMatch(/[\u0000-\u001f]/);
            expect(typeof e.offset).toBe('number');
          }
        });
        expect(allocated).toBeLessThan(1024 * 1024 + 32 * bytes.length);
        expect(protoSnapshot()).toBe(proto0);
      }
      expect(outcomes).toEqual(expected[name]);
    });
  }

  it('fixed-string-length-multibyte-varint: a 300-byte string is over maxStringLength 200', () => {
    const bytes = new Uint8Array(readFileSync(new URL('fixed-string-length-multibyte-varint.bin', dir)));
    let code: string | undefined;
    try {
      binary[1]!.deserialize(bytes);
    } catch (e) {
      code = (e as SerializationException).code;
    }
    expect(code).toBe('LIMIT_EXCEEDED');
    expect(binary[0]!.deserialize(bytes)).toBe('a'.repeat(300));
  });
});
