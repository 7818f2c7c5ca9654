/**
 * One (workload, serializer) pair in a fresh process: build the workload, verify fidelity
 * (classes, identity, cycles, values) before any timing, then time serialize and deserialize
 * with tinybench. Prints one JSON line (prefixed "RESULT ") for the runner.
 *
 *   node dist/case.js <workload> <serializer> [--time ms] [--scale n]
 */
import { PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
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
  /** main-thread GC pauses ('gc' performance entries) that started during the timed run of this task */
  gcMs: number;
  gcCount: number;
  /** gcMs as a share of the task's total measured time (the sum of its samples), in percent */
  gcPct: number;
}

/**
 * GC pauses from perf_hooks 'gc' entries. Entries are delivered asynchronously, so every entry is
 * kept with its start time and attributed afterwards to the interval in which it started.
 */
class GcLog {
  private entries: PerformanceEntry[] = [];
  private obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) this.entries.push(e);
  });
  constructor() {
    this.obs.observe({ entryTypes: ['gc'] });
  }
  /** waits for pending entries, then stops observing */
  async stop(): Promise<void> {
    await new Promise((r) => setTimeout(r, 20));
    for (const e of this.obs.takeRecords()) this.entries.push(e);
    this.obs.disconnect();
  }
  within(from: number, to: number): { ms: number; count: number } {
    let ms = 0;
    let count = 0;
    for (const e of this.entries) {
      if (e.startTime >= from && e.startTime < to) {
        ms += e.duration;
        count++;
      }
    }
    return { ms, count };
  }
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
    const gc = new GcLog();
    const spans: [number, number][] = [];
    const shots = (fn: () => unknown): Timing => {
      const raw: number[] = [];
      spans.push([performance.now(), 0]);
      for (let i = 0; i < 3; i++) {
        const t = performance.now();
        sink = fn();
        raw.push(performance.now() - t);
      }
      spans[spans.length - 1]![1] = performance.now();
      const mean = raw.reduce((a, b) => a + b, 0) / raw.length;
      const sorted = [...raw].sort((a, b) => a - b);
      return { meanMs: mean, medianMs: sorted[1]!, minMs: sorted[0]!, rmePct: NaN, opsPerSec: 1000 / mean, samples: raw.length, raw, gcMs: 0, gcCount: 0, gcPct: 0 };
    };
    out.serialize = shots(() => c.serialize(w.root));
    out.deserialize = shots(() => c.deserialize(enc));
    void sink;
    await gc.stop();
    [out.serialize, out.deserialize].forEach((t, i) => {
      const g = gc.within(spans[i]![0], spans[i]![1]);
      t.gcMs = g.ms;
      t.gcCount = g.count;
      t.gcPct = (100 * g.ms) / (t.meanMs * t.samples);
    });
    return print();
  }
  out.mode = 'tinybench';
  // the timed phase of each task (warm-up excluded): GC pauses that start inside it are charged to it
  const spans = new Map<string, [number, number]>();
  const bench = new Bench({
    time,
    warmupTime: Math.min(500, time / 3),
    retainSamples: true,
    setup: (task, mode) => {
      if (mode === 'run' && task) spans.set(task.name, [performance.now(), Infinity]);
    },
    teardown: (task, mode) => {
      if (mode === 'run' && task) spans.get(task.name)![1] = performance.now();
    },
  });
  bench.add('serialize', () => {
    sink = c.serialize(w.root);
  });
  bench.add('deserialize', () => {
    sink = c.deserialize(enc);
  });
  const gc = new GcLog();
  await bench.run();
  void sink;
  await gc.stop();
  for (const task of bench.tasks) {
    const r = task.result as any;
    if (r.state !== 'completed') {
      out.error = `${task.name}: ${r.state} ${r.error ?? ''}`;
      continue;
    }
    const lat = r.latency;
    const samples: number[] = lat.samples ?? [];
    const span = spans.get(task.name) ?? [0, 0];
    const g = gc.within(span[0], span[1]);
    // the task's total measured time = the sum of its samples (tinybench's totalTime)
    const measured = r.totalTime ?? lat.mean * samples.length;
    const timing: Timing = {
      meanMs: lat.mean,
      medianMs: lat.p50 ?? lat.mean,
      minMs: lat.min,
      rmePct: lat.rme,
      opsPerSec: r.throughput.mean,
      samples: samples.length,
      raw: samples.length > 2000 ? samples.filter((_, i) => i % Math.ceil(samples.length / 2000) === 0) : [...samples],
      gcMs: g.ms,
      gcCount: g.count,
      gcPct: measured > 0 ? (100 * g.ms) / measured : 0,
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
