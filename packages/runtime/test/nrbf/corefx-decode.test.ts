import { describe, expect, it } from 'vitest';
import { decodeNrbf } from '@weft/runtime';
import { corefxBlobs } from './corefx.js';

/**
 * dotnet/corefx's own BinaryFormatter test blobs (../shared/data/nrbf-dotnet-testdata): every
 * one, written by .NET Framework 4.6.1-4.7.2 and .NET Core 2.0-3.0, decodes to records with no
 * exception, and each message ends exactly where the next begins (the whole input is consumed).
 */
describe('decodeNrbf on the corefx blobs', () => {
  const blobs = corefxBlobs();

  it('has all 1,172 blobs of 571 objects', () => {
    expect(blobs.length).toBe(1172);
    expect(new Set(blobs.map((b) => b.line)).size).toBe(571);
  });

  it('decodes every blob, consuming it whole', () => {
    const failures: string[] = [];
    for (const b of blobs) {
      try {
        const graphs = decodeNrbf(b.bytes);
        const consumed = graphs.reduce((n, g) => n + g.length, 0);
        if (consumed !== b.bytes.length || graphs[0]!.offset !== 0) failures.push(`line ${b.line} ${b.tfm}: consumed ${consumed} of ${b.bytes.length}`);
      } catch (e) {
        failures.push(`line ${b.line} ${b.tfm} (${b.expr.slice(0, 60)}): ${(e as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
