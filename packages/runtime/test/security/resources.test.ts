// Resource behaviour under hostile input: no heap growth across repeated failures, linear decode work.
import { describe, expect, it } from 'vitest';
import { getHeapStatistics } from 'node:v8';
import { SerializationException, type SerializationErrorCode } from '@weft/runtime';
import { expectLinearAllocation, gc } from '../helpers';
import { HUGE, T, frame, typeDef, varint, type Bytes } from './bytes';
import { Point, makeFormatter, sampleGraphs } from './fixtures';

const f = makeFormatter();

describe('repeated bad inputs do not grow the heap', () => {
  it('20,000 failing decodes of many kinds leave the heap where it was', () => {
    const valid = sampleGraphs().map((g) => f.serialize(g));
    const bad: Uint8Array[] = [
      frame([T.String, ...HUGE]),
      frame([T.Array, ...HUGE]),
      frame([...typeDef('x', 'Unknown', 0, []), 0]),
      frame([T.Ref, 9]),
      frame([T.String, 2, 0xc3, 0x28]),
      frame(new Array<number>(2000).fill(T.Array).flatMap((t) => [t, 1])),
      ...valid.map((v) => v.subarray(0, v.length >> 1)),
      ...valid.map((v) => {
        const c = v.slice();
        c[c.length >> 1]! ^= 0x55;
        return c;
      }),
    ];
    const run = (n: number): number => {
      let failures = 0;
      for (let i = 0; i < n; i++) {
        try {
          f.deserialize(bad[i % bad.length]!);
        } catch (e) {
          if (!(e instanceof SerializationException)) throw e;
          failures++;
        }
      }
      return failures;
    };
    run(2000); // warm up (JIT, caches)
    gc();
    const before = getHeapStatistics().used_heap_size;
    expect(run(20_000)).toBeGreaterThan(15_000);
    gc();
    const after = getHeapStatistics().used_heap_size;
    expect(after - before).toBeLessThan(2 * 1024 * 1024);
  });
});

/** Decodes `bytes`: it must succeed ('ok') or fail with exactly the given code. */
const decoder = (outcome: 'ok' | SerializationErrorCode) => (bytes: Uint8Array): void => {
  try {
    f.deserialize(bytes);
  } catch (e) {
    if (outcome === 'ok' || !(e instanceof SerializationException) || e.code !== outcome) throw e;
    return;
  }
  if (outcome !== 'ok') throw new Error(`expected ${outcome}, but the input decoded`);
};

// Work is measured as bytes allocated, not as time: 10x the input must allocate < 20x (see bytes.ts).
describe('decode work grows linearly with input size', () => {
  it('the check itself notices quadratic work', () => {
    // Shifting a bigint one byte at a time allocates a new bigint per step: quadratic in the input.
    const quadratic = (b: Uint8Array): void => {
      let x = 1n;
      for (let i = 0; i < b.length / 50; i++) x = (x << 8n) | 1n;
    };
    expect(() => expectLinearAllocation((k) => new Uint8Array(20_000 * k), quadratic)).toThrow(/at scale 10/);
  });

  it('many small objects with shared references', () => {
    expectLinearAllocation((k) => {
      const shared = new Point(1, 2);
      return f.serialize(Array.from({ length: 20_000 * k }, (_, i) => (i % 3 ? new Point(i, -i) : shared)));
    }, decoder('ok'));
  });

  it('one huge bigint (byte-by-byte shifting would be quadratic)', () => {
    expectLinearAllocation((k) => {
      const n = 50_000 * k;
      const bytes = new Array<number>(n).fill(0xab);
      return frame([T.BigIntPos, ...varint(n), ...bytes]);
    }, decoder('ok'));
  });

  it('a long UTF-16 string and a long UTF-8 string', () => {
    expectLinearAllocation((k) => f.serialize(['\uD800x'.repeat(50_000 * k), 'é'.repeat(50_000 * k)]), decoder('ok'));
  });

  it('many TypeDefs re-defining a registered type with a shuffled layout (slow path)', () => {
    expectLinearAllocation((k) => {
      const n = 3000 * k;
      const body: Bytes = [T.Array, ...varint(n)];
      for (let i = 0; i < n; i++) body.push(...typeDef('@weft/runtime', 'Point', 0, [['y', 1], ['x', 1]]), T.FixInt | 1, T.FixInt | 2);
      return frame(body);
    }, decoder('ok'));
  });

  it('a hostile input that fails only at its end (an array of empty objects, then a bad reference)', () => {
    expectLinearAllocation((k) => {
      const n = 20_000 * k;
      const head = [T.Array, ...varint(n + 1)];
      const body = new Uint8Array(head.length + n * 2 + 6);
      body.set(head);
      let p = head.length;
      for (let i = 0; i < n; i++) {
        body[p++] = T.Object;
        body[p++] = 0;
      }
      body.set([T.Ref, ...HUGE], p); // the last element: a reference to an object that does not exist
      return frame(body);
    }, decoder('BAD_REFERENCE'));
  });
});

// Graphs of millions of objects under the default limits: large-inputs.test.ts (the e2e project).
