import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

// Builds the example as a user would (tspc + the tsconfig plugin line) and runs it in a fresh Node process.
const dir = path.join(__dirname, '..');
// Generous bounds that only catch a hang (no timing assertions): builds are slow on a loaded machine.
const BUILD_TIMEOUT = 5 * 60_000;
const RUN_TIMEOUT = 2 * 60_000;
const TEST_TIMEOUT = 10 * 60_000;

describe('examples/custom', () => {
  it('builds with tspc and prints verified ISerializable, singleton, surrogate and binder results', () => {
    const build = spawnSync('pnpm', ['run', 'build'], { cwd: dir, encoding: 'utf8', timeout: BUILD_TIMEOUT });
    expect(build.status, build.stdout + build.stderr).toBe(0);
    const res = spawnSync(process.execPath, ['dist/main.js'], { cwd: dir, encoding: 'utf8', timeout: RUN_TIMEOUT });
    expect(res.status, res.stdout + res.stderr).toBe(0);
    const out = res.stdout;
    expect(out).toContain('MyObject: n1=1 n2=24 str=Some String; ObjectTwo: n1=2 n2=3 str=two num=42');
    expect(out).toContain('singleton: a2[0] === a2[1]: true; a2[0] === a1[0]: true');
    expect(out).toContain('date surrogate wrote "2026-11-21 09:30:00Z", read back 2026-11-21T09:30:00.000Z');
    expect(out).toContain('uncompiled classes: without a surrogate NOT_SERIALIZABLE; with one: there [52.5200,13.4050 -> 48.8566,2.3522] then back');
    expect(out).toContain('binder: Ver1 bytes read as Ver2 { customer: Ann, total: 99, currency: undefined }');
    expect(out).not.toMatch(/FAIL/);
    expect(out.match(/^ok /gm)).toHaveLength(7);
    expect(out).toMatch(/custom serialization verified/);
  }, TEST_TIMEOUT);
});
