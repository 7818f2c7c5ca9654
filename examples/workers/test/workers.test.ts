import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

// Builds the example with tspc and runs the main thread, which starts dist/worker.js as a worker
// thread and exchanges batches both as weft bytes (ArrayBuffer transferred) and with plain
// postMessage (structured clone). Bounded: 20 timed round trips per path after 10 of warm-up; the
// example's own watchdog (--timeout) fails it with a message before the spawn timeout kills it.
// The example prints timings; they are never asserted here, only the checks and the output's shape.
const dir = path.join(__dirname, '..');
// Generous bounds that only catch a hang (no timing assertions): builds are slow on a loaded machine.
const BUILD_TIMEOUT = 5 * 60_000;
const RUN_TIMEOUT = 2 * 60_000;
const TEST_TIMEOUT = 10 * 60_000;

describe('examples/workers', () => {
  it('worker threads exchange class graphs as transferred bytes; structuredClone keeps the shape but loses classes', () => {
    const build = spawnSync('pnpm', ['run', 'build'], { cwd: dir, encoding: 'utf8', timeout: BUILD_TIMEOUT });
    expect(build.status, build.stdout + build.stderr).toBe(0);
    const args = ['dist/main.js', '--round-trips', '20', '--warmup', '10', '--orders', '30', '--timeout', String(RUN_TIMEOUT)];
    const run = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8', timeout: RUN_TIMEOUT + 30_000 });
    const out = run.stdout;
    expect(run.status, out + run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    expect(out).not.toMatch(/FAIL/);
    expect(out.match(/^ok /gm)).toHaveLength(21);

    // serialize's bytes own their ArrayBuffer, and postMessage with the transfer list detached it.
    expect(out).toMatch(/^ok {3}serialize returned bytes over an ArrayBuffer of their own \(offset 0, (\d+) of \1 bytes\)$/m);
    expect(out).toMatch(/^ok {3}main -> worker: ArrayBuffer transferred, not copied \(sender's bytes\.buffer\.byteLength is 0 after postMessage, was \d+: detached\)$/m);
    expect(out).toMatch(/^ok {3}all 20 timed weft messages transferred \(20 of 20 sender buffers detached\)$/m);
    expect(out).toMatch(/^ok {3}worker -> main: every reply buffer transferred \(31 of 31 detached in the worker after postMessage\)$/m);
    // Classes arrive in the worker through weft, and come back with its mutations.
    expect(out).toMatch(/^ok {3}worker: classes arrived/m);
    expect(out).toMatch(/^ok {3}worker: #private field arrived/m);
    expect(out).toMatch(/^ok {3}reply in main: shared customers mutated once each/m);
    // The structuredClone path is reported as keeping the shape and losing the classes.
    expect(out).toMatch(/^ok {3}structuredClone keeps shared references, cycles, Map and Date/m);
    expect(out).toMatch(/^ok {3}structuredClone loses classes \(seen in the worker\): instanceof Order false, methods missing, #private gone$/m);
    expect(out).toMatch(/^ok {3}structuredClone reply in main: plain objects \(instanceof Reply false, order\.lineTotalCents undefined\)/m);

    // The timing table: one row per path with a mean per round trip, and the ratio (values not asserted).
    expect(out).toMatch(/^timing: 20 round trips on each path of one batch \(30 orders, 90 lines, 3 customers; weft frame \d+ bytes\)/m);
    expect(out).toMatch(/^weft serialize \+ transfer \+ deserialize +\d+\.\d{3} ms +\d+ ms +kept$/m);
    expect(out).toMatch(/^postMessage structured clone +\d+\.\d{3} ms +\d+ ms +lost$/m);
    expect(out).toMatch(/^ratio weft \/ structuredClone: \d+\.\d\d \(weft \d+\.\d\dx (faster|slower), and only weft returns real classes\)$/m);
    expect(out.trimEnd().split('\n').at(-1)).toBe('round trip verified');
  }, TEST_TIMEOUT);
});
