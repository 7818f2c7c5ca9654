/**
 * One (workload, serializer) pair in a fresh process: build the workload, verify fidelity
 * (classes, identity, cycles, values) before any timing, then time serialize and deserialize
 * with tinybench. Prints one JSON line (prefixed "RESULT ") for the runner.
 *
 *   node dist/case.js <workload> <serializer> [--time ms] [--scale n]
 */
import { Bench } from 'tinybench';
import { checkFidelity } from './fidelity.js';
import { SERIALIZERS, byteSize, serializerById } from './serializers/index.js';
import { buildWorkload, type WorkloadName } from './workloads.js';

export interface CaseResult {
  workload: string;
  serializer: string;
  label: string;
  scale: number;
  objects: number;
  skipped?: string;
  error?: string;
  bytes?: number;
  fidelity?: string;
  fidelityOk?: boolean;
  fidelitySamples?: string[];
  /** timing mode: tinybench, or single shots when one call is too slow to sample */
  mode?: 'tinybench' | 'single';
  serialize?: Timing;
  deserialize?: Timing;
}

export interface Timing {
  meanMs: number;
  medianMs: number;
  minMs: number;
  rmePct: number;
  opsPerSec: number;
  samples: number;
  /** raw latency samples in ms (capped) */
  raw: number[];
}

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1]! : def;
}

async function main(): Promise<void> {
  const [workload, serializer] = process.argv.slice(2) as [WorkloadName, string];
  const time = Number(arg('--time', '1500'));
  const scale = Number(arg('--scale', '1'));
  const s = serializerById(serializer);
  const out: CaseResult = { workload, serializer, label: s.label, scale, objects: 0 };
  const print = () => console.log('RESULT ' + JSON.stringify(out));
  const skip = s.skip(workload);
  if (skip) {
    out.skipped = skip;
    return print();
  }
  const w = buildWorkload(workload, scale);
  out.objects = w.objects;
  let codec;
  let encoded;
  let t0 = 0;
  let firstSer = 0;
  try {
    codec = await s.create(w);
    t0 = performance.now();
    encoded = codec.serialize(w.root);
    firstSer = performance.now() - t0;
    out.bytes = byteSize(encoded);
    const decoded = codec.deserialize(encoded);
    const f = checkFidelity(w.root, decoded);
    out.fidelity = f.label;
    out.fidelityOk = f.ok;
    out.fidelitySamples = f.samples;
  } catch (e) {
    out.error = String((e as Error)?.stack ?? e).split('\n').slice(0, 3).join(' ');
    return print();
  }
  const c = codec;
  const enc = encoded;
  let sink: unknown;
  if (firstSer > 2000) {
    // too slow to sample (Fury's linear reference scan on the graph): a few single shots
    out.mode = 'single';
    const shots = (fn: () => unknown): Timing => {
      const raw: number[] = [];
      for (let i = 0; i < 3; i++) {
        const t = performance.now();
        sink = fn();
        raw.push(performance.now() - t);
      }
      const mean = raw.reduce((a, b) => a + b, 0) / raw.length;
      const sorted = [...raw].sort((a, b) => a - b);
      return { meanMs: mean, medianMs: sorted[1]!, minMs: sorted[0]!, rmePct: NaN, opsPerSec: 1000 / mean, samples: raw.length, raw };
    };
    out.serialize = shots(() => c.serialize(w.root));
    out.deserialize = shots(() => c.deserialize(enc));
    void sink;
    return print();
  }
  out.mode = 'tinybench';
  const bench = new Bench({ time, warmupTime: Math.min(500, time / 3), retainSamples: true });
  bench.add('serialize', () => {
    sink = c.serialize(w.root);
  });
  bench.add('deserialize', () => {
    sink = c.deserialize(enc);
  });
  await bench.run();
  void sink;
  for (const task of bench.tasks) {
    const r = task.result as any;
    if (r.state !== 'completed') {
      out.error = `${task.name}: ${r.state} ${r.error ?? ''}`;
      continue;
    }
    const lat = r.latency;
    const samples: number[] = lat.samples ?? [];
    const timing: Timing = {
      meanMs: lat.mean,
      medianMs: lat.p50 ?? lat.mean,
      minMs: lat.min,
      rmePct: lat.rme,
      opsPerSec: r.throughput.mean,
      samples: samples.length,
      raw: samples.length > 2000 ? samples.filter((_, i) => i % Math.ceil(samples.length / 2000) === 0) : [...samples],
    };
    if (task.name === 'serialize') out.serialize = timing;
    else out.deserialize = timing;
  }
  print();
}

void SERIALIZERS;
main().catch((e) => {
  console.log('RESULT ' + JSON.stringify({ workload: process.argv[2], serializer: process.argv[3], error: String(e) }));
  process.exitCode = 1;
});
