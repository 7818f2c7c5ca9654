import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import * as path from 'node:path';

/** Fixtures of the bundler tests (under a fixtures/ folder: the repo's typecheck leaves them alone). */
export const FIXTURES = path.join(__dirname, 'fixtures');
const RUNTIME_SRC = path.resolve(__dirname, '../../../runtime/src');

/** The parts of esbuild's API these tests use (esbuild is a devDependency of examples/bundlers only). */
export interface EsbuildLocation {
  file: string;
  namespace: string;
  line: number;
  column: number;
  length: number;
  lineText: string;
}
export interface EsbuildMessage {
  text: string;
  pluginName: string;
  location: EsbuildLocation | null;
}
export interface EsbuildPlugin {
  name: string;
  setup(build: never): void;
}
export interface Esbuild {
  version: string;
  build(options: Record<string, unknown>): Promise<{ errors: EsbuildMessage[]; warnings: EsbuildMessage[]; outputFiles?: { text: string }[] }>;
}

/** esbuild 0.28.2, resolved from examples/bundlers (where it is a devDependency). */
export const esbuild = createRequire(path.resolve(__dirname, '../../../../examples/bundlers/package.json'))('esbuild') as Esbuild;

/** Resolves @weft/runtime (and its subpaths) to the runtime's TypeScript source, as the workspace's vitest config does. */
export const runtimeFromSource = {
  name: 'runtime-from-source',
  setup(build: { onResolve(options: { filter: RegExp }, callback: (args: { path: string }) => { path: string }): void }) {
    build.onResolve({ filter: /^@weft\/runtime(?:\/(?:internal|dotnet|tooling))?$/ }, (args) => ({
      path: path.join(RUNTIME_SRC, `${args.path.split('/')[2] ?? 'index'}.ts`),
    }));
  },
};

/** Vite's resolve.alias for the same. */
export const runtimeAlias = [
  { find: /^@weft\/runtime\/(internal|dotnet|tooling)$/, replacement: `${RUNTIME_SRC}/$1.ts` },
  { find: /^@weft\/runtime$/, replacement: `${RUNTIME_SRC}/index.ts` },
];

/** Runs an ES module's text in a fresh Node process; returns its stdout (throws with stderr on failure). */
export function runModule(code: string): string {
  const run = spawnSync(process.execPath, ['--input-type=module'], { input: code, encoding: 'utf8', timeout: 60_000 });
  if (run.status !== 0) throw new Error(`exit ${run.status}: ${run.stderr}`);
  return run.stdout;
}

/** A plugin whose onEnd, registered before weft's, sees esbuild's messages as esbuild logged them. */
export function spyOnMessages(): { plugin: EsbuildPlugin; seen: EsbuildMessage[] } {
  const seen: EsbuildMessage[] = [];
  const plugin = {
    name: 'spy',
    setup(build: { onEnd(callback: (result: { errors: EsbuildMessage[]; warnings: EsbuildMessage[] }) => void): void }) {
      build.onEnd((result) => {
        for (const m of [...result.errors, ...result.warnings]) seen.push(structuredClone(m));
      });
    },
  };
  return { plugin: plugin as EsbuildPlugin, seen };
}
