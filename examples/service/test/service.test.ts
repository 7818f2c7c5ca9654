import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

// Builds the example with tspc and runs the producer, which starts the worker as a second Node
// process and talks to it over TCP on 127.0.0.1 only. Bounded: 2,000 jobs, 30 s.
const dir = path.join(__dirname, '..');

describe('examples/service', () => {
  it('a producer and a worker process exchange graphs of classes over loopback TCP', () => {
    const build = spawnSync('pnpm', ['run', 'build'], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
    expect(build.status, build.stdout + build.stderr).toBe(0);
    const run = spawnSync(process.execPath, ['dist/producer.js', '--count', '2000', '--timeout', '30000'], { cwd: dir, encoding: 'utf8', timeout: 40_000 });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/verified 2000 results from worker process over tcp 127\.0\.0\.1:\d+/);
    expect(run.stdout).toMatch(/throughput: \d+ graphs\/s/);
    const bytes = /jobs: 2000 graphs, (\d+) bytes sent/.exec(run.stdout);
    expect(Number(bytes?.[1])).toBeGreaterThan(2000 * 100);
    expect(run.stderr).toBe('');
  });
});
