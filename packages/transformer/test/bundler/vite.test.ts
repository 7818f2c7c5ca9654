import * as path from 'node:path';
import { build, type Rollup } from 'vite';
import { describe, expect, it } from 'vitest';
import { weft } from '../../src/bundler';
import { FIXTURES, runModule, runtimeAlias } from './helpers';

// The Vite plugin in a real Vite build: weft runs first (enforce: 'pre'), then Vite's own esbuild
// step compiles the .tsx by its id, with the project's JSX settings.

async function viteBuild(entry: string, plugin = weft()): Promise<string> {
  const out = (await build({
    configFile: false,
    root: FIXTURES,
    logLevel: 'silent',
    plugins: [plugin],
    esbuild: { jsxFactory: 'h' },
    resolve: { alias: runtimeAlias },
    ssr: { noExternal: true },
    build: { ssr: path.join(FIXTURES, entry), write: false, minify: false, rollupOptions: { output: { format: 'es' } } },
  })) as Rollup.RollupOutput | Rollup.RollupOutput[];
  const outputs = Array.isArray(out) ? out : [out];
  return outputs[0]!.output[0].code;
}

describe('Vite plugin in a real Vite build', () => {
  it('a .tsx file with JSX and a @Serializable class builds, runs and round-trips', async () => {
    const code = await viteBuild('run-widget.ts');
    expect(code).toContain('h("section"');
    expect(JSON.parse(runModule(code))).toEqual({
      isCard: true,
      title: 'hello',
      tags: ['a', 'b'],
      view: { tag: 'section', props: { title: 'hello' }, children: ['hello'] },
    });
  });

  it("a weft error fails the build with tsc's TS91001 form at the user's line and column", async () => {
    const err = await viteBuild('bad.tsx').then(
      () => undefined,
      (e: Error & { loc?: unknown }) => e,
    );
    expect(err?.message).toMatch(/bad\.tsx:7:10 - error TS91001: weft: Member "größe" of @Serializable class Größe/);
    expect(err?.message).not.toContain('WEFT');
    expect(err?.loc).toEqual({ file: path.join(FIXTURES, 'bad.tsx'), line: 7, column: 9 });
  });
});
