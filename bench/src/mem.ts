/**
 * Peak memory during one serialize call, in a fresh process started with --expose-gc:
 * a worker thread samples the process RSS every ~0.5 ms while the main thread serializes
 * (RSS is process-wide, so the worker sees the main isolate's growth), and the heap +
 * ArrayBuffer growth right after the call (no GC in between) is reported too.
 *
 *   node --expose-gc dist/mem.js <workload> <serializer> [--scale n]
 */
import { Worker } from 'node:worker_threads';
import { byteSize, serializerById } from './serializers/index.js';
import { buildWorkload, type WorkloadName } from './workloads.js';

const SAMPLER = `
const { workerData } = require('node:worker_threads');
const flag = new Int32Array(workerData, 0, 1);
const peak = new Float64Array(workerData, 8, 1);
while (Atomics.load(flag, 0) !== 2) {
  const r = process.memoryUsage.rss();
  if (r > peak[0]) peak[0] = r;
  Atomics.wait(flag, 0, Atomics.load(flag, 0), 0.5);
}
`;

async function main(): Promise<void> {
  const [workload, serializer] = process.argv.slice(2) as [WorkloadName, string];
  const i = process.argv.indexOf('--scale');
  const scale = i >= 0 ? Number(process.argv[i + 1]) : 1;
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  const w = buildWorkload(workload, scale);
  const codec = await serializerById(serializer).create(w);
  byteSize(codec.serialize(w.root)); // warm up code and internal buffers
  gc();
  gc();
  const shared = new SharedArrayBuffer(16);
  const flag = new Int32Array(shared, 0, 1);
  const peak = new Float64Array(shared, 8, 1);
  const worker = new Worker(SAMPLER, { eval: true, workerData: shared });
  await new Promise((r) => setTimeout(r, 50));
  gc();
  const before = process.memoryUsage();
  peak[0] = before.rss;
  const t = performance.now();
  const out = codec.serialize(w.root);
  const ms = performance.now() - t;
  const after = process.memoryUsage();
  await new Promise((r) => setTimeout(r, 5));
  Atomics.store(flag, 0, 2);
  Atomics.notify(flag, 0);
  await worker.terminate();
  const bytes = byteSize(out);
  const res = {
    workload,
    serializer,
    scale,
    objects: w.objects,
    bytes,
    ms,
    peakRssDelta: peak[0]! - before.rss,
    heapPlusBuffersDelta: after.heapUsed + after.arrayBuffers - (before.heapUsed + before.arrayBuffers),
  };
  console.log('RESULT ' + JSON.stringify(res));
}

main().catch((e) => {
  console.log('RESULT ' + JSON.stringify({ error: String(e) }));
  process.exitCode = 1;
});
