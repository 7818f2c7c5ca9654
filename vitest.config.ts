import { defineConfig } from 'vitest/config';
// The project's own suite runs every fixture through weft's bundler plugin, exactly as a user
// imports it, so the plugin path is exercised on every test run (build first: pnpm build).
import { weft } from '@weft/transformer/vite';

export default defineConfig({
  plugins: [weft()],
  resolve: {
    alias: [
      { find: /^@weft\/runtime\/internal$/, replacement: new URL('./packages/runtime/src/internal.ts', import.meta.url).pathname },
      { find: /^@weft\/runtime\/tooling$/, replacement: new URL('./packages/runtime/src/tooling.ts', import.meta.url).pathname },
      { find: /^@weft\/runtime$/, replacement: new URL('./packages/runtime/src/index.ts', import.meta.url).pathname },
    ],
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts', 'bench/test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
