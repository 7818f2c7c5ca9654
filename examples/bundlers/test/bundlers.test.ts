import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

// Builds the example with Vite, Rollup and esbuild (each through weft's bundler plugin) and runs
// every output in a fresh Node process.
const dir = path.join(__dirname, '..');
// Generous bounds that only catch a hang (no timing assertions): builds are slow on a loaded machine.
const BUILD_TIMEOUT = 5 * 60_000;
const RUN_TIMEOUT = 2 * 60_000;
const TEST_TIMEOUT = 10 * 60_000;

describe('examples/bundlers', () => {
  it('the same program built by Vite, Rollup and esbuild round-trips classes with #private fields', () => {
    const build = spawnSync('pnpm', ['run', 'build'], { cwd: dir, encoding: 'utf8', timeout: BUILD_TIMEOUT });
    expect(build.status, build.stdout + build.stderr).toBe(0);
    for (const bundler of ['vite', 'rollup', 'esbuild']) {
      const run = spawnSync(process.execPath, [`dist/${bundler}/main.js`], { cwd: dir, encoding: 'utf8', timeout: RUN_TIMEOUT });
      expect(run.status, `${bundler}: ${run.stdout}${run.stderr}`).toBe(0);
      expect(run.stdout.trim()).toBe(`round trip verified (${bundler})`);
    }
  }, TEST_TIMEOUT);
});
