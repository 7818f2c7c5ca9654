// Hostile input, round two (issue 12): one describe per finding, each bounded in work or bytes
// (counted chain steps, map lookups, heap bytes, error offsets), never in wall time.
import { describe, expect, it } from 'vitest';
import {
  BinaryFormatter,
  DEFAULT_LIMITS,
  type ISerializable,
  JsonFormatter,
  MemoryStream,
  OnSerializing,
  Serializable,
  SerializationBinder,
  SerializationInfo,
  StreamingContext,
} from '@weft/runtime';
import { framesToJson, inspectFrames } from '@weft/runtime/tooling';
import { GUARD_FROM, HashFloodGuard, hashOf, intHash } from '../../src/engine/hash-flood';
import { collapseChains } from '../../src/engine/object-manager';
import { gc, thrown } from '../helpers';
import { T, frame, str, varint, type Bytes } from './bytes';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

// -- 1. Hash flooding ---------------------------------------------------------------------------

// V8's ComputeLongHash in bigint arithmetic: the reference the guard's 32-bit version must equal.
const M64 = (1n << 64n) - 1n;
function longHashReference(k: bigint): number {
  let h = k & M64;
  h = (~h + (h << 18n)) & M64;
  h ^= h >> 31n;
  h = (h * 21n) & M64;
  h ^= h >> 11n;
  h = (h + (h << 6n)) & M64;
  h ^= h >> 22n;
  return Number(h & 0x3fffffffn);
}
const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

/** `n` int32 keys whose V8 hashes share their low 12 bits: one bucket in any table up to 4,096 buckets. */
function collidingInts(n: number): number[] {
  const out: number[] = [];
  for (let k = 1; out.length < n; k++) if ((intHash(k) & 0xfff) === 0) out.push(k);
  return out;
}
function collidingDoubles(n: number): number[] {
  const out: number[] = [];
  for (let i = 1; out.length < n; i++) {
    const x = i + 0.5;
    if ((hashOf(x) & 0xfff) === 0) out.push(x);
  }
  return out;
}
/** Same low 64 bits of magnitude: V8 hashes only those. */
const collidingBigints = (n: number): bigint[] => Array.from({ length: n }, (_, i) => (BigInt(i + 1) << 64n) | 12345n);

const intBytes = (v: number): Bytes => (v >= 0 && v < 0x40 ? [T.FixInt | v] : [T.Int, ...varint(((v << 1) ^ (v >> 31)) >>> 0)]);
function doubleBytes(v: number): Bytes {
  f64[0] = v;
  return [T.Float64, ...new Uint8Array(f64.buffer)];
}
function bigintBytes(v: bigint): Bytes {
  const out: number[] = [];
  for (let m = v < 0n ? -v : v; m > 0n; m >>= 8n) out.push(Number(m & 0xffn));
  return [v < 0n ? T.BigIntNeg : T.BigIntPos, ...varint(out.length), ...out];
}
const setFrame = (items: Bytes[]): Uint8Array => frame([T.Set, ...varint(items.length), ...items.flat()]);
const mapFrame = (keys: Bytes[]): Uint8Array => frame([T.Map, ...varint(keys.length), ...keys.flatMap((k) => [...k, T.Null])]);

describe('1. hash flooding: Map keys and Set elements that collide in V8’s unseeded number hash', () => {
  it('the guard computes V8’s hashes (ComputeLongHash, Wang’s mix) exactly', () => {
    let x = 0x9e3779b9;
    for (let i = 0; i < 20_000; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      const d = (x / 7) * 10 ** ((x % 40) - 20) * (x & 1 ? -1 : 1);
      f64[0] = d;
      if ((d | 0) !== d) expect(hashOf(d)).toBe(longHashReference(u64[0]!));
      const b = (BigInt(x) << 40n) ^ BigInt(i) ^ (BigInt(x) << 90n);
      expect(hashOf(b)).toBe(longHashReference(b));
      expect(hashOf(-b)).toBe(hashOf(b));
    }
    expect(hashOf(-0)).toBe(hashOf(0));
    expect(hashOf(7)).toBe(intHash(7));
  });

  it('colliding keys are refused within a few hundred insertions; ordinary keys walk < 8 steps each', () => {
    const colliding = new Map<number, null>();
    const guard = new HashFloodGuard();
    let refusedAt = -1;
    for (const k of collidingInts(2000)) {
      colliding.set(k, null);
      if (colliding.size >= GUARD_FROM && !guard.added(colliding, k, true)) {
        refusedAt = colliding.size;
        break;
      }
    }
    expect(refusedAt).toBeGreaterThanOrEqual(GUARD_FROM);
    expect(refusedAt).toBeLessThan(GUARD_FROM + 64);
    // Ordinary key sets of 100,000 keys each pass.
    const sets: [string, (i: number) => number | bigint][] = [
      ['sequential ints', (i) => i],
      ['multiples of 1024', (i) => i * 1024],
      ['negative multiples of 65536', (i) => -i * 65536],
      ['millisecond timestamps', (i) => 1.7e12 + i * 1000],
      ['halves', (i) => i + 0.5],
      ['sequential bigints', (i) => BigInt(i) << 3n],
      ['bigints past 64 bits', (i) => (BigInt(i) << 64n) | BigInt(i)],
    ];
    for (const [what, key] of sets) {
      const g = new HashFloodGuard();
      const m = new Set<unknown>();
      let ok = true;
      for (let i = 0; i < 100_000 && ok; i++) {
        const k = key(i);
        m.add(k);
        if (m.size >= GUARD_FROM) ok = g.added(m, k, true);
      }
      expect([what, ok]).toEqual([what, true]);
    }
  });

  const cases: [string, () => Uint8Array][] = [
    ['a Set of bigints with the same low 64 bits', () => setFrame(collidingBigints(4000).map(bigintBytes))],
    ['a Map with colliding int32 keys', () => mapFrame(collidingInts(4000).map(intBytes))],
    ['a Map with colliding double keys', () => mapFrame(collidingDoubles(4000).map(doubleBytes))],
  ];
  for (const [what, make] of cases) {
    it(`binary: ${what} is LIMIT_EXCEEDED before a tenth of it is read`, () => {
      const bytes = make();
      const e = thrown(() => new BinaryFormatter().deserialize(bytes));
      expect(e.code).toBe('LIMIT_EXCEEDED');
      expect(e.message).toMatch(/hash-flooding/);
      expect(e.offset!).toBeLessThan(bytes.length / 10);
    });
  }

  it('JSON: a "$map" and a "$set" with colliding keys are LIMIT_EXCEEDED; the same count of ordinary keys reads', () => {
    const keys = collidingInts(4000);
    const j = new JsonFormatter();
    const map = thrown(() => j.deserialize(JSON.stringify({ $weft: 1, root: { $map: keys.map((k) => [k, 0]) } })));
    expect(map.code).toBe('LIMIT_EXCEEDED');
    expect(map.json!.path).toMatch(/^\$\.root\.\$map\[\d+\]/);
    expect(Number(/\[(\d+)\]/.exec(map.json!.path)![1])).toBeLessThan(400);
    expect(thrown(() => j.deserialize(JSON.stringify({ $weft: 1, root: { $set: keys } }))).code).toBe('LIMIT_EXCEEDED');
    const ordinary = j.deserialize<Map<number, number>>(JSON.stringify({ $weft: 1, root: { $map: keys.map((_, i) => [i, 0]) } }));
    expect(ordinary.size).toBe(4000);
  });

  it('JSON: "$id" labels chosen to collide are not kept in a Map (they read, each found again by "$ref")', () => {
    const labels = collidingInts(4000).map((k) => k + 1_000_000);
    const root = [...labels.map((id) => ({ $id: id, v: id })), ...labels.map((id) => ({ $ref: id }))];
    const back = new JsonFormatter().deserialize<{ v: number }[]>(JSON.stringify({ $weft: 1, root }));
    expect(back).toHaveLength(8000);
    expect(back[4000 + 17]).toBe(back[17]);
    expect(back[17]!.v).toBe(labels[17]);
  });
});

// -- 2. RegExp construction ---------------------------------------------------------------------

describe('2. RegExp: building one from stream text is opt-in (limits.maxRegExps, default 0)', () => {
  // 500 × \p{RGI_Emoji} with flags "vi": ~10 s and 500 MB in V8's pattern parser.
  const emoji = '\\p{RGI_Emoji}'.repeat(500);
  const regexpFrame = (n: number): Uint8Array => frame([T.Array, n, ...Array.from({ length: n }, () => [T.RegExp, ...str(emoji), ...str('vi')]).flat()]);

  it('the default refuses the first RegExp, at its own offset, before V8 parses it', () => {
    const bytes = regexpFrame(1);
    const e = thrown(() => new BinaryFormatter().deserialize(bytes));
    expect(e.code).toBe('LIMIT_EXCEEDED');
    expect(e.message).toMatch(/limits\.maxRegExps/);
    expect(e.offset).toBe(11); // its source: after the 8-byte header, the array's 2 bytes and the RegExp tag
    const json = thrown(() => new JsonFormatter().deserialize(JSON.stringify({ $weft: 1, root: { $regexp: emoji, flags: 'vi' } })));
    expect(json.code).toBe('LIMIT_EXCEEDED');
    expect(json.json!.path).toBe('$.root');
  });

  it('an allowance of n builds n RegExps per graph and refuses the next', () => {
    const two = new BinaryFormatter({ limits: { maxRegExps: 2 } });
    const ok = two.deserialize<RegExp[]>(frame([T.Array, 2, T.RegExp, ...str('a+'), ...str('g'), T.RegExp, ...str('b'), ...str('')]));
    expect(ok.map(String)).toEqual(['/a+/g', '/b/']);
    const three = frame([T.Array, 3, ...[0, 1, 2].flatMap(() => [T.RegExp, ...str('a'), ...str('')])]);
    expect(thrown(() => two.deserialize(three)).code).toBe('LIMIT_EXCEEDED');
    // The count is per graph: the same formatter reads two more in the next one.
    expect(two.deserialize<RegExp[]>(frame([T.Array, 2, T.RegExp, ...str('c'), ...str(''), T.RegExp, ...str('d'), ...str('')]))).toHaveLength(2);
  });
});

// -- 3. JSON hole runs --------------------------------------------------------------------------

describe('3. JSON "$holes": a run takes constant time and costs a unit per 8 holes', () => {
  const one = '{"$array":[{"$holes":16777216}]}';
  it('one run of 16,777,216 holes reads with < 2 MB of heap; 32 of them in 1,076 bytes are LIMIT_EXCEEDED before 5 are built', () => {
    gc();
    const before = process.memoryUsage().heapUsed;
    const back = new JsonFormatter().deserialize<unknown[][]>(`{"$weft":1,"root":[${one}]}`);
    gc();
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(2 * 1024 * 1024);
    expect(back[0]!.length).toBe(16_777_216);
    expect(0 in back[0]!).toBe(false);
    const doc = `{"$weft":1,"root":[${new Array(32).fill(one).join(',')}]}`;
    expect(doc.length).toBe(1076);
    const e = thrown(() => new JsonFormatter().deserialize(doc));
    expect(e.code).toBe('LIMIT_EXCEEDED');
    expect(e.json!.path).toBe('$.root[4].$array[0]'); // 5 × 2,097,153 units > 10 M
  });

  it('runs just short of V8’s sparse gap (dense holey arrays, 8 bytes a hole) hold < 70 bytes of heap per unit', () => {
    const runs = 2000;
    const items = Array.from({ length: runs }, () => '1,{"$holes":1000}').join(',');
    const doc = `{"$weft":1,"root":[${items}]}`;
    const units = 1 + runs * (1 + 1 + 125); // the root array; per run: the element 1, the run, 1000 / 8
    expect(thrown(() => new JsonFormatter({ limits: { maxObjects: units - 1 } }).deserialize(doc)).code).toBe('LIMIT_EXCEEDED');
    gc();
    const before = process.memoryUsage().heapUsed;
    const back = new JsonFormatter({ limits: { maxObjects: units } }).deserialize<unknown[]>(doc);
    gc();
    expect(back).toHaveLength(runs * 1001);
    expect((process.memoryUsage().heapUsed - before) / units).toBeLessThan(70);
  });

  it('a sparse array keeps its elements around a 9,000,000-hole run', () => {
    const back = new JsonFormatter().deserialize<number[]>('{"$weft":1,"root":[1,{"$holes":9000000},2]}');
    expect([back.length, back[0], back[9_000_001], 1 in back]).toEqual([9_000_002, 1, 2, false]);
  });

  it('a run longer than maxCollectionLength is refused before anything is made for it', () => {
    expect(thrown(() => new JsonFormatter().deserialize(`{"$weft":1,"root":[{"$holes":${DEFAULT_LIMITS.maxCollectionLength + 1}}]}`)).code).toBe('LIMIT_EXCEEDED');
  });
});

// -- 4. Member-less custom objects --------------------------------------------------------------

@Serializable({ name: 'round2.Token' })
class Token implements ISerializable {
  constructor(_info?: SerializationInfo, _context?: StreamingContext) {}
  getObjectData(_info: SerializationInfo, _context: StreamingContext): void {}
}

describe('4. member-less ISerializable objects keep no SerializationInfo or stand-in to the graph’s end', () => {
  it('300,000 of them (2 bytes each on the wire) hold < 100 bytes of heap each once read', () => {
    const n = 300_000;
    const f = new BinaryFormatter();
    const bytes = f.serialize(Array.from({ length: n }, () => new Token()));
    expect(bytes.length).toBeLessThan(2 * n + 100);
    gc();
    const before = process.memoryUsage().heapUsed;
    const back = f.deserialize<Token[]>(bytes);
    gc();
    const perObject = (process.memoryUsage().heapUsed - before) / n;
    expect(back[n - 1]).toBeInstanceOf(Token);
    // An array slot (8), the Token (~16-32), the reader's id slot is released: was ~450 before.
    expect(perObject).toBeLessThan(100);
  });
});

describe('4. the worst frame: the costliest objects per byte are charged extra units', () => {
  // [shape, bytes of one copy, units of one copy (its array slot included)]
  const shapes: [string, Bytes, number][] = [
    ['empty Map', [T.Map, 0], 3],
    ['empty Set', [T.Set, 0], 3],
    ['empty null-prototype object', [T.ObjectNullProto, 0], 3],
    ['empty ArrayBuffer', [T.ArrayBuffer, 0], 5],
    ['empty object', [T.Object, 0], 2],
    ['Date', [T.Date, 0, 0, 0, 0, 0, 0, 0, 0], 2],
  ];
  const many = (one: Bytes, n: number): Uint8Array => {
    const body = new Uint8Array(1 + varint(n).length + n * one.length);
    body.set([T.Array, ...varint(n)]);
    for (let i = 0, p = 1 + varint(n).length; i < n; i++, p += one.length) body.set(one, p);
    return frame(body);
  };
  for (const [what, one, units] of shapes) {
    it(`${what}: ${units} units a copy, < 70 bytes of heap per unit`, () => {
      const n = 100_000;
      const need = 1 + n * units;
      const bytes = many(one, n);
      expect(thrown(() => new BinaryFormatter({ limits: { maxObjects: need - 1 } }).deserialize(bytes)).code).toBe('LIMIT_EXCEEDED');
      const f = new BinaryFormatter({ limits: { maxObjects: need } });
      gc();
      const before = process.memoryUsage().heapUsed;
      const back = f.deserialize<unknown[]>(bytes);
      gc();
      expect(back).toHaveLength(n);
      expect((process.memoryUsage().heapUsed - before) / need).toBeLessThan(70);
    });
  }
});

// -- 5. The type-layout cache ---------------------------------------------------------------------

describe('5. failing frames leave nothing in the type-layout cache', () => {
  class AnyName extends SerializationBinder {
    override bindToType(): Function {
      return Token;
    }
  }
  it('100 failing frames of 2,000 type definitions each, through a binder that answers every name, grow the heap < 2 MB', () => {
    const f = new BinaryFormatter({ binder: new AnyName() });
    const defs = (i: number): Bytes => Array.from({ length: 2000 }, (_, k) => [T.TypeDef, ...str('asm'), ...str(`T${i}_${k}_${'x'.repeat(200)}`), 1, 0, 0]).flat();
    const failing = (i: number): Uint8Array => frame([T.Array, ...varint(2001), ...defs(i), 0x1f]); // 0x1f: no tag
    expect(thrown(() => f.deserialize(failing(0))).code).toBe('INVALID_TAG');
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 1; i <= 100; i++) thrown(() => f.deserialize(failing(i)));
    gc();
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(2 * 1024 * 1024);
  });
});

// -- 6. Fixup chains ----------------------------------------------------------------------------

describe('6. replacement chains collapse in linear work', () => {
  it('a chain of 16,000 replacements takes < 8 map operations per link', () => {
    const nodes = Array.from({ length: 16_001 }, () => ({}));
    const map = new Map<object, object>();
    // Inserted last link first: each start walks the longest remaining chain (the quadratic case).
    for (let i = 15_999; i >= 0; i--) map.set(nodes[i]!, nodes[i + 1]!);
    let ops = 0;
    const counted = new Proxy(map, {
      get(target, key) {
        const v = Reflect.get(target, key, target) as unknown;
        if (key === 'get' || key === 'has' || key === 'set') ops++;
        return typeof v === 'function' ? (v as Function).bind(target) : v;
      },
    });
    collapseChains(counted);
    // ~5 per link (has, get, set); the old per-key walk took 16,000² / 2 = 128 M.
    expect(ops).toBeLessThan(8 * 16_000);
    for (let i = 0; i < 16_000; i++) expect(map.get(nodes[i]!)).toBe(nodes[16_000]);
  });

  it('a loop of replacements is INVALID_VALUE', () => {
    const a = {};
    const b = {};
    expect(thrown(() => collapseChains(new Map([[a, b], [b, a]]))).code).toBe('INVALID_VALUE');
  });

  @Serializable({ name: 'round2.Handle' })
  class Handle {
    next: Handle | null = null;
    getRealObject(_c: StreamingContext): object {
      return this.next ?? this;
    }
  }
  it('16,000 deferred IObjectReference handles, each standing for the next, read as one object', () => {
    let head: Handle | null = null;
    for (let i = 0; i < 16_000; i++) {
      const h: Handle = new Handle();
      h.next = head;
      head = h;
    }
    const f = new BinaryFormatter();
    const back = f.deserialize<Handle[]>(f.serialize([head, head!.next]));
    expect(back[0]).toBe(back[1]);
    expect(back[0]!.next).toBeNull();
  });
});

// -- 7. bigint transcoding ----------------------------------------------------------------------

describe('7. big bigints are written and transcoded in hex (linear in V8), read in hex or short decimal', () => {
  const big = (1n << 8_388_600n) - 12345n; // ~1 MiB
  it('JsonFormatter writes decimal up to 2048 bits, hex past it; both read back', () => {
    const j = new JsonFormatter({ indent: 0 });
    const small = 2n ** 2048n - 1n;
    expect(new TextDecoder().decode(j.serialize(small))).toContain(`"$bigint":"${small}"`);
    const text = new TextDecoder().decode(j.serialize(-(2n ** 2048n)));
    expect(text).toContain('"$bigint":"-0x1');
    expect(j.deserialize(text)).toBe(-(2n ** 2048n));
    expect(j.deserialize(j.serialize(big))).toBe(big);
  });

  it('weft inspect prints a 1 MiB bigint of a binary frame in hex', () => {
    const out = framesToJson(inspectFrames(new BinaryFormatter().serialize(big)), 0).join('');
    expect(out.length).toBeLessThan(2.2 * 1024 * 1024);
    expect(out).toMatch(/"\$bigint":"0xf{100}/);
  });

  it('decimal text is read up to 4,096 digits; longer, or a non-canonical hex, is refused', () => {
    const j = new JsonFormatter();
    const d4096 = `1${'0'.repeat(4095)}`;
    expect(j.deserialize(`{"$weft":1,"root":{"$bigint":"${d4096}"}}`)).toBe(10n ** 4095n);
    expect(thrown(() => j.deserialize(`{"$weft":1,"root":{"$bigint":"${d4096}0"}}`)).code).toBe('LIMIT_EXCEEDED');
    expect(thrown(() => j.deserialize('{"$weft":1,"root":{"$bigint":"0x0ff"}}')).code).toBe('INVALID_VALUE');
    expect(thrown(() => j.deserialize('{"$weft":1,"root":{"$bigint":"0xFF"}}')).code).toBe('INVALID_VALUE');
  });
});

// -- 8. A graph that changes while it is written ------------------------------------------------

@Serializable({ name: 'round2.Mutator' })
class Mutator {
  constructor(
    public action = '',
    public victim: Map<string, unknown> | Set<unknown> | unknown[] | null = null,
  ) {}
  @OnSerializing() protected mutate(_c: StreamingContext): void {
    const v = this.victim;
    if (v instanceof Map) this.action === 'grow' ? v.set(`added-${v.size}`, 1) : v.delete('other');
    else if (v instanceof Set) this.action === 'grow' ? v.add(`added-${v.size}`) : v.delete('other');
    else if (Array.isArray(v)) this.action === 'grow' ? v.push('added') : v.pop();
  }
}

describe('8. serialize never returns a frame of a graph that changed under it', () => {
  const graphs: [string, () => unknown][] = [
    ['a Map grown by the callback of one of its values', () => {
      const m = new Map<string, unknown>();
      m.set('m', new Mutator('grow', m));
      return m;
    }],
    ['a Map shrunk by the callback of one of its values', () => {
      const m = new Map<string, unknown>();
      m.set('m', new Mutator('shrink', m));
      m.set('other', 1);
      return m;
    }],
    ['the issue’s shrink + grow: [Map{s}, "x", "y", Map{m, added}]', () => {
      const first = new Map<string, unknown>([['s', 1], ['other', 2]]);
      const second = new Map<string, unknown>();
      second.set('m', new Mutator('shrink', first));
      second.set('n', new Mutator('grow', second));
      return [first, 'x', 'y', second];
    }],
    ['a Set grown', () => {
      const s = new Set<unknown>();
      s.add(new Mutator('grow', s));
      return s;
    }],
    ['an array grown', () => {
      const a: unknown[] = [];
      a.push(new Mutator('grow', a));
      return a;
    }],
    ['an array shrunk', () => {
      const a: unknown[] = [];
      a.push(new Mutator('shrink', a), 'tail');
      return a;
    }],
  ];
  for (const [what, make] of graphs) {
    for (const fmt of [new BinaryFormatter(), new JsonFormatter()]) {
      it(`${fmt.constructor.name}: ${what} → COLLECTION_MODIFIED, nothing written to the stream`, () => {
        const stream = new MemoryStream();
        stream.write(new Uint8Array([1, 2, 3]));
        const e = thrown(() => fmt.serialize(stream, make()));
        expect(e.code).toBe('COLLECTION_MODIFIED');
        expect(e.message).toMatch(/changed while it was being serialized/);
        expect(stream.length).toBe(3);
      });
    }
  }

  it('a collection changed before its entries are written (by its holder’s callback) is written as it then is', () => {
    @Serializable({ name: 'round2.Holder' })
    class Holder {
      items = new Map<string, number>([['a', 1]]);
      @OnSerializing() protected prepare(_c: StreamingContext): void {
        this.items.set('b', 2);
      }
    }
    const f = new BinaryFormatter();
    expect([...f.deserialize<Holder>(f.serialize(new Holder())).items.keys()]).toEqual(['a', 'b']);
  });
});

// -- 9. Thrown values that are not Errors -------------------------------------------------------

describe('9. anything user code throws becomes a SerializationException with it as the cause', () => {
  const nullProto = Object.create(null) as object;
  const throwingToString = { toString(): string { throw new Error('nope'); } };

  @Serializable({ name: 'round2.Thrower' })
  class Thrower implements ISerializable {
    static thrown: unknown = null;
    constructor(_info?: SerializationInfo, _context?: StreamingContext) {}
    getObjectData(_info: SerializationInfo, _context: StreamingContext): void {
      throw Thrower.thrown;
    }
  }
  const values = [['a null-prototype object', nullProto], ['an object whose toString throws', throwingToString], ['undefined', undefined], ['a symbol', Symbol('s')]] as const;
  for (const [what, value] of values) {
    it(`a plain object's getter, and getObjectData, that throw ${what}: CALLBACK_FAILED`, () => {
      const graph = {
        get boom(): number {
          throw value;
        },
      };
      const e = thrown(() => new BinaryFormatter().serialize(graph));
      expect(e.code).toBe('CALLBACK_FAILED');
      expect(e.cause).toBe(value);
      Thrower.thrown = value;
      const g = thrown(() => new JsonFormatter().serialize(new Thrower()));
      expect(g.code).toBe('CALLBACK_FAILED');
      expect(g.cause).toBe(value);
    });
  }

  it('a binder that throws a null-prototype object: CALLBACK_FAILED, the object as cause', () => {
    class Thrower extends SerializationBinder {
      override bindToType(): Function {
        throw nullProto;
      }
    }
    const bytes = new BinaryFormatter().serialize(new Token());
    const e = thrown(() => new BinaryFormatter({ binder: new Thrower() }).deserialize(bytes));
    expect(e.code).toBe('CALLBACK_FAILED');
    expect(e.message).toContain('an object without prototype');
    expect(e.cause).toBe(nullProto);
  });

  it('an Error value in the graph whose name is a null-prototype object is written with a safe name (its stack cannot be formatted)', () => {
    const err = new Error('m');
    Object.defineProperty(err, 'name', { value: nullProto });
    const back = new BinaryFormatter().deserialize<Error>(new BinaryFormatter().serialize(err));
    expect(back.name).toBe('an object without prototype');
    expect(back.message).toBe('m');
    expect(back.stack).toBeUndefined();
  });
});

// -- 10. JSON errors: positions and bounded quotes ------------------------------------------------

describe('10. JSON errors carry a position and quote payload text bounded', () => {
  it('a 1 MB "$type", key and marker: messages under 500 characters, each with line, column and path', () => {
    const big = 'x'.repeat(1 << 20);
    const docs = [
      `{"$weft":1,"types":{},"root":{"$type":${JSON.stringify(big)}}}`,
      `{"$weft":1,"root":{${JSON.stringify(big)}:{"$bogus":1}}}`,
      `{"$weft":1,"root":{${JSON.stringify(`$${big}`)}:1}}`,
    ];
    for (const doc of docs) {
      const e = thrown(() => new JsonFormatter().deserialize(utf8(doc)));
      expect(e.message.length).toBeLessThan(500);
      expect(e.json).toBeDefined();
      expect(e.offset).toBeGreaterThanOrEqual(0);
    }
  });
});
