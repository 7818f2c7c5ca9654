import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MonoReadError, monoRead, monoSkip, requireMono, sortMaps } from './mono.js';

/**
 * The reader half of the .NET round trip (mono.ts): Mono's BinaryFormatter, run through the read
 * mode of mono-corpus/Corpus.cs, reads every committed corpus file back into exactly the values
 * of expected.json. The writer tests rely on this: what monoRead reports for bytes weft wrote is
 * what .NET made of them.
 */

const DIR = new URL('./mono-corpus/', import.meta.url);
const bytesOf = (file: string): Uint8Array => new Uint8Array(readFileSync(new URL(file, DIR)));
const expected = JSON.parse(readFileSync(new URL('expected.json', DIR), 'utf8')) as { name: string; file: string; graphs: unknown[] }[];
const binFiles = readdirSync(DIR)
  .filter((n) => n.endsWith('.bin'))
  .sort();

describe('the Mono corpus is complete', () => {
  it('every committed .bin has an expected.json entry and every entry a .bin', () => {
    expect(expected.map((e) => e.file).sort()).toEqual(binFiles);
    expect(binFiles.length).toBeGreaterThanOrEqual(19);
  });
});

// Skipped only on a developer machine without Mono (monoSkip says why); in CI, monoSkip is false
// and a missing Mono fails these tests (.ci/run installs it).
describe.skipIf(monoSkip)(`Mono's BinaryFormatter reads the corpus back (monoRead)${monoSkip ? ` — skipped: ${monoSkip}` : ''}`, () => {
  it('Mono (mcs, mono) is on PATH', () => {
    requireMono();
  });

  for (const e of expected) {
    it(`${e.name}: every graph equals expected.json`, () => {
      const got = monoRead(bytesOf(e.file));
      expect(got).toHaveLength(e.graphs.length);
      expect(sortMaps(got)).toEqual(sortMaps(e.graphs));
    });
  }

  it('the maps of collections.bin come back whole; only the Hashtable may change its order', () => {
    const [got] = monoRead(bytesOf('collections.bin')) as [Record<string, { $map: unknown[] }>];
    const [want] = expected.find((e) => e.name === 'collections')!.graphs as [Record<string, { $map: unknown[] }>];
    // Dictionary<,> keeps its stream order when rebuilt
    expect(got.Counts).toEqual(want.Counts);
    expect(got.ById).toEqual(want.ById);
    expect(got.Mixed!.$map).toHaveLength(5);
  });

  it('kind: linked-list-deep is summarized with or without it; a payload without a summary gives the whole graph', () => {
    const deep = bytesOf('linked-list-deep.bin');
    const summary = [{ $summary: { count: 10000, sumOfValues: 50005000, lastValue: 10000 } }];
    expect(monoRead(deep)).toEqual(summary);
    expect(monoRead(deep, 'linked-list-deep')).toEqual(summary);
    expect(monoRead(bytesOf('fixed-graph.bin'), 'fixed-graph')).toEqual(expected.find((e) => e.name === 'fixed-graph')!.graphs);
  });

  it('no bytes, no graphs', () => {
    expect(monoRead(new Uint8Array(0))).toEqual([]);
  });

  it(".NET's exception comes back as a MonoReadError: type, message and the graph that failed", () => {
    const multi = bytesOf('fixed-multi.bin');
    // cut inside the second graph: the first is read, the second fails
    const cut = multi.subarray(0, multi.length - 10);
    let err: unknown;
    try {
      monoRead(cut);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MonoReadError);
    const m = err as MonoReadError;
    expect(m.dotnetType).toBe('System.Runtime.Serialization.SerializationException');
    expect(m.dotnetMessage).toBe('End of Stream encountered before parsing was completed.');
    expect(m.graph).toBe(1);
    expect(m.message).toContain('System.Runtime.Serialization.SerializationException');

    const notNrbf = new TextEncoder().encode('not a BinaryFormatter stream');
    expect(() => monoRead(notNrbf)).toThrow(MonoReadError);

    expect(() => monoRead(multi, 'no-such-payload')).toThrow(/System\.ArgumentException.*unknown kind 'no-such-payload'/);
  });
});
