import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

// Builds version 1 and version 2 as two separate programs (tspc + the tsconfig plugin line),
// then lets them read each other's files, each in a fresh Node process.
const dir = path.join(__dirname, '..');
// Generous bounds that only catch a hang (no timing assertions): builds are slow on a loaded machine.
const BUILD_TIMEOUT = 5 * 60_000;
const RUN_TIMEOUT = 2 * 60_000;
const TEST_TIMEOUT = 10 * 60_000;
const node = (...args: string[]) => spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8', timeout: RUN_TIMEOUT });

describe('examples/versioning', () => {
  it('version 1 and version 2 of a document read each other\'s bytes from files', () => {
    const build = spawnSync('pnpm', ['run', 'build'], { cwd: dir, encoding: 'utf8', timeout: BUILD_TIMEOUT });
    expect(build.status, build.stdout + build.stderr).toBe(0);
    rmSync(path.join(dir, 'dist/data'), { recursive: true, force: true });

    const w1 = node('dist/v1/main.js', 'write');
    expect(w1.status, w1.stderr).toBe(0);
    expect(w1.stdout).toMatch(/^v1 wrote doc-v1\.bin \(\d+ bytes\): "Release notes", 3 pages$/m);
    expect(existsSync(path.join(dir, 'dist/data/doc-v1.bin'))).toBe(true);

    const v2 = node('dist/v2/main.js');
    expect(v2.status, v2.stdout + v2.stderr).toBe(0);
    expect(v2.stdout).toContain('v2 read doc-v1.bin: "Release notes", 3 pages, author (unknown), 0 tags');
    expect(v2.stdout).toContain("ok   version 2 reads version 1's bytes");
    expect(v2.stdout).toContain('with author Ann and tags [release]');
    expect(v2.stdout).toContain('v2 read note-v1.bin as Annotation: "Check the figures", 2 stars, color yellow');
    expect(v2.stdout).toContain("ok   a binder maps version 1's Note onto the ISerializable Annotation");

    const r1 = node('dist/v1/main.js', 'read');
    expect(r1.status, r1.stdout + r1.stderr).toBe(0);
    expect(r1.stdout).toContain('v1 read doc-v2.bin: "Release notes (edited in v2)", 4 pages');
    expect(r1.stdout).toContain("ok   version 1 reads version 2's bytes");
    expect(w1.stdout + v2.stdout + r1.stdout).not.toMatch(/FAIL/);
  }, TEST_TIMEOUT);
});
