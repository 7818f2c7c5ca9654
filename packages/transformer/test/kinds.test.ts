import { describe, expect, it } from 'vitest';
import { MemberKind as Emitted } from '../src/model';
import { MemberKind as Wire } from '../../runtime/src/engine/member-kinds';

// The transformer writes member kinds that the runtime reads from TypeDefs: the two enums
// (kept apart so generated code needs no import of runtime internals) must agree.
describe('member kinds', () => {
  it('transformer and runtime agree on every value', () => {
    const emitted = [Emitted.Any, Emitted.Number, Emitted.String, Emitted.Boolean, Emitted.BigInt, Emitted.Object];
    const wire = [Wire.Any, Wire.Number, Wire.String, Wire.Boolean, Wire.BigInt, Wire.Object];
    expect(emitted).toEqual(wire);
    expect(new Set(wire).size).toBe(wire.length);
  });
});
