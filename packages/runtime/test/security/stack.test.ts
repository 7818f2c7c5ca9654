import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '@weft/runtime';

// SECURITY.md, guarantee 5: the default maxDepth fits a 1 MB stack (Node's main thread has
// ~984 KB) through every nesting construct, the costliest (a surrogate-read class, ~1.2 KB per
// level) included. Counted in levels, not time: each construct is nested exactly maxDepth deep.
function decodeInWorker(kind: string, depth: number): Promise<{ outcome: string; message?: string }> {
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL('./stack-worker.mjs', import.meta.url), { workerData: { kind, depth }, resourceLimits: { stackSizeMb: 1 } });
    w.once('message', resolve);
    w.once('error', reject);
  });
}

describe('the default maxDepth fits a 1 MB stack', () => {
  const kinds = ['arrays', 'objects', 'maps', 'sets', 'error causes', 'surrogate'];
  for (const kind of kinds) {
    it(`${DEFAULT_LIMITS.maxDepth} nested ${kind} read in a Worker with a 1 MB stack; one more level is LIMIT_EXCEEDED for maxDepth`, async () => {
      expect(await decodeInWorker(kind, DEFAULT_LIMITS.maxDepth)).toEqual({ outcome: 'ok' });
      const over = await decodeInWorker(kind, DEFAULT_LIMITS.maxDepth + 1);
      expect(over.outcome).toBe('LIMIT_EXCEEDED');
      expect(over.message).toMatch(/maxDepth/);
    });
  }

  it('a surrogate chain four times as deep is LIMIT_EXCEEDED for maxDepth, before the stack runs out', async () => {
    const r = await decodeInWorker('surrogate', 4 * DEFAULT_LIMITS.maxDepth);
    expect(r.outcome).toBe('LIMIT_EXCEEDED');
    expect(r.message).toMatch(/maxDepth/);
  });
});
