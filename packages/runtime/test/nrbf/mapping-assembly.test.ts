import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MemoryStream, NrbfFormatter, Serializable } from '@weft/runtime';

/** Two classes answer to one .NET simple name: the one whose assembly is the stream's assembly wins. */

@Serializable({ assembly: 'Elsewhere' })
class Leaf {
  Label!: string;
}

@Serializable({ name: 'Leaf', assembly: 'WeftCorpus' })
class CorpusLeaf {
  Label!: string;
}

describe('simple-name matching', () => {
  it('prefers the class in the stream assembly', () => {
    const s = new MemoryStream(new Uint8Array(readFileSync(new URL('./mono-corpus/multi.bin', import.meta.url))));
    const f = new NrbfFormatter();
    f.deserialize(s);
    f.deserialize(s);
    const leaf = f.deserialize(s);
    expect(leaf).toBeInstanceOf(CorpusLeaf);
    expect(leaf).not.toBeInstanceOf(Leaf);
  });
});
