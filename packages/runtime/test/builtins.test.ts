import { describe, expect, it } from 'vitest';
import { BinaryFormatter, SerializationException, deepClone } from '@weft/runtime';
import { thrown } from './helpers';

const f = new BinaryFormatter();
const rt = <T>(v: T): T => f.deserialize<T>(f.serialize(v));

describe('built-in values round-trip with full fidelity (API.md §3)', () => {
  it('primitives, including -0, NaN, ±Infinity and int/float edges', () => {
    for (const v of [null, undefined, true, false, 0, 1, 127, 128, -1, -128, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, 2 ** 53, -(2 ** 53), 1.5, -1e-300, Number.MAX_VALUE, Number.MIN_VALUE, Infinity, -Infinity]) {
      expect(rt(v)).toBe(v);
    }
    expect(Object.is(rt(-0), -0)).toBe(true);
    expect(Number.isNaN(rt(NaN))).toBe(true);
  });

  it('bigint of any size and sign', () => {
    for (const v of [0n, 1n, -1n, 255n, 256n, -(2n ** 64n), 2n ** 200n + 12345n, -(10n ** 50n)]) expect(rt(v)).toBe(v);
  });

  it('strings: ASCII, non-ASCII, astral, long, and lone surrogates', () => {
    const long = 'x'.repeat(100_000);
    const mixed = 'héllo wörld — 日本語 🎉'.repeat(500);
    for (const v of ['', 'a', 'hello', 'ümlaut', '日本語', '🎉', 'a\uD800b', '\uDC00', 'x\uD83D', long, mixed, 'é'.repeat(42), 'é'.repeat(43), 'a'.repeat(127) + 'é']) {
      expect(rt(v)).toBe(v);
    }
  });

  it('lone surrogates anywhere, in every string length the writer encodes differently, come back exactly', () => {
    const f = new BinaryFormatter();
    // lengths around ShortString (31), the one-byte length (42), the encodeInto threshold (64 non-ASCII units)
    for (const n of [1, 2, 16, 30, 31, 32, 42, 43, 63, 64, 65, 66, 130]) {
      for (const bad of ['\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\uDC00\uD800']) {
        for (const at of [0, Math.floor(n / 2), n]) {
          const base = 'é'.repeat(n);
          const v = base.slice(0, at) + bad + base.slice(at);
          const bytes = f.serialize(v);
          expect(f.deserialize(bytes)).toBe(v);
          expect(bytes[8]).toBe(0x09); // String16: UTF-8 cannot carry it
        }
      }
      // and a well-formed pair at the same places stays UTF-8
      const ok = 'é'.repeat(n) + '🎉';
      expect(f.deserialize(f.serialize(ok))).toBe(ok);
      expect(f.serialize(ok)[8]).not.toBe(0x09);
    }
  });

  it('arrays with holes keep their holes and length', () => {
    // eslint-disable-next-line no-sparse-arrays
    const a = [1, , 3, , undefined];
    const b = rt(a);
    expect(b.length).toBe(5);
    expect(1 in b).toBe(false);
    expect(4 in b).toBe(true);
    expect(b).toEqual(a);
    const sparse: number[] = [];
    sparse[1000] = 1;
    expect(rt(sparse).length).toBe(1001);
  });

  it('plain objects and null-prototype objects', () => {
    const o = { a: 1, b: 'two', c: [1, 2], d: { e: null } };
    expect(rt(o)).toEqual(o);
    const n = Object.assign(Object.create(null) as Record<string, unknown>, { x: 1 });
    const n2 = rt(n);
    expect(Object.getPrototypeOf(n2)).toBe(null);
    expect(n2.x).toBe(1);
  });

  it('Date, including invalid dates', () => {
    const d = new Date(Date.UTC(2024, 1, 29, 12, 30, 15, 123));
    expect(rt(d).getTime()).toBe(d.getTime());
    expect(rt(d)).toBeInstanceOf(Date);
    expect(Number.isNaN(rt(new Date(NaN)).getTime())).toBe(true);
  });

  it('RegExp with flags (reading RegExps is opt-in: limits.maxRegExps)', () => {
    const patterns = new BinaryFormatter({ limits: { maxRegExps: 1 } });
    const r = patterns.deserialize<RegExp>(f.serialize(/a(b)+c/giu));
    expect(r).toBeInstanceOf(RegExp);
    expect(r.source).toBe('a(b)+c');
    expect(r.flags).toBe('giu');
    expect(deepClone(/x/y).flags).toBe('y');
    const refused = thrown(() => rt(/a/));
    expect(refused.code).toBe('LIMIT_EXCEEDED');
    expect(refused.message).toMatch(/limits\.maxRegExps is 0 \(the default\)/);
    expect(thrown(() => patterns.deserialize(f.serialize([/a/, /b/]))).message).toMatch(/more than limits\.maxRegExps \(1\)/);
  });

  it('Map and Set, with object keys and identity inside', () => {
    const k = { id: 1 };
    const m = new Map<unknown, unknown>([[k, 'obj'], ['s', k], [1, [k]]]);
    const m2 = rt(m);
    const [k2] = [...m2.keys()];
    expect(m2.get(k2)).toBe('obj');
    expect(m2.get('s')).toBe(k2);
    expect((m2.get(1) as unknown[])[0]).toBe(k2);
    const s = rt(new Set([1, 'a', k]));
    expect([...s].length).toBe(3);
  });

  it('ArrayBuffer, every typed array kind and DataView, with shared buffers', () => {
    const buf = new ArrayBuffer(64);
    new Uint8Array(buf).forEach((_, i, a) => (a[i] = i * 3));
    const views = [
      new Int8Array([-1, 2, -3]), new Uint8Array([1, 255]), new Uint8ClampedArray([0, 255]), new Int16Array([-300, 300]), new Uint16Array([65535]),
      new Int32Array([-(2 ** 31)]), new Uint32Array([2 ** 32 - 1]), new Float32Array([1.5, -2.25]), new Float64Array([Math.PI, -0, NaN]),
      new BigInt64Array([-(2n ** 63n)]), new BigUint64Array([2n ** 64n - 1n]), new DataView(buf, 8, 16), new Uint8Array(buf, 4, 8), new Float64Array(buf, 16, 2),
    ];
    const back = rt({ buf, views });
    for (let i = 0; i < views.length; i++) {
      const a = views[i]!;
      const b = back.views[i]!;
      expect(Object.getPrototypeOf(b)).toBe(Object.getPrototypeOf(a));
      expect(b.byteOffset).toBe(a.byteOffset);
      expect(b.byteLength).toBe(a.byteLength);
      expect([...new Uint8Array(b.buffer, b.byteOffset, b.byteLength)]).toEqual([...new Uint8Array(a.buffer, a.byteOffset, a.byteLength)]);
    }
    // views over one buffer still share it
    expect(back.views[11]!.buffer).toBe(back.buf);
    expect(back.views[12]!.buffer).toBe(back.buf);
    new Uint8Array(back.buf)[5] = 99;
    expect((back.views[12] as Uint8Array)[1]).toBe(99);
  });

  it('Node Buffers come back as Uint8Array with only their own bytes (not the shared pool)', () => {
    const small = Buffer.from('hello');
    expect(small.buffer.byteLength).toBeGreaterThan(5); // a slice of the pool
    const bytes = f.serialize({ a: small, b: small });
    expect(bytes.length).toBeLessThan(64);
    const back = f.deserialize<{ a: Uint8Array; b: Uint8Array }>(bytes);
    expect(back.a).toBeInstanceOf(Uint8Array);
    expect(new TextDecoder().decode(back.a)).toBe('hello');
    expect(back.b).toBe(back.a);
  });

  it('Error kinds keep name, message, stack and cause', () => {
    const cause = new RangeError('inner');
    const e = new TypeError('outer', { cause });
    const e2 = rt(e);
    expect(e2).toBeInstanceOf(TypeError);
    expect(e2.message).toBe('outer');
    expect(e2.stack).toBe(e.stack);
    expect((e2 as { cause?: unknown }).cause).toBeInstanceOf(RangeError);
    const custom = new Error('x');
    custom.name = 'MyError';
    expect(rt(custom).name).toBe('MyError');
  });

  it('shared references and cycles among built-ins', () => {
    const shared = { v: 1 };
    const a: any = { x: shared, y: shared, list: [shared] };
    a.self = a;
    const b = rt(a);
    expect(b.x).toBe(b.y);
    expect(b.list[0]).toBe(b.x);
    expect(b.self).toBe(b);
  });

  it('functions, symbols, WeakMap, WeakSet and Promise are NOT_SERIALIZABLE', () => {
    for (const v of [() => 1, Symbol('s'), new WeakMap(), new WeakSet(), Promise.resolve(1), { nested: [1, { fn: () => 2 }] }]) {
      let err: unknown;
      try {
        f.serialize(v);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(SerializationException);
      expect((err as SerializationException).code).toBe('NOT_SERIALIZABLE');
    }
  });

  it('names the path to an unserializable value', () => {
    const e = thrown(() => f.serialize({ nested: [1, { fn: () => 2 }] }));
    expect(e.code).toBe('NOT_SERIALIZABLE');
    expect(e.message).toMatch(/nested\[1\]\.fn/);
  });
});
