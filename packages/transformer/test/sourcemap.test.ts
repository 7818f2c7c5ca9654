import { describe, expect, it } from 'vitest';
import ts from 'typescript';
import { createProgramState, createWeftTransformer } from '../src/transform';
import { transformSource } from '../src/source';

// Generated code is inserted into class bodies; positions of the user's own code must still
// map back to where they were written (setTextRange on every rewritten node).
const source = `import { Serializable } from '@weft/runtime';

@Serializable()
export class Account {
  balance = 0;
  constructor(public owner: string) {
    this.balance = 10;
  }
  deposit(amount: number): void {
    this.balance += amount; // DEPOSIT
  }
}

export function after(): string {
  return 'after'; // AFTER
}
`;

/** Decodes a source map's "mappings" into [generatedLine, sourceLine] pairs (0-based). */
function decodeMappings(mappings: string): [number, number][] {
  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const out: [number, number][] = [];
  let srcLine = 0;
  mappings.split(';').forEach((line, genLine) => {
    for (const seg of line.split(',')) {
      if (!seg) continue;
      const values: number[] = [];
      let shift = 0;
      let value = 0;
      for (const ch of seg) {
        const digit = B64.indexOf(ch);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          values.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      if (values.length >= 4) {
        srcLine += values[2]!;
        out.push([genLine, srcLine]);
      }
    }
  });
  return out;
}

function sourceLineOf(js: string, map: string, marker: string): number | undefined {
  const genLine = js.split('\n').findIndex((l) => l.includes(marker));
  const pairs = decodeMappings((JSON.parse(map) as { mappings: string }).mappings);
  return pairs.find(([g]) => g === genLine)?.[1];
}

const expectedLine = (marker: string) => source.split('\n').findIndex((l) => l.includes(marker));

describe('source maps survive the transformer', () => {
  it('ts.transpileModule with the weft transformer', () => {
    const out = ts.transpileModule(source, {
      fileName: 'account.ts',
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, sourceMap: true },
      transformers: { before: [createWeftTransformer(ts, undefined, createProgramState(() => undefined))] },
    });
    expect(out.outputText).toContain('registerClass(Account');
    for (const marker of ['this.balance += amount', "return 'after'", 'this.balance = 10']) {
      expect(sourceLineOf(out.outputText, out.sourceMapText!, marker)).toBe(expectedLine(marker));
    }
  });

  it('the bundler path (transformSource) returns a map that points at the original lines', () => {
    const res = transformSource(source, '/virtual/account.ts');
    expect(res.diagnostics).toEqual([]);
    for (const marker of ['this.balance += amount', "return 'after'"]) {
      expect(sourceLineOf(res.code!, res.map!, marker)).toBe(expectedLine(marker));
    }
  });
});
