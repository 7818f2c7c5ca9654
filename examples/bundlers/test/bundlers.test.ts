import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

// Builds the example with Vite, Rollup and esbuild (each through weft's bundler plugin) and runs
// every output in a fresh Node process.
const dir = path.join(__dirname, '..');

describe('examples/bundlers', () => {
  it('the same program built by Vite, Rollup and esbuild round-trips classes with #private fields', () => {
    const build = spawnSync('pnpm', ['run', 'build'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    expect(build.status, build.stdout + build.stderr).toBe(0);
    for (const bundler of ['vite', 'rollup', 'esbuild']) {
      const run = spawnSync(process.execPath, [`dist/${bundler}/main.js`], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
      expect(run.status, `${bundler}: ${run.stdout}${run.stderr}`).toBe(0);
      expect(run.stdout.trim()).toBe(`round trip verified (${bundler})`);
    }
  });
});
