import { describe, expect, it } from 'vitest';
import { BinaryFormatter, MemoryStream, Serializable, deepClone } from '@weft/runtime';
import { allocatedTotal, thrown } from './helpers';

// The ways a frame leaves the formatter: bytes of the caller's own, into the caller's buffer,
// a view valid until the next call, or one write to a stream. Each keeps `serialize` atomic.
@Serializable()
class Tick {
  constructor(
    public symbol: string,
    public price: number,
    public at: Date,
  ) {}
}

const tick = () => new Tick('ACME', 101.25, new Date(1_700_000_000_000));

describe('serialize output', () => {
  it('serialize(graph) returns bytes that own their ArrayBuffer, shared with no other result', () => {
    const f = new BinaryFormatter();
    const a = f.serialize(tick());
    const b = f.serialize(tick());
    expect(a.byteOffset).toBe(0);
    expect(a.buffer.byteLength).toBe(a.length);
    expect(a.buffer).not.toBe(b.buffer);
    expect([...a]).toEqual([...b]);
    a.fill(0);
    expect(f.deserialize<Tick>(b).price).toBe(101.25);
  });

  it('serializeInto writes the same frame at the offset and returns its length', () => {
    const f = new BinaryFormatter();
    const expected = f.serialize(tick());
    const target = new Uint8Array(expected.length + 20).fill(0xee);
    const n = f.serializeInto(target, 7, tick());
    expect(n).toBe(expected.length);
    expect([...target.subarray(7, 7 + n)]).toEqual([...expected]);
    expect(target[6]).toBe(0xee);
    expect(target[7 + n]).toBe(0xee);
    const back = f.deserialize<Tick>(target.subarray(7, 7 + n));
    expect(back).toBeInstanceOf(Tick);
    expect(back.at.getTime()).toBe(1_700_000_000_000);
  });

  it('serializeInto: BUFFER_TOO_SMALL names the size it needs and writes nothing', () => {
    const f = new BinaryFormatter();
    const size = f.serialize(tick()).length;
    const target = new Uint8Array(size + 3).fill(0xee);
    const e = thrown(() => f.serializeInto(target, 4, tick()));
    expect(e.code).toBe('BUFFER_TOO_SMALL');
    expect(e.message).toContain(`${size} bytes`);
    expect(target.every((b) => b === 0xee)).toBe(true);
    // exactly enough room is enough
    expect(f.serializeInto(target, 3, tick())).toBe(size);
  });

  it('serializeInto: bad arguments and a graph that fails leave the target untouched', () => {
    const f = new BinaryFormatter();
    const target = new Uint8Array(64).fill(0xee);
    expect(thrown(() => f.serializeInto(target, 65, tick())).code).toBe('INVALID_ARGUMENT');
    expect(thrown(() => f.serializeInto(target, -1, tick())).code).toBe('INVALID_ARGUMENT');
    expect(thrown(() => f.serializeInto([] as unknown as Uint8Array, 0, tick())).code).toBe('INVALID_ARGUMENT');
    expect(thrown(() => f.serializeInto(target, 0, { fn: () => 1 })).code).toBe('NOT_SERIALIZABLE');
    expect(target.every((b) => b === 0xee)).toBe(true);
  });

  it('serializeInto allocates no output buffer per call', () => {
    const f = new BinaryFormatter();
    const target = new Uint8Array(4096);
    const run = (n: number) => () => {
      for (let i = 0; i < n; i++) f.serializeInto(target, 0, null);
    };
    // warmed up until optimized: the interpreter allocates where optimized code does not
    run(50_000)();
    // a fresh Uint8Array per call would cost ~100+ bytes each on the heap (serialize: ~200)
    const perCall = Math.min(...[0, 1, 2].map(() => allocatedTotal(run(20_000)) / 20_000));
    expect(perCall, `${perCall} bytes per call`).toBeLessThan(16);
  });

  it('serializeView is the frame without a copy, valid until the next serialize', () => {
    const f = new BinaryFormatter();
    const expected = [...f.serialize(tick())];
    const view = f.serializeView(tick());
    expect([...view]).toEqual(expected);
    expect(view.buffer.byteLength).toBeGreaterThan(view.length); // the internal buffer
    const next = f.serializeView(new Tick('XYZ', 1, new Date(0)));
    expect(next.buffer).toBe(view.buffer); // the contract: the next call reuses (overwrites) it
    expect(f.deserialize<Tick>(next.slice()).symbol).toBe('XYZ');
  });

  it('serialize(stream, graph) is one write of exactly the frame', () => {
    const f = new BinaryFormatter();
    const chunks: Uint8Array[] = [];
    f.serialize({ write: (c: Uint8Array) => chunks.push(c.slice()) }, tick());
    expect(chunks).toHaveLength(1);
    expect([...chunks[0]!]).toEqual([...f.serialize(tick())]);
    const ms = new MemoryStream();
    f.serialize(ms, tick());
    f.serialize(ms, tick());
    ms.position = 0;
    expect(f.deserialize<Tick>(ms).symbol).toBe('ACME');
    expect(f.deserialize<Tick>(ms).symbol).toBe('ACME');
  });

  it('a first frame larger than the internal buffer comes out whole through every output', () => {
    // each call on a fresh formatter, whose buffer (16 KiB) must grow while it encodes
    const big = Array.from({ length: 3000 }, (_, i) => new Tick(`S${i}`, i + 0.1, new Date(i)));
    const expected = new BinaryFormatter().serialize(big);
    expect(expected.length).toBeGreaterThan(64 * 1024);
    const check = (bytes: Uint8Array) => {
      expect(bytes.length).toBe(expected.length);
      expect(Buffer.from(bytes).equals(Buffer.from(expected))).toBe(true);
    };
    check(new BinaryFormatter().serializeView(big));
    const target = new Uint8Array(expected.length);
    expect(new BinaryFormatter().serializeInto(target, 0, big)).toBe(expected.length);
    check(target);
    const chunks: Uint8Array[] = [];
    new BinaryFormatter().serialize({ write: (c: Uint8Array) => chunks.push(c.slice()) }, big);
    check(chunks[0]!);
    expect(deepClone(big)[2999]!.symbol).toBe('S2999');
  });

  it('inputs that share one ArrayBuffer at different offsets read their own floats', () => {
    const f = new BinaryFormatter();
    const frames = [1.5, -2.25, 3e300].map((p) => f.serialize(new Tick('T', p, new Date(p > 0 ? 5 : 6))));
    const pool = new Uint8Array(frames.reduce((n, x) => n + x.length + 3, 0));
    const views: Uint8Array[] = [];
    let at = 1;
    for (const fr of frames) {
      pool.set(fr, at);
      views.push(pool.subarray(at, at + fr.length));
      at += fr.length + 3;
    }
    for (let round = 0; round < 2; round++) {
      expect(views.map((v) => f.deserialize<Tick>(v).price)).toEqual([1.5, -2.25, 3e300]);
      // and a separate buffer in between
      expect(f.deserialize<Tick>(f.serialize(new Tick('U', 9.75, new Date(1)))).price).toBe(9.75);
    }
  });
});
