/**
 * The hand-written codec's reuse across calls (no timing): identity tables that are never
 * cleared must not leak ids from earlier calls, a failed call must not poison the next, and
 * every result stays the caller's own bytes.
 */
import { describe, expect, it } from 'vitest';
import { checkFidelity } from '../src/fidelity.js';
import { Address, Customer, Order, OrderLine } from '../src/model.js';
import { handCase } from '../src/serializers/hand.js';
import { buildWorkload } from '../src/workloads.js';

const bytes = (e: unknown) => e as Uint8Array;

describe('hand codec reused across calls', () => {
  it('gives the same bytes for the same graph whatever was serialized in between (WeakMap ids past the scan)', async () => {
    const a = buildWorkload('graph', 0.02); // 16 customers, 132 orders: past the 8-object scan
    const b = buildWorkload('graph', 0.03);
    const codec = await handCase.create(a);
    const first = bytes(codec.serialize(a.root)).slice();
    for (let i = 0; i < 3; i++) {
      const other = bytes(codec.serialize(b.root));
      expect(checkFidelity(b.root, codec.deserialize(other)).label).toBe('full');
      const again = bytes(codec.serialize(a.root));
      expect(again).toEqual(first);
      expect(checkFidelity(a.root, codec.deserialize(again)).label).toBe('full');
    }
  });

  it('recovers from a call that throws half-way', async () => {
    const w = buildWorkload('small');
    const codec = await handCase.create(w);
    const good = bytes(codec.serialize(w.root)).slice();
    const bad = new Order(1, new Customer(1.5, 'x', 'y', 0, false, [], new Date(0)), new Address('a', 'b', 'c', 'd'), [], null, 0, 's', 0);
    bad.lines.push(new OrderLine(bad, 'sku', 1, 1));
    expect(() => codec.serialize(bad)).toThrow(/int32/);
    expect(bytes(codec.serialize(w.root))).toEqual(good);
    expect(checkFidelity(w.root, codec.deserialize(good)).label).toBe('full');
  });

  it('returns bytes that later calls do not overwrite, each in an ArrayBuffer of its own (weft serialize contract)', async () => {
    const w = buildWorkload('small');
    const codec = await handCase.create(w);
    const results = Array.from({ length: 200 }, () => bytes(codec.serialize(w.root)));
    const want = results[0]!.slice();
    for (const r of results) {
      expect(r).toEqual(want);
      expect(r.buffer.byteLength).toBe(r.byteLength);
    }
    const g = buildWorkload('graph', 0.2);
    const big = bytes((await handCase.create(g)).serialize(g.root));
    expect(big.byteLength).toBeGreaterThan(4096);
    expect(big.buffer.byteLength).toBe(big.byteLength);
  });

  it('round-trips citm twice through one codec (identity tables of eight classes, cycles)', async () => {
    const w = buildWorkload('citm', 0.2);
    const codec = await handCase.create(w);
    const one = bytes(codec.serialize(w.root)).slice();
    expect(bytes(codec.serialize(w.root))).toEqual(one);
    expect(checkFidelity(w.root, codec.deserialize(one)).label).toBe('full');
    expect(checkFidelity(w.root, codec.deserialize(one)).label).toBe('full');
  });
});
