import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MemoryStream, NrbfFormatter, Serializable } from '@weft/runtime';
import { thrown } from '../helpers';

/** Two classes answer to one .NET simple name: the stream's assembly decides, or it is an error naming both. */

@Serializable({ name: 'Leaf', assembly: 'app-a' })
class LeafA {
  Label!: string;
}

@Serializable({ name: 'Leaf', assembly: 'app-b' })
class LeafB {
  Label!: string;
}

const leafGraph = (f: NrbfFormatter): unknown => {
  const s = new MemoryStream(new Uint8Array(readFileSync(new URL('./mono-corpus/multi.bin', import.meta.url))));
  f.deserialize(s);
  f.deserialize(s);
  return f.deserialize(s);
};

describe('simple-name matching', () => {
  it('is ambiguous when two registered classes share the simple name and neither is in the stream assembly', () => {
    const e = thrown(() => leafGraph(new NrbfFormatter()));
    expect(e.code).toBe('UNKNOWN_TYPE');
    expect(e.message).toContain('matches 2 registered classes');
    expect(e.message).toContain('"app-a"');
    expect(e.message).toContain('"app-b"');
    expect([LeafA, LeafB].length).toBe(2);
  });
});
