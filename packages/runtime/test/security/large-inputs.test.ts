// Inputs large enough to take seconds: graphs of millions of objects under the default limits, and
// a bigint past V8's size limit. Run in the e2e project (vitest.config.ts) with the other slow tests.
import { describe, expect, it } from 'vitest';
import { T, expectFail, frame, varint } from './bytes';
import { Point, makeFormatter } from './fixtures';

const f = makeFormatter();

describe('a graph of millions of objects reads under the default limits', () => {
  it('2,000,000 class instances (4,000,001 units)', () => {
    const n = 2_000_000;
    const a = Array.from({ length: n }, (_, i) => new Point(i, 0.5));
    const back = f.deserialize<Point[]>(f.serialize(a));
    expect(back).toHaveLength(n);
    expect(back[n - 1]).toBeInstanceOf(Point);
    expect(back[n - 1]!.x).toBe(n - 1);
  });

  it('1,000,000 objects + 1,000,000 strings + 1,000,000 references', () => {
    const n = 1_000_000;
    const shared = { s: 'shared' };
    const a = Array.from({ length: n }, (_, i) => ({ k: i % 7 === 0 ? `s${i}` : 'x', r: shared }));
    const bytes = f.serialize(a);
    const back = f.deserialize<typeof a>(bytes);
    expect(back).toHaveLength(n);
    expect(back[n - 1]!.r).toBe(back[0]!.r);
    expect(back[7]!.k).toBe('s7');
  });
});

describe('engine size limits', () => {
  it('a bigint beyond what V8 can hold (limits raised to Infinity) is LIMIT_EXCEEDED, not a RangeError', () => {
    const g = makeFormatter({ limits: { maxStringLength: Infinity, maxBytes: Infinity } });
    const n = 2 ** 27 + 8; // 2^30 bits is V8's largest bigint
    const head = [T.BigIntPos, ...varint(n)];
    const body = new Uint8Array(head.length + n);
    body.set(head);
    body[body.length - 1] = 1;
    expectFail(() => g.deserialize(frame(body)), 'LIMIT_EXCEEDED');
    expect(g.deserialize(g.serialize(2n ** 64n))).toBe(2n ** 64n); // and the formatter keeps working
  });
});
