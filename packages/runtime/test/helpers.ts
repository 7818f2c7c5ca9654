import { GCProfiler, getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { expect } from 'vitest';
import { SerializationException } from '@weft/runtime';

/** Runs `fn`, asserts it throws a SerializationException, and returns it for checks on code and message. */
export function thrown(fn: () => unknown): SerializationException {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SerializationException);
    return e as SerializationException;
  }
  throw new Error('expected a SerializationException');
}

let gcFn: (() => void) | undefined;
/** A full GC (expose-gc set at run time, then fetched from a fresh context). */
export function gc(): void {
  if (!gcFn) {
    setFlagsFromString('--expose-gc');
    gcFn = runInNewContext('gc') as () => void;
  }
  gcFn();
}

/**
 * Every byte the V8 heap allocates while fn runs, garbage included: the growth of the used heap
 * plus what each GC during the run freed (V8's GC profiler reports the heap before and after each).
 * A count of work, not a timing: it does not depend on the machine's speed or load.
 */
export function allocatedTotal(fn: () => void): number {
  gc();
  const profiler = new GCProfiler();
  profiler.start();
  const h0 = getHeapStatistics().used_heap_size;
  fn();
  const h1 = getHeapStatistics().used_heap_size;
  const { statistics } = profiler.stop();
  let freed = 0;
  for (const s of statistics) freed += s.beforeGC.heapStatistics.usedHeapSize - s.afterGC.heapStatistics.usedHeapSize;
  return h1 - h0 + freed;
}

/**
 * Asserts that work grows linearly: running on the input at scale 10 must allocate less than 20 times
 * what the input at scale 1 allocates (linear work allocates ~10x; quadratic work ~100x). Each side is the
 * least of 3 runs after a warm-up, so JIT compilation and caches are not counted. Timing ratios of the
 * decoder are measured by `pnpm --filter bench run decode-scaling` (not a test: they depend on the machine).
 */
export function expectLinearAllocation<I>(make: (scale: number) => I, run: (input: I) => void): void {
  const small = make(1);
  const large = make(10);
  // Byte and string inputs must really grow (other inputs: make() decides what scale means).
  if (small instanceof Uint8Array && large instanceof Uint8Array) expect(large.length).toBeGreaterThan(small.length * 8);
  if (typeof small === 'string' && typeof large === 'string') expect(large.length).toBeGreaterThan(small.length * 8);
  for (let i = 0; i < 2; i++) {
    run(small);
    run(large);
  }
  const least = (x: I): number => Math.min(...[0, 1, 2].map(() => allocatedTotal(() => run(x))));
  const a1 = least(small);
  const a10 = least(large);
  expect(a1).toBeGreaterThan(0);
  expect(a10 / a1, `allocated ${a1} bytes at scale 1, ${a10} at scale 10`).toBeLessThan(20);
}
