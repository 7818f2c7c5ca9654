import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { decodeMappings } from '../../src/source-map';
import { transformSource } from '../../src/source';
import { FIXTURES, esbuild } from './helpers';

// transformSource's preserveLines (what both bundler plugins use): the user's code keeps its line
// numbers in the output, so a tool reporting positions in the output without its source map
// (esbuild) still names the user's line. Only whitespace changes, and `//` comments that get code
// appended on their line become block comments.

const file = path.join(FIXTURES, 'tricky.tsx');
const source = fs.readFileSync(file, 'utf8');
const plain = transformSource(source, file);
const kept = transformSource(source, file, { preserveLines: true });

/** The program as a list of node kinds and leaf texts (JSX text as JSX reads it), weft's runtime import left out. */
function shape(code: string): string[] {
  const sf = ts.createSourceFile('x.tsx', code, ts.ScriptTarget.ESNext, true, ts.ScriptKind.JSX);
  const out: string[] = [];
  const jsxText = (t: string) =>
    t
      .split('\n')
      .map((l, i) => (i > 0 ? l.trimStart() : l))
      .map((l, i, all) => (i < all.length - 1 ? l.trimEnd() : l))
      .filter((l, _, all) => l !== '' || all.length === 1)
      .join(' ');
  const walk = (n: ts.Node): void => {
    if (ts.isImportDeclaration(n) && (n.moduleSpecifier as ts.StringLiteral).text === '@weft/runtime/internal') return;
    const kids: ts.Node[] = [];
    ts.forEachChild(n, (k) => {
      kids.push(k);
    });
    if (kids.length > 0) out.push(ts.SyntaxKind[n.kind]);
    else if (ts.isJsxText(n)) out.push(`JsxText ${JSON.stringify(jsxText(code.slice(n.pos, n.end)))}`);
    else if (/Literal|Template/.test(ts.SyntaxKind[n.kind])) out.push(`${ts.SyntaxKind[n.kind]} ${n.getText(sf)}`);
    else out.push(`${ts.SyntaxKind[n.kind]} ${n.getText(sf).replace(/\s+/g, ' ')}`);
    kids.forEach(walk);
  };
  walk(sf);
  expect((sf as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics).toEqual([]);
  return out;
}

describe('transformSource({ preserveLines: true })', () => {
  it("keeps every line of the user's code on its line number", () => {
    expect(plain.diagnostics).toEqual([]);
    const src = source.split('\n');
    const out = kept.code!.split('\n');
    for (const marker of ['re = /', "str = 'a //", 'const x = {', 'k: 1, // trailing', '{p.name}', '<span>', 'export const after = 1; // AFTER', 'export function View']) {
      const line = src.findIndex((l) => l.includes(marker));
      expect(out[line], marker).toContain(marker);
    }
    // without it, the generated codec pushes the code after the class down
    expect(plain.code!.split('\n').findIndex((l) => l.includes('// AFTER'))).not.toBe(src.findIndex((l) => l.includes('// AFTER')));
    // every line with a mapping maps to itself, its first token at its own column when it starts a line
    const segments = decodeMappings((JSON.parse(kept.map!) as { mappings: string }).mappings);
    segments.forEach((segs, line) => {
      if (segs.length > 0) expect(segs[0]![2], out[line]).toBe(line);
    });
    const after = src.findIndex((l) => l.includes('k: 1, // trailing'));
    expect(out[after]!.indexOf('k: 1')).toBe(src[after]!.indexOf('k: 1'));
  });

  it('changes no token: the same program, the same JSX, the same template and string contents', () => {
    expect(shape(kept.code!)).toEqual(shape(plain.code!));
    // and esbuild compiles both to the same code (JSX text whitespace included)
    const compile = (code: string) => esbuildTransform(code).replace('import*as __weft from"@weft/runtime/internal";', '');
    expect(compile(kept.code!)).toBe(compile(plain.code!));
    expect(kept.code).toContain('text = `first\nline ${1 + 2} second\n  // not a comment\nend`;');
  });

  it('rewrites the source map to match: each mapping still points at the same text', () => {
    const texts = (code: string, map: string) => {
      const lines = code.split('\n');
      const byOrigin = new Map<string, string[]>();
      decodeMappings((JSON.parse(map) as { mappings: string }).mappings).forEach((segs, line) => {
        for (const s of segs) {
          const key = s.slice(1).join(',');
          byOrigin.set(key, [...(byOrigin.get(key) ?? []), lines[line]!.slice(s[0]!)]);
        }
      });
      return byOrigin;
    };
    const before = texts(plain.code!, plain.map!);
    const after = texts(kept.code!, kept.map!);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [key, list] of before) {
      list.forEach((text, i) => {
        const now = after.get(key)![i]!.slice(0, text.length);
        // a line comment that got code appended is a block comment now
        expect(now === text || now === text.replace('//', '/*'), `${key}: ${text} / ${now}`).toBe(true);
      });
    }
  });

  it('keeps a #! line first and a directive first; weft\'s header and import follow the directive on its line', () => {
    const out = kept.code!.split('\n');
    expect(out[0]).toBe('#!/usr/bin/env node');
    expect(out[1]).toMatch(/^'use client'; \/\*\*.*\*\/ import \* as __weft from "@weft\/runtime\/internal";$/);
  });
});

function esbuildTransform(code: string): string {
  const { transformSync } = esbuild as unknown as { transformSync(code: string, options: Record<string, unknown>): { code: string } };
  return transformSync(code, { loader: 'jsx', jsxFactory: 'h', minifyWhitespace: true }).code;
}
