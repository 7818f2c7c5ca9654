import * as fs from 'node:fs';
import { createProgramState } from './transform.js';
import { transformSource, type TransformSourceOptions } from './source.js';

/**
 * The bundler plugin: one code path (transformSource) behind a Vite/Rollup plugin and an
 * esbuild plugin. Use it where ts-patch cannot run: Vite, Vitest, Rollup, esbuild, and builds
 * whose type-checking moved to the native TypeScript 7 compiler.
 *
 *   import weft from '@weft/transformer/vite';   export default { plugins: [weft()] };
 *   import { esbuildPlugin } from '@weft/transformer/bundler';  esbuild.build({ plugins: [esbuildPlugin()] });
 */
export interface WeftPluginOptions extends Omit<TransformSourceOptions, 'state'> {
  /** which files to transform (default: .ts, .tsx, .mts, .cts outside node_modules) */
  include?: RegExp;
}

const DEFAULT_INCLUDE = /\.(c|m)?tsx?$/;

function formatDiagnostics(result: ReturnType<typeof transformSource>): string {
  return result.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} - error WEFT${d.code}: ${d.message}`).join('\n');
}

/** Vite / Rollup plugin (also what Vitest uses). */
export function weft(options: WeftPluginOptions = {}) {
  const include = options.include ?? DEFAULT_INCLUDE;
  let state = createProgramState(() => undefined);
  // Duplicate wire identities are checked across files only when the files form one program:
  // a build. A dev server or a Vitest run loads each test file as its own module graph, where
  // two test files may well declare a class Point each.
  let acrossFiles = true;
  return {
    name: 'weft',
    enforce: 'pre' as const,
    configResolved(config: { command?: string }) {
      acrossFiles = config.command !== 'serve';
    },
    buildStart() {
      state = createProgramState(() => undefined);
    },
    transform(code: string, id: string) {
      const file = id.split('?')[0]!;
      if (!include.test(file) || file.includes('/node_modules/')) return null;
      const result = transformSource(code, file, { ...options, state: acrossFiles ? state : undefined });
      if (result.diagnostics.length > 0) throw new Error(formatDiagnostics(result));
      if (result.code === undefined) return null;
      return { code: result.code, map: result.map };
    },
  };
}

/** esbuild plugin. */
export function esbuildPlugin(options: WeftPluginOptions = {}) {
  const include = options.include ?? DEFAULT_INCLUDE;
  return {
    name: 'weft',
    setup(build: { onLoad(opts: { filter: RegExp }, cb: (args: { path: string }) => unknown): void }) {
      const state = createProgramState(() => undefined);
      build.onLoad({ filter: include }, (args) => {
        if (args.path.includes('/node_modules/')) return undefined;
        const source = fs.readFileSync(args.path, 'utf8');
        const result = transformSource(source, args.path, { ...options, state });
        if (result.diagnostics.length > 0) {
          return { errors: result.diagnostics.map((d) => ({ text: `WEFT${d.code}: ${d.message}`, location: { file: d.file, line: d.line, column: d.column - 1 } })) };
        }
        if (result.code === undefined) return undefined;
        const map = result.map ? `\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(result.map).toString('base64')}` : '';
        return { contents: result.code + map, loader: 'js' };
      });
    },
  };
}

export default weft;
