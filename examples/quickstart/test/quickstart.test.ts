import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

// Builds the example exactly as a user's project is built (tspc + the tsconfig plugin line)
// and runs it in a fresh Node process.
const dir = path.join(__dirname, '..');
// Generous bounds that only catch a hang (no timing assertions): builds are slow on a loaded machine.
const BUILD_TIMEOUT = 5 * 60_000;
const RUN_TIMEOUT = 2 * 60_000;
const TEST_TIMEOUT = 10 * 60_000;

describe('examples/quickstart', () => {
  it('builds with tspc and prints a verified round trip', () => {
    const build = spawnSync('pnpm', ['run', 'build'], { cwd: dir, encoding: 'utf8', timeout: BUILD_TIMEOUT });
    expect(build.status, build.stdout + build.stderr).toBe(0);
    const res = spawnSync(process.execPath, ['dist/main.js'], { cwd: dir, encoding: 'utf8', timeout: RUN_TIMEOUT });
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/round trip verified/);
    expect(res.stdout).not.toMatch(/FAIL/);
    expect(res.stdout.match(/^ok /gm)).toHaveLength(9);
    // The demo cleans up after itself: the file it wrote and its folder are gone.
    const file = /^wrote \d+ bytes to (.+), read them back and removed the file$/m.exec(res.stdout)?.[1];
    expect(file, res.stdout).toBeDefined();
    expect(fs.existsSync(path.dirname(file!))).toBe(false);
  }, TEST_TIMEOUT);
});
