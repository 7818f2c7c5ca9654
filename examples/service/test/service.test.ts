import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

// Builds the example with tspc and runs the producer, which starts the worker as a second Node
// process and talks to it over TCP on 127.0.0.1 only. Bounded: 2,000 jobs; the producer's own
// watchdog (--timeout) fails it with a message before the spawn timeout kills it.
const dir = path.join(__dirname, '..');
// Generous bounds that only catch a hang (no timing assertions): builds are slow on a loaded machine.
const BUILD_TIMEOUT = 5 * 60_000;
const RUN_TIMEOUT = 2 * 60_000;
const TEST_TIMEOUT = 10 * 60_000;

describe('examples/service', () => {
  it('a producer and a worker process exchange graphs of classes over loopback TCP', () => {
    const build = spawnSync('pnpm', ['run', 'build'], { cwd: dir, encoding: 'utf8', timeout: BUILD_TIMEOUT });
    expect(build.status, build.stdout + build.stderr).toBe(0);
    const run = spawnSync(process.execPath, ['dist/producer.js', '--count', '2000', '--timeout', String(RUN_TIMEOUT)], { cwd: dir, encoding: 'utf8', timeout: RUN_TIMEOUT + 30_000 });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/verified 2000 results from worker process over tcp 127\.0\.0\.1:\d+/);
    expect(run.stdout).toMatch(/throughput: \d+ graphs\/s/);
    const bytes = /jobs: 2000 graphs, (\d+) bytes sent/.exec(run.stdout);
    expect(Number(bytes?.[1])).toBeGreaterThan(2000 * 100);
    expect(run.stderr).toBe('');
  }, TEST_TIMEOUT);
});
