// Builds src/main.ts three times, each with weft's bundler plugin (one code path for all):
// Vite (SSR build for Node), Rollup, and esbuild. Outputs: dist/{vite,rollup,esbuild}/main.js.
import * as fs from 'node:fs';
import ts from 'typescript';
import { build as viteBuild } from 'vite';
import { rollup } from 'rollup';
import * as esbuild from 'esbuild';
import { weft, esbuildPlugin } from '@weft/transformer/bundler';

fs.rmSync('dist', { recursive: true, force: true });

// Vite: the plugin runs before Vite's own TypeScript handling.
await viteBuild({
  configFile: false,
  logLevel: 'warn',
  plugins: [weft()],
  build: { ssr: 'src/main.ts', outDir: 'dist/vite', emptyOutDir: true, minify: false, rollupOptions: { output: { entryFileNames: 'main.js' } } },
  ssr: { noExternal: ['@weft/runtime'] },
});

// Rollup has no TypeScript support of its own: weft() first, then a plain TS-to-JS step for the
// files weft leaves alone, and './x.js' imports resolved to './x.ts'. @weft/runtime stays external.
const stripTypes = {
  name: 'strip-types',
  transform(code, id) {
    if (!id.endsWith('.ts')) return null;
    const out = ts.transpileModule(code, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, sourceMap: true }, fileName: id });
    return { code: out.outputText.replace(/\/\/# sourceMappingURL=.*$/m, ''), map: out.sourceMapText };
  },
};
const tsResolve = {
  name: 'ts-resolve',
  resolveId(source, importer) {
    if (importer && source.startsWith('.') && source.endsWith('.js')) {
      const candidate = new URL(source.replace(/\.js$/, '.ts'), `file://${importer}`).pathname;
      if (fs.existsSync(candidate)) return candidate;
    }
    return null;
  },
};
const bundle = await rollup({ input: 'src/main.ts', plugins: [tsResolve, weft(), stripTypes], external: [/^@weft\/runtime/] });
await bundle.write({ file: 'dist/rollup/main.js', format: 'es' });
await bundle.close();

// esbuild: the plugin's onLoad hands esbuild plain JS for files with serializable classes.
await esbuild.build({
  entryPoints: ['src/main.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  outfile: 'dist/esbuild/main.js',
  plugins: [esbuildPlugin()],
  logLevel: 'warning',
});

console.log('built dist/vite/main.js, dist/rollup/main.js, dist/esbuild/main.js');
