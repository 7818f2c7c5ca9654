import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

// TypeScript 7 type-checks (its native tsc, `typescript` in package.json); esbuild emits through
// weft's plugin, which runs on TypeScript 6 as a library (`typescript-6`, an npm alias).
const dir = path.join(__dirname, '..');
const tsc = path.join(dir, 'node_modules', '.bin', 'tsc');
// Generous bounds that only catch a hang (no timing assertions): builds are slow on a loaded machine.
const BUILD_TIMEOUT = 5 * 60_000;
const RUN_TIMEOUT = 2 * 60_000;
const TEST_TIMEOUT = 10 * 60_000;

const run = (cmd: string, args: string[]) => spawnSync(cmd, args, { cwd: dir, encoding: 'utf8', timeout: BUILD_TIMEOUT });

describe('examples/typescript-7', () => {
  it('type-checks with TypeScript 7 (the native tsc)', () => {
    const version = run(tsc, ['--version']);
    expect(version.status, version.stderr).toBe(0);
    expect(version.stdout.trim()).toMatch(/^Version 7\.\d+\.\d+$/);
    const check = spawnSync('pnpm', ['run', 'typecheck'], { cwd: dir, encoding: 'utf8', timeout: BUILD_TIMEOUT });
    expect(check.status, check.stdout + check.stderr).toBe(0);
  }, TEST_TIMEOUT);

  it("TypeScript 7 reads @weft/runtime's declarations and rejects a wrong use", () => {
    // TS2322 on the option's value needs SerializableOptions; an unresolved import would be TS2307.
    const res = run(tsc, ['--noEmit', '-p', 'test/type-error/tsconfig.json']);
    expect(res.status).not.toBe(0);
    expect(res.stdout).toMatch(/bad\.ts\(5,17\): error TS2322: Type 'number' is not assignable to type 'string'\./);
    expect(res.stdout.match(/error TS\d+/g), res.stdout).toEqual(['error TS2322']);
  }, TEST_TIMEOUT);

  it("builds through weft's esbuild plugin on typescript-6 and round-trips the graph", () => {
    const build = spawnSync('pnpm', ['run', 'build'], { cwd: dir, encoding: 'utf8', timeout: BUILD_TIMEOUT });
    expect(build.status, build.stdout + build.stderr).toBe(0);
    expect(build.stdout).toMatch(/^Version 7\./m);
    expect(build.stdout).toMatch(/weft's plugin on typescript-6 6\.0\.\d+/);
    const res = spawnSync(process.execPath, ['dist/main.js'], { cwd: dir, encoding: 'utf8', timeout: RUN_TIMEOUT });
    expect(res.status, res.stdout + res.stderr).toBe(0);
    expect(res.stdout).not.toMatch(/FAIL/);
    expect(res.stdout.match(/^ok /gm)).toHaveLength(14);
    expect(res.stdout.trim().split('\n').at(-1)).toBe('round trip verified');
  }, TEST_TIMEOUT);

  it("the plugin uses the TypeScript it is given: TypeScript 7's package cannot serve", () => {
    // Why typescript-6 is there: handed `typescript` (7, no JavaScript API), the plugin fails,
    // saying what to install instead.
    const probe = `
      import { createRequire } from 'node:module';
      import * as esbuild from 'esbuild';
      import { esbuildPlugin } from '@weft/transformer/bundler';
      const require = createRequire(process.cwd() + '/build.mjs');
      await esbuild.build({ entryPoints: ['src/main.ts'], bundle: true, platform: 'node', format: 'esm', write: false,
        logLevel: 'silent', plugins: [esbuildPlugin({ ts: require('typescript') })] });`;
    const res = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { cwd: dir, encoding: 'utf8', timeout: BUILD_TIMEOUT });
    expect(res.status).not.toBe(0);
    expect(res.stderr).toMatch(/\[plugin: weft\]/);
    expect(res.stderr).toMatch(/typescript package it was given 7\.\d+\.\d+ has none \(TypeScript 7 is the native compiler\)\. Install TypeScript 6 under an alias/);
  }, TEST_TIMEOUT);
});
