import { describe, expect, it } from 'vitest';
import { MemberKind as Emitted } from '../src/model';
import { MemberKind as Wire } from '../../runtime/src/wire/tags';

// The transformer writes member kinds that the runtime reads from TypeDefs: the two enums
// (kept apart so generated code needs no import of runtime internals) must agree.
describe('member kinds', () => {
  it('transformer and runtime agree on every value', () => {
    for (const name of ['Any', 'Number', 'String', 'Boolean', 'BigInt', 'Object'] as const) {
      expect(Emitted[name], name).toBe(Wire[name]);
    }
  });
});
