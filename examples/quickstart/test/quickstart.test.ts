import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

// Builds the example exactly as a user's project is built (tspc + the tsconfig plugin line)
// and runs it in a fresh Node process.
const dir = path.join(__dirname, '..');

describe('examples/quickstart', () => {
  it('builds with tspc and prints a verified round trip', () => {
    const build = spawnSync('pnpm', ['run', 'build'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    expect(build.status, build.stdout + build.stderr).toBe(0);
    const res = spawnSync(process.execPath, ['dist/main.js'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/round trip verified/);
    expect(res.stdout).not.toMatch(/FAIL/);
    expect(res.stdout.match(/^ok /gm)).toHaveLength(9);
  });
});
