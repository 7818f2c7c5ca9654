import { configDefaults, defineConfig } from 'vitest/config';
// The project's own suite runs every fixture through weft's bundler plugin, exactly as a user
// imports it, so the plugin path is exercised on every test run (build first: pnpm build).
import { weft } from '@weft/transformer/vite';

const alias = [
  { find: /^@weft\/runtime\/internal$/, replacement: new URL('./packages/runtime/src/internal.ts', import.meta.url).pathname },
  { find: /^@weft\/runtime\/dotnet$/, replacement: new URL('./packages/runtime/src/dotnet.ts', import.meta.url).pathname },
  { find: /^@weft\/runtime\/tooling$/, replacement: new URL('./packages/runtime/src/tooling.ts', import.meta.url).pathname },
  { find: /^@weft\/runtime$/, replacement: new URL('./packages/runtime/src/index.ts', import.meta.url).pathname },
];

/** What both projects share: weft's plugin (an instance per project) and the runtime source aliases. */
const shared = () => ({ plugins: [weft()], resolve: { alias } });

/**
 * End-to-end and other slow tests (several seconds each): example projects built by tspc and
 * bundlers, tspc/TypeScript-matrix builds run in fresh Node processes, the `weft` CLI, the packed
 * tarballs installed with npm into fresh projects, the Node register hook, and inputs of
 * millions of objects. Their timeouts only catch a hang: builds on a loaded machine are slow.
 */
const e2e = [
  'examples/*/test/**/*.test.ts',
  'packages/transformer/test/tspc.test.ts',
  'packages/transformer/test/matrix.test.ts',
  'packages/transformer/test/cli/**/*.test.ts',
  'packages/transformer/test/package/**/*.test.ts',
  'packages/transformer/test/register.test.ts',
  'packages/runtime/test/security/large-inputs.test.ts',
];

export default defineConfig({
  test: {
    pool: 'forks',
    projects: [
      {
        ...shared(),
        test: {
          name: 'unit',
          include: ['packages/*/test/**/*.test.ts', 'bench/test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...e2e],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          pool: 'forks',
        },
      },
      {
        ...shared(),
        test: {
          name: 'e2e',
          include: e2e,
          testTimeout: 10 * 60_000,
          hookTimeout: 10 * 60_000,
          pool: 'forks',
        },
      },
    ],
  },
});
