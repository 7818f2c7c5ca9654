#!/usr/bin/env node
// Denial-of-service measurement harness (not part of CI; see ../SECURITY.md).
//
// Reproduces each denial-of-service finding of the security review against one build of the
// runtime and prints, per attack: the input size, the wall time of only the operation under test
// (decode, serialize, transcode…), the peak RSS of the process and the outcome (ok,
// SerializationException <code>, another error, or a crash such as a heap OOM), so that a
// "before" and an "after" build can be compared.
//
//   pnpm --filter @weft/runtime run build
//   node packages/runtime/fuzz/attacks.mjs                       # every attack against packages/runtime/dist
//   node packages/runtime/fuzz/attacks.mjs --runtime /tmp/weft-before/dist --json
//   node packages/runtime/fuzz/attacks.mjs --only map-int-collide,map-int-control --scale 2
//   node packages/runtime/fuzz/attacks.mjs --list
//
// Options:
//   --runtime <dir>   directory holding the runtime's index.js (and tooling.js, internal.js); default packages/runtime/dist
//   --only a,b        run only these attacks (names as printed by --list)
//   --timeout-s N     per-attack time limit in seconds (default 120); the child is killed and "timeout > N s" reported
//   --scale N         multiplier for every attack's size (default 1)
//   --heap MB         pass --max-old-space-size=MB to every child (an attack may pin its own, e.g. *-heap1200)
//   --json            also print the results as JSON (one array) after the table
//   --warm N          run the operation N times untimed first, then report the least of 4 timed runs
//                     (steady state, for the × JSON.parse column; slow attacks take N+4 times as long)
//
// How it works: the parent compiles fuzz/attack-fixtures.ts with @weft/transformer's transformSource
// into fuzz/.build/ (gitignored), rewriting its '@weft/runtime' imports to the --runtime directory
// so the classes register with the runtime copy under test. Each attack then runs in its own child
// process (`node [flags] attacks.mjs --child <name> …`), so peak RSS is per attack. The child builds
// the hostile input first (crafted bytes per FORMAT.md, never by building the hostile object graph
// itself), prints a "ready" line with the input size and RSS, times the one operation with
// performance.now(), and prints one JSON line with its result and process.resourceUsage().maxRSS.
// While a child runs, the parent polls /proc/<pid>/status (VmHWM) so that a child that crashes
// (e.g. "JavaScript heap out of memory") still gets a peak RSS (shown as ">=").
// The `native-*` entries time the same key sets / RegExp in plain Node, without weft, as baselines.
// "× JSON.parse" is the operation's time over JSON.parse's time on as many bytes of
// ../shared/data/twitter.json (measured in the same child, least of 7 runs).
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, isMainThread, workerData, parentPort } from 'node:worker_threads';
import { Enc, TAG, collidingDoubles, collidingInts } from './hostile-bytes.mjs';

const thisFile = fileURLToPath(import.meta.url);
const here = dirname(thisFile);
const pkg = join(here, '..');

// Frames are written with Enc (hostile-bytes.mjs, shared with fuzz.mjs); TypeDefs are copied from real output.

const utf8 = (s) => Buffer.from(s, 'utf8');
const M64 = (1n << 64n) - 1n;

/** A random positive bigint of exactly `bytes` bytes. */
function randomBigInt(bytes) {
  const b = randomBytes(bytes);
  b[0] |= 0x80;
  return BigInt(`0x${b.toString('hex')}`);
}

/**
 * The TypeDef payload (after the 0x16 tag) of the first class instance a formatter wrote as the
 * root of `frame`: assembly, name, kind, member count and members, copied byte for byte so that
 * crafted frames use exactly the layout (and member kinds) the runtime under test expects.
 */
function typeDefOf(frame) {
  const b = frame.subarray(8);
  if (b[0] !== TAG.TypeDef) throw new Error(`expected a TypeDef at the root, got tag 0x${b[0].toString(16)}`);
  let p = 1;
  const varint = () => {
    let v = 0;
    let shift = 0;
    for (;;) {
      const x = b[p++];
      v += (x & 0x7f) * 2 ** shift;
      if (x < 0x80) return v;
      shift += 7;
    }
  };
  const str = () => {
    if (b[p++] !== TAG.String) throw new Error('expected a String in a TypeDef');
    const length = varint();
    p += length;
  };
  str(); // assembly
  str(); // name
  p++; // kind
  const members = varint();
  for (let i = 0; i < members; i++) {
    str();
    p++;
  }
  return b.slice(1, p);
}

// ---------------------------------------------------------------------------------------------
// Classes that need no compilation (read through surrogates, found by class name)
// ---------------------------------------------------------------------------------------------

/** surrogate-nesting-990: wraps one inner value; its surrogate writes and reads `inner`. */
class Wrap {
  constructor(inner = null) {
    this.inner = inner;
  }
}
/** fixups-surrogate-unwrap: its surrogate's setObjectData returns the wrapped object instead. */
class Unwrap {
  constructor(inner = null) {
    this.inner = inner;
  }
}

function surrogateFormatter(rt, type, surrogate, options = {}) {
  const selector = new rt.SurrogateSelector();
  selector.addSurrogate(type, new rt.StreamingContext(rt.StreamingContextStates.All), surrogate);
  return new rt.BinaryFormatter({ surrogateSelector: selector, ...options });
}

const wrapSurrogate = {
  getObjectData(o, info) {
    info.addValue('inner', o.inner);
  },
  setObjectData(o, info) {
    o.inner = info.getValue('inner');
    return o;
  },
};
const unwrapSurrogate = {
  getObjectData(o, info) {
    info.addValue('inner', o.inner);
  },
  setObjectData(o, info) {
    return info.getValue('inner') ?? o;
  },
};

// ---------------------------------------------------------------------------------------------
// The attacks. Each `build(ctx)` returns { size, run: () => result?, formatter? … }: `run` is the
// one operation timed; what it returns (an object) is merged into the report.
// ctx: { rt, tooling, fx, scale, n(x) } — n(x) scales a count.
// ---------------------------------------------------------------------------------------------

const decode = (f, bytes) => () => {
  f.deserialize(bytes);
};

function setOfBigInts(ctx, colliding) {
  const n = ctx.n(40_000);
  const enc = new Enc(16 * n);
  enc.u8(TAG.Set).varint(n);
  const C = 0x0123456789abcdefn;
  for (let i = 0; i < n; i++) {
    const low = colliding ? C : (BigInt(i + 1) * 0x9e3779b97f4a7c15n) & M64;
    enc.bigint((BigInt(i + 1) << 64n) | low);
  }
  const bytes = enc.frame();
  return { size: bytes.length, count: n, run: decode(new ctx.rt.BinaryFormatter(), bytes) };
}

function mapOfKeys(ctx, keys, json) {
  if (json) {
    const text = `{"$weft":1,"root":{"$map":[${keys.map((k) => `[${k},null]`).join(',')}]}}`;
    const bytes = utf8(text);
    return { size: bytes.length, count: keys.length, run: decode(new ctx.rt.JsonFormatter(), bytes) };
  }
  const enc = new Enc(10 * keys.length);
  enc.u8(TAG.Map).varint(keys.length);
  for (const k of keys) {
    if (Number.isInteger(k) && (k | 0) === k) enc.int(k);
    else enc.f64(k);
    enc.u8(TAG.Null);
  }
  const bytes = enc.frame();
  return { size: bytes.length, count: keys.length, run: decode(new ctx.rt.BinaryFormatter(), bytes) };
}

const intControl = (n) => Array.from({ length: n }, (_, i) => i);
const doubleControl = (n) => Array.from({ length: n }, (_, i) => i + 0.5);

/** Plain Node: new Map / new Set with the same keys (no weft), to show the collision is V8's. */
function nativeMap(keys) {
  return {
    size: undefined,
    count: keys.length,
    run: () => {
      const m = new Map();
      for (const k of keys) m.set(k, null);
      return { mapSize: m.size };
    },
  };
}

const EMOJI_SOURCE = '(\\p{RGI_Emoji}){1000}';
const emojiRepeat = (ctx) => '\\p{RGI_Emoji}'.repeat(ctx.n(500));

function regexpFrame() {
  const enc = new Enc();
  enc.u8(TAG.RegExp).str(EMOJI_SOURCE).str('vi');
  return enc.frame();
}

/** A deferred chain of `n` instances: root `Defer TypeDef`, then each body defers the next instance. */
function deferredChain(typeDef, n, body) {
  const enc = new Enc(12 * n + typeDef.length + 16);
  enc.u8(TAG.Defer, TAG.TypeDef).bytes(typeDef);
  for (let i = 0; i < n; i++) body(enc, i === n - 1);
  return enc.frame();
}

function classify(rt, e) {
  if (e instanceof rt.SerializationException) {
    return { outcome: `SerializationException ${e.code}`, code: e.code, message: clip(e.message) };
  }
  return { outcome: `other error: ${errorKind(e)}`, message: clip(safeString(e)) };
}
function errorKind(e) {
  if (e === null || typeof e !== 'object') return typeof e;
  const proto = Object.getPrototypeOf(e);
  if (proto === null) return 'null-prototype object';
  return proto.constructor?.name ?? 'object';
}
function safeString(e) {
  try {
    return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  } catch {
    return Object.prototype.toString.call(e);
  }
}
const clip = (s, n = 300) => (s.length > n ? `${s.slice(0, n)}… (${s.length} chars)` : s);

/** Outcome of a call that must not throw for the report to go on. */
function attempt(rt, fn) {
  try {
    return { ok: true, value: fn() };
  } catch (e) {
    return { ok: false, ...classify(rt, e), error: e };
  }
}

/** A structural description of a graph (Map/Set/arrays/objects/class instances), for round-trip checks. */
function shape(v, seen = new Map()) {
  if (typeof v === 'bigint') return `${v}n`;
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? String(v);
  if (seen.has(v)) return `#${seen.get(v)}`;
  seen.set(v, seen.size);
  if (v instanceof Map) return `Map{${[...v].map(([k, x]) => `${shape(k, seen)}→${shape(x, seen)}`).join(', ')}}`;
  if (v instanceof Set) return `Set{${[...v].map((x) => shape(x, seen)).join(', ')}}`;
  if (Array.isArray(v)) return `[${v.map((x) => shape(x, seen)).join(', ')}]`;
  const name = Object.getPrototypeOf(v)?.constructor?.name ?? 'null';
  return `${name === 'Object' ? '' : name}{${Object.keys(v).map((k) => `${k}: ${shape(v[k], seen)}`).join(', ')}}`;
}

const ATTACKS = {
  // 1. Set of bigints sharing their low 64 bits (V8 hashes a bigint by its lowest digit).
  'set-bigint-collide': { about: 'Set of 40k bigints with equal low 64 bits (binary)', build: (ctx) => setOfBigInts(ctx, true) },
  'set-bigint-control': { about: 'Set of 40k ordinary bigints of the same size (binary)', build: (ctx) => setOfBigInts(ctx, false) },
  'native-set-bigint-collide': {
    about: 'plain Node: new Set of the colliding bigints (baseline, no weft)',
    build: (ctx) => {
      const n = ctx.n(40_000);
      const values = Array.from({ length: n }, (_, i) => (BigInt(i + 1) << 64n) | 0x0123456789abcdefn);
      return { size: undefined, count: n, run: () => ({ setSize: new Set(values).size }) };
    },
  },
  'native-set-bigint-control': {
    about: 'plain Node: new Set of the control bigints (baseline)',
    build: (ctx) => {
      const n = ctx.n(40_000);
      const values = Array.from({ length: n }, (_, i) => (BigInt(i + 1) << 64n) | ((BigInt(i + 1) * 0x9e3779b97f4a7c15n) & M64));
      return { size: undefined, count: n, run: () => ({ setSize: new Set(values).size }) };
    },
  },

  // 2. Map with int32 keys whose ComputeUnseededHash share the low 16 bits.
  'map-int-collide': { about: 'Map of 40k int32 keys with equal low 16 hash bits (binary)', build: (ctx) => mapOfKeys(ctx, collidingInts(ctx.n(40_000)), false) },
  'map-int-control': { about: 'Map of 40k sequential int keys (binary)', build: (ctx) => mapOfKeys(ctx, intControl(ctx.n(40_000)), false) },
  'native-map-int-collide': { about: 'plain Node: new Map with the colliding int32 keys (baseline)', build: (ctx) => nativeMap(collidingInts(ctx.n(40_000))) },
  'native-map-int-control': { about: 'plain Node: new Map with sequential keys (baseline)', build: (ctx) => nativeMap(intControl(ctx.n(40_000))) },

  // 3. Map with non-int32 doubles sharing all 30 bits of ComputeLongHash; the same int keys as JSON.
  'map-double-collide': { about: 'Map of 40k doubles with one ComputeLongHash (binary)', build: (ctx) => mapOfKeys(ctx, collidingDoubles(ctx.n(40_000)), false) },
  'map-double-control': { about: 'Map of 40k doubles i+0.5 (binary)', build: (ctx) => mapOfKeys(ctx, doubleControl(ctx.n(40_000)), false) },
  'native-map-double-collide': { about: 'plain Node: new Map with the colliding doubles (baseline)', build: (ctx) => nativeMap(collidingDoubles(ctx.n(40_000))) },
  'native-map-double-control': { about: 'plain Node: new Map with doubles i+0.5 (baseline)', build: (ctx) => nativeMap(doubleControl(ctx.n(40_000))) },
  'json-map-int-collide': { about: 'JSON {"$map": …} with the 40k colliding int32 keys', build: (ctx) => mapOfKeys(ctx, collidingInts(ctx.n(40_000)), true) },
  'json-map-int-control': { about: 'JSON {"$map": …} with 40k sequential keys', build: (ctx) => mapOfKeys(ctx, intControl(ctx.n(40_000)), true) },

  // 4. A RegExp whose construction is expensive: (\p{RGI_Emoji}){1000} with flags vi.
  'regexp-emoji': {
    about: 'binary frame: RegExp /(\\p{RGI_Emoji}){1000}/vi',
    build: (ctx) => {
      const bytes = regexpFrame();
      return { size: bytes.length, run: decode(new ctx.rt.BinaryFormatter(), bytes) };
    },
  },
  'json-regexp-emoji': {
    about: 'JSON {"$regexp": "(\\p{RGI_Emoji}){1000}", "flags": "vi"}',
    build: (ctx) => {
      const bytes = utf8(JSON.stringify({ $weft: 1, root: { $regexp: EMOJI_SOURCE, flags: 'vi' } }));
      return { size: bytes.length, run: decode(new ctx.rt.JsonFormatter(), bytes) };
    },
  },
  // Measured: V8 pays per occurrence of \p{RGI_Emoji} (~20 ms each with flags vi), not per repetition
  // of the quantifier, so the amplifying shape is the class written many times (14 bytes each).
  'regexp-emoji-repeat': {
    about: 'binary frame: RegExp /\\p{RGI_Emoji}…/vi, the class written 500 times (7 kB)',
    build: (ctx) => {
      const bytes = new Enc().u8(TAG.RegExp).str(emojiRepeat(ctx)).str('vi').frame();
      return { size: bytes.length, run: decode(new ctx.rt.BinaryFormatter(), bytes) };
    },
  },
  'json-regexp-emoji-repeat': {
    about: 'JSON {"$regexp": "\\p{RGI_Emoji}" × 500, "flags": "vi"}',
    build: (ctx) => {
      const bytes = utf8(JSON.stringify({ $weft: 1, root: { $regexp: emojiRepeat(ctx), flags: 'vi' } }));
      return { size: bytes.length, run: decode(new ctx.rt.JsonFormatter(), bytes) };
    },
  },
  'native-regexp-emoji-repeat': {
    about: 'plain Node: new RegExp("\\p{RGI_Emoji}" × 500, "vi") (baseline)',
    build: (ctx) => {
      const source = emojiRepeat(ctx);
      return { size: undefined, count: source.length, unit: 'chars', run: () => void new RegExp(source, 'vi') };
    },
  },
  'native-regexp-emoji': {
    about: 'plain Node: new RegExp(source, "vi") (baseline)',
    build: () => ({ size: undefined, count: EMOJI_SOURCE.length, unit: 'chars', run: () => void new RegExp(EMOJI_SOURCE, 'vi') }),
  },

  // 5. JSON hole runs: 16,777,216 holes in a few bytes, one array or 32.
  'json-holes': {
    about: 'JSON: one array of {"$holes": 16777216}',
    build: (ctx) => {
      const bytes = utf8(`{"$weft":1,"root":[{"$array":[{"$holes":${ctx.n(16_777_216)}}]}]}`);
      return { size: bytes.length, run: decode(new ctx.rt.JsonFormatter(), bytes) };
    },
  },
  'json-holes-32': {
    about: 'JSON: 32 arrays of {"$holes": 16777216} in one document',
    build: (ctx) => {
      const one = `{"$array":[{"$holes":${ctx.n(16_777_216)}}]}`;
      const bytes = utf8(`{"$weft":1,"root":[${Array(32).fill(one).join(',')}]}`);
      return { size: bytes.length, run: decode(new ctx.rt.JsonFormatter(), bytes) };
    },
  },

  // The two above exceed limits.maxObjects (a hole costs one unit) in the frozen runtime; this one
  // stays under the default limits, so the document is accepted and the holes are materialized.
  'json-holes-9m': {
    about: 'JSON: one array of {"$holes": 9000000} (under the default maxObjects)',
    build: (ctx) => {
      const bytes = utf8(`{"$weft":1,"root":[{"$array":[{"$holes":${ctx.n(9_000_000)}}]}]}`);
      return { size: bytes.length, run: () => ({ decodedLength: new ctx.rt.JsonFormatter().deserialize(bytes)[0].length }) };
    },
  },

  // 6. Millions of memberless custom (ISerializable) instances: 2 bytes each on the wire.
  'custom-memberless-5m': {
    about: 'binary: array of 5M ISerializable instances with no entries (~10 MB)',
    fixtures: true,
    build: (ctx) => memberlessFrame(ctx),
  },
  'custom-memberless-5m-heap1200': {
    about: 'same, child run with --max-old-space-size=1200',
    fixtures: true,
    heapMB: 1200,
    build: (ctx) => memberlessFrame(ctx),
  },

  // 7. Type definitions kept from failed graphs: 200 failing ~1 MiB frames of distinct type names.
  'typedef-cache-retention': {
    about: '200 failing ~1 MiB frames of distinct TypeDefs (binder maps all to one class); heap growth',
    fixtures: true,
    nodeFlags: ['--expose-gc'],
    build: (ctx) => typedefRetention(ctx),
  },

  // 8. Replacement chains among deferred objects (ObjectManager fixups).
  'fixups-objref-chain': {
    about: '16k deferred IObjectReference handles, each standing for the next (~32 kB)',
    fixtures: true,
    build: (ctx) => {
      const f = new ctx.rt.BinaryFormatter();
      const n = ctx.n(16_000);
      const bytes = deferredChain(typeDefOf(f.serialize(new ctx.fx.Handle())), n, (enc, last) => (last ? enc.u8(TAG.Null) : enc.u8(TAG.Defer, TAG.ClassSmall)));
      return { size: bytes.length, count: n, run: decode(f, bytes) };
    },
  },
  'fixups-surrogate-unwrap': {
    about: '16k deferred surrogate-read objects whose setObjectData returns the next one',
    build: (ctx) => {
      const f = surrogateFormatter(ctx.rt, Unwrap, unwrapSurrogate);
      const n = ctx.n(16_000);
      const td = typeDefOf(f.serialize(new Unwrap()));
      const bytes = deferredChain(td, n, (enc, last) => {
        enc.varint(1).str('inner');
        if (last) enc.u8(TAG.Null);
        else enc.u8(TAG.Defer, TAG.ClassSmall);
      });
      return { size: bytes.length, count: n, run: decode(f, bytes) };
    },
  },
  'fixups-plain-control': {
    about: '16k deferred plain instances (a linked list), no replacements',
    fixtures: true,
    build: (ctx) => {
      const f = new ctx.rt.BinaryFormatter();
      const n = ctx.n(16_000);
      const bytes = deferredChain(typeDefOf(f.serialize(new ctx.fx.Link())), n, (enc, last) => (last ? enc.u8(TAG.Null) : enc.u8(TAG.Defer, TAG.ClassSmall)));
      return { size: bytes.length, count: n, run: decode(f, bytes) };
    },
  },

  // 9. Huge bigints on the write side and in the inspector.
  'bigint-serialize-256k': { about: 'BinaryFormatter.serialize of one 256 KiB bigint', build: (ctx) => bigintOp(ctx, 256, (rt, v) => new rt.BinaryFormatter().serialize(v)) },
  'bigint-serialize-128k': { about: 'BinaryFormatter.serialize of one 128 KiB bigint', build: (ctx) => bigintOp(ctx, 128, (rt, v) => new rt.BinaryFormatter().serialize(v)) },
  'bigint-deepclone-256k': { about: 'deepClone of one 256 KiB bigint', build: (ctx) => bigintOp(ctx, 256, (rt, v) => rt.deepClone(v)) },
  'bigint-json-serialize': { about: 'JsonFormatter.serialize of one 256 KiB bigint (decimal)', build: (ctx) => bigintOp(ctx, 256, (rt, v) => new rt.JsonFormatter().serialize(v)) },
  'bigint-json-decode-256k': {
    about: 'JsonFormatter.deserialize of one 256 KiB bigint (~631k decimal digits)',
    build: (ctx) => {
      const v = randomBigInt(ctx.n(256 * 1024));
      const bytes = utf8(`{"$weft":1,"root":{"$bigint":"${v}"}}`);
      return { size: bytes.length, run: decode(new ctx.rt.JsonFormatter(), bytes) };
    },
  },
  'bigint-binaryToJson-1m': {
    about: 'tooling inspectFrames+framesToJson of a frame holding a 1 MiB bigint',
    build: (ctx) => {
      const bytes = new Enc().bigint(randomBigInt(ctx.n(1024 * 1024))).frame();
      const { inspectFrames, framesToJson } = ctx.tooling;
      return { size: bytes.length, run: () => ({ jsonLength: framesToJson(inspectFrames(bytes), 0).join('').length }) };
    },
  },
  'bigint-decode-256k': {
    about: 'control: BinaryFormatter.deserialize of a 256 KiB bigint',
    build: (ctx) => {
      const bytes = new Enc().bigint(randomBigInt(ctx.n(256 * 1024))).frame();
      return { size: bytes.length, run: decode(new ctx.rt.BinaryFormatter(), bytes) };
    },
  },

  // 10. OnSerializing callbacks that change a Map/Set while it is being written.
  'mutate-during-serialize': {
    about: 'OnSerializing adds to the Map being written and deletes from its parent Map',
    fixtures: true,
    build: (ctx) => mutateDuringSerialize(ctx, 'map'),
  },
  'mutate-during-serialize-set': {
    about: 'OnSerializing adds to the Set being written and deletes from its parent Set',
    fixtures: true,
    build: (ctx) => mutateDuringSerialize(ctx, 'set'),
  },

  // 11. User code throwing an object without a prototype (String(e) itself throws).
  'throw-null-proto-getter': {
    about: 'serialize: a plain-object getter throws Object.create(null)',
    build: (ctx) => {
      const graph = {
        get boom() {
          throw Object.create(null);
        },
      };
      return { size: 0, run: () => void new ctx.rt.BinaryFormatter().serialize(graph), describeError: true };
    },
  },
  'throw-null-proto-getobjectdata': {
    about: 'serialize: ISerializable.getObjectData throws Object.create(null)',
    fixtures: true,
    build: (ctx) => ({ size: 0, run: () => void new ctx.rt.BinaryFormatter().serialize(new ctx.fx.NullThrower()), describeError: true }),
  },
  'throw-null-proto-binder': {
    about: 'deserialize: SerializationBinder.bindToType throws Object.create(null)',
    fixtures: true,
    build: (ctx) => {
      class NullBinder extends ctx.rt.SerializationBinder {
        bindToType() {
          throw Object.create(null);
        }
        bindToName() {
          return undefined;
        }
      }
      const bytes = new ctx.rt.BinaryFormatter().serialize(new ctx.fx.Link());
      const f = new ctx.rt.BinaryFormatter({ binder: new NullBinder() });
      return { size: bytes.length, run: decode(f, bytes), describeError: true };
    },
  },

  // 12. Huge payload text in JSON error messages.
  'json-long-type-message': {
    about: 'JSON: a 1 MB "$type" string that names no declared type',
    build: (ctx) => jsonMessage(ctx, (big) => `{"$weft":1,"types":{},"root":{"$type":${JSON.stringify(big)}}}`),
  },
  'json-long-key-message': {
    about: 'JSON: a 1 MB plain-object key whose value is invalid (the key is in the JSON path)',
    build: (ctx) => jsonMessage(ctx, (big) => `{"$weft":1,"root":{${JSON.stringify(big)}:{"$bogus":1}}}`),
  },
  'json-long-marker-message': {
    about: 'JSON: a 1 MB unknown "$…" marker key',
    build: (ctx) => jsonMessage(ctx, (big) => `{"$weft":1,"root":{${JSON.stringify(`$${big}`)}:1}}`),
  },

  // 13. Deep surrogate nesting read on a 1 MB stack.
  'surrogate-nesting-990': {
    about: '990 nested surrogate-read objects, decoded in a Worker with stackSizeMb: 1',
    build: (ctx) => nestingInWorker(ctx, 'surrogate', 990),
  },
  'plain-nesting-990': {
    about: 'control: 990 nested plain arrays, decoded in a Worker with stackSizeMb: 1',
    build: (ctx) => nestingInWorker(ctx, 'array', 990),
  },

  // 14. A plain object with one key twice.
  'dup-plain-keys': {
    about: 'binary: {a: 1, a: 2}; deserialize and tooling inspect',
    build: (ctx) => {
      const bytes = new Enc().u8(TAG.Object).varint(2).str('a').u8(0x81).str('a').u8(0x82).frame();
      return {
        size: bytes.length,
        run: () => {
          const d = attempt(ctx.rt, () => new ctx.rt.BinaryFormatter().deserialize(bytes));
          const i = attempt(ctx.rt, () => ctx.tooling.framesToJson(ctx.tooling.inspectFrames(bytes), 0).join(''));
          const deserialize = d.ok ? `ok ${shape(d.value)}` : d.outcome;
          const inspect = i.ok ? `ok ${i.value.trim()}` : i.outcome;
          return { outcome: `deserialize: ${deserialize}; inspect: ${inspect}`, deserialize, inspect };
        },
      };
    },
  },
};

// ---------------------------------------------------------------------------------------------
// 15. Worst frames under the DEFAULT limits: for each shape, a root array holding as many copies
// as fit in limits.maxObjects (the unit budget), decoded once while the heap is measured.
// ---------------------------------------------------------------------------------------------

/** 3-byte UTF-8 of the k-th BMP code point from U+0800 that is not a surrogate (61,440 of them, cycled). */
function bmpChar3(k) {
  let cp = 0x800 + (k % 61_440);
  if (cp >= 0xd800) cp += 0x800;
  return [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)];
}

/**
 * Each shape: `item(enc, i, td)` writes copy i (td: the TypeDef payload of `fixture`, written in
 * front of copy 0 only); `units` the units per copy as SECURITY.md counts them (the root array's
 * element slot included); `head` an optional first element (not a copy) such as the object refs
 * point to; `check(v)` what a decoded copy must be.
 */
const WORST_SHAPES = {
  map: { about: 'empty Map', units: 2, item: (e) => e.u8(TAG.Map, 0), check: (v) => v instanceof Map && v.size === 0 },
  set: { about: 'empty Set', units: 2, item: (e) => e.u8(TAG.Set, 0), check: (v) => v instanceof Set && v.size === 0 },
  object: { about: 'empty plain object', units: 2, item: (e) => e.u8(TAG.Object, 0), check: (v) => Object.getPrototypeOf(v) === Object.prototype },
  'object-nullproto': { about: 'empty null-prototype object', units: 2, item: (e) => e.u8(0x0e, 0), check: (v) => Object.getPrototypeOf(v) === null },
  array: { about: 'empty array', units: 2, item: (e) => e.u8(TAG.Array, 0), check: (v) => Array.isArray(v) && v.length === 0 },
  arraybuffer: { about: 'empty ArrayBuffer', units: 2, item: (e) => e.u8(0x13, 0), check: (v) => v instanceof ArrayBuffer && v.byteLength === 0 },
  // TypedArray: kind 1 (Uint8Array), buffer = its own ArrayBuffer(0), byteOffset 0, length 0
  uint8array: { about: 'Uint8Array(0) with its own empty ArrayBuffer', units: 3, item: (e) => e.u8(0x14, 1, 0x13, 0, 0, 0), check: (v) => v instanceof Uint8Array && v.length === 0 },
  date: {
    about: 'Date (time value 0)',
    units: 2,
    item: (e) => e.u8(0x0f, 0, 0, 0, 0, 0, 0, 0, 0),
    check: (v) => v instanceof Date && v.getTime() === 0,
  },
  // Error: kind 5 (TypeError), name "", message "", stack Undefined, cause Undefined
  error: {
    about: 'TypeError with empty name and message, no stack, no cause',
    units: 4,
    item: (e) => e.u8(0x15, 5, TAG.String, 0, TAG.String, 0, 0x01, 0x01),
    check: (v) => v instanceof TypeError && v.message === '' && v.name === '',
  },
  'class-0': {
    about: 'instance of a compiled class with no members (attack.Nothing)',
    units: 2,
    fixture: 'Nothing',
    item: (e, i, td) => (i === 0 ? e.u8(TAG.TypeDef).bytes(td) : e.u8(TAG.ClassSmall)),
    check: (v, fx) => v instanceof fx.Nothing,
  },
  'custom-0': {
    about: 'instance of a member-less ISerializable class, 0 SerializationInfo entries (attack.Empty)',
    units: 2,
    fixture: 'Empty',
    item: (e, i, td) => (i === 0 ? e.u8(TAG.TypeDef).bytes(td) : e.u8(TAG.ClassSmall)).varint(0),
    check: (v, fx) => v instanceof fx.Empty,
  },
  'class-1-null': {
    about: 'instance of a compiled class with one member holding null (attack.Link)',
    units: 2,
    fixture: 'Link',
    item: (e, i, td) => (i === 0 ? e.u8(TAG.TypeDef).bytes(td) : e.u8(TAG.ClassSmall)).u8(TAG.Null),
    check: (v, fx) => v instanceof fx.Link && v.next === null,
  },
  // head: an empty object (id 1, the root array is id 0); every copy is Ref 1
  ref: {
    about: 'Ref to one earlier (empty) object',
    units: 2,
    head: (e) => e.u8(TAG.Object, 0),
    item: (e) => e.u8(0x0a, 1),
    check: (v, _fx, root) => v === root[0],
  },
  'string-1char': {
    about: 'distinct 1-char strings (U+0800…U+FFFF, 3-byte UTF-8, cycled: a fresh V8 string each)',
    units: 2,
    item: (e, i) => e.u8(TAG.String, 3, ...bmpChar3(i)),
    check: (v) => typeof v === 'string' && v.length === 1,
  },
  'string-1char-ascii': {
    about: 'control: 1-char ASCII strings (V8 hands out its cached single-character strings)',
    units: 2,
    item: (e, i) => e.u8(TAG.String, 1, 0x21 + (i % 94)),
    check: (v) => typeof v === 'string' && v.length === 1,
  },
  'object-1key': {
    about: 'plain object with one key {a: null}',
    units: 3,
    item: (e) => e.u8(TAG.Object, 1, TAG.String, 1, 0x61, TAG.Null),
    check: (v) => Object.keys(v).length === 1 && v.a === null,
  },
  'map-1entry': {
    about: 'Map with one entry [0, 0]',
    units: 3,
    item: (e) => e.u8(TAG.Map, 1, 0x80, 0x80),
    check: (v) => v instanceof Map && v.size === 1 && v.get(0) === 0,
  },
  'array-nested': {
    about: 'nested 2-level array [[]]',
    units: 4,
    item: (e) => e.u8(TAG.Array, 1, TAG.Array, 0),
    check: (v) => Array.isArray(v) && v.length === 1 && Array.isArray(v[0]) && v[0].length === 0,
  },
};

/** The frame: Array n+head, [head], copies 0 … n-1. */
function worstFrame(shape, n, td) {
  const head = shape.head ? 1 : 0;
  const enc = new Enc(Math.max(1024, 10 * n + (td?.length ?? 0) + 64));
  enc.u8(TAG.Array).varint(n + head);
  if (head) shape.head(enc);
  for (let i = 0; i < n; i++) shape.item(enc, i, td);
  return enc.frame();
}

const MB = (x) => Math.round((x / 1048576) * 10) / 10;

function worstAttack(ctx, shapeName) {
  const { rt, fx } = ctx;
  const shape = WORST_SHAPES[shapeName];
  const defaults = rt.DEFAULT_LIMITS ?? { maxObjects: 10_000_000 };
  const budget = defaults.maxObjects;
  const td = shape.fixture ? typeDefOf(new rt.BinaryFormatter().serialize(new fx[shape.fixture]())) : undefined;

  // Calibrate the unit cost on small frames: the least limits.maxObjects that reads k copies
  // (a fresh formatter each time, so no type layout is cached from an earlier graph).
  const leastBudget = (k) => {
    const bytes = worstFrame(shape, k, td);
    let lo = 1;
    let hi = 256;
    const ok = (m) => attempt(rt, () => new rt.BinaryFormatter({ limits: { maxObjects: m } }).deserialize(bytes)).ok;
    if (!ok(hi)) throw new Error(`${shapeName}: ${k} copies do not decode even with maxObjects ${hi}`);
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ok(mid)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  const u1 = leastBudget(1);
  const u2 = leastBudget(2);
  const u3 = leastBudget(3);
  const per = u2 - u1;
  if (u3 - u2 !== per) throw new Error(`${shapeName}: unit cost is not linear (${u1}, ${u2}, ${u3})`);
  const base = u1 - per; // the root array, the head, a TypeDef's strings
  const n = Math.floor((budget - base) / per);
  const units = base + per * n;
  const note = per === shape.units ? undefined : `calibrated ${per} units per copy, SECURITY.md's rules give ${shape.units}`;

  const bytes = worstFrame(shape, n, td);
  const gc = global.gc ?? (() => {});
  let result = null;
  return {
    size: bytes.length,
    count: n,
    unit: 'copies',
    note,
    run: (timer) => {
      const f = new rt.BinaryFormatter();
      gc();
      gc();
      const before = process.memoryUsage();
      timer.start();
      result = f.deserialize(bytes);
      timer.stop();
      gc();
      gc();
      const after = process.memoryUsage(); // `result` is still held here
      const head = shape.head ? 1 : 0;
      const okShape = Array.isArray(result) && result.length === n + head && shape.check(result[head], fx, result) && shape.check(result[result.length - 1], fx, result);
      const heapDelta = after.heapUsed - before.heapUsed;
      const out = {
        outcome: okShape ? 'ok' : `ok but the result is not ${n} copies of ${shape.about}`,
        units,
        unitsPerCopy: per,
        baseUnits: base,
        heapBeforeMB: MB(before.heapUsed),
        heapUsedMB: MB(after.heapUsed),
        heapDeltaMB: MB(heapDelta),
        heapPerUnit: Math.round((heapDelta / units) * 10) / 10,
        heapPerCopy: Math.round((heapDelta / n) * 10) / 10,
        heapPerInputByte: Math.round((heapDelta / bytes.length) * 10) / 10,
        externalDeltaMB: MB(after.external - before.external),
        rssAfterMB: MB(after.rss),
        rssDeltaMB: MB(after.rss - before.rss),
        gcAvailable: typeof global.gc === 'function',
        // peak RSS of the decode itself, before the one-more-copy check below
        maxRssKiB: process.resourceUsage().maxRSS,
      };
      return out;
    },
    // After the result line is printed: one more copy must be LIMIT_EXCEEDED under the defaults.
    afterDone: () => {
      result = null;
      gc();
      gc();
      const plus = worstFrame(shape, n + 1, td);
      const r = attempt(rt, () => new rt.BinaryFormatter().deserialize(plus));
      return { plusOneOutcome: r.ok ? 'ok (NOT refused)' : r.outcome };
    },
  };
}

for (const name of Object.keys(WORST_SHAPES)) {
  ATTACKS[`worst-${name}`] = {
    about: `default limits: root array of as many ${WORST_SHAPES[name].about} as maxObjects allows (heap 1200 MB)`,
    fixtures: Boolean(WORST_SHAPES[name].fixture),
    heapMB: 1200,
    nodeFlags: ['--expose-gc'],
    timeoutS: 300,
    build: (ctx) => worstAttack(ctx, name),
  };
}

function memberlessFrame(ctx) {
  const n = ctx.n(5_000_000);
  const f = new ctx.rt.BinaryFormatter();
  const td = typeDefOf(f.serialize(new ctx.fx.Empty()));
  const enc = new Enc(2 * n + td.length + 16);
  enc.u8(TAG.Array).varint(n);
  enc.u8(TAG.TypeDef).bytes(td).varint(0);
  for (let i = 1; i < n; i++) enc.u8(TAG.ClassSmall, 0);
  const bytes = enc.frame();
  return { size: bytes.length, count: n, run: () => ({ decodedLength: f.deserialize(bytes).length }) };
}

function typedefRetention(ctx) {
  const { rt, fx } = ctx;
  class AnyBinder extends rt.SerializationBinder {
    bindToType() {
      return fx.Empty;
    }
    bindToName() {
      return undefined;
    }
  }
  const f = new rt.BinaryFormatter({ binder: new AnyBinder() });
  const frames = 200;
  const target = ctx.n(1024 * 1024);
  const assembly = utf8('@weft/runtime');
  /** One ~1 MiB frame: an array of distinct TypeDefs (custom, no entries), then an invalid tag. */
  const frameAt = (k) => {
    const enc = new Enc(target + 256);
    const per = 1 + 2 + assembly.length + 2 + 32 + 3;
    const count = Math.floor((target - 16) / per);
    enc.u8(TAG.Array).varint(count + 1);
    for (let i = 0; i < count; i++) {
      enc.u8(TAG.TypeDef, TAG.String).varint(assembly.length).bytes(assembly);
      enc.str(`attack.T${String(k).padStart(4, '0')}_${String(i).padStart(8, '0')}_${'x'.repeat(13)}`);
      enc.u8(1).varint(0).varint(0); // kind Custom, 0 members; instance: 0 entries
    }
    enc.u8(0x19); // reserved tag: INVALID_TAG at the very end
    return { bytes: enc.frame(), count };
  };
  const sample = frameAt(0);
  return {
    size: sample.bytes.length * frames,
    note: `${frames} frames × ${sample.bytes.length} B, ${sample.count} TypeDefs each`,
    run: (timer) => {
      const codes = {};
      const used = () => {
        const m = process.memoryUsage();
        return { heap: m.heapUsed, external: m.external + m.arrayBuffers };
      };
      global.gc?.();
      const before = used();
      for (let k = 0; k < frames; k++) {
        const { bytes } = k === 0 ? sample : frameAt(k); // built outside the timed part
        timer.start();
        try {
          f.deserialize(bytes);
          codes.ok = (codes.ok ?? 0) + 1;
        } catch (e) {
          const c = e instanceof rt.SerializationException ? e.code : errorKind(e);
          codes[c] = (codes[c] ?? 0) + 1;
        }
        timer.stop();
      }
      sample.bytes = null;
      global.gc?.();
      const after = used();
      const mb = (x) => Math.round(x / 1048576);
      const signed = (x) => `${x >= 0 ? '+' : ''}${mb(x)}`;
      return {
        heapBeforeMB: mb(before.heap),
        heapAfterMB: mb(after.heap),
        heapGrowthMB: mb(after.heap - before.heap),
        externalGrowthMB: mb(after.external - before.external),
        gcAvailable: typeof global.gc === 'function',
        codes,
        outcome:
          `${Object.entries(codes).map(([c, k]) => `${k}× ${c}`).join(', ')}; heap after gc ${mb(before.heap)} → ${mb(after.heap)} MB ` +
          `(${signed(after.heap - before.heap)} MB; external/ArrayBuffers ${signed(after.external - before.external)} MB)`,
      };
    },
  };
}

function bigintOp(ctx, kib, op) {
  const v = randomBigInt(ctx.n(kib * 1024));
  return { size: ctx.n(kib * 1024), run: () => void op(ctx.rt, v) };
}

function mutateDuringSerialize(ctx, kind) {
  const { rt, fx } = ctx;
  const m = new fx.Mutator();
  let graph;
  if (kind === 'map') {
    // parent {first → child, del → 1}; child {k → m}; m adds child.added and deletes parent.del.
    const child = new Map([['k', m]]);
    const parent = new Map([['first', child], ['del', 1]]);
    m.hook = () => {
      child.set('added', 'v');
      parent.delete('del');
    };
    graph = parent;
  } else {
    const child = new Set([m]);
    const parent = new Set([child, 'del']);
    m.hook = () => {
      child.add('added');
      parent.delete('del');
    };
    graph = parent;
  }
  const f = new rt.BinaryFormatter();
  let bytes = null;
  return {
    size: 0,
    run: () => {
      bytes = f.serialize(graph);
    },
    after: (res) => {
      if (bytes === null) return { outcome: `serialize threw: ${res.outcome}` };
      m.hook = null;
      const now = shape(graph);
      const back = attempt(rt, () => f.deserialize(bytes));
      const decoded = back.ok ? shape(back.value) : back.outcome;
      const same = back.ok && decoded === now;
      return {
        outcome: `serialize ok; deserialize ${back.ok ? 'ok' : back.outcome}; round-trip ${same ? 'same graph' : 'DIFFERENT graph'}`,
        frameBytes: bytes.length,
        graphAfterSerialize: now,
        decoded,
      };
    },
  };
}

function jsonMessage(ctx, doc) {
  const big = 'A'.repeat(ctx.n(1024 * 1024));
  const bytes = utf8(doc(big));
  return {
    size: bytes.length,
    run: decode(new ctx.rt.JsonFormatter(), bytes),
    after: (res, err) => {
      if (!err) return {};
      return {
        messageLength: String(err.message).length,
        hasJsonLocation: err.json !== undefined,
        jsonPathLength: err.json?.path?.length,
        offset: err.offset,
        typeNameLength: err.typeName?.length,
        outcome: `${res.outcome}; message ${String(err.message).length} chars; json location ${err.json ? `line ${err.json.line} col ${err.json.column}, path ${err.json.path.length} chars` : 'none'}; offset ${err.offset}`,
      };
    },
  };
}

function nestingFrame(rt, kind, depth) {
  if (kind === 'array') {
    const enc = new Enc(depth * 2 + 8);
    for (let i = 0; i < depth; i++) enc.u8(TAG.Array).varint(1);
    enc.u8(TAG.Null);
    return enc.frame();
  }
  const f = surrogateFormatter(rt, Wrap, wrapSurrogate);
  const td = typeDefOf(f.serialize(new Wrap()));
  const enc = new Enc(depth * 10 + td.length + 8);
  for (let i = 0; i < depth; i++) {
    if (i === 0) enc.u8(TAG.TypeDef).bytes(td);
    else enc.u8(TAG.ClassSmall);
    enc.varint(1).str('inner');
  }
  enc.u8(TAG.Null);
  return enc.frame();
}

function nestingInWorker(ctx, kind, depth) {
  const bytes = nestingFrame(ctx.rt, kind, ctx.n(depth));
  return {
    size: bytes.length,
    run: () =>
      new Promise((resolveRun, reject) => {
        const w = new Worker(thisFile, {
          workerData: { attackWorker: true, runtime: ctx.runtimeDir, kind, bytes },
          resourceLimits: { stackSizeMb: 1 },
        });
        w.once('message', (m) => resolveRun(m));
        w.once('error', (e) => reject(e));
        w.once('exit', (code) => resolveRun({ outcome: `worker exited (${code}) without a result` }));
      }),
  };
}

/** Runs in the Worker of surrogate-nesting-990 / plain-nesting-990. */
async function nestingWorker({ runtime, kind, bytes }) {
  const rt = await import(pathToFileURL(join(runtime, 'index.js')).href);
  const f = kind === 'array' ? new rt.BinaryFormatter() : surrogateFormatter(rt, Wrap, wrapSurrogate);
  const t0 = performance.now();
  let res;
  try {
    f.deserialize(bytes);
    res = { outcome: 'ok' };
  } catch (e) {
    res = classify(rt, e);
  }
  res.opMs = performance.now() - t0; // the decode alone, without the Worker's start-up
  parentPort.postMessage(res);
}

// ---------------------------------------------------------------------------------------------
// Child: build the input, time the operation, print one JSON line
// ---------------------------------------------------------------------------------------------

async function child(name, args) {
  const attack = ATTACKS[name];
  if (!attack) throw new Error(`unknown attack ${name}`);
  const runtimeDir = args.runtime;
  const rt = await import(pathToFileURL(join(runtimeDir, 'index.js')).href);
  const toolingFile = join(runtimeDir, 'tooling.js');
  const tooling = existsSync(toolingFile) ? await import(pathToFileURL(toolingFile).href) : null;
  const fx = args.fixtures ? await import(args.fixtures) : null;
  const scale = args.scale;
  const ctx = { rt, tooling, fx, scale, runtimeDir, n: (x) => Math.max(1, Math.round(x * scale)) };
  const built = attack.build(ctx);
  const jsonParseNsPerByte = jsonParseBaseline();
  const rssBeforeKiB = Math.round(process.memoryUsage().rss / 1024);
  process.stdout.write(`${JSON.stringify({ phase: 'ready', size: built.size, rssBeforeKiB })}\n`);

  // Time only the operation; an attack that builds inputs between operations uses the timer itself.
  let ms = 0;
  let t0 = 0;
  const timer = { start: () => (t0 = performance.now()), stop: () => (ms += performance.now() - t0) };
  const selfTimed = built.run.length > 0;
  let res;
  let err;
  let warmLeast;
  if (!selfTimed && args.warm > 0) {
    // Steady state: the operation N times untimed (JIT, caches), then the least of 3 timed runs.
    for (let i = 0; i < args.warm; i++) {
      try {
        await built.run(timer);
      } catch {}
    }
    warmLeast = Infinity;
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      try {
        await built.run(timer);
      } catch {}
      warmLeast = Math.min(warmLeast, performance.now() - t);
    }
  }
  if (!selfTimed) timer.start();
  try {
    const r = await built.run(timer);
    if (!selfTimed) timer.stop();
    res = { outcome: 'ok', ...(r ?? {}) };
  } catch (e) {
    if (!selfTimed) timer.stop();
    err = e;
    res = classify(rt, e);
    if (built.describeError) {
      res.errorConstructor = errorKind(e);
      res.errorCode = e?.code;
      res.causeKind = e?.cause === undefined ? undefined : errorKind(e.cause);
      res.outcome = `${res.outcome}${e instanceof rt.SerializationException ? ` (cause: ${res.causeKind ?? 'none'})` : ''}`;
    }
  }
  if (built.after) Object.assign(res, built.after(res, err));
  if (warmLeast !== undefined) ms = Math.min(ms, warmLeast);
  const out = {
    phase: 'done',
    attack: name,
    size: built.size,
    count: built.count,
    unit: built.unit,
    note: built.note,
    ms: Math.round((res.opMs ?? ms) * 10) / 10,
    // The operation's time over JSON.parse's on as many bytes of ../shared/data/twitter.json.
    xJsonParse: built.size > 0 && jsonParseNsPerByte > 0 ? Math.round(((res.opMs ?? ms) * 1e6) / (built.size * jsonParseNsPerByte) * 10) / 10 : undefined,
    jsonParseNsPerByte,
    rssBeforeKiB,
    maxRssKiB: process.resourceUsage().maxRSS,
    ...res,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
  // A follow-up that must not count in the result (e.g. worst-*: one more copy is refused);
  // printed on its own line so that a crash here keeps the result above.
  if (built.afterDone) process.stdout.write(`${JSON.stringify({ phase: 'extra', ...(await built.afterDone()) })}\n`);
}

// ---------------------------------------------------------------------------------------------
// Parent: compile fixtures, run each attack in a child, print the table
// ---------------------------------------------------------------------------------------------

function parseArgs(argv) {
  const o = { runtime: join(pkg, 'dist'), only: null, timeoutS: 120, scale: 1, heap: null, json: false, list: false, child: null, fixtures: null, warm: 0 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--runtime') o.runtime = resolve(v());
    else if (a === '--only') o.only = v().split(',').map((s) => s.trim()).filter(Boolean);
    else if (a === '--timeout-s') {
      o.timeoutS = Number(v());
      o.timeoutSet = true;
    }
    else if (a === '--scale') o.scale = Number(v());
    else if (a === '--heap') o.heap = Number(v());
    else if (a === '--json') o.json = true;
    else if (a === '--warm') o.warm = Number(v());
    else if (a === '--list') o.list = true;
    else if (a === '--child') o.child = v();
    else if (a === '--fixtures') o.fixtures = v();
    else if (a === '--') continue;
    else if (a === '--help' || a === '-h') {
      console.log('usage: attacks.mjs [--runtime dir] [--only a,b] [--timeout-s N] [--scale N] [--heap MB] [--json] [--list]');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  return o;
}

/** Compiles attack-fixtures.ts for the runtime in `runtimeDir`; returns the module's file URL. */
function buildFixtures(runtimeDir) {
  const require = createRequire(join(pkg, '..', '..', 'package.json'));
  const { transformSource } = require('@weft/transformer');
  const src = join(here, 'attack-fixtures.ts');
  const text = readFileSync(src, 'utf8');
  const out = transformSource(text, src, { assembly: '@weft/runtime' });
  if (out.diagnostics.length) throw new Error(`attack-fixtures.ts: ${JSON.stringify(out.diagnostics)}`);
  // '@weft/runtime' → <runtime>/index.js, '@weft/runtime/internal' → <runtime>/internal.js
  const code = out.code.replace(/(['"])@weft\/runtime(?:\/([\w-]+))?\1/g, (_m, _q, sub) => JSON.stringify(pathToFileURL(join(runtimeDir, `${sub ?? 'index'}.js`)).href));
  const dir = join(here, '.build');
  mkdirSync(dir, { recursive: true });
  const tag = createHash('sha1').update(runtimeDir).update(code).digest('hex').slice(0, 10);
  const file = join(dir, `attack-fixtures-${tag}.mjs`);
  writeFileSync(file, code);
  return pathToFileURL(file).href;
}

/** Peak RSS (KiB) of a running process, from /proc (Linux); null elsewhere. */
function vmHWM(pid) {
  try {
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

function runChild(name, opts, fixtures) {
  const attack = ATTACKS[name];
  const heap = attack.heapMB ?? opts.heap;
  const flags = [...(attack.nodeFlags ?? []), ...(heap ? [`--max-old-space-size=${heap}`] : [])];
  const args = [...flags, thisFile, '--child', name, '--runtime', opts.runtime, '--scale', String(opts.scale), '--warm', String(opts.warm)];
  if (attack.fixtures) args.push('--fixtures', fixtures);
  return new Promise((done) => {
    const started = Date.now();
    const p = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let peak = null;
    let timedOut = false;
    let readyAt = null;
    p.stdout.on('data', (d) => {
      stdout += d;
      if (readyAt === null && stdout.includes('"phase":"ready"')) readyAt = Date.now();
    });
    p.stderr.on('data', (d) => (stderr = (stderr + d).slice(-20_000)));
    const poll = setInterval(() => {
      const v = vmHWM(p.pid);
      if (v !== null) peak = Math.max(peak ?? 0, v);
    }, 50);
    const timeoutS = opts.timeoutSet ? opts.timeoutS : (attack.timeoutS ?? opts.timeoutS);
    const timer = setTimeout(() => {
      timedOut = true;
      p.kill('SIGKILL');
    }, timeoutS * 1000);
    p.on('close', (code, signal) => {
      clearInterval(poll);
      clearTimeout(timer);
      const lines = stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
      const ready = lines.find((l) => l.phase === 'ready');
      const result = lines.find((l) => l.phase === 'done');
      const base = { attack: name, flags, wallS: Math.round((Date.now() - started) / 100) / 10 };
      if (result) {
        delete result.phase;
        const extra = lines.find((l) => l.phase === 'extra');
        if (extra) delete extra.phase;
        else if (timedOut || code !== 0) {
          // the result line came, then the child died in its follow-up (afterDone)
          const fatal = stderr.split('\n').find((l) => /FATAL ERROR|heap out of memory/.test(l));
          result.followUpOutcome = timedOut ? `timeout > ${timeoutS} s` : `crash (${signal ?? `exit ${code}`})${fatal ? `: ${fatal.trim()}` : ''}`;
        }
        done({ ...base, ...result, ...(extra ?? {}) });
        return;
      }
      const fatal = stderr.split('\n').find((l) => /FATAL ERROR|heap out of memory|Maximum call stack|Error:/.test(l));
      const outcome = timedOut
        ? `timeout > ${timeoutS} s`
        : `crash (${signal ?? `exit ${code}`})${fatal ? `: ${fatal.trim()}` : ''}`;
      done({
        ...base,
        size: ready?.size,
        // a crashed child reports no time: this is the wall time from its "ready" line to its death
        ms: timedOut ? timeoutS * 1000 : readyAt === null ? undefined : Date.now() - readyAt,
        msIsApproximate: !timedOut && readyAt !== null,
        rssBeforeKiB: ready?.rssBeforeKiB,
        maxRssKiB: peak,
        maxRssIsLowerBound: true,
        outcome,
        crashed: !timedOut,
        timedOut,
        stderrTail: clip(stderr.trim().split('\n').slice(-8).join('\n'), 2000),
      });
    });
  });
}

/**
 * JSON.parse's time per byte on a real document (twitter.json, 631 kB: strings, numbers, nested
 * objects), least of 7 runs after a warm-up: the yardstick SECURITY.md states decode work against.
 */
function jsonParseBaseline() {
  const candidates = [join(pkg, '..', '..', '..', 'shared', 'data', 'twitter.json'), '/work/shared/data/twitter.json'];
  const file = candidates.find((f) => existsSync(f));
  if (file === undefined) return 0;
  const text = readFileSync(file, 'utf8');
  const bytes = Buffer.byteLength(text);
  let best = Infinity;
  for (let i = 0; i < 9; i++) {
    const t = performance.now();
    JSON.parse(text);
    if (i >= 2) best = Math.min(best, performance.now() - t);
  }
  return Math.round(((best * 1e6) / bytes) * 100) / 100;
}

/** Input size in bytes; baselines without weft input show their count (keys, chars); 0 (serialize-side attacks) shows '—'. */
function fmtSize(r) {
  const n = r.size;
  if (n === undefined || n === null) return r.count === undefined ? '?' : `${r.count} ${r.unit ?? 'keys'}`;
  if (n === 0) return '—';
  return n >= 1048576 ? `${(n / 1048576).toFixed(1)} MB` : n >= 1024 ? `${(n / 1024).toFixed(1)} kB` : `${n} B`;
}
const fmtMs = (r) =>
  r.timedOut ? `> ${Math.round(r.ms / 1000)} s` : r.ms === undefined ? '?' : `${r.msIsApproximate ? '~' : ''}${r.ms >= 10_000 ? `${(r.ms / 1000).toFixed(1)} s` : `${r.ms} ms`}`;
const fmtRss = (r) => (r.maxRssKiB == null ? '?' : `${r.maxRssIsLowerBound ? '>=' : ''}${Math.round(r.maxRssKiB / 1024)} MB`);

function printTable(results) {
  const rows = results.map((r) => [r.attack, fmtSize(r), fmtMs(r), r.xJsonParse === undefined ? '—' : `${r.xJsonParse}×`, fmtRss(r), r.rssBeforeKiB ? `${Math.round(r.rssBeforeKiB / 1024)} MB` : '?', clip(r.outcome ?? '', 200)]);
  const head = ['attack', 'input', 'time', '× JSON.parse', 'peak RSS', 'RSS before op', 'outcome'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => (i < 6 ? row[i].length : 0))));
  const line = (cells) => cells.map((c, i) => (i < 6 ? (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])) : c)).join('  ');
  console.log(line(head));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) console.log(line(row));
}

/** The worst-* attacks: heap after decode (result held, after gc), per unit and per input byte; then one summary line by heapUsed. */
function printWorst(results) {
  const worst = results.filter((r) => r.attack.startsWith('worst-'));
  if (worst.length === 0) return;
  const num = (x) => (x === undefined || x === null ? '?' : String(x));
  const rows = worst.map((r) => [
    r.attack,
    num(r.size),
    num(r.count),
    num(r.units),
    num(r.unitsPerCopy),
    fmtMs(r),
    fmtRss(r),
    r.heapUsedMB === undefined ? '?' : `${r.heapUsedMB} MB`,
    r.heapDeltaMB === undefined ? '?' : `${r.heapDeltaMB} MB`,
    num(r.heapPerUnit),
    num(r.heapPerInputByte),
    r.rssAfterMB === undefined ? '?' : `${r.rssAfterMB} MB`,
    clip(`${r.outcome ?? ''}${r.plusOneOutcome ? `; +1 copy: ${r.plusOneOutcome}` : ''}${r.followUpOutcome ? `; +1 copy check: ${r.followUpOutcome}` : ''}`, 200),
  ]);
  const head = ['attack', 'input B', 'copies', 'units', 'u/copy', 'decode', 'peak RSS', 'heapUsed', 'heap Δ', 'B/unit', 'B/in-byte', 'RSS after', 'outcome'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => (i < head.length - 1 ? row[i].length : 0))));
  const line = (cells) => cells.map((c, i) => (i < head.length - 1 ? (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])) : c)).join('  ');
  console.log('');
  console.log('worst frames under the default limits (heapUsed: after decode, result held, after gc; heap Δ: minus the heap before decode; B/unit, B/in-byte: heap Δ per unit, per input byte)');
  console.log(line(head));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) console.log(line(row));
  const sorted = [...worst].sort((a, b) => (b.heapUsedMB ?? Infinity) - (a.heapUsedMB ?? Infinity));
  const label = (r) => (r.heapUsedMB === undefined ? `${r.attack} ${clip(r.outcome ?? '?', 60)}` : `${r.attack} ${r.heapUsedMB} MB (${r.heapPerUnit} B/unit)`);
  console.log('');
  console.log(`worst by heapUsed: ${sorted.map(label).join(' > ')}`);
}

async function parent(opts) {
  if (opts.list) {
    for (const [name, a] of Object.entries(ATTACKS)) console.log(`${name.padEnd(32)} ${a.about}`);
    return;
  }
  const names = opts.only ?? Object.keys(ATTACKS);
  for (const n of names) if (!ATTACKS[n]) throw new Error(`unknown attack ${n} (see --list)`);
  if (!existsSync(join(opts.runtime, 'index.js'))) throw new Error(`no index.js in ${opts.runtime}`);
  const fixtures = names.some((n) => ATTACKS[n].fixtures) ? buildFixtures(opts.runtime) : null;
  console.log(`runtime ${opts.runtime}; node ${process.version}; scale ${opts.scale}; timeout ${opts.timeoutS} s${opts.heap ? `; heap ${opts.heap} MB` : ''}`);
  const results = [];
  for (const name of names) {
    const r = await runChild(name, opts, fixtures);
    results.push(r);
    console.error(`  ${name}: ${fmtMs(r)}, ${fmtRss(r)}, ${clip(r.outcome ?? '', 160)}`);
  }
  console.log('');
  printTable(results);
  printWorst(results);
  if (opts.json) console.log(JSON.stringify(results, null, 2));
}

if (!isMainThread && workerData?.attackWorker) {
  await nestingWorker(workerData);
} else {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.child) await child(opts.child, opts);
  else await parent(opts);
}
