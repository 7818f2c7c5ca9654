#!/usr/bin/env node
// Regenerates ./fixtures/*.bin from the version-1 classes in ./v1, compiled by weft's own
// Vite plugin against the runtime sources, exactly as the tests compile their classes.
//   pnpm run build   # the plugin runs from @weft/transformer's dist
//   node packages/runtime/test/control/versioning/regen.mjs
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';
import { weft } from '@weft/transformer/vite';

const here = fileURLToPath(new URL('.', import.meta.url));
const src = fileURLToPath(new URL('../../../src/', import.meta.url));
const server = await createServer({
  configFile: false,
  root: here,
  logLevel: 'error',
  plugins: [weft()],
  resolve: {
    alias: [
      { find: /^@weft\/runtime\/internal$/, replacement: `${src}internal.ts` },
      { find: /^@weft\/runtime$/, replacement: `${src}index.ts` },
    ],
  },
  server: { middlewareMode: true, hmr: false, ws: false },
  appType: 'custom',
});
try {
  const dir = `${here}fixtures`;
  mkdirSync(dir, { recursive: true });
  const mod = await server.ssrLoadModule(`${here}v1/write-fixtures.ts`);
  const names = mod.writeFixtures(dir);
  console.log(`wrote ${names.length} fixtures to ${dir}: ${names.join(', ')}`);
} finally {
  await server.close();
}
