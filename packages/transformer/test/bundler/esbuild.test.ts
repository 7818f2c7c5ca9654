import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { esbuildPlugin } from '../../src/bundler';
import { FIXTURES, esbuild, runModule, runtimeFromSource, spyOnMessages, type EsbuildMessage } from './helpers';

// The esbuild plugin, with real esbuild (0.28.2, from examples/bundlers).

const source = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');
/** 1-based line of the first line of `file` containing `text`, and that line */
const lineOf = (file: string, text: string) => {
  const lines = source(file).split('\n');
  const i = lines.findIndex((l) => l.includes(text));
  if (i < 0) throw new Error(`${text} not in ${file}`);
  return { line: i + 1, lineText: lines[i]! };
};
const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
/** esbuild names a class with a static block _Name inside its body */
const registers = (name: string) => new RegExp(`registerClass\\(_?${name}\\b`);

/** Builds a fixture; by default with the runtime bundled from source, else as the test says. */
async function build(entry: string, options: Record<string, unknown> = {}, plugins: unknown[] = [runtimeFromSource, esbuildPlugin()]) {
  return esbuild.build({
    absWorkingDir: FIXTURES,
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    logLevel: 'silent',
    plugins,
    ...options,
  });
}

async function buildErrors(entry: string, options: Record<string, unknown> = {}, plugins?: unknown[]): Promise<EsbuildMessage[]> {
  try {
    await build(entry, options, plugins);
  } catch (e) {
    return (e as { errors: EsbuildMessage[] }).errors;
  }
  throw new Error(`${entry} built without errors`);
}

describe('esbuild plugin: JSX files', () => {
  it('bundles a .tsx file with JSX and a @Serializable class; the bundle runs and round-trips', async () => {
    const out = await build('run-widget.ts', { jsxFactory: 'h' });
    const code = out.outputFiles![0]!.text;
    expect(code).toMatch(registers('Card'));
    expect(code).toContain('h("section"'); // the build's jsx settings compiled it
    expect(JSON.parse(runModule(code))).toEqual({
      isCard: true,
      title: 'hello',
      tags: ['a', 'b'],
      view: { tag: 'section', props: { title: 'hello' }, children: ['hello'] },
    });
  });

  it("the JSX goes through the build's own jsx option (here: preserve)", async () => {
    const out = await build('widget.tsx', { jsx: 'preserve', external: ['@weft/runtime*'] }, [esbuildPlugin()]);
    const code = out.outputFiles![0]!.text;
    expect(code).toMatch(registers('Card'));
    expect(code).toMatch(/<section title=\{p\.title\}>\{p\.title\}<\/section>/);
  });

  it("hands each file on with its extension's loader, and the build's loader option wins", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-loader-'));
    const js = "import { Serializable } from '@weft/runtime';\n@Serializable()\nexport class A { a = 1; }\n";
    const ts = "import { Serializable } from '@weft/runtime';\n@Serializable()\nexport class A { a: number = 1; }\n";
    for (const [name, text] of Object.entries({ 'a.ts': ts, 'a.mts': ts, 'a.cts': ts, 'a.tsx': ts, 'a.jsx': js, 'plain.ts': 'export const x: number = 1;\n' })) {
      fs.writeFileSync(path.join(dir, name), text);
    }
    const load = (file: string, loader?: Record<string, string>) => {
      let filter: RegExp | undefined;
      let onLoad: ((args: { path: string }) => unknown) | undefined;
      esbuildPlugin().setup({
        initialOptions: { loader },
        onLoad: (options, callback) => {
          filter = options.filter;
          onLoad = callback;
        },
      });
      const p = path.join(dir, file);
      if (!filter!.test(p)) throw new Error(`${file} not included`);
      return onLoad!({ path: p }) as { loader?: string; contents?: string } | undefined;
    };
    expect(load('a.ts')?.loader).toBe('ts');
    expect(load('a.mts')?.loader).toBe('ts');
    expect(load('a.cts')?.loader).toBe('ts');
    expect(load('a.tsx')?.loader).toBe('tsx');
    expect(load('a.jsx')?.loader).toBe('jsx');
    expect(load('a.jsx')?.contents).toMatch(registers('A'));
    expect(load('a.ts', { '.ts': 'tsx' })?.loader).toBe('tsx');
    expect(load('a.ts', { '.ts': 'text' })).toBeUndefined(); // not code: esbuild loads it itself
    expect(load('plain.ts')).toBeUndefined(); // no weft import: esbuild loads it itself
    expect(() => load('a.js')).toThrow('a.js not included');
  });

  it('every extension builds with real esbuild, JSX in .tsx and .jsx included', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-ext-'));
    const cls = (name: string, typed: boolean) => `@Serializable()\nexport class ${name} { a${typed ? ': number' : ''} = 1; }\n`;
    const files: Record<string, string> = {
      'a.ts': `import { Serializable } from '@weft/runtime';\n${cls('A', true)}`,
      'b.mts': `import { Serializable } from '@weft/runtime';\n${cls('B', true)}`,
      'c.cts': `import { Serializable } from '@weft/runtime';\n${cls('C', true)}`,
      'd.tsx': `import { Serializable } from '@weft/runtime';\n${cls('D', true)}export const d = (p: { n: number }) => <i>{p.n}</i>;\n`,
      'e.jsx': `import { Serializable } from '@weft/runtime';\n${cls('E', false)}export const e = (p) => <b>{p.n}</b>;\n`,
      'entry.ts': "export * from './a';\nexport * from './b.mts';\nexport * from './c.cts';\nexport * from './d';\nexport * from './e';\n",
    };
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    const out = await esbuild.build({
      absWorkingDir: dir,
      entryPoints: ['entry.ts'],
      bundle: true,
      write: false,
      format: 'esm',
      logLevel: 'silent',
      jsxFactory: 'jsx',
      external: ['@weft/runtime*'],
      plugins: [esbuildPlugin()],
    });
    const code = out.outputFiles![0]!.text;
    for (const name of ['A', 'B', 'C', 'D', 'E']) expect(code).toMatch(registers(name));
    expect(code).toContain('jsx("i"');
    expect(code).toContain('jsx("b"');
  });
});

describe('esbuild plugin: positions in the user\'s source', () => {
  it("a weft diagnostic in a .tsx file: TS91001, the user's line, column (bytes, 0-based), span and line text", async () => {
    const errors = await buildErrors('bad.tsx', { jsxFactory: 'h', external: ['@weft/runtime*'] }, [esbuildPlugin()]);
    const { line, lineText } = lineOf('bad.tsx', 'größe: () => number');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.text).toMatch(/^TS91001: weft: Member "größe" of @Serializable class Größe has type a function type/);
    expect(errors[0]!.pluginName).toBe('weft');
    expect(errors[0]!.location).toMatchObject({
      file: 'bad.tsx',
      line,
      column: bytes(lineText.slice(0, lineText.indexOf('() => number'))), // 11: "größe" is 7 bytes
      length: bytes('() => number'),
      lineText,
    });
  });

  it('a syntax error in a transformed file is reported where the user wrote it (TypeScript would have repaired it silently)', async () => {
    const errors = await buildErrors('syntax.tsx', { external: ['@weft/runtime*'] }, [esbuildPlugin()]);
    const { line, lineText } = lineOf('syntax.tsx', 'Math.max(1 2)');
    expect(errors.map((e) => e.text)).toEqual(["TS1005: ',' expected."]);
    expect(errors[0]!.location).toMatchObject({ file: 'syntax.tsx', line, column: lineText.indexOf('2)'), lineText });
  });

  it("esbuild's own error in a transformed file: esbuild logs the user's line, and the result carries the user's line text", async () => {
    const spy = spyOnMessages();
    const errors = await buildErrors('unresolved.tsx', { jsxFactory: 'h', external: ['@weft/runtime*'] }, [spy.plugin, esbuildPlugin()]);
    const { line, lineText } = lineOf('unresolved.tsx', './does-not-exist');
    const column = lineText.indexOf("'./does-not-exist'");
    // what esbuild printed (before weft's onEnd): the line is the user's, since the code handed
    // to esbuild keeps the user's line numbers
    expect(spy.seen.map((m) => [m.text, m.location?.line, m.location?.column])).toEqual([['Could not resolve "./does-not-exist"', line, column]]);
    // what the build result and the thrown error say
    expect(errors[0]!.location).toMatchObject({ file: 'unresolved.tsx', line, column, length: "'./does-not-exist'".length, lineText });
  });

  it("a warning on a line whose types were stripped: the result's column and line text are the user's", async () => {
    const spy = spyOnMessages();
    const out = await build('negative-zero.tsx', { jsxFactory: 'h', external: ['@weft/runtime*'] }, [spy.plugin, esbuildPlugin()]);
    const { line, lineText } = lineOf('negative-zero.tsx', '=== -0');
    expect(spy.seen[0]!.location!.line).toBe(line);
    expect(spy.seen[0]!.location!.lineText).not.toBe(lineText); // esbuild saw the line without its types...
    expect(out.warnings).toHaveLength(1);
    expect(out.warnings[0]!.text).toContain('Comparison with -0');
    // ...the result has the user's
    expect(out.warnings[0]!.location).toMatchObject({ file: 'negative-zero.tsx', line, column: lineText.indexOf('-0;'), length: 2, lineText });
  });
});
