#!/usr/bin/env node
// Long-running fuzzer for BinaryFormatter, JsonFormatter and the .NET BinaryFormatter (MS-NRBF) readers
// (not part of CI; see ../SECURITY.md).
//
//   pnpm --filter @weft/runtime run build
//   pnpm --filter @weft/runtime fuzz -- --seconds 600 [--seed 1234] [--hang-ms 10000] [--target binary|json|nrbf|both|all]
//   node packages/runtime/fuzz/fuzz.mjs --seconds 600
//   node packages/runtime/fuzz/fuzz.mjs --seconds 120 --target nrbf
//
// --target: binary, json, nrbf, or a comma list (binary,nrbf); both = binary and json (the default);
// all = the three.
//
// It compiles test/security/fixtures.ts with @weft/transformer (so the types match the tests),
// serializes the sample graphs into a binary and a JSON corpus, then, in a worker thread watched
// for hangs, feeds each formatter (default limits, and tight limits that allow 4 RegExps):
//   - mutated binary frames (bit flips, byte overwrites, inserts, deletes, splices, truncation,
//     inflated varint lengths, repeated slices) and random bytes;
//   - JSON documents mutated as trees (markers, references, nesting, copies, long arrays) or as text;
//   - the attack classes of issue 12, built directly: Maps/Sets/"$map"/"$set"/"$id" labels with
//     keys colliding in V8's number hash, RegExps of costly atoms, hole runs, long bigints and
//     reference fan-out, chains of 100-16,000 IObjectReference or surrogate replacements;
//   - and serializes graphs whose OnSerializing callbacks grow or shrink collections being
//     written (the result must be a coded error or a frame that reads back).
// The nrbf target feeds every input to decodeNrbf and to NrbfFormatter.deserialize (unknownTypes
// 'record', the fixtures' surrogates; default limits, and tight ones): the Mono corpus
// (test/nrbf/mono-corpus/*.bin) and every third corefx blob (../shared/data/nrbf-dotnet-testdata),
// mutated bytewise and where NRBF keeps record types, ids, lengths and counts; random typed graphs
// aimed at the System.* shapes NrbfFormatter converts and at the fixtures' classes; and hostile
// shapes (nesting around maxDepth, null runs, lying lengths, reference fan-out, gadget and
// prototype names): see nrbf-bytes.mjs. Besides the findings below, a decodeNrbf that returns
// must have consumed the whole input.
// A finding is any input that makes a decode
//   - throw anything but a SerializationException,
//   - throw CALLBACK_FAILED (the fixtures' own code never throws anything else),
//   - overflow the JS stack (depth must be bounded by limits.maxDepth, not by the stack),
//   - take longer than --slow-ms (default 2000), or hang (--hang-ms, default 10000),
//   - touch Object.prototype,
//   - fail without a JSON location (JsonFormatter, except whole-text errors),
//   - or decode into a graph that then fails to serialize with a non-SerializationException;
//   - or a serialize that returns a frame that does not read back.
// The five slowest decodes are reported with their sizes.
// Each finding is written to test/security/regressions/<kind>-<hash>.bin (nrbf-<kind>-<hash>.bin for
// the nrbf target); regressions.test.ts replays them.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { Enc, TAG, collidingDoubles, collidingInts } from './hostile-bytes.mjs';
import { hostileGraph, mutateNrbf, randomGraph } from './nrbf-bytes.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const pkg = join(here, '..');
const regressionsDir = join(pkg, 'test', 'security', 'regressions');
const monoCorpusDir = join(pkg, 'test', 'nrbf', 'mono-corpus');
const corefxData = join(pkg, '..', '..', '..', 'shared', 'data', 'nrbf-dotnet-testdata', 'corefx-BinaryFormatterTestData.jsonl');
const TARGETS = ['binary', 'json', 'nrbf'];
const MAX_INPUT = 1 << 20;

function parseArgs(argv) {
  const o = { seconds: 60, seed: Date.now() >>> 0, hangMs: 10_000, slowMs: 1_000, maxLen: 64 * 1024, targets: ['binary', 'json'] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[i + 1];
    if (a === '--seconds') (o.seconds = Number(v)), i++;
    else if (a === '--seed') (o.seed = Number(v) >>> 0), i++;
    else if (a === '--hang-ms') (o.hangMs = Number(v)), i++;
    else if (a === '--slow-ms') (o.slowMs = Number(v)), i++;
    else if (a === '--max-len') (o.maxLen = Number(v)), i++;
    else if (a === '--target') {
      o.targets = v === 'both' ? ['binary', 'json'] : v === 'all' ? [...TARGETS] : String(v).split(',');
      for (const t of o.targets) if (!TARGETS.includes(t)) throw new Error(`unknown target ${t} (binary, json, nrbf, both, all)`);
      i++;
    } else if (a === '--') continue;
    else if (a === '--help' || a === '-h') {
      console.log('usage: fuzz.mjs [--seconds N] [--seed S] [--hang-ms N] [--slow-ms N] [--max-len N] [--target binary|json|nrbf|both|all|<list>]');
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
  const meta = new Int32Array(shared, 0, 3); // [heartbeat, input length, busy (2: an nrbf input)]
  const started = Date.now();
  const deadline = started + opts.seconds * 1000;
  let execs = 0;
  let ok = 0;
  const codes = {};
  const findings = [];
  let slowest = [];
  let worker = null;
  let seed = opts.seed;
  let lastBeat = -1;
  let lastBeatAt = Date.now();
  let restarts = 0;

  const spawn = () => {
    worker = new Worker(fileURLToPath(import.meta.url), {
      workerData: { fixtures: pathToFileURL(fixtures).href, shared, seed, deadline, slowMs: opts.slowMs, maxLen: opts.maxLen, targets: opts.targets },
      // ~1 MB of stack like Node's main thread (a worker's default is 4 MB), 1 GB of heap.
      resourceLimits: { maxOldGenerationSizeMb: 1024, stackSizeMb: 1 },
    });
    seed = (seed + 0x9e3779b9) >>> 0;
    worker.on('message', (m) => {
      if (m.type === 'stats') {
        execs += m.execs;
        ok += m.ok;
        for (const [k, v] of Object.entries(m.codes)) codes[k] = (codes[k] ?? 0) + v;
        slowest = [...slowest, ...m.slowest].sort((a, b) => b.ms - a.ms).slice(0, 5);
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
      findings.push(saveFinding(Atomics.load(meta, 2) === 2 ? 'nrbf-crash' : 'crash', bytes, `worker died: ${e?.stack ?? e}`));
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
    const summary = { seconds: Math.round(seconds), targets: opts.targets, execs, decodedOk: ok, execsPerSecond: Math.round(execs / seconds), seed: opts.seed, restarts, findings, slowest, codes };
    console.log(JSON.stringify(summary, null, 2));
    writeFileSync(join(here, 'last-run.json'), `${JSON.stringify(summary, null, 2)}\n`);
  };

  const timer = setInterval(() => {
    const beat = Atomics.load(meta, 0);
    if (beat !== lastBeat) {
      lastBeat = beat;
      lastBeatAt = Date.now();
    } else if (worker && Atomics.load(meta, 2) !== 0 && Date.now() - lastBeatAt > opts.hangMs) {
      const len = Atomics.load(meta, 1);
      const bytes = Buffer.from(new Uint8Array(shared, 12, len));
      findings.push(saveFinding(Atomics.load(meta, 2) === 2 ? 'nrbf-hang' : 'hang', bytes, `no progress for ${opts.hangMs} ms`));
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

async function runWorker({ fixtures, shared, seed, deadline, slowMs, maxLen, targets }) {
  const runtime = await import('@weft/runtime');
  const { SerializationException } = runtime;
  const fx = await import(fixtures);
  const meta = new Int32Array(shared, 0, 3);
  const window = new Uint8Array(shared, 12, MAX_INPUT);
  // Default limits (RegExps refused), and tight limits that allow a few RegExps so that V8's
  // pattern parser is fed too (sources are at most 64 bytes under these limits).
  const tight = { limits: { maxDepth: 40, maxObjects: 3000, maxCollectionLength: 200, maxStringLength: 64, maxBytes: 32 * 1024, maxRegExps: 4 } };
  const binary = { name: 'binary', formatters: [fx.makeFormatter(), fx.makeFormatter(tight)] };
  const json = { name: 'json', formatters: [fx.makeJsonFormatter({ indent: 0 }), fx.makeJsonFormatter({ indent: 0, ...tight })] };
  binary.corpus = fx.sampleGraphs().map((g) => binary.formatters[0].serialize(g));
  // compact-mode frames too (TypeFingerprint type definitions; the fixtures' classes are registered)
  const compact = fx.makeFormatter({ layouts: 'fingerprint' });
  binary.corpus.push(...fx.sampleGraphs().map((g) => compact.serialize(g)));
  json.corpus = fx.sampleGraphs().map((g) => json.formatters[0].serialize(g));
  // NRBF: decodeNrbf and NrbfFormatter, each with default and tight limits; unknown types read as records.
  const { decodeNrbf, NrbfFormatter } = runtime;
  const selector = binary.formatters[0].surrogateSelector;
  const nrbf = {
    name: 'nrbf',
    formatters: [new NrbfFormatter({ unknownTypes: 'record', surrogateSelector: selector }), new NrbfFormatter({ unknownTypes: 'record', surrogateSelector: selector, ...tight })],
    strict: new NrbfFormatter({ surrogateSelector: selector }),
    limits: [undefined, tight.limits],
    corpus: targets.includes('nrbf') ? nrbfSeeds(maxLen) : [],
  };
  for (const f of safeList(regressionsDir)) {
    if (!f.endsWith('.bin')) continue;
    const bytes = new Uint8Array(readFileSync(join(regressionsDir, f)));
    (f.startsWith('nrbf-') ? nrbf : bytes[0] === 0x57 && bytes[1] === 0x46 ? binary : json).corpus.push(bytes);
  }
  for (const t of [binary, json, nrbf]) t.baseCorpus = t.corpus.length;
  const active = [binary, json, nrbf].filter((t) => targets.includes(t.name));
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
  const pick = (a) => a[ri(a.length)];
  const INTERESTING = [0x00, 0x01, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x11, 0x14, 0x15, 0x16, 0x17, 0x18, 0x40, 0x7f, 0x80, 0xff, 0xfe, 0x0f, 0x10];

  const mutateBytes = (input, corpus, fixHeader) => {
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
    if (fixHeader && b.length >= 8 && rnd() < 0.9) {
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

  // -- JSON: structure-aware mutations of the parsed document ------------------------------------
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  const TYPE_KEYS = ['shop:Order', 'x'];
  for (const doc of json.corpus.slice(0, json.baseCorpus)) {
    try {
      for (const k of Object.keys(JSON.parse(dec.decode(doc)).types ?? {})) if (!TYPE_KEYS.includes(k)) TYPE_KEYS.push(k);
    } catch {}
  }
  const DECIMAL_4096 = `1${'0'.repeat(4095)}`;
  const DECIMAL_4097 = `1${'0'.repeat(4096)}`;
  const bigNumber = () => pick([0, -1, 1, 0.5, 2 ** 31, 2 ** 32, 2 ** 53, -(2 ** 53), 1e21, 16777216, 16777217, 4294967295, 1e308]);
  const jsonAtoms = () => [
    null, true, '', '$x', '$$x', 'x'.repeat(ri(100)), bigNumber(), [], {},
    { $ref: ri(20) }, { $id: ri(20) }, { $holes: pick([1, 2, 1000, 9_000_000, 16_777_216, 2 ** 32]) },
    { $bigint: pick(['0', '-0', '12x', DECIMAL_4096, DECIMAL_4097, `0x${'f'.repeat(1 + ri(3000))}`, '0x0f', '-0x1']) },
    { $regexp: pick(['a+', '(', '\\p{L}', '\\p{RGI_Emoji}', '(?<a>x)\\k<a>', '[\\q{ab|c}]']), flags: pick(['', 'g', 'vi', 'ui', 'zz', 'v']) },
    { $map: [[bigNumber(), null], [bigNumber(), 1]] }, { $set: [bigNumber(), bigNumber()] }, { $array: [1, { $holes: 3 }] },
    { $deferred: ri(3) }, { $type: pick(TYPE_KEYS) }, { $date: pick(['2024-01-01T00:00:00Z', null, 'x']) },
    { $number: pick(['NaN', '-0', '1']) }, { $proto: null, a: 1 }, { $arraybuffer: pick(['', 'AAAA', '!!', 'AQ==']) },
    { $typedarray: pick(['Uint8Array', 'Float64Array', 'DataView', 'Nope']), buffer: { $arraybuffer: 'AAAAAAAAAAA=' }, byteOffset: ri(9), length: ri(9) },
    { $error: pick(['TypeError', 'Error', 'Evil']), message: 'm', cause: { $ref: 0 } }, { $undefined: true },
  ];
  const collect = (root) => {
    const slots = [];
    const walk = (v, depth) => {
      if (slots.length > 5000 || depth > 60 || typeof v !== 'object' || v === null) return;
      for (const k of Array.isArray(v) ? v.keys() : Object.keys(v)) {
        slots.push([v, k]);
        walk(v[k], depth + 1);
      }
    };
    walk(root, 0);
    return slots;
  };
  const mutateJson = (input) => {
    // Tree mutations parse and print the whole document: large ones mostly get byte mutations.
    if (rnd() < (input.length > 16384 ? 0.9 : 0.3)) return mutateBytes(input, json.corpus, false);
    // JSON.stringify and structuredClone recurse: a tree nested past the worker's stack falls back to bytes.
    try {
      return mutateTree(input);
    } catch {
      return mutateBytes(input, json.corpus, false);
    }
  };
  const mutateTree = (input) => {
    let doc;
    try {
      doc = JSON.parse(dec.decode(input));
    } catch {
      return mutateBytes(input, json.corpus, false);
    }
    const rounds = 1 + ri(4);
    for (let r = 0; r < rounds; r++) {
      const slots = collect(doc);
      if (slots.length === 0) break;
      const [o, k] = pick(slots);
      switch (ri(8)) {
        case 0: o[k] = pick(jsonAtoms()); break; // (a fresh list: atoms hold random parts)
        case 1: if (Array.isArray(o)) o.splice(k, 1); else delete o[k]; break;
        case 2: { const [o2, k2] = pick(slots); o[k] = structuredClone(o2[k2]); break; } // copy a subtree elsewhere
        case 3: { // wrap in nesting
          let v = o[k];
          const n = 1 + ri(rnd() < 0.8 ? 10 : 1000);
          for (let i = 0; i < n; i++) v = pick([() => [v], () => ({ a: v }), () => ({ $array: [v] }), () => ({ $set: [v] }), () => ({ $map: [[1, v]] })])();
          o[k] = v;
          break;
        }
        case 4: if (typeof o[k] === 'number') o[k] = bigNumber(); else if (typeof o[k] === 'string') o[k] = pick(['', '$', 'x'.repeat(70), '\u0000', '\ud800']); break;
        case 5: if (!Array.isArray(o)) { o[pick(['$id', '$ref', '$type', '$proto', '$holes', '$x', '__proto__', 'constructor'])] = pick(jsonAtoms()); } break;
        case 6: if (Array.isArray(o[k])) { // grow an array: primitives copied, objects by reference (a shared subtree would print n times)
          const a = o[k];
          const n = ri(rnd() < 0.8 ? 50 : 5000);
          for (let i = 0; i < n; i++) {
            const x = a.length ? a[ri(a.length)] : null;
            a.push(typeof x === 'object' && x !== null ? { $ref: ri(20) } : x);
          }
        } break;
        case 7: if (typeof o[k] === 'object' && o[k] !== null && !Array.isArray(o[k])) o[`${k}`] = { ...o[k], [pick(['$id', '$weft', 'k'])]: ri(3) }; break;
      }
    }
    const out = enc.encode(JSON.stringify(doc));
    return out.length > maxLen ? out.subarray(0, maxLen) : out;
  };

  // -- Attack generators: the classes of issue 12, built directly ----------------------------------
  const COLLIDING = { int: collidingInts(3000), double: collidingDoubles(3000) };
  // Bigints with the same low 64 bits: V8 hashes only those.
  COLLIDING.bigint = COLLIDING.int.map((_, i) => (BigInt(i + 1) << 64n) | 12345n);
  const atoms = ['\\p{L}', '\\p{RGI_Emoji}', '\\w', '[a-z]', '(?<n>a)', '\\k<n>', 'a{1000}', '(a|b)*', '.', '[\\q{ab|c}]', '\\P{Lu}', '[^\\p{L}--\\p{Lu}]'];
  const handleChains = [];
  const unwrapChains = [];
  const chain = (kind, n) => {
    const cache = kind === 'handle' ? handleChains : unwrapChains;
    if (cache.length < 6) {
      let head = null;
      for (let i = 0; i < n; i++) {
        if (kind === 'handle') {
          const h = new fx.Handle();
          h.next = head;
          head = h;
        } else head = new fx.Unwrap(head ?? {});
      }
      cache.push([binary.formatters[0].serialize([head]), json.formatters[0].serialize([head])]);
    }
    return pick(cache);
  };
  const generators = {
    binary: [
      () => { // a Map or Set of colliding number/bigint keys
        const kind = pick(['int', 'double', 'bigint']);
        const keys = COLLIDING[kind].slice(0, 200 + ri(2800));
        const set = rnd() < 0.5;
        const e = new Enc().u8(set ? TAG.Set : TAG.Map).varint(keys.length);
        for (const k of keys) {
          if (kind === 'int') e.int(k);
          else if (kind === 'double') e.f64(k);
          else e.bigint(k);
          if (!set) e.u8(TAG.Null);
        }
        return e.frame();
      },
      () => { // RegExps from costly atoms
        const n = 1 + ri(6);
        const e = new Enc().u8(TAG.Array).varint(n);
        for (let i = 0; i < n; i++) {
          let src = '';
          while (src.length < 60 && rnd() < 0.8) src += pick(atoms);
          e.u8(TAG.RegExp).str(src).str(pick(['', 'u', 'v', 'vi', 'ui', 'gimsuy', 'x']));
        }
        return e.frame();
      },
      () => chain(pick(['handle', 'unwrap']), rnd() < 0.1 ? 16000 : pick([100, 1000]))[0], // replacement chains
    ],
    json: [
      () => { // colliding $map / $set / $id labels
        const keys = (rnd() < 0.5 ? COLLIDING.int : COLLIDING.double).slice(0, 200 + ri(2800));
        const root = pick([() => ({ $map: keys.map((k) => [k, 0]) }), () => ({ $set: keys }), () => [...keys.map((k) => ({ $id: k })), ...keys.map((k) => ({ $ref: k }))]])();
        return enc.encode(JSON.stringify({ $weft: 1, root }));
      },
      () => { // amplifying markers: hole runs, reference fan-out, long bigints, deferred
        const parts = [];
        const n = 1 + ri(64);
        for (let i = 0; i < n; i++) {
          parts.push(pick([
            () => `{"$array":[{"$holes":${pick([16777216, 9000000, 16777217])}}]}`,
            () => `{"$bigint":"${pick(['', '-'])}${pick([`1${'7'.repeat(ri(5000))}`, `0x1${'f'.repeat(ri(rnd() < 0.1 ? 60000 : 2000))}`])}"}`,
            () => `{"$ref":0}`,
            () => `[${'['.repeat(ri(500))}1${']'.repeat(ri(500))}]`,
          ])());
        }
        return enc.encode(`{"$weft":1,"root":[{"$id":0,"a":1},${parts.join(',')}]}`);
      },
      () => chain(pick(['handle', 'unwrap']), rnd() < 0.1 ? 16000 : pick([100, 1000]))[1],
    ],
  };

  // -- Serialize side: graphs that change while they are written ---------------------------------
  const mutatingGraph = () => {
    const containers = [];
    const make = (d) => {
      const r = ri(5);
      if (d > 3 || r === 0) {
        const m = new fx.Mutator();
        m.op = ri(3);
        return m;
      }
      const c = r === 1 ? new Map() : r === 2 ? new Set() : [];
      containers.push(c);
      const n = ri(4);
      for (let i = 0; i < n; i++) {
        const v = make(d + 1);
        if (c instanceof Map) c.set(`e${i}`, v);
        else if (c instanceof Set) c.add(v);
        else c.push(v);
      }
      return c;
    };
    const root = make(0);
    const all = [root];
    const walk = (v) => {
      if (v instanceof fx.Mutator) v.target = containers.length ? pick(containers) : null;
      else if (v instanceof Map) for (const x of v.values()) walk(x);
      else if (v instanceof Set || Array.isArray(v)) for (const x of v) walk(x);
    };
    walk(root);
    return all;
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
  // Errors every JSON failure may carry without a JSON location: they concern the whole text.
  const WHOLE_TEXT = new Set(['INVALID_UTF8', 'INVALID_HEADER', 'TRUNCATED', 'LIMIT_EXCEEDED']);
  const bad = (e, target) =>
    !isSE(e) ? `non-SerializationException: ${e?.stack ?? e}` :
      e.code === 'CALLBACK_FAILED' ? `CALLBACK_FAILED (runtime bug surfacing as a callback error): ${e.message}\n${e.cause?.stack ?? ''}` :
        /stack overflowed/.test(e.message) ? `stack overflow: ${e.message}` :
          typeof e.offset !== 'number' ? `no offset: ${e.code} ${e.message}` :
            target === 'json' && e.json === undefined && !WHOLE_TEXT.has(e.code) ? `no JSON position: ${e.code} ${e.message}` :
              /[\u0000-\u001f]/.test(e.message) || e.message.length > 2000 ? `suspicious message: ${JSON.stringify(e.message.slice(0, 200))}` : null;

  let execs = 0;
  let ok = 0;
  let codes = {};
  let slowest = [];
  let lastReport = Date.now();

  /** One NRBF input through decodeNrbf and NrbfFormatter.deserialize (same input, picked limits). */
  const runNrbf = (input) => {
    const count = (k) => (codes[k] = (codes[k] ?? 0) + 1);
    const limits = pick(nrbf.limits);
    const fmt = rnd() < 0.1 ? nrbf.strict : pick(nrbf.formatters);
    /** Runs one reader on the input: its outcome counted, a bad failure or a slow run a finding. */
    const attempt = (what, key, read) => {
      const t = performance.now();
      let ok = false;
      try {
        read();
        ok = true;
        count(`nrbf:${key}:OK`);
      } catch (e) {
        const why = bad(e, 'nrbf');
        if (why) finding(isSE(e) ? 'nrbf-bad-error' : 'nrbf-non-se', input, `${what}: ${why}`);
        count(`nrbf:${key}:${isSE(e) ? e.code : 'OTHER'}`);
      }
      const ms = performance.now() - t;
      if (ms > slowMs) finding('nrbf-slow', input, `${what} took ${Math.round(ms)} ms for ${input.length} bytes`);
      return { ok, ms };
    };
    const decode = attempt('decodeNrbf', 'decode', () => {
      const graphs = decodeNrbf(input, { limits });
      const consumed = graphs.reduce((n, g) => n + g.length, 0);
      if (consumed !== input.length || graphs[0].offset !== 0) finding('nrbf-bad-length', input, `decodeNrbf returned graphs of ${consumed} bytes for ${input.length}`);
    });
    const format = attempt('NrbfFormatter', 'formatter', () => fmt.deserialize(input));
    return { decoded: decode.ok, dt: decode.ms + format.ms };
  };

  /** Keeps the five slowest inputs of the reporting period. */
  const noteSlowest = (name, dt, input, decoded) => {
    if (slowest.length < 5 || dt > slowest[slowest.length - 1].ms) {
      slowest.push({ target: name, ms: Math.round(dt * 10) / 10, bytes: input.length, outcome: decoded ? 'ok' : 'error' });
      slowest.sort((a, b) => b.ms - a.ms);
      slowest = slowest.slice(0, 5);
    }
  };

  /** After each input: the heartbeat, a prototype check every 1024 inputs, stats every second. */
  const afterExec = (input, protoKind) => {
    Atomics.store(meta, 2, 0);
    execs++;
    if ((execs & 1023) === 0) {
      if (Object.getOwnPropertyNames(Object.prototype).join(',') !== protoKeys || ({}).polluted !== undefined) {
        finding(protoKind, input, 'Object.prototype changed during the last 1024 inputs');
      }
      if (Date.now() - lastReport > 1000) {
        parentPort.postMessage({ type: 'stats', execs, ok, codes, slowest });
        execs = 0;
        ok = 0;
        codes = {};
        slowest = [];
        lastReport = Date.now();
      }
    }
  };

  while (Date.now() < deadline) {
    const target = pick(active);
    const r = rnd();
    if (target === nrbf) {
      const input =
        r < 0.1 ? hostileGraph(ri, rnd) :
          r < 0.3 ? randomGraph(ri, rnd) :
            r < 0.4 ? mutateNrbf(randomGraph(ri, rnd), ri, rnd, (b) => mutateBytes(b, nrbf.corpus, false)) :
              mutateNrbf(pick(nrbf.corpus), ri, rnd, (b) => mutateBytes(b, nrbf.corpus, false));
      window.set(input.subarray(0, MAX_INPUT));
      Atomics.store(meta, 1, Math.min(input.length, MAX_INPUT));
      Atomics.store(meta, 2, 2);
      Atomics.add(meta, 0, 1);
      const { decoded, dt } = runNrbf(input);
      noteSlowest('nrbf', dt, input, decoded);
      if (decoded) {
        ok++;
        if (nrbf.corpus.length < nrbf.baseCorpus + 2000 && input.length < 8192 && rnd() < 0.05) nrbf.corpus.push(input);
      }
      afterExec(input, 'nrbf-proto');
      continue;
    }
    if (r < 0.03) {
      // serialize a graph that changes under it: a coded error, or a frame that reads back
      const fmt = target.formatters[0];
      let bytes = null;
      try {
        bytes = fmt.serialize(mutatingGraph());
      } catch (e) {
        if (!isSE(e)) finding('serialize', new Uint8Array(0), `serialize threw ${e?.stack ?? e}`);
        const code = isSE(e) ? `serialize:${e.code}` : 'serialize:OTHER';
        codes[code] = (codes[code] ?? 0) + 1;
      }
      if (bytes !== null) {
        try {
          fmt.deserialize(bytes);
          codes['serialize:OK'] = (codes['serialize:OK'] ?? 0) + 1;
        } catch (e) {
          finding('lying-frame', bytes, `serialize returned a frame that does not read back: ${e?.message ?? e}`);
        }
      }
      execs++;
      continue;
    }
    const input =
      r < 0.08 ? pick(generators[target.name])() :
        target === binary && r < 0.25 ? randomInput() :
          target === binary ? mutateBytes(pick(binary.corpus), binary.corpus, true) : mutateJson(pick(json.corpus));
    const fmt = pick(target.formatters);
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
      const why = bad(e, target.name);
      if (why) finding(isSE(e) ? 'bad-error' : 'non-se', input, why);
      const code = `${target.name}:${isSE(e) ? e.code : 'OTHER'}`;
      codes[code] = (codes[code] ?? 0) + 1;
    }
    const dt = performance.now() - t0;
    if (dt > slowMs) finding('slow', input, `${target.name} decode took ${Math.round(dt)} ms for ${input.length} bytes`);
    noteSlowest(target.name, dt, input, decoded);
    if (decoded) {
      ok++;
      codes[`${target.name}:OK`] = (codes[`${target.name}:OK`] ?? 0) + 1;
      try {
        target.formatters[0].serialize(graph);
      } catch (e) {
        if (!isSE(e)) finding('reserialize', input, `serializing a decoded graph threw ${e?.stack ?? e}`);
      }
      if (target.corpus.length < target.baseCorpus + 2000 && input.length < 8192 && rnd() < 0.05) target.corpus.push(input);
    }
    afterExec(input, 'proto');
  }
  parentPort.postMessage({ type: 'stats', execs, ok, codes, slowest });
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

/** The NRBF seeds: the Mono corpus and every third corefx blob, each at most maxLen bytes. */
function nrbfSeeds(maxLen) {
  const out = [];
  for (const f of safeList(monoCorpusDir)) {
    if (f.endsWith('.bin')) out.push(new Uint8Array(readFileSync(join(monoCorpusDir, f))));
  }
  let text = '';
  try {
    text = readFileSync(corefxData, 'utf8');
  } catch {
    console.log(`(no corefx blobs at ${corefxData}: seeding from the Mono corpus only)`);
  }
  let i = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    for (const b of JSON.parse(line).blobs) if (i++ % 3 === 0) out.push(new Uint8Array(Buffer.from(b.b64, 'base64')));
  }
  return out.filter((b) => b.length <= maxLen);
}

function safeList(dir) {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}
