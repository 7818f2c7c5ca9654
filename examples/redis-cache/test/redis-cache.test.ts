import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Builds the example as a user would (tspc + the tsconfig plugin line), starts a real redis-server
// on a free loopback port (no persistence, in a temporary folder), and runs the worker and the
// producer as two Node processes against it. redis-server is required in CI (.ci/run installs
// Debian's redis-server package); on a machine without it the test is skipped and says why.
const dir = path.join(__dirname, '..');
// Generous bounds that only catch a hang (no timing assertions): builds are slow on a loaded machine.
const BUILD_TIMEOUT = 5 * 60_000;
const RUN_TIMEOUT = 2 * 60_000;
const TEST_TIMEOUT = 10 * 60_000;

/** Whether `name` is an executable file in a directory of PATH. */
function onPath(name: string): boolean {
  for (const d of (process.env.PATH ?? '').split(path.delimiter)) {
    if (d === '') continue;
    try {
      accessSync(path.join(d, name), constants.X_OK);
      return true;
    } catch {
      // not in this directory
    }
  }
  return false;
}

const inCi = (): boolean => {
  const ci = process.env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
};

/** The reason to skip, or false to run: skipped only when redis-server is missing on a machine that is not CI. */
const redisSkip: string | false =
  onPath('redis-server') || inCi() ? false : 'redis-server not on PATH; install it (Debian: apt-get install redis-server) to run this test';

function requireRedis(): void {
  if (onPath('redis-server')) return;
  throw new Error(
    inCi()
      ? 'redis-server is not on PATH, but CI is set: .ci/run should have installed it (apt-get install -y --no-install-recommends redis-server). This test does not skip in CI.'
      : 'redis-server is not on PATH',
  );
}

/** A loopback port nobody listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Sends PING on a fresh connection; true when the server answers +PONG. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2_000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d: Buffer) => {
      reply += d.toString('latin1');
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node args` in the example folder; resolves when it exits (killed after `timeout`). */
function node(args: string[], env: NodeJS.ProcessEnv, timeout: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: dir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeout);
    child.once('error', reject);
    child.once('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

describe.skipIf(redisSkip)(`examples/redis-cache${redisSkip ? ` (skipped: ${redisSkip})` : ''}`, () => {
  let redis: ChildProcess | undefined;
  let redisLog = '';
  let dataDir: string | undefined;
  let port = 0;

  beforeAll(async () => {
    requireRedis();
    const build = spawnSync('pnpm', ['run', 'build'], { cwd: dir, encoding: 'utf8', timeout: BUILD_TIMEOUT });
    expect(build.status, build.stdout + build.stderr).toBe(0);
    dataDir = mkdtempSync(path.join(tmpdir(), 'weft-redis-cache-'));
    port = await freePort();
    redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    redis.stdout!.on('data', (d: Buffer) => (redisLog += d.toString('utf8')));
    redis.stderr!.on('data', (d: Buffer) => (redisLog += d.toString('utf8')));
    let exited = false;
    redis.once('exit', () => (exited = true));
    // Bounded retries, not a wall-clock assertion: up to 200 attempts 50 ms apart.
    for (let attempt = 0; ; attempt++) {
      if (exited) throw new Error(`redis-server exited before answering PING:\n${redisLog}`);
      if (await ping(port)) break;
      if (attempt >= 200) throw new Error(`redis-server on port ${port} never answered PING:\n${redisLog}`);
      await sleep(50);
    }
  });

  afterAll(async () => {
    const server = redis;
    if (server && server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      // SIGTERM makes redis-server exit at once (nothing to save); SIGKILL only if it hangs.
      const killer = setTimeout(() => server.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(killer);
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('a producer and a worker process share graphs of classes through Redis, and bad values give coded errors', async () => {
    const env = { REDIS_PORT: String(port), REDIS_HOST: '127.0.0.1', REDIS_URL: '' }; // '' = unset
    const args = ['--timeout', String(RUN_TIMEOUT)];
    // Two processes: the worker blocks on BRPOP until the producer's jobs arrive.
    const workerRun = node(['dist/worker.js', ...args], env, RUN_TIMEOUT + 30_000);
    const producerRun = node(['dist/producer.js', ...args], env, RUN_TIMEOUT + 30_000);
    const [worker, producer] = await Promise.all([workerRun, producerRun]);

    expect(producer.status, producer.stdout + producer.stderr).toBe(0);
    expect(worker.status, worker.stdout + worker.stderr).toBe(0);
    expect(producer.stderr).toBe('');
    expect(worker.stderr).toBe('');

    // The worker read the cached graph: classes, shared references, the cycle, Map, Date, #private.
    const w = worker.stdout;
    expect(w.match(/^ok {3}.*$/gm)).toEqual([
      'ok   classes come back from the cache (Shop, Customer, Order, OrderLine)',
      "ok   shared reference: both of Ann's orders hold the one Customer object",
      'ok   cycle: customer -> orders -> customer',
      'ok   Map restored',
      'ok   Dates restored',
      'ok   #private field restored',
      'ok   methods work on restored objects',
    ]);
    expect(w.match(/^ok job \d+: .*$/gm)).toEqual([
      'ok job 1: invoice for Ann Lee, 2 order(s), 3660 cents',
      'ok job 2: invoice for Bob Stone, 1 order(s), 2500 cents',
      'ok job 5: invoice for Ann Lee, 2 order(s), 3660 cents',
    ]);
    // Bad values in Redis: a coded SerializationException each, logged, and the worker went on.
    expect(w).toMatch(/^queue entry 2 \(13 bytes\) is unreadable: INVALID_HEADER: .*; skipped$/m);
    expect(w).toMatch(/^queue entry 4 \(\d+ bytes\) is unreadable: TRUNCATED: .*; skipped$/m);
    expect(w).toMatch(/^job 3: cache entry weft-demo:cache:truncated \(\d+ bytes\) is unreadable: TRUNCATED: .*; skipped$/m);
    expect(w).toMatch(/^job 4: cache entry weft-demo:cache:garbage \(16 bytes\) is unreadable: INVALID_HEADER: .*; skipped$/m);
    expect(w).toMatch(/^worker \d+: 8 queue entries, 3 invoices, 4 coded errors$/m);

    // The producer checked every answer: Invoices (with their line -> invoice cycle) from the other process.
    const p = producer.stdout;
    expect(p).toMatch(/^cached 2 customers and 3 orders under weft-demo:cache:shop: \d+ bytes$/m);
    expect(p.match(/^ok invoice for job \d+ from worker \d+: .*$/gm)).toHaveLength(3);
    expect(p.match(/^ok .* was refused with [A-Z_]+ .*$/gm)?.map((l) => /with ([A-Z_]+)/.exec(l)![1])).toEqual([
      'INVALID_HEADER',
      'TRUNCATED',
      'TRUNCATED',
      'INVALID_HEADER',
    ]);
    const workerPid = /^worker (\d+): waiting/m.exec(w)?.[1];
    expect(p).toContain(`verified 3 invoices and 4 coded errors from worker process ${workerPid} through redis 127.0.0.1:${port}`);
    expect(p + w).not.toMatch(/FAIL/);
  }, TEST_TIMEOUT);

  it('pnpm demo runs both processes together', async () => {
    const demo = await node(['dist/demo.js', '--timeout', String(RUN_TIMEOUT)], { REDIS_URL: `redis://127.0.0.1:${port}` }, RUN_TIMEOUT + 30_000);
    expect(demo.status, demo.stdout + demo.stderr).toBe(0);
    expect(demo.stdout).toMatch(/^\[producer\] verified 3 invoices and 4 coded errors from worker process \d+ through redis redis:\/\/127\.0\.0\.1:\d+$/m);
    expect(demo.stdout).toMatch(/^\[worker\] worker \d+: 8 queue entries, 3 invoices, 4 coded errors$/m);
    expect(demo.stderr).toBe('');
  }, TEST_TIMEOUT);
});
