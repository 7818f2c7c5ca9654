/**
 * Shared body of the CI smoke tests: every serializer case on small workloads, checked for
 * fidelity exactly as the benchmark does before timing. No timing assertions. The expected
 * fidelity per case is spelled out, so a peer that starts (or stops) losing classes or identity
 * fails the test instead of silently changing the table.
 */
import { expect, it } from 'vitest';
import { checkFidelity } from '../src/fidelity.js';
import { byteSize, serializerById } from '../src/serializers/index.js';
import { buildWorkload, WORKLOADS, type WorkloadName } from '../src/workloads.js';

/** expected fidelity: 'full', or the kinds of loss the case is known (and marked) to have */
export type Expect = 'full' | { classLost?: boolean; identityLost?: boolean; valueDiffs?: boolean };

export function smokeCases(id: string, expected: Partial<Record<WorkloadName, Expect>>): void {
  for (const w of WORKLOADS) {
    it(`${id} on ${w}`, async () => {
      const s = serializerById(id);
      const skip = s.skip(w);
      const exp = expected[w];
      if (skip) {
        // a skipped cell must be an explicit decision in the expectations below
        expect(exp, `${id} skips ${w} (${skip}) but the test expects it to run`).toBeUndefined();
        return;
      }
      expect(exp, `no expectation for ${id} on ${w}`).toBeDefined();
      // generated workloads at 2 %; the real-data ones (citm, twitter) at 20 %: their first events /
      // statuses, enough to cover every optional field and null of the data (see workloads.ts)
      const workload = buildWorkload(w, w === 'small' ? 1 : w === 'citm' || w === 'twitter' ? 0.2 : 0.02);
      const codec = await s.create(workload);
      const encoded = codec.serialize(workload.root);
      expect(byteSize(encoded)).toBeGreaterThan(0);
      const f = checkFidelity(workload.root, codec.deserialize(encoded));
      if (exp === 'full') {
        expect(f.samples, f.label).toEqual([]);
        expect(f.ok).toBe(true);
      } else {
        expect(f.ok).toBe(false);
        expect(f.classLost > 0, `class loss: ${f.label}`).toBe(!!exp!.classLost);
        expect(f.identityLost > 0, `identity loss: ${f.label}`).toBe(!!exp!.identityLost);
        expect(f.valueDiffs > 0, `value diffs: ${f.label}`).toBe(!!exp!.valueDiffs);
      }
      // a second round trip through the same codec (buffers and tables are reused across calls)
      expect(checkFidelity(workload.root, codec.deserialize(codec.serialize(workload.root))).label).toBe(f.label);
    });
  }
}
