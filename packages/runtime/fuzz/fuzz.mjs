#!/usr/bin/env node
// Long-running fuzzer for BinaryFormatter.deserialize (not part of CI; see ../SECURITY.md).
//
//   pnpm --filter @weft/runtime run build
//   pnpm --filter @weft/runtime fuzz -- --seconds 600 [--seed 1234] [--hang-ms 10000]
//   node packages/runtime/fuzz/fuzz.mjs --seconds 600
//
// It compiles test/security/fixtures.ts with @weft/transformer (so the types match the tests),
// serializes the sample graphs into a corpus, then mutates corpus entries (bit flips, byte
// overwrites, inserts, deletes, splices, truncation, inflated varint lengths) and feeds random
// bytes, in a worker thread watched for hangs. A finding is any input that makes a decode
//   - throw anything but a SerializationException,
//   - throw CALLBACK_FAILED (the fixtures' own code never throws anything else),
//   - overflow the JS stack (depth must be bounded by limits.maxDepth, not by the stack),
//   - take longer than --slow-ms (default 2000), or hang (--hang-ms, default 10000),
//   - touch Object.prototype,
//   - or decode into a graph that then fails to serialize with a non-SerializationException.
// Each finding is written to test/security/regressions/<kind>-<hash>.bin; regressions.test.ts replays them.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

const here = dirname(fileURLToPath(import.meta.url));
const pkg = join(here, '..');
const regressionsDir = join(pkg, 'test', 'security', 'regressions');
const MAX_INPUT = 1 << 20;

function parseArgs(argv) {
  const o = { seconds: 60, seed: Date.now() >>> 0, hangMs: 10_000, slowMs: 2_000, maxLen: 64 * 1024 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[i + 1];
    if (a === '--seconds') (o.seconds = Number(v)), i++;
    else if (a === '--seed') (o.seed = Number(v) >>> 0), i++;
    else if (a === '--hang-ms') (o.hangMs = Number(v)), i++;
    else if (a === '--slow-ms') (o.slowMs = Number(v)), i++;
    else if (a === '--max-len') (o.maxLen = Number(v)), i++;
    else if (a === '--') continue;
    else if (a === '--help' || a === '-h') {
      console.log('usage: fuzz.mjs [--seconds N] [--seed S] [--hang-ms N] [--slow-ms N] [--max-len N]');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  return o;
}

/** Compiles the shared fixture file with weft's transformer into fuzz/.build (inside the package, so '@weft/runtime' self-resolves to dist). */
function buildFixtures() {
  const require = createRequire(join(pkg, '..', '..', 'package.json'));
  const { transformSource } = require('@weft/transformer');
  const src = join(pkg, 'test', 'security', 'fixtures.ts');
  const out = transformSource(readFileSync(src, 'utf8'), src, { assembly: '@weft/runtime' });
  if (out.diagnostics.length) throw new Error(`fixtures.ts: ${JSON.stringify(out.diagnostics)}`);
  const ts = require('typescript');
  // transformSource keeps type-only syntax out already (transpileModule); emit as .mjs.
  const dir = join(here, '.build');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'fixtures.mjs');
  writeFileSync(file, out.code ?? ts.transpileModule(readFileSync(src, 'utf8'), {}).outputText);
  return file;
}

function saveFinding(kind, bytes, detail) {
  mkdirSync(regressionsDir, { recursive: true });
  const hash = createHash('sha1').update(bytes).digest('hex').slice(0, 16);
  const name = `${kind}-${hash}`;
  writeFileSync(join(regressionsDir, `${name}.bin`), bytes);
  writeFileSync(join(regressionsDir, `${name}.txt`), `${detail}\n`);
  return name;
}

if (isMainThread) {
  const opts = parseArgs(process.argv.slice(2));
  const fixtures = buildFixtures();
  const shared = new SharedArrayBuffer(12 + MAX_INPUT);
  const meta = new Int32Array(shared, 0, 3); // [heartbeat, input length, busy]
  const started = Date.now();
  const deadline = started + opts.seconds * 1000;
  let execs = 0;
  let ok = 0;
  const codes = {};
  const findings = [];
  let worker = null;
  let seed = opts.seed;
  let lastBeat = -1;
  let lastBeatAt = Date.now();
  let restarts = 0;

  const spawn = () => {
    worker = new Worker(fileURLToPath(import.meta.url), {
      workerData: { fixtures: pathToFileURL(fixtures).href, shared, seed, deadline, slowMs: opts.slowMs, maxLen: opts.maxLen },
      // ~1 MB of stack like Node's main thread (a worker's default is 4 MB), 1 GB of heap.
      resourceLimits: { maxOldGenerationSizeMb: 1024, stackSizeMb: 1 },
    });
    seed = (seed + 0x9e3779b9) >>> 0;
    worker.on('message', (m) => {
      if (m.type === 'stats') {
        execs += m.execs;
        ok += m.ok;
        for (const [k, v] of Object.entries(m.codes)) codes[k] = (codes[k] ?? 0) + v;
      } else if (m.type === 'finding') {
        const name = saveFinding(m.kind, Buffer.from(m.bytes), m.detail);
        findings.push(name);
        console.log(`finding: ${name}: ${m.detail.split('\n')[0]}`);
      }
    });
    worker.on('error', (e) => {
      // An error escaping the worker's own loop (e.g. out of memory): keep the input that was running.
      const len = Atomics.load(meta, 1);
      const bytes = Buffer.from(new Uint8Array(shared, 12, len));
      findings.push(saveFinding('crash', bytes, `worker died: ${e?.stack ?? e}`));
      console.log(`finding: worker died: ${e?.message ?? e}`);
    });
    worker.on('exit', () => {
      worker = null;
      if (Date.now() < deadline) {
        restarts++;
        spawn();
      } else finish();
    });
  };

  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    clearInterval(timer);
    const seconds = (Date.now() - started) / 1000;
    const summary = { seconds: Math.round(seconds), execs, decodedOk: ok, execsPerSecond: Math.round(execs / seconds), seed: opts.seed, restarts, findings, codes };
    console.log(JSON.stringify(summary, null, 2));
    writeFileSync(join(here, 'last-run.json'), `${JSON.stringify(summary, null, 2)}\n`);
  };

  const timer = setInterval(() => {
    const beat = Atomics.load(meta, 0);
    if (beat !== lastBeat) {
      lastBeat = beat;
      lastBeatAt = Date.now();
    } else if (worker && Atomics.load(meta, 2) === 1 && Date.now() - lastBeatAt > opts.hangMs) {
      const len = Atomics.load(meta, 1);
      const bytes = Buffer.from(new Uint8Array(shared, 12, len));
      findings.push(saveFinding('hang', bytes, `no progress for ${opts.hangMs} ms`));
      console.log('finding: hang');
      lastBeatAt = Date.now();
      void worker.terminate();
    }
    if (Date.now() > deadline + opts.hangMs + 5000 && worker) void worker.terminate();
  }, 500);
  console.log(`fuzzing for ${opts.seconds} s, seed ${opts.seed}`);
  spawn();
} else {
  await runWorker(workerData);
}

async function runWorker({ fixtures, shared, seed, deadline, slowMs, maxLen }) {
  const runtime = await import('@weft/runtime');
  const { SerializationException } = runtime;
  const fx = await import(fixtures);
  const meta = new Int32Array(shared, 0, 3);
  const window = new Uint8Array(shared, 12, MAX_INPUT);
  const formatters = [
    fx.makeFormatter(),
    fx.makeFormatter({ limits: { maxDepth: 40, maxObjects: 3000, maxCollectionLength: 200, maxStringLength: 64, maxBytes: 32 * 1024 } }),
  ];
  const corpus = fx.sampleGraphs().map((g) => formatters[0].serialize(g));
  for (const f of safeList(regressionsDir)) if (f.endsWith('.bin')) corpus.push(new Uint8Array(readFileSync(join(regressionsDir, f))));
  const baseCorpus = corpus.length;
  const protoKeys = Object.getOwnPropertyNames(Object.prototype).join(',');

  let s = seed || 1;
  const rnd = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x100000000;
  };
  const ri = (n) => Math.floor(rnd() * n);
  const INTERESTING = [0x00, 0x01, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x11, 0x14, 0x15, 0x16, 0x17, 0x18, 0x40, 0x7f, 0x80, 0xff, 0xfe, 0x0f, 0x10];

  const mutate = (input) => {
    let b = Uint8Array.from(input);
    const rounds = 1 + ri(4);
    for (let k = 0; k < rounds; k++) {
      const len = b.length;
      const p = ri(Math.max(1, len));
      switch (ri(11)) {
        case 0: if (len) b[p] ^= 1 << ri(8); break;
        case 1: if (len) b[p] = ri(256); break;
        case 2: if (len) b[p] = INTERESTING[ri(INTERESTING.length)]; break;
        case 3: { // insert random bytes
          const n = 1 + ri(8);
          const ins = Uint8Array.from({ length: n }, () => ri(256));
          b = concat(b.subarray(0, p), ins, b.subarray(p));
          break;
        }
        case 4: { // delete a range
          const n = 1 + ri(16);
          b = concat(b.subarray(0, p), b.subarray(Math.min(len, p + n)));
          break;
        }
        case 5: b = b.subarray(0, p).slice(); break; // truncate
        case 6: { // inflate a varint length: a maximal 5-byte varint, or a large 3-byte one
          const big = ri(2) ? [0xff, 0xff, 0xff, 0xff, 0x0f] : [0xff, 0xff, 0x7f];
          b = concat(b.subarray(0, p), Uint8Array.from(big), b.subarray(Math.min(len, p + 1)));
          break;
        }
        case 7: { // splice a slice of another corpus entry
          const other = corpus[ri(corpus.length)];
          const q = ri(Math.max(1, other.length));
          const n = 1 + ri(64);
          b = concat(b.subarray(0, p), other.subarray(q, q + n), b.subarray(p));
          break;
        }
        case 8: { // duplicate a range (repeats nested prefixes)
          const n = 1 + ri(32);
          b = concat(b.subarray(0, p + n), b.subarray(p, p + n), b.subarray(p + n));
          break;
        }
        case 9: if (len > 9) b[8 + ri(len - 8)] = 0x80 | ri(128); break; // continuation byte
        case 10: { // repeat a short slice hundreds or thousands of times (deep nesting, fan-out)
          const n = 1 + ri(12);
          const times = 100 + ri(rnd() < 0.5 ? 900 : 20_000);
          const unit = b.subarray(p, p + n);
          if (unit.length === 0 || unit.length * times > maxLen) break;
          const rep = new Uint8Array(unit.length * times);
          for (let t = 0; t < times; t++) rep.set(unit, t * unit.length);
          b = concat(b.subarray(0, p), rep, b.subarray(p));
          break;
        }
      }
    }
    if (b.length > maxLen) b = b.subarray(0, maxLen).slice();
    // Mostly keep the frame header consistent so that the body gets parsed.
    if (b.length >= 8 && rnd() < 0.9) {
      b[0] = 0x57; b[1] = 0x46; b[2] = 1; b[3] = 0;
      new DataView(b.buffer, b.byteOffset).setUint32(4, b.length - 8, true);
    }
    return b;
  };

  const randomInput = () => {
    const n = ri(rnd() < 0.9 ? 64 : 4096);
    const b = new Uint8Array(8 + n);
    for (let i = 8; i < b.length; i++) b[i] = rnd() < 0.3 ? INTERESTING[ri(INTERESTING.length)] : ri(256);
    if (rnd() < 0.95) {
      b.set([0x57, 0x46, 1, 0]);
      new DataView(b.buffer).setUint32(4, n, true);
    } else for (let i = 0; i < 8; i++) b[i] = ri(256);
    return b;
  };

  // At most 3 inputs per kind of failure (message with numbers and quoted names blanked).
  const seen = new Map();
  const finding = (kind, bytes, detail) => {
    const sig = `${kind}:${detail.split('\n')[0].replace(/"[^"]*"/g, '""').replace(/\d+/g, '#')}`;
    const n = seen.get(sig) ?? 0;
    seen.set(sig, n + 1);
    if (n < 3) parentPort.postMessage({ type: 'finding', kind, bytes: Buffer.from(bytes), detail });
  };
  const isSE = (e) => e instanceof SerializationException;
  const bad = (e) =>
    !isSE(e) ? `non-SerializationException: ${e?.stack ?? e}` :
      e.code === 'CALLBACK_FAILED' ? `CALLBACK_FAILED (runtime bug surfacing as a callback error): ${e.message}\n${e.cause?.stack ?? ''}` :
        /stack overflowed/.test(e.message) ? `stack overflow: ${e.message}` :
          typeof e.offset !== 'number' ? `no offset: ${e.code} ${e.message}` :
            /[\u0000-\u001f]/.test(e.message) || e.message.length > 2000 ? `suspicious message: ${JSON.stringify(e.message.slice(0, 200))}` : null;

  let execs = 0;
  let ok = 0;
  let codes = {};
  let lastReport = Date.now();
  while (Date.now() < deadline) {
    const input = rnd() < 0.2 ? randomInput() : mutate(corpus[ri(corpus.length)]);
    const fmt = formatters[ri(formatters.length)];
    window.set(input.subarray(0, MAX_INPUT));
    Atomics.store(meta, 1, Math.min(input.length, MAX_INPUT));
    Atomics.store(meta, 2, 1);
    Atomics.add(meta, 0, 1);
    const t0 = performance.now();
    let graph;
    let decoded = false;
    try {
      graph = fmt.deserialize(input);
      decoded = true;
    } catch (e) {
      const why = bad(e);
      if (why) finding(isSE(e) ? 'bad-error' : 'non-se', input, why);
      const code = isSE(e) ? e.code : 'OTHER';
      codes[code] = (codes[code] ?? 0) + 1;
    }
    const dt = performance.now() - t0;
    if (dt > slowMs) finding('slow', input, `decode took ${Math.round(dt)} ms for ${input.length} bytes`);
    if (decoded) {
      ok++;
      codes.OK = (codes.OK ?? 0) + 1;
      try {
        formatters[0].serialize(graph);
      } catch (e) {
        if (!isSE(e)) finding('reserialize', input, `serializing a decoded graph threw ${e?.stack ?? e}`);
      }
      if (corpus.length < baseCorpus + 2000 && input.length < 8192 && rnd() < 0.05) corpus.push(input);
    }
    Atomics.store(meta, 2, 0);
    execs++;
    if ((execs & 1023) === 0) {
      if (Object.getOwnPropertyNames(Object.prototype).join(',') !== protoKeys || ({}).polluted !== undefined) {
        finding('proto', input, 'Object.prototype changed during the last 1024 inputs');
      }
      if (Date.now() - lastReport > 1000) {
        parentPort.postMessage({ type: 'stats', execs, ok, codes });
        execs = 0;
        ok = 0;
        codes = {};
        lastReport = Date.now();
      }
    }
  }
  parentPort.postMessage({ type: 'stats', execs, ok, codes });
}

function concat(...parts) {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function safeList(dir) {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}
