/**
 * The runner: every (workload, serializer) pair in its own fresh child process (a shared
 * process distorts small-message numbers after large workloads ran), for several rounds; then
 * the weft scaling check (graph at 0.1×, 1×, 10× = base, 10×, 100×) and peak memory during
 * serialize. Writes:
 *   bench/results/raw-<stamp>.json (git-ignored) + latest.json   raw samples and summaries
 *   bench/results/chart.svg                             ratios to the hand-written codec
 *   bench/RESULTS.md                                    table, chart, machine, versions, command
 *
 *   node dist/run.js [--rounds 2] [--time 1500] [--workloads graph,tree] [--serializers weft,hand] [--quick]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CaseResult, Timing } from './case.js';
import type { FixedRow } from './fixed.js';
import { SERIALIZERS } from './serializers/index.js';
import { WORKLOADS, type WorkloadName } from './workloads.js';

const here = dirname(fileURLToPath(import.meta.url));
const benchDir = join(here, '..');
const resultsDir = join(benchDir, 'results');

function opt(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const quick = process.argv.includes('--quick');
const rounds = Number(opt('--rounds') ?? (quick ? 1 : 2));
const time = Number(opt('--time') ?? (quick ? 300 : 1500));
const workloads = (opt('--workloads')?.split(',') ?? WORKLOADS) as WorkloadName[];
const serializers = opt('--serializers')?.split(',') ?? SERIALIZERS.map((s) => s.id);
const skipExtras = process.argv.includes('--no-extras');

function child(script: string, args: string[], nodeArgs: string[] = []): any {
  const r = spawnSync(process.execPath, [...nodeArgs, join(here, script), ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 10 * 60_000 });
  const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) return { error: `child failed (status ${r.status}, signal ${r.signal}): ${(r.stderr ?? '').slice(0, 400)}` };
  return JSON.parse(line.slice(7));
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

interface Summary {
  workload: string;
  serializer: string;
  label: string;
  bytes?: number;
  fidelity?: string;
  fidelityOk?: boolean;
  skipped?: string;
  error?: string;
  mode?: string;
  /** per direction: see Dir */
  ser?: Dir;
  de?: Dir;
}

/**
 * One direction of one cell, over the rounds: meanMs = median of the rounds' tinybench means
 * (GC pauses included; the ratios use it), medianMs = median of the rounds' median latencies,
 * gcPct = median of the rounds' GC shares (GC pause time during the timed run / measured time),
 * opsPerSec = 1000 / meanMs (calls per second, GC included).
 */
interface Dir {
  meanMs: number;
  medianMs: number;
  gcPct: number;
  opsPerSec: number;
  perRoundMean: number[];
  perRoundMedian: number[];
  perRoundGcPct: number[];
}

function summarize(runs: CaseResult[]): Summary {
  const first = runs[0]!;
  const s: Summary = { workload: first.workload, serializer: first.serializer, label: first.label };
  const ok = runs.filter((r) => r.serialize && r.deserialize);
  const bad = runs.find((r) => r.skipped || r.error);
  if (bad?.skipped) s.skipped = bad.skipped;
  if (bad?.error && ok.length === 0) s.error = bad.error;
  const withF = runs.find((r) => r.fidelity !== undefined);
  if (withF) {
    s.bytes = withF.bytes;
    s.fidelity = withF.fidelity;
    s.fidelityOk = withF.fidelityOk;
    s.mode = withF.mode;
  }
  const dir = (pick: (r: CaseResult) => Timing): Dir | undefined => {
    if (ok.length === 0) return undefined;
    const perRoundMean = ok.map((r) => pick(r).meanMs);
    const perRoundMedian = ok.map((r) => pick(r).medianMs);
    const perRoundGcPct = ok.map((r) => pick(r).gcPct ?? NaN);
    const meanMs = median(perRoundMean);
    return { meanMs, medianMs: median(perRoundMedian), gcPct: median(perRoundGcPct), opsPerSec: 1000 / meanMs, perRoundMean, perRoundMedian, perRoundGcPct };
  };
  s.ser = dir((r) => r.serialize!);
  s.de = dir((r) => r.deserialize!);
  return s;
}

function fmtMs(ms: number | undefined): string {
  if (ms === undefined) return '–';
  if (ms < 0.01) return `${(ms * 1000).toFixed(2)} µs`;
  if (ms < 1) return `${(ms * 1000).toFixed(1)} µs`;
  return `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
}
const fmtGc = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? '–' : `${x < 10 ? x.toFixed(1) : x.toFixed(0)} %`);
const fmtOps = (x: number | undefined) => (x === undefined ? '–' : x >= 1e4 ? `${Math.round(x / 1000)}k` : x >= 100 ? x.toFixed(0) : x.toFixed(1));
const fmtRatio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? '–' : (a / b).toFixed(2));

function table(sums: Summary[]): string {
  const out: string[] = [];
  for (const w of workloads) {
    const rows = sums.filter((s) => s.workload === w);
    const hand = rows.find((r) => r.serializer === 'hand');
    const weft = rows.find((r) => r.serializer === 'weft');
    out.push(`### ${w}\n`);
    out.push('| serializer | fidelity | bytes | ser mean | ser median | ser GC | ser ops/s | ser ×hand | ser ×weft | de mean | de median | de GC | de ops/s | de ×hand | de ×weft |');
    out.push('|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|');
    const blank = ' |'.repeat(13);
    for (const r of rows) {
      if (r.skipped) {
        out.push(`| ${r.label} | n/a: ${r.skipped} |${blank}`);
        continue;
      }
      if (r.error) {
        out.push(`| ${r.label} | error: ${r.error.slice(0, 120).replace(/\|/g, '/')} |${blank}`);
        continue;
      }
      const fid = r.fidelityOk ? 'full' : `**LOSSY: ${r.fidelity}**`;
      const mark = r.fidelityOk ? '' : ' ⚠';
      const single = r.mode === 'single' ? ' (3 single shots)' : '';
      const cells = (d: Dir | undefined, h: Dir | undefined, wf: Dir | undefined) =>
        `${fmtMs(d?.meanMs)} | ${fmtMs(d?.medianMs)} | ${fmtGc(d?.gcPct)} | ${fmtOps(d?.opsPerSec)} | ${fmtRatio(d?.meanMs, h?.meanMs)} | ${fmtRatio(d?.meanMs, wf?.meanMs)}`;
      out.push(`| ${r.label}${mark}${single} | ${fid} | ${r.bytes?.toLocaleString('en-US')} | ${cells(r.ser, hand?.ser, weft?.ser)} | ${cells(r.de, hand?.de, weft?.de)} |`);
    }
    out.push('');
  }
  return out.join('\n');
}

/**
 * Issue 13 targets, computed from the table (ratios of MEANS to the hand-written codec): weft
 * ≤ 1.0× both ways on graph/tree/citm/twitter; small ≤ 1.0× in compact mode and ≤ 2.0× in the
 * default mode; fewest bytes among the class-preserving peers (the hand codec is the baseline,
 * not a peer) in compact mode everywhere and in the default mode on graph and citm.
 */
function targets(sums: Summary[]): string {
  const out = [
    '### Issue 13 targets (computed from this run, ratios of means)',
    '',
    '| workload | mode | weft ser ×hand | weft de ×hand | time target | met | bytes | rank among class-preserving peers | bytes target met |',
    '|---|---|--:|--:|---|---|--:|---|---|',
  ];
  for (const w of workloads) {
    const rows = sums.filter((s) => s.workload === w);
    const hand = rows.find((r) => r.serializer === 'hand');
    if (!hand?.ser || !hand.de) continue;
    // peers a user would pick instead that kept classes, identity and values (not the baseline, not weft's other modes)
    const peers = rows.filter((r) => r.fidelityOk && r.bytes !== undefined && r.serializer !== 'hand' && !r.serializer.startsWith('weft'));
    for (const id of ['weft', 'weft-compact']) {
      const weft = rows.find((r) => r.serializer === id);
      if (!weft?.ser || !weft.de || weft.bytes === undefined) continue;
      const compact = id === 'weft-compact';
      const limit = w === 'small' ? (compact ? 1 : 2) : ['graph', 'tree', 'citm', 'twitter'].includes(w) ? 1 : undefined;
      const rs = weft.ser.meanMs / hand.ser.meanMs;
      const rd = weft.de.meanMs / hand.de.meanMs;
      const smaller = peers.filter((r) => r.bytes! < weft.bytes!).sort((a, b) => a.bytes! - b.bytes!);
      const bytesTarget = compact || w === 'graph' || w === 'citm';
      const rank = `${smaller.length + 1} of ${peers.length + 1}${smaller.length ? ` (smaller: ${smaller.map((r) => `${r.label} ${r.bytes!.toLocaleString('en-US')}`).join('; ')})` : ''}`;
      out.push(
        `| ${w} | ${compact ? 'compact' : 'default'} | ${rs.toFixed(2)} | ${rd.toFixed(2)} | ${limit === undefined ? '–' : `≤ ${limit.toFixed(1)}×`} | ${limit === undefined ? '–' : rs <= limit && rd <= limit ? 'met' : '**not met**'} | ${weft.bytes.toLocaleString('en-US')} | ${rank} | ${bytesTarget ? (smaller.length === 0 ? 'met' : '**not met**') : '–'} |`,
      );
    }
  }
  return out.join('\n') + '\n';
}

/** grouped horizontal bars: ratio to the hand-written codec, per workload and direction (log-free, capped at 6×) */
function svgChart(sums: Summary[]): string {
  const cap = 6;
  const ids = serializers.filter((id) => sums.some((s) => s.serializer === id && s.ser));
  const palette = ['#444', '#d62728', '#1f77b4', '#ff7f0e', '#2ca02c', '#98df8a', '#9467bd', '#8c564b', '#7f7f7f', '#17becf'];
  const color = (id: string) => palette[serializers.indexOf(id) % palette.length]!;
  const barH = 9;
  const labelW = 150;
  const plotW = 520;
  const groups: { title: string; bars: { id: string; v: number; lossy: boolean }[] }[] = [];
  for (const w of workloads) {
    for (const d of ['ser', 'de'] as const) {
      const hand = sums.find((s) => s.workload === w && s.serializer === 'hand')?.[d]?.meanMs;
      if (!hand) continue;
      const bars = ids
        .map((id) => sums.find((s) => s.workload === w && s.serializer === id))
        .filter((s): s is Summary => !!s && !!s[d])
        .map((s) => ({ id: s.serializer, v: s[d]!.meanMs / hand, lossy: !s.fidelityOk }));
      groups.push({ title: `${w} ${d === 'ser' ? 'serialize' : 'deserialize'}`, bars });
    }
  }
  let y = 40;
  const parts: string[] = [];
  for (const g of groups) {
    parts.push(`<text x="4" y="${y + 10}" font-weight="bold">${g.title}</text>`);
    y += 16;
    for (const b of g.bars) {
      const wpx = Math.max(1, (Math.min(b.v, cap) / cap) * plotW);
      const label = SERIALIZERS.find((s) => s.id === b.id)!.label;
      parts.push(`<text x="${labelW - 4}" y="${y + barH - 1}" text-anchor="end">${esc(label)}${b.lossy ? ' ⚠' : ''}</text>`);
      parts.push(`<rect x="${labelW}" y="${y}" width="${wpx.toFixed(1)}" height="${barH}" fill="${color(b.id)}"${b.lossy ? ' fill-opacity="0.45"' : ''}/>`);
      parts.push(`<text x="${labelW + wpx + 3}" y="${y + barH - 1}">${b.v > cap ? '>' : ''}${b.v.toFixed(2)}×</text>`);
      y += barH + 2;
    }
    y += 8;
  }
  const height = y + 10;
  const grid: string[] = [];
  for (let i = 0; i <= cap; i++) {
    const x = labelW + (i / cap) * plotW;
    grid.push(`<line x1="${x}" y1="30" x2="${x}" y2="${height - 10}" stroke="${i === 1 ? '#000' : '#ddd'}" stroke-width="${i === 1 ? 1 : 0.5}"/>`);
    grid.push(`<text x="${x}" y="26" text-anchor="middle">${i}×</text>`);
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${labelW + plotW + 60}" height="${height}" font-family="sans-serif" font-size="9">
<rect width="100%" height="100%" fill="#fff"/>
<text x="4" y="12" font-size="11" font-weight="bold">Mean time (GC included) relative to the hand-written codec (1.0×, lower is better; ⚠ = loses fidelity; capped at ${cap}×)</text>
${grid.join('\n')}
${parts.join('\n')}
</svg>
`;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function versions(): Record<string, string> {
  const req = createRequire(join(benchDir, 'package.json'));
  const v: Record<string, string> = { node: process.version };
  for (const p of ['msgpackr', 'class-transformer', '@furyjs/fury', 'tinybench', 'typescript', 'ts-patch']) {
    try {
      // walk up from the resolved entry (some packages do not export ./package.json)
      let dir = dirname(req.resolve(p));
      for (;;) {
        try {
          const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version: string };
          if (pkg.name === p) {
            v[p] = pkg.version;
            break;
          }
        } catch {
          // no package.json at this level
        }
        const up = dirname(dir);
        if (up === dir) throw new Error('not found');
        dir = up;
      }
    } catch {
      v[p] = '?';
    }
  }
  try {
    // msgpackr's optional native string extractor (msgpackr-extract) is in use when this is true
    v['msgpackr native acceleration'] = String(msgpackrNative);
  } catch {
    // not loaded
  }
  try {
    const sha = execFileSync('git', ['-C', benchDir, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    // results/ and RESULTS.md are what this run writes: only other changes make it "not this commit"
    const dirty = execFileSync('git', ['-C', benchDir, 'status', '--porcelain', '--', '..', ':!results', ':!RESULTS.md'], { encoding: 'utf8' }).trim() !== '';
    v.weft = dirty ? `${sha} (+ uncommitted changes)` : sha;
  } catch {
    v.weft = '?';
  }
  return v;
}

let msgpackrNative: boolean | undefined;

async function main(): Promise<void> {
  mkdirSync(resultsDir, { recursive: true });
  msgpackrNative = (await import('msgpackr')).isNativeAccelerationEnabled;
  const all: CaseResult[] = [];
  for (let round = 1; round <= rounds; round++) {
    for (const w of workloads) {
      for (const s of serializers) {
        const r = child('case.js', [w, s, '--time', String(time)]) as CaseResult;
        r.workload ??= w;
        r.serializer ??= s;
        all.push(r);
        const dir = (t: Timing) => `${fmtMs(t.meanMs)} (median ${fmtMs(t.medianMs)}, GC ${fmtGc(t.gcPct)})`;
        const t = r.serialize && r.deserialize ? `ser ${dir(r.serialize)} de ${dir(r.deserialize)} ${r.bytes} B ${r.fidelity}` : (r.skipped ?? r.error ?? '?');
        console.error(`[round ${round}/${rounds}] ${w.padEnd(8)} ${s.padEnd(18)} ${t}`);
      }
    }
  }
  const sums: Summary[] = [];
  for (const w of workloads) for (const s of serializers) {
    const runs = all.filter((r) => r.workload === w && r.serializer === s);
    if (runs.length) sums.push({ ...summarize(runs), label: runs.find((r) => r.label)?.label ?? s });
  }

  // scaling: graph at 0.1×, 1×, 10× (base, 10×, 100×) for weft and the hand-written codec
  const scaling: any[] = [];
  const memory: any[] = [];
  let fixed: FixedRow[] = [];
  if (!skipExtras) {
    // fixed per-call cost: serialize(null) and a one-object message, hand vs weft (both modes), one process
    const fx = child('fixed.js', ['--time', String(Math.min(time, 1000))]);
    if (Array.isArray(fx)) fixed = fx as FixedRow[];
    else console.error(`[fixed] ${JSON.stringify(fx)}`);
    for (const r of fixed) console.error(`[fixed] ${r.message} ${r.codec}: ser ${r.ser.meanUs.toFixed(2)} µs, de ${r.de.meanUs.toFixed(2)} µs`);
    for (const s of ['weft', 'hand']) {
      for (const scale of [0.1, 1, 10]) {
        const r = child('case.js', ['graph', s, '--time', String(Math.max(time, 1000)), '--scale', String(scale)]) as CaseResult;
        scaling.push({
          serializer: s,
          scale,
          objects: r.objects,
          bytes: r.bytes,
          fidelity: r.fidelity,
          serMs: r.serialize?.meanMs,
          serMedianMs: r.serialize?.medianMs,
          serGcPct: r.serialize?.gcPct,
          deMs: r.deserialize?.meanMs,
          deMedianMs: r.deserialize?.medianMs,
          deGcPct: r.deserialize?.gcPct,
          error: r.error,
        });
        console.error(`[scaling] ${s} ×${scale}: ${r.objects} objects ser ${fmtMs(r.serialize?.meanMs)} (median ${fmtMs(r.serialize?.medianMs)}) de ${fmtMs(r.deserialize?.meanMs)} (median ${fmtMs(r.deserialize?.medianMs)})`);
      }
      for (const scale of [1, 10]) {
        const m = child('mem.js', ['graph', s, '--scale', String(scale)], ['--expose-gc']);
        memory.push(m);
        console.error(`[memory] ${s} ×${scale}: ${JSON.stringify(m)}`);
      }
    }
  }

  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const machine = { cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? '?', memGB: Math.round(os.totalmem() / 2 ** 30), platform: `${os.platform()} ${os.release()}`, loadavg: os.loadavg() };
  const meta = { date: new Date().toISOString(), command: process.argv.slice(2).join(' '), rounds, timePerTaskMs: time, machine, versions: versions() };
  const json = { meta, summaries: sums, scaling, memory, fixed, raw: all };
  // raw-*.json (every retained sample) is git-ignored; latest.json keeps at most 200 samples per task
  writeFileSync(join(resultsDir, `raw-${stamp}.json`), JSON.stringify(json));
  const thin = (t?: Timing) => (t ? { ...t, raw: t.raw.filter((_, i) => i % Math.max(1, Math.ceil(t.raw.length / 200)) === 0) } : t);
  writeFileSync(join(resultsDir, 'latest.json'), JSON.stringify({ ...json, raw: all.map((r) => ({ ...r, serialize: thin(r.serialize), deserialize: thin(r.deserialize) })) }, null, 1));
  writeFileSync(join(resultsDir, 'chart.svg'), svgChart(sums));
  const tbl = table(sums) + '\n' + targets(sums);
  console.log(tbl);

  const scaleRows = scaling.map((s) => {
    const base = scaling.find((b) => b.serializer === s.serializer && b.scale === 0.1);
    const perObj = (ms: number | undefined) => (ms === undefined || !s.objects ? '–' : `${((ms * 1e6) / s.objects).toFixed(0)} ns`);
    const rel = (ms: number | undefined, bms: number | undefined) => (ms && bms ? `${(ms / bms).toFixed(1)}×` : '–');
    return `| ${s.serializer} | ${s.scale}× | ${s.objects?.toLocaleString('en-US')} | ${s.bytes?.toLocaleString('en-US')} | ${fmtMs(s.serMs)} (${rel(s.serMs, base?.serMs)}) | ${fmtMs(s.serMedianMs)} | ${fmtGc(s.serGcPct)} | ${perObj(s.serMs)} | ${fmtMs(s.deMs)} (${rel(s.deMs, base?.deMs)}) | ${fmtMs(s.deMedianMs)} | ${fmtGc(s.deGcPct)} | ${perObj(s.deMs)} |`;
  });
  const fixedRows = fixed.map((r) => {
    const hand = fixed.find((h) => h.message === r.message && h.codec === 'hand');
    const x = (a: number, b: number | undefined) => (b ? `${(a / b).toFixed(2)}×` : '–');
    return `| ${r.message} | ${r.codec} | ${r.bytes} | ${r.ser.meanUs.toFixed(2)} µs | ${r.ser.medianUs.toFixed(2)} µs | ${x(r.ser.meanUs, hand?.ser.meanUs)} | ${r.de.meanUs.toFixed(2)} µs | ${r.de.medianUs.toFixed(2)} µs | ${x(r.de.meanUs, hand?.de.meanUs)} |`;
  });
  const memRows = memory.map(
    (m) => `| ${m.serializer} | ${m.scale}× | ${m.objects?.toLocaleString('en-US')} | ${(m.bytes / 1e6).toFixed(2)} MB | ${(m.peakRssDelta / 1e6).toFixed(1)} MB (${(m.peakRssDelta / m.bytes).toFixed(1)}× output) | ${(m.heapPlusBuffersDelta / 1e6).toFixed(1)} MB (${(m.heapPlusBuffersDelta / m.bytes).toFixed(1)}×) |`,
  );
  const md = `# weft benchmark results

Generated by \`bench/src/run.ts\` on ${meta.date}. **Command:** \`pnpm bench\` (= \`pnpm run build && pnpm --filter bench run bench\`, runner args: \`${meta.command || '(defaults)'}\`).

Machine: ${machine.cpus} × ${machine.cpu}, ${machine.memGB} GB, ${machine.platform}; load average at the end ${machine.loadavg.map((x) => x.toFixed(2)).join(' / ')}.
**The machine is shared with other jobs and noisy**: compare ratios within one run, not absolute times across runs.
Versions: ${Object.entries(meta.versions).map(([k, v]) => `${k} ${v}`).join(', ')}.

Method: each (workload, serializer) pair runs in its own fresh \`node\` process; the decoded graph is checked against the
original (classes/prototypes, shared identity, cycles, values) **before** timing, and lossy cases are marked ⚠ / LOSSY.
tinybench (${time} ms per task after a separate warm-up), ${rounds} round(s). Per direction: **mean** = tinybench's mean latency,
which includes the GC pauses that fall into the calls (median over rounds); **median** = the median latency (median over
rounds); **GC** = the share of the task's measured time (the sum of its samples) spent in GC pauses, from \`perf_hooks\`
'gc' entries that start during the timed run (median over rounds); ops/s = 1000 / mean.
**Ratios ×hand / ×weft (and the chart and targets) are computed from the MEANS** (lower is better): a codec that
allocates pays for it in the mean, not in the median. JSON-based cases produce a string (bytes = its UTF-8 length);
binary cases produce a Uint8Array. \`citm\` and \`twitter\` are real data (\`<repo>/../shared/data\`, see bench/README.md).

${tbl}
![ratios](results/chart.svg)

## Fixed per-call cost

\`serialize(null)\` and a one-object message (one Customer: five fields, two tags, a Date), in one process
(\`src/fixed.ts\`, tinybench); the hand side is the hand codec's own Customer code, whose output has its own
ArrayBuffer, as weft's does. Target (issue 13): weft within 2× of hand, ratios of means.

| message | codec | bytes | ser mean | ser median | ser ×hand | de mean | de median | de ×hand |
|---|---|--:|--:|--:|--:|--:|--:|--:|
${fixedRows.join('\n')}

## Scaling (weft and the hand-written codec on graph)

Mean (vs 0.1×), median, GC share and the per-object cost (mean / objects) of each direction.

| serializer | scale | objects | bytes | ser mean (vs 0.1×) | ser median | ser GC | ser per object | de mean (vs 0.1×) | de median | de GC | de per object |
|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|
${scaleRows.join('\n')}

## Peak memory during one serialize (graph)

Peak process RSS growth sampled from a worker thread every ~0.5 ms during the call, and heap + ArrayBuffer growth right after it.

| serializer | scale | objects | output | peak RSS growth | heap+buffers growth |
|---|---|--:|--:|--:|--:|
${memRows.join('\n')}

Raw samples: \`bench/results/latest.json\` (≤ 200 per task; every sample in the git-ignored \`bench/results/raw-*.json\`).
`;
  const notesFile = join(benchDir, 'RESULTS.notes.md');
  let notes = '';
  try {
    notes = '\n' + readFileSync(notesFile, 'utf8');
  } catch {
    // no hand-written notes yet
  }
  writeFileSync(join(benchDir, 'RESULTS.md'), md + notes);
  console.error(`wrote ${join(benchDir, 'RESULTS.md')}`);
}

void main();
