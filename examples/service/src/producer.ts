/**
 * The producer process (the one command to run): starts the worker as a second Node process,
 * connects to it over TCP on 127.0.0.1, streams COUNT jobs with serializeAsync while reading the
 * results with deserializeAll, checks every result, and prints graphs per second and bytes.
 *
 *   node dist/producer.js [--count N] [--timeout MS]
 */
import { spawn } from 'node:child_process';
import * as net from 'node:net';
import { fileURLToPath } from 'node:url';
import { BinaryFormatter } from '@weft/runtime';
import { Customer, Job, JobResult, Order, Stop, price } from './model.js';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v <= 0) {
    process.stderr.write(`${name} needs a positive integer\n`);
    process.exit(2);
  }
  return v;
}

const count = option('--count', 20_000);
const timeoutMs = option('--timeout', 60_000);
const formatter = new BinaryFormatter();

/** A batch: 4 orders of 2 customers (shared objects), 3 lines each with back-references. */
function makeJob(id: number): Job {
  const customers = [new Customer(id * 2, `customer ${id * 2}`), new Customer(id * 2 + 1, `customer ${id * 2 + 1}`)];
  const orders: Order[] = [];
  for (let k = 0; k < 4; k++) {
    const o = new Order(id * 10 + k, customers[k % 2]!).add(`sku-${k}`, k + 1, 199).add('sku-x', 2, 1050).add('sku-y', 1, id % 1000);
    o.placed = new Date(1_700_000_000_000 + id);
    orders.push(o);
  }
  return new Job(id, orders);
}

async function main(): Promise<void> {
  const workerPath = fileURLToPath(new URL('./worker.js', import.meta.url));
  const worker = spawn(process.execPath, [workerPath], { stdio: ['ignore', 'pipe', 'inherit'] });
  const timer = setTimeout(() => {
    process.stderr.write(`FAIL: not finished after ${timeoutMs} ms\n`);
    worker.kill();
    process.exit(1);
  }, timeoutMs);
  const port = await new Promise<number>((resolve, reject) => {
    let text = '';
    worker.stdout.on('data', (d: Buffer) => {
      text += d.toString('utf8');
      const m = /listening (\d+)/.exec(text);
      if (m) resolve(Number(m[1]));
    });
    worker.once('exit', (code) => reject(new Error(`worker exited early (code ${code})`)));
  });
  const socket = net.connect({ host: '127.0.0.1', port });
  socket.setNoDelay(true);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });

  const start = performance.now();
  const reading = (async () => {
    let n = 0;
    for await (const r of formatter.deserializeAll(socket)) {
      if (!(r instanceof JobResult)) throw new Error('FAIL: the worker sent something that is not a JobResult');
      const expected = price(makeJob(r.jobId));
      if (r.jobId !== n || r.totalCents !== expected.totalCents || r.orderCount !== 4 || r.distinctCustomers !== 2 || r.worker === process.pid) {
        throw new Error(`FAIL: wrong result for job ${r.jobId} (expected job ${n})`);
      }
      n++;
    }
    // The worker ends the connection after the Stop, so the loop ends after the last result.
    return n;
  })();
  for (let id = 0; id < count; id++) await formatter.serializeAsync(socket, makeJob(id));
  await formatter.serializeAsync(socket, new Stop());
  const received = await reading;
  const seconds = (performance.now() - start) / 1000;
  socket.end();
  const exitCode = await new Promise<number | null>((resolve) => worker.once('exit', resolve));
  clearTimeout(timer);
  if (received !== count) throw new Error(`FAIL: ${received} of ${count} results arrived`);
  if (exitCode !== 0) throw new Error(`FAIL: the worker exited with ${exitCode}`);
  const sent = socket.bytesWritten;
  const got = socket.bytesRead;
  const graphs = count * 2;
  console.log(`verified ${received} results from worker process over tcp 127.0.0.1:${port}`);
  console.log(`jobs: ${count} graphs, ${sent} bytes sent (${(sent / count).toFixed(0)} bytes/job); results: ${got} bytes received`);
  console.log(`throughput: ${(graphs / seconds).toFixed(0)} graphs/s (both directions), ${((sent + got) / seconds / 1024 / 1024).toFixed(1)} MiB/s, ${seconds.toFixed(2)} s`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
