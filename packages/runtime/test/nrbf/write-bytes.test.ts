import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DateTime, DateTimeKind, Decimal, MemoryStream, NrbfFormatter, decodeNrbf } from '@weft/runtime';
import { FIXED_PAYLOADS } from './write-fixtures.js';

/**
 * Byte for byte: for graphs whose shape .NET writes deterministically (no collections, enums,
 * structs or auto-properties), NrbfFormatter must write exactly what Mono's BinaryFormatter
 * wrote (mono-corpus/fixed-*.bin and root-primitives.bin): the same records, in the same order,
 * with the same object ids and BinaryLibrary placement.
 */

const DIR = new URL('./mono-corpus/', import.meta.url);
const file = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`${name}.bin`, DIR)));
/** The messages of a corpus file, each as its own bytes. */
const messages = (name: string): Uint8Array[] => {
  const bytes = file(name);
  return decodeNrbf(bytes).map((g) => bytes.subarray(g.offset, g.offset + g.length));
};
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('NrbfFormatter writes what Mono writes, byte for byte', () => {
  for (const { file: name, graphs } of FIXED_PAYLOADS) {
    it(`${name}.bin`, () => {
      const want = messages(name);
      const got = graphs().map((g) => new NrbfFormatter().serialize(g));
      expect(got.length).toBe(want.length);
      got.forEach((b, i) => expect(hex(b), `graph ${i}`).toBe(hex(want[i]!)));
    });
  }

  it(`the fixed payloads written to one MemoryStream are the files themselves`, () => {
    for (const { file: name, graphs } of FIXED_PAYLOADS) {
      const stream = new MemoryStream();
      const f = new NrbfFormatter();
      for (const g of graphs()) f.serialize(stream, g);
      expect(hex(stream.toArray()), name).toBe(hex(file(name)));
    }
  });

  it('root-primitives.bin: boxed primitives, a string and an int[] at the root', () => {
    const want = messages('root-primitives');
    // The file's last two roots, a TimeSpan and a Guid, have no JavaScript value of their own.
    const roots = [42, 'root string', 3.25, new DateTime(634223022100000000n, DateTimeKind.Utc), Decimal.parse('12.345'), 1099511627776n, new Int32Array([7, 8, 9]), true];
    roots.forEach((v, i) => expect(hex(new NrbfFormatter().serialize(v)), `root ${i}`).toBe(hex(want[i]!)));
  });
});
