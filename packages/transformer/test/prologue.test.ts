import { describe, expect, it } from 'vitest';
import { transformSource } from '../src/source';
import { compile } from './helpers';

/** The code's lines, without comments (weft's provenance header sits right before its import). */
const codeLines = (js: string) => js.replace(/\/\*[\s\S]*?\*\//g, '').split('\n').filter((l) => l.trim() !== '' && !l.trim().startsWith('//'));

// weft's runtime import goes after a file's prologue: a statement before 'use client' or
// 'use strict' would turn them into plain expressions, which bundlers and engines then ignore.
const source = `'use client';
'use strict';
import { Serializable } from '@weft/runtime';
@Serializable()
export class Card { title = ''; }
`;

describe('directive prologue', () => {
  it('tspc path (with a checker): the directives stay first, the runtime import follows them', () => {
    const { js, diagnostics } = compile(source, { checker: true });
    expect(diagnostics).toEqual([]);
    const code = codeLines(js);
    expect(code.slice(0, 3)).toEqual(["'use client';", "'use strict';", 'import * as __weft from "@weft/runtime/internal";']);
  });

  it('per-file path: the same', () => {
    const out = transformSource(source, '/app/src/card.ts');
    const code = codeLines(out.code!);
    expect(code.slice(0, 2)).toEqual(["'use client';", "'use strict';"]);
    expect(code[2]).toMatch(/^import \* as __weft from "@weft\/runtime\/internal";/);
  });
});
