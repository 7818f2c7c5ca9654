import { describe, expect, expectTypeOf, it } from 'vitest';
import { CODEGEN_CONTRACT as EmittedContract, MemberKind as Emitted, type NetType as EmittedNetType } from '../src/model';
import { MemberKind as Wire } from '../../runtime/src/engine/member-kinds';
import { CODEGEN_CONTRACT as RuntimeContract, type NetType as RuntimeNetType } from '../../runtime/src/codegen';
import { TYPESCRIPTS, compile } from './helpers';

// The transformer writes member kinds that the runtime reads from TypeDefs: the two enums
// (kept apart so generated code needs no import of runtime internals) must agree.
describe('member kinds', () => {
  it('transformer and runtime agree on every value', () => {
    const emitted = [Emitted.Any, Emitted.Number, Emitted.String, Emitted.Boolean, Emitted.BigInt, Emitted.Object, Emitted.Array, Emitted.ObjectArray];
    const wire = [Wire.Any, Wire.Number, Wire.String, Wire.Boolean, Wire.BigInt, Wire.Object, Wire.Array, Wire.ObjectArray];
    expect(emitted).toEqual(wire);
    expect(new Set(wire).size).toBe(wire.length);
    expect(EmittedContract).toBe(RuntimeContract);
  });

  it('transformer and runtime agree on the forms of a .NET type (checked by pnpm typecheck)', () => {
    expectTypeOf<EmittedNetType>().toEqualTypeOf<RuntimeNetType>();
  });
});

describe('declared kinds as each build sees them', () => {
  const source = `
    import { Serializable } from '@weft/runtime';
    type Ids = number[];
    type Nested = Nested[];
    interface Shape { w: number }
    @Serializable() export class Item { sku = ''; }
    @Serializable() export class Basket {
      owner: Item | null = null;
      when = new Date(0);
      items: Item[] = [];
      maybe: Item[] | undefined;
      dates: Date[] = [];
      shapes: readonly Shape[] = [];
      grid: Item[][] = [];
      pair: [Item, number] = [new Item(), 0];
      ids: Ids = [];
      nested: Nested = [];
      mixed: (Item | number)[] = [];
      either: Item | Item[] = [];
      tags: string[] = [];
      count = 0;
    }
  `;
  // member → [kind with a type checker (tspc), kind without (the bundler plugin)]
  const expected: Record<string, [number, number]> = {
    owner: [Wire.Object, Wire.Any],
    when: [Wire.Object, Wire.Any],
    items: [Wire.ObjectArray, Wire.Array],
    maybe: [Wire.ObjectArray, Wire.Array],
    dates: [Wire.ObjectArray, Wire.Array],
    shapes: [Wire.ObjectArray, Wire.Array],
    grid: [Wire.Array, Wire.Array],
    pair: [Wire.Array, Wire.Array],
    ids: [Wire.Array, Wire.Any],
    nested: [Wire.Array, Wire.Any],
    mixed: [Wire.Array, Wire.Array],
    either: [Wire.Any, Wire.Any],
    tags: [Wire.Array, Wire.Array],
    count: [Wire.Number, Wire.Number],
  };
  const accessor: Record<number, string> = { [Wire.Any]: 'value', [Wire.Number]: 'num', [Wire.Object]: 'obj', [Wire.Array]: 'arr', [Wire.ObjectArray]: 'objs' };

  for (const [version, tsi] of Object.entries(TYPESCRIPTS)) {
    for (const checker of [true, false]) {
      it(`TypeScript ${version}, ${checker ? 'with' : 'without'} a type checker: kinds, and the writer and reader calls that go with them`, () => {
        const { js, tsErrors } = compile(source, { ts: tsi as never, checker });
        expect(tsErrors).toEqual([]);
        for (const [name, kinds] of Object.entries(expected)) {
          const kind = kinds[checker ? 0 : 1];
          const decl = new RegExp(`\\{ name: "${name}"(?:, kind: (\\d+))? \\}`).exec(js);
          expect(decl, name).not.toBeNull();
          expect(Number(decl![1] ?? 0), name).toBe(kind);
          expect(js).toContain(`w.${accessor[kind]}(o.${name}); // ${name}`);
          expect(js).toContain(`o.${name} = r.${accessor[kind]}(); // ${name}`);
        }
      });
    }
  }
});
