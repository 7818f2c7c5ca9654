import { describe, expect, it } from 'vitest';
import { NrbfFormatter, decodeNrbf, startsWithNrbfHeader, type NrbfArrayRecord, type NrbfClassRecord } from '@weft/runtime';
import { AT, type MT, PT, msg, mt } from './nrbf-writer.js';

/** Record shapes that .NET's default settings rarely write, built byte by byte. */
describe('decodeNrbf record shapes', () => {
  it('untyped ClassWithMembers / SystemClassWithMembers whose values are records', () => {
    const bytes = msg()
      .library(2, 'Lib')
      .cm(1, 'Ns.Untyped', ['a', 'b', 'c'], 2)
      .boxed(PT.Int32).i32(5)
      .str(3, 'text')
      .ref(4)
      .scm(4, 'System.Object', [])
      .end().bytes;
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
    const pair: [string, MT][] = [['left', mt.obj], ['right', mt.obj]];
    const bytes = msg().library(2, 'Lib').cmt(1, 'Ns.Pair', pair, 2).ref(5).ref(5).classWithId(5, 1).ref(1).null().end().bytes;
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
    const bytes = msg().aso(1, 6).nulls256(2).str(2, 'x').nulls(2).ref(3).asp(3, 2, PT.Int32).i32(7).i32(-8).end().bytes;
    const [g] = decodeNrbf(bytes);
    const a = g!.root as NrbfArrayRecord;
    expect(a.elements).toEqual([null, null, 'x', null, null, g!.records.get(3)]);
    expect(Array.from((g!.records.get(3) as NrbfArrayRecord).elements as Int32Array)).toEqual([7, -8]);

    // int[] with lower bound 5 (SingleOffset), and a 2x2 from [-1, 10] (RectangularOffset) of Int32
    const offset = decodeNrbf(msg().binArray(1, AT.SingleOffset, [3], mt.prim(PT.Int32), [5]).i32(50).i32(60).i32(70).end().bytes)[0]!.root as NrbfArrayRecord;
    expect(offset).toMatchObject({ arrayType: 'SingleOffset', rank: 1, lengths: [3], lowerBounds: [5], totalElements: 3 });
    expect(Array.from(offset.elements as Int32Array)).toEqual([50, 60, 70]);
    const rectBytes = msg().binArray(1, AT.RectangularOffset, [2, 2], mt.prim(PT.Int32), [-1, 10]).i32(1).i32(2).i32(3).i32(4).end().bytes;
    const rect = decodeNrbf(rectBytes)[0]!.root as NrbfArrayRecord;
    expect(rect).toMatchObject({ arrayType: 'RectangularOffset', rank: 2, lowerBounds: [-1, 10], totalElements: 4 });
    expect(new NrbfFormatter().deserialize(rectBytes)).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it('a jagged array of int arrays; structs with negative ids may repeat', () => {
    const jagged = msg().binArray(1, AT.Jagged, [2], mt.primArr(PT.Int32)).ref(2).null().asp(2, 1, PT.Int32).i32(1).end().bytes;
    expect(new NrbfFormatter().deserialize(jagged)).toEqual([[1], null]);
    const holder: [string, MT][] = [['a', mt.obj], ['b', mt.obj]];
    const structs = msg().library(2, 'Lib').cmt(1, 'Ns.Holder', holder, 2).cmt(-3, 'Ns.Point', [['X', mt.prim(PT.Int32)]], 2).i32(1).classWithId(-3, -3).i32(2).end().bytes;
    const root = decodeNrbf(structs)[0]!.root as NrbfClassRecord;
    expect(root.values.map((v) => (v as NrbfClassRecord).values[0])).toEqual([1, 2]);
  });

  it('reads a stream of several messages and recognises the header', () => {
    const one = msg().str(1, 'a').end().bytes;
    const two = Uint8Array.from([...one, ...msg().str(1, 'b').end().bytes]);
    expect(decodeNrbf(two).map((g) => [g.root, g.offset, g.length])).toEqual([
      ['a', 0, one.length],
      ['b', one.length, one.length],
    ]);
    expect(startsWithNrbfHeader(two)).toBe(true);
    expect(startsWithNrbfHeader(new Uint8Array([0, 1, 0, 0, 0]))).toBe(false);
    expect(startsWithNrbfHeader(new TextEncoder().encode('{"$type": "x"}            '))).toBe(false);
  });
});
