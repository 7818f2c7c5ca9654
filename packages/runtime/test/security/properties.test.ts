// Property tests (fast-check, fixed seeds: a failure prints seed + path, replay with { seed, path }).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BinaryFormatter, SerializationException } from '@weft/runtime';
import { protoSnapshot } from './bytes';
import { Node, Point, makeFormatter, sampleGraphs } from './fixtures';

const SEED = 0x5eed_2026;
const f = makeFormatter();
const tight = makeFormatter({ limits: { maxDepth: 30, maxObjects: 2000, maxCollectionLength: 100, maxStringLength: 64 } });
const proto0 = protoSnapshot();

/** Decodes and returns 'ok' or the error code; anything but a well-formed SerializationException fails the property. */
function decodeOnly(fmt: BinaryFormatter, bytes: Uint8Array): string {
  try {
    fmt.deserialize(bytes);
    return 'ok';
  } catch (e) {
    if (!(e instanceof SerializationException)) throw new Error(`non-SerializationException: ${String(e)}`, { cause: e });
    if (e.code === 'CALLBACK_FAILED') throw new Error(`runtime error surfaced as CALLBACK_FAILED: ${e.message}`, { cause: e });
    if (/stack overflowed/.test(e.message)) throw new Error(`JS stack overflow: ${e.message}`);
    if (typeof e.offset !== 'number') throw new Error(`no offset: ${e.code} ${e.message}`);
    return e.code;
  } finally {
    if (protoSnapshot() !== proto0) throw new Error('Object.prototype (or another shared prototype) changed');
  }
}

function withHeader(body: Uint8Array): Uint8Array {
  const out = new Uint8Array(body.length + 8);
  out.set([0x57, 0x46, 2, 0]);
  new DataView(out.buffer).setUint32(4, body.length, true);
  out.set(body, 8);
  return out;
}

describe('arbitrary bytes → only SerializationException', () => {
  it('raw bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
        decodeOnly(f, b);
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it('random bodies behind a valid frame header (tag-heavy bytes)', () => {
    const tagByte = fc.oneof(
      fc.integer({ min: 0, max: 255 }),
      fc.constantFrom(0x00, 0x08, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x40, 0x41, 0x80, 0xff),
    );
    const codes = new Set<string>();
    fc.assert(
      fc.property(fc.array(tagByte, { maxLength: 300 }).map((a) => Uint8Array.from(a)), fc.boolean(), (body, useTight) => {
        codes.add(decodeOnly(useTight ? tight : f, withHeader(body)));
      }),
      { seed: SEED + 1, numRuns: 4000 },
    );
    // The generator reaches deep into the reader, not only the first byte.
    expect(codes.size).toBeGreaterThanOrEqual(6);
  });
});

type Mutation = { op: 'flip' | 'set' | 'truncate' | 'inflate' | 'insert' | 'delete'; pos: number; val: number };
const mutation: fc.Arbitrary<Mutation> = fc.record({
  op: fc.constantFrom('flip', 'set', 'truncate', 'inflate', 'insert', 'delete'),
  pos: fc.nat(),
  val: fc.integer({ min: 0, max: 255 }),
});

function mutate(valid: Uint8Array, muts: Mutation[], fixHeader: boolean): Uint8Array {
  let b = Array.from(valid);
  for (const m of muts) {
    const p = b.length ? m.pos % b.length : 0;
    switch (m.op) {
      case 'flip': if (b.length) b[p]! ^= 1 << (m.val & 7); break;
      case 'set': if (b.length) b[p] = m.val; break;
      case 'truncate': b = b.slice(0, p); break;
      case 'inflate': b.splice(p, 1, ...(m.val & 1 ? [0xff, 0xff, 0xff, 0xff, 0x0f] : [0xff, 0xff, 0x03])); break;
      case 'insert': b.splice(p, 0, m.val); break;
      case 'delete': b.splice(p, 1 + (m.val & 7)); break;
    }
  }
  const out = Uint8Array.from(b);
  if (fixHeader && out.length >= 8) new DataView(out.buffer).setUint32(4, out.length - 8, true);
  return out;
}

describe('mutations of valid encodings → only SerializationException', () => {
  const valid = sampleGraphs().map((g) => f.serialize(g));

  it('truncations, bit flips, overwrites, inserts, deletes and inflated lengths', () => {
    const codes = new Set<string>();
    fc.assert(
      fc.property(fc.nat({ max: valid.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.boolean(), fc.boolean(), (i, muts, fix, useTight) => {
        codes.add(decodeOnly(useTight ? tight : f, mutate(valid[i]!, muts, fix)));
      }),
      { seed: SEED + 2, numRuns: 4000 },
    );
    for (const c of ['TRUNCATED', 'INVALID_LENGTH']) expect(codes).toContain(c);
  });
});

// ---- random graphs with shared and cyclic objects -------------------------------------------

type Kind = 'array' | 'object' | 'map' | 'set' | 'node' | 'point' | 'date';
interface Spec {
  kinds: Kind[];
  /** per node: children, each a node index (shared/cyclic) or a primitive */
  children: { ref: number | null; prim: unknown; key: string }[][];
}

const primitive = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }),
);
const key = fc.oneof(fc.constantFrom('a', 'b', '__proto__', 'constructor', 'prototype', ''), fc.string({ maxLength: 6 }));

const spec: fc.Arbitrary<Spec> = fc.integer({ min: 1, max: 24 }).chain((n) =>
  fc.record({
    kinds: fc.array(fc.constantFrom<Kind>('array', 'object', 'map', 'set', 'node', 'point', 'date'), { minLength: n, maxLength: n }),
    children: fc.array(fc.array(fc.record({ ref: fc.option(fc.nat({ max: n - 1 }), { freq: 2 }), prim: primitive, key }), { maxLength: 5 }), {
      minLength: n,
      maxLength: n,
    }),
  }),
);

function build(s: Spec): unknown {
  const objs: object[] = s.kinds.map((k, i) => {
    switch (k) {
      case 'array': return [];
      case 'object': return {};
      case 'map': return new Map();
      case 'set': return new Set();
      case 'node': return new Node(null);
      case 'point': return new Point(i, -i / 3);
      case 'date': return new Date(i * 1e9);
    }
  });
  s.kinds.forEach((k, i) => {
    const o = objs[i]!;
    const kids = s.children[i]!.map((c) => (c.ref === null ? c.prim : objs[c.ref]));
    switch (k) {
      case 'array': (o as unknown[]).push(...kids); break;
      case 'object':
        s.children[i]!.forEach((c, j) => Object.defineProperty(o, c.key, { value: kids[j], enumerable: true, writable: true, configurable: true }));
        break;
      case 'map': kids.forEach((v, j) => (o as Map<unknown, unknown>).set(j % 2 ? v : s.children[i]![j]!.key, v)); break;
      case 'set': kids.forEach((v) => (o as Set<unknown>).add(v)); break;
      case 'node': {
        const n = o as Node;
        n.value = kids[0];
        n.label = s.children[i]![0]?.key ?? '';
        const nextRef = s.children[i]!.find((c) => c.ref !== null && s.kinds[c.ref] === 'node');
        n.next = nextRef ? (objs[nextRef.ref!] as Node) : null;
        break;
      }
      default: break;
    }
  });
  return objs[0];
}

/** True when b is a copy of a with the same shape, the same sharing and the same cycles (a bijection between objects). */
function isomorphic(a: unknown, b: unknown): boolean {
  const fwd = new Map<object, object>();
  const back = new Map<object, object>();
  const work: [unknown, unknown][] = [[a, b]];
  while (work.length) {
    const [x, y] = work.pop()!;
    if (typeof x !== 'object' || x === null || typeof y !== 'object' || y === null) {
      if (!Object.is(x, y)) return false;
      continue;
    }
    const seen = fwd.get(x);
    if (seen !== undefined) {
      if (seen !== y) return false;
      continue;
    }
    if (back.has(y) || Object.getPrototypeOf(x) !== Object.getPrototypeOf(y)) return false;
    fwd.set(x, y);
    back.set(y, x);
    if (Array.isArray(x)) {
      const ya = y as unknown[];
      if (x.length !== ya.length) return false;
      x.forEach((v, i) => work.push([v, ya[i]]));
    } else if (x instanceof Map) {
      const xe = [...x];
      const ye = [...(y as Map<unknown, unknown>)];
      if (xe.length !== ye.length) return false;
      xe.forEach(([k, v], i) => work.push([k, ye[i]![0]], [v, ye[i]![1]]));
    } else if (x instanceof Set) {
      const xe = [...x];
      const ye = [...(y as Set<unknown>)];
      if (xe.length !== ye.length) return false;
      xe.forEach((v, i) => work.push([v, ye[i]]));
    } else if (x instanceof Date) {
      if (!Object.is(x.getTime(), (y as Date).getTime())) return false;
    } else {
      // Plain objects keep their key order; class instances may differ in field definition order only.
      const plain = Object.getPrototypeOf(x) === Object.prototype || Object.getPrototypeOf(x) === null;
      const xk = plain ? Reflect.ownKeys(x) : Reflect.ownKeys(x).sort();
      const yk = plain ? Reflect.ownKeys(y) : Reflect.ownKeys(y).sort();
      if (xk.length !== yk.length || xk.some((k, i) => k !== yk[i])) return false;
      for (const k of xk) work.push([(x as Record<PropertyKey, unknown>)[k], (y as Record<PropertyKey, unknown>)[k]]);
    }
  }
  return true;
}

describe('random graphs with shared and cyclic objects', () => {
  it('round-trip isomorphically (identity, sharing, cycles, key order, prototypes)', () => {
    fc.assert(
      fc.property(spec, (s) => {
        const g = build(s);
        const copy = f.deserialize(f.serialize(g));
        expect(isomorphic(g, copy)).toBe(true);
        expect(protoSnapshot()).toBe(proto0);
      }),
      { seed: SEED + 3, numRuns: 600 },
    );
  });

  it('the isomorphism check itself notices a lost share', () => {
    const shared = { x: 1 };
    expect(isomorphic([shared, shared], [{ x: 1 }, { x: 1 }])).toBe(false);
    expect(isomorphic([shared, shared], JSON.parse('[{"x":1},{"x":1}]'))).toBe(false);
    const c: unknown[] = [];
    c.push(c);
    expect(isomorphic(c, f.deserialize(f.serialize(c)))).toBe(true);
    expect(isomorphic(c, [[]])).toBe(false);
  });

  it('mutated encodings of random graphs → only SerializationException', () => {
    fc.assert(
      fc.property(spec, fc.array(mutation, { minLength: 1, maxLength: 3 }), fc.boolean(), (s, muts, fix) => {
        decodeOnly(f, mutate(f.serialize(build(s)), muts, fix));
      }),
      { seed: SEED + 4, numRuns: 1500 },
    );
  });
});
