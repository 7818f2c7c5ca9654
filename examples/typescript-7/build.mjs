// Emit step of the TypeScript 7 example (type-checking is `tsc --noEmit`, TypeScript 7's native
// compiler, run before this script by `pnpm run build`). esbuild bundles src/main.ts; weft's
// plugin generates the codecs of the @Serializable classes as esbuild loads each file.
//
// Two TypeScripts: `typescript` is 7 (its package has the native tsc and no JavaScript API:
// no transpileModule, no transformers), so weft's plugin gets TypeScript 6 as a library through
// its `ts` option, from the npm alias `typescript-6` (package.json: "typescript-6":
// "npm:typescript@6.0.3"). Without `ts`, the plugin would require('typescript') and, in a
// project laid out like this one, find TypeScript 7.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as esbuild from 'esbuild';
import { esbuildPlugin } from '@weft/transformer/bundler';

const require = createRequire(import.meta.url);
const ts7 = require('typescript');
const ts6 = require('typescript-6');
if (typeof ts6.transpileModule !== 'function') throw new Error(`typescript-6 (${ts6.version}) has no transpileModule`);
console.log(`type-checked by typescript ${ts7.version} (native tsc; JavaScript API: ${typeof ts7.transpileModule === 'function' ? 'yes' : 'none'})`);
console.log(`emitting with esbuild ${esbuild.version} + weft's plugin on typescript-6 ${ts6.version}`);

fs.rmSync('dist', { recursive: true, force: true });
await esbuild.build({
  entryPoints: ['src/main.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: 'dist/main.js',
  plugins: [esbuildPlugin({ ts: ts6 })],
  logLevel: 'warning',
});
console.log('built dist/main.js');
