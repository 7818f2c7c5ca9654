import { describe, expect, it } from 'vitest';
import { NrbfFormatter, decodeNrbf, startsWithNrbfHeader, type NrbfArrayRecord, type NrbfClassRecord } from '@weft/runtime';
import { binaryArray, boxedInt, classWithId, classWithMembers, header, i32, intArray, intClass, library, messageEnd, nrbf, nul, nulls, nulls256, objectArray, objectClass, ref, string, systemClassWithMembers } from './nrbf-bytes.js';

/** Record shapes that .NET's default settings rarely write, built byte by byte. */
describe('decodeNrbf record shapes', () => {
  it('untyped ClassWithMembers / SystemClassWithMembers whose values are records', () => {
    const bytes = nrbf(
      header(1),
      library(2, 'Lib'),
      classWithMembers(1, 'Ns.Untyped', ['a', 'b', 'c'], 2),
      boxedInt(5),
      string(3, 'text'),
      ref(4),
      systemClassWithMembers(4, 'System.Object', []),
      messageEnd(),
    );
    const [g] = decodeNrbf(bytes);
    const root = g!.root as NrbfClassRecord;
    expect(root.recordType).toBe('ClassWithMembers');
    expect(root.libraryName).toBe('Lib');
    expect(root.memberTypes).toBeNull();
    expect(root.values[0]).toMatchObject({ kind: 'primitive', primitiveType: 'Int32', value: 5 });
    expect(root.values[1]).toBe('text');
    expect(root.values[2]).toBe(g!.records.get(4));
    expect((root.values[2] as NrbfClassRecord).recordType).toBe('SystemClassWithMembers');
  });

  it('ClassWithId shares its metadata; references resolve forward and to the same record', () => {
    const bytes = nrbf(
      header(1),
      library(2, 'Lib'),
      objectClass(1, 'Ns.Pair', ['left', 'right'], 2),
      ref(5),
      ref(5),
      classWithId(5, 1),
      ref(1),
      nul(),
      messageEnd(),
    );
    const [g] = decodeNrbf(bytes);
    const root = g!.root as NrbfClassRecord;
    const child = root.values[0] as NrbfClassRecord;
    expect(root.values[1]).toBe(child);
    expect(child.recordType).toBe('ClassWithId');
    expect(child.typeName).toBe('Ns.Pair');
    expect(child.memberNames).toBe(root.memberNames);
    expect(child.values).toEqual([root, null]);
    expect(child.values[0]).toBe(root);
  });

  it('null runs fill arrays, and offset arrays keep their lower bounds', () => {
    const bytes = nrbf(
      header(1),
      objectArray(1, 6),
      nulls256(2),
      string(2, 'x'),
      nulls(2),
      ref(3),
      intArray(3, [7, -8]),
      messageEnd(),
    );
    const [g] = decodeNrbf(bytes);
    const a = g!.root as NrbfArrayRecord;
    expect(a.elements).toEqual([null, null, 'x', null, null, g!.records.get(3)]);
    expect(Array.from((g!.records.get(3) as NrbfArrayRecord).elements as Int32Array)).toEqual([7, -8]);

    // int[] with lower bound 5 (SingleOffset), and a 2x2 from [-1, 10] (RectangularOffset) of Int32
    const offset = decodeNrbf(nrbf(header(1), binaryArray(1, 3, [3], [5], [0, 8]), ...[50, 60, 70].map(i32), messageEnd()))[0]!.root as NrbfArrayRecord;
    expect(offset).toMatchObject({ arrayType: 'SingleOffset', rank: 1, lengths: [3], lowerBounds: [5], totalElements: 3 });
    expect(Array.from(offset.elements as Int32Array)).toEqual([50, 60, 70]);
    const rect = decodeNrbf(nrbf(header(1), binaryArray(1, 5, [2, 2], [-1, 10], [0, 8]), ...[1, 2, 3, 4].map(i32), messageEnd()))[0]!.root as NrbfArrayRecord;
    expect(rect).toMatchObject({ arrayType: 'RectangularOffset', rank: 2, lowerBounds: [-1, 10], totalElements: 4 });
    expect(new NrbfFormatter().deserialize(nrbf(header(1), binaryArray(1, 5, [2, 2], [-1, 10], [0, 8]), ...[1, 2, 3, 4].map(i32), messageEnd()))).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it('a jagged array of int arrays; structs with negative ids may repeat', () => {
    const jagged = nrbf(header(1), binaryArray(1, 1, [2], null, [7, 8]), ref(2), nul(), intArray(2, [1]), messageEnd());
    expect(new NrbfFormatter().deserialize(jagged)).toEqual([[1], null]);
    const structs = nrbf(header(1), library(2, 'Lib'), objectClass(1, 'Ns.Holder', ['a', 'b'], 2), intClass(-3, 'Ns.Point', ['X'], 2), i32(1), classWithId(-3, -3), i32(2), messageEnd());
    const root = decodeNrbf(structs)[0]!.root as NrbfClassRecord;
    expect(root.values.map((v) => (v as NrbfClassRecord).values[0])).toEqual([1, 2]);
  });

  it('reads a stream of several messages and recognises the header', () => {
    const one = nrbf(header(1), string(1, 'a'), messageEnd());
    const two = nrbf(one, nrbf(header(1), string(1, 'b'), messageEnd()));
    expect(decodeNrbf(two).map((g) => [g.root, g.offset, g.length])).toEqual([
      ['a', 0, one.length],
      ['b', one.length, one.length],
    ]);
    expect(startsWithNrbfHeader(two)).toBe(true);
    expect(startsWithNrbfHeader(new Uint8Array([0, 1, 0, 0, 0]))).toBe(false);
    expect(startsWithNrbfHeader(new TextEncoder().encode('{"$type": "x"}            '))).toBe(false);
  });
});
