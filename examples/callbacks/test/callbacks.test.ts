import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

// Builds the example as a user would (tspc + the tsconfig plugin line) and runs it in a fresh Node process.
const dir = path.join(__dirname, '..');
// Generous bounds that only catch a hang (no timing assertions): builds are slow on a loaded machine.
const BUILD_TIMEOUT = 5 * 60_000;
const RUN_TIMEOUT = 2 * 60_000;
const TEST_TIMEOUT = 10 * 60_000;

describe('examples/callbacks', () => {
  it('builds with tspc and prints the verified callback order', () => {
    const build = spawnSync('pnpm', ['run', 'build'], { cwd: dir, encoding: 'utf8', timeout: BUILD_TIMEOUT });
    expect(build.status, build.stdout + build.stderr).toBe(0);
    const res = spawnSync(process.execPath, ['dist/main.js'], { cwd: dir, encoding: 'utf8', timeout: RUN_TIMEOUT });
    expect(res.status, res.stdout + res.stderr).toBe(0);
    const out = res.stdout;
    expect(out).toContain('circle: radius 2, area 12.5664');
    const de = out.slice(out.indexOf('-- deserialize')).split('\n');
    expect(de.slice(1, 11)).toEqual([
      'OnDeserializing (name is undefined)',
      'OnDeserializing (name is undefined)',
      'OnDeserialized  b.txt (Item)',
      'OnDeserialized  a.txt (Item)',
      'OnDeserialized  docs (Item)',
      'OnDeserialized  docs',
      'OnDeserialized  root (Item)',
      'OnDeserialized  root',
      'onDeserialization docs: 1 items below',
      'onDeserialization root: 3 items below',
    ]);
    expect(out).toContain('OnSerializing   root (context state 4)');
    expect(out).not.toMatch(/FAIL/);
    const collection = out.slice(out.indexOf('-- ISerializable collection')).split('\n');
    expect(collection.slice(1, 6)).toEqual([
      'OnDeserializing TagIndex',
      'TagIndex(info): source is "default" before reading',
      'OnDeserialized  tag Blue',
      'OnDeserialized  tag Red',
      'OnDeserialized  TagIndex: 2 keys',
    ]);
    expect(out.match(/^ok /gm)).toHaveLength(8);
    expect(out).toMatch(/callbacks verified/);
  }, TEST_TIMEOUT);
});
