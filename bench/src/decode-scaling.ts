/**
 * Decode TIME against input size for the hostile-input shapes of the runtime's resources tests
 * (packages/runtime/test/security/resources.test.ts). The tests bound the WORK (bytes allocated at
 * 1x and 10x the input) because a timing ratio depends on the machine and its load; this script
 * measures the timing ratio itself, for a person to read. Not a test: it asserts nothing, it
 * prints the ratio and flags one that looks worse than linear.
 *
 *   pnpm --filter bench run decode-scaling          (or: node bench/dist/decode-scaling.js [--scale 10])
 */
import { BinaryFormatter, Serializable, SerializationException } from '@weft/runtime';

@Serializable()
class Point {
  constructor(
    public x: number,
    public y: number,
  ) {}
}

// Byte layouts: packages/runtime/FORMAT.md (tags as in packages/runtime/src/wire/tags.ts).
const T = { BigIntPos: 0x06, String: 0x08, Ref: 0x0a, Array: 0x0c, Object: 0x0d, TypeDef: 0x16, FixInt: 0x80 } as const;

function varint(n: number): number[] {
  const out: number[] = [];
  let v = n >>> 0;
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
  return out;
}

function str(s: string): number[] {
  const b = [...new TextEncoder().encode(s)];
  return [T.String, ...varint(b.length), ...b];
}

function frame(body: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(8 + body.length);
  out.set([0x57, 0x46, 2, 0]);
  new DataView(out.buffer).setUint32(4, body.length, true);
  out.set(body, 8);
  return out;
}

const f = new BinaryFormatter();
/** The assembly Point is registered under (this package's name), read from its own TypeDef. */
const assembly = (() => {
  const b = f.serialize(new Point(0, 0)); // header (8 bytes), TypeDef tag, String tag, length, assembly...
  if (b[8] !== T.TypeDef || b[9] !== T.String || b[10]! >= 0x80) throw new Error('unexpected TypeDef layout');
  return new TextDecoder().decode(b.subarray(11, 11 + b[10]!));
})();

interface Shape {
  name: string;
  make: (k: number) => Uint8Array;
  /** 'ok' or the code the decode must fail with */
  outcome: string;
}

const shapes: Shape[] = [
  {
    name: 'many small objects with shared references',
    make: (k) => {
      const shared = new Point(1, 2);
      return f.serialize(Array.from({ length: 20_000 * k }, (_, i) => (i % 3 ? new Point(i, -i) : shared)));
    },
    outcome: 'ok',
  },
  {
    name: 'one huge bigint',
    make: (k) => {
      const n = 50_000 * k;
      const head = [T.BigIntPos, ...varint(n)];
      const body = new Uint8Array(head.length + n).fill(0xab);
      body.set(head);
      return frame(body);
    },
    outcome: 'ok',
  },
  { name: 'a long UTF-16 string and a long UTF-8 string', make: (k) => f.serialize(['\uD800x'.repeat(50_000 * k), 'é'.repeat(50_000 * k)]), outcome: 'ok' },
  {
    name: 'many TypeDefs re-defining a registered type (shuffled layout)',
    make: (k) => {
      const n = 3000 * k;
      const def = [T.TypeDef, ...str(assembly), ...str('Point'), 0, 2, ...str('y'), 1, ...str('x'), 1, T.FixInt | 1, T.FixInt | 2];
      const body: number[] = [T.Array, ...varint(n)];
      for (let i = 0; i < n; i++) body.push(...def);
      return frame(body);
    },
    outcome: 'ok',
  },
  {
    name: 'a hostile input that fails only at its end',
    make: (k) => {
      const n = 20_000 * k;
      const head = [T.Array, ...varint(n + 1)];
      const body = new Uint8Array(head.length + n * 2 + 6);
      body.set(head);
      let p = head.length;
      for (let i = 0; i < n; i++) {
        body[p++] = T.Object;
        body[p++] = 0;
      }
      body.set([T.Ref, 0xff, 0xff, 0xff, 0xff, 0x0f], p);
      return frame(body);
    },
    outcome: 'BAD_REFERENCE',
  },
  {
    name: 'fan-out: one object referenced n times',
    make: (k) => {
      const n = 30_000 * k;
      const body = [T.Array, ...varint(n + 1), T.Object, 0];
      for (let i = 0; i < n; i++) body.push(T.Ref, 1);
      return frame(body);
    },
    outcome: 'ok',
  },
];

function decode(bytes: Uint8Array, outcome: string): void {
  try {
    f.deserialize(bytes);
  } catch (e) {
    if (e instanceof SerializationException && e.code === outcome) return;
    throw e;
  }
  if (outcome !== 'ok') throw new Error(`expected ${outcome}, but the input decoded`);
}

/** Best of `reps` timings, in ms. */
function best(fn: () => void, reps: number): number {
  let min = Infinity;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    min = Math.min(min, performance.now() - t0);
  }
  return min;
}

const si = process.argv.indexOf('--scale');
const scale = si >= 0 ? Number(process.argv[si + 1]) : 10;
console.log(`decode time at 1x and ${scale}x the input (best of 7 / 5 runs); linear work gives a ratio near ${scale}\n`);
for (const s of shapes) {
  const small = s.make(1);
  const large = s.make(scale);
  best(() => decode(small, s.outcome), 3); // warm up
  best(() => decode(large, s.outcome), 2);
  const ts = best(() => decode(small, s.outcome), 7);
  const tl = best(() => decode(large, s.outcome), 5);
  // Floor the small timing at 0.5 ms so timer resolution cannot inflate the ratio.
  const ratio = tl / Math.max(ts, 0.5);
  const flag = ratio > scale * 3 ? '  <-- worse than linear?' : '';
  console.log(`${s.name.padEnd(64)} ${String(small.length).padStart(9)} B ${ts.toFixed(2).padStart(8)} ms   ${String(large.length).padStart(10)} B ${tl.toFixed(2).padStart(9)} ms   x${ratio.toFixed(1)}${flag}`);
}
