import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SerializationException, decodeNrbf } from '@weft/runtime';
import { eachNrbfGraph, nrbfGraphToJson, nrbfGraphToText, nrbfToJson, nrbfToText } from '@weft/runtime/tooling';

/**
 * The inspector of .NET BinaryFormatter (MS-NRBF) streams behind `weft inspect`: text and JSON
 * views of decodeNrbf's records, over the Mono corpus and hand-built hostile streams.
 */

const DIR = new URL('./mono-corpus/', import.meta.url);
const payload = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`${name}.bin`, DIR)));

/** A little MS-NRBF writer for hand-built streams. */
class Nrbf {
  private readonly bytes: number[] = [];
  u8(...b: number[]): this {
    this.bytes.push(...b);
    return this;
  }
  i32(v: number): this {
    return this.u8(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
  }
  str(s: string): this {
    const b = new TextEncoder().encode(s);
    let n = b.length;
    while (n >= 0x80) {
      this.u8((n & 0x7f) | 0x80);
      n >>>= 7;
    }
    return this.u8(n, ...b);
  }
  header(rootId: number): this {
    return this.u8(0).i32(rootId).i32(-1).i32(1).i32(0);
  }
  library(id: number, name: string): this {
    return this.u8(12).i32(id).str(name);
  }
  string(id: number, s: string): this {
    return this.u8(6).i32(id).str(s);
  }
  /** ClassWithMembersAndTypes with one member `next` of type Class `typeName` (library `lib`). */
  nodeClass(id: number, typeName: string, lib: number): this {
    return this.u8(5).i32(id).str(typeName).i32(1).str('next').u8(4).str(typeName).i32(lib).i32(lib);
  }
  classWithId(id: number, metadataId: number): this {
    return this.u8(1).i32(id).i32(metadataId);
  }
  ref(id: number): this {
    return this.u8(9).i32(id);
  }
  nul(): this {
    return this.u8(10);
  }
  end(): this {
    return this.u8(11);
  }
  build(): Uint8Array {
    return new Uint8Array(this.bytes);
  }
}

/** `depth` class records nested inline (each the `next` member of the one before), the last with next = null. */
function nested(depth: number): Uint8Array {
  const w = new Nrbf().header(1).library(100_000_000, 'Hostile, Version=1.0.0.0').nodeClass(1, 'H.Node', 100_000_000);
  for (let i = 2; i <= depth; i++) w.classWithId(i, 1);
  return w.nul().end().build();
}

describe('NRBF inspect: text', () => {
  it('shows graph.bin as a tree: types, libraries, typed members, references for the cycle', () => {
    const text = nrbfToText(decodeNrbf(payload('graph')));
    expect(text).toMatch(/^graph 1 \(bytes 0\.\.845, 846 bytes\): \.NET BinaryFormatter \(MS-NRBF\) message, root #1\n/);
    expect(text).toContain('  libraries:\n    #2 WeftCorpus, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null\n');
    expect(text).toContain('\n    #1 WeftCorpus.Department (WeftCorpus) [ClassWithMembersAndTypes]\n');
    expect(text).toContain('      Name: String = "Engineering"\n');
    expect(text).toContain('      Head: #4 WeftCorpus.Employee (WeftCorpus) [ClassWithMembersAndTypes]\n');
    expect(text).toContain('        Department: Class WeftCorpus.Department = → #1\n');
    expect(text).toContain('        Manager: Class WeftCorpus.Employee = null\n');
    expect(text).toContain('      Staff: #5 Array of Class WeftCorpus.Employee: Single, rank 1, lengths [3], lowerBounds [0] [BinaryArray]\n');
    expect(text).toContain('        [0]: → #4\n');
    expect(text).toContain('        [1]: #10 WeftCorpus.Employee (WeftCorpus) [ClassWithId]\n');
    expect(text).toContain('(system) [SystemClassWithMembersAndTypes]');
    expect(text).toContain('        _size: Int32 = 2\n');
    // each record is printed once
    expect(text.match(/#4 WeftCorpus\.Employee/g)).toHaveLength(1);
    expect(text).not.toContain('not reachable');
  });

  it('shows primitives with their types, strings quoted and escaped, arrays with their shape', () => {
    const prims = nrbfToText(decodeNrbf(payload('primitives')));
    expect(prims).toContain('Int64Min: Int64 = -9223372036854775808\n');
    expect(prims).toContain('UInt64Max: UInt64 = 18446744073709551615\n');
    expect(prims).toContain('SingleInexact: Single = 0.1\n');
    expect(prims).toContain('DoubleNegativeZero: Double = -0\n');
    expect(prims).toContain('DecimalTrailingZero: Decimal = 1.10\n');
    expect(prims).toContain('CharLatin: Char = "é"\n');
    expect(prims).toContain('TextEscapes: String = "line1\\nline2\\t\\"quoted\\" back\\\\slash \\u0001 del\\u007f"\n');
    expect(prims).toContain('DateUtc: DateTime = 2024-02-29T13:45:30.1234567Z (Utc)\n');
    expect(prims).toContain('DateUnspecified: DateTime = 1999-12-31T23:59:59.0000000 (Unspecified)\n');
    expect(prims).toContain('Duration: TimeSpan = 1.02:03:04.5670000\n');
    expect(prims).toContain('NullableWithValue: SystemClass System.Int32 = 42 (Int32)\n');
    const arrays = nrbfToText(decodeNrbf(payload('arrays')));
    expect(arrays).toContain('Grid: #8 Array of Int32: Rectangular, rank 2, lengths [2, 3], lowerBounds [0, 0] [BinaryArray]\n');
    expect(arrays).toContain('        [1,2]: 6\n');
    expect(arrays).toContain('Offset: #10 Array of Int32: SingleOffset, rank 1, lengths [3], lowerBounds [5] [BinaryArray]\n        [5]: 50\n');
    expect(arrays).toContain('        [2]: 1234567890123 (Int64)\n');
    expect(arrays).toContain('        [4]: 2020-01-02T03:04:05.0000000Z (DateTime, Utc)\n');
    expect(arrays).toContain('        [2]: → #30\n');
    expect(arrays).toContain('#-28 WeftCorpus.Point (WeftCorpus) [ClassWithMembersAndTypes]');
    const multi = nrbfToText(decodeNrbf(payload('multi')));
    expect(multi.match(/^graph \d+ /gm)).toEqual(['graph 1 ', 'graph 2 ', 'graph 3 ', 'graph 4 ']);
    expect(multi).toContain('  root:\n    #1 "first graph"\n');
  });

  it('cuts long arrays and strings, and lists the records the root does not reach', () => {
    const long = 'x'.repeat(200);
    const w = new Nrbf().header(1).u8(17).i32(1).i32(120); // ArraySingleString of 120
    w.string(2, long).u8(13, 119); // ObjectNullMultiple256 × 119
    w.string(3, 'orphan').library(9, 'Lib').nodeClass(4, 'Ns.Lonely', 9).ref(3).end();
    const [g] = decodeNrbf(w.build());
    const text = nrbfGraphToText(g!, 0, { maxElements: 3 });
    expect(text).toContain(`[0]: "${'x'.repeat(80)}"… (200 chars)\n`);
    expect(text).toContain('      [2]: null\n      … (117 more)\n');
    expect(text).toContain('  not reachable from the root (2 records):\n    #3 "orphan"\n    #4 Ns.Lonely (Lib) [ClassWithMembersAndTypes]\n      next: Class Ns.Lonely = "orphan"\n');
    const json = nrbfGraphToJson(g!, 0);
    expect(json.unreachable).toEqual(['3', '4']);
    expect(json.records['1']).toMatchObject({ kind: 'array', recordType: 'ArraySingleString', lengths: [120] });
    expect((json.records['1'] as { elements: unknown[] }).elements).toHaveLength(120);
  });

  it('escapes names and strings that would break a line or steer a terminal', () => {
    const w = new Nrbf().header(1).library(2, 'L\nib').u8(5).i32(1).str('Evil\u001b[2J\nType').i32(1).str('na\u202eme').u8(1).i32(2);
    w.string(3, 'a\u2028b\u0085c').end();
    const text = nrbfToText(decodeNrbf(w.build()));
    expect(text).toContain('#1 Evil\\u001b[2J\\u000aType (L\\u000aib) [ClassWithMembersAndTypes]');
    expect(text).toContain('na\\u202eme: String = "a\\u2028b\\u0085c"');
    expect(text).not.toMatch(/[\u001b\u2028\u202e\u0085]/);
  });
});

describe('NRBF inspect: JSON', () => {
  it('gives records by id, root id, libraries and tagged values, with bigints as strings', () => {
    const docs = nrbfToJson(decodeNrbf(payload('graph')));
    expect(docs).toHaveLength(1);
    const doc = JSON.parse(JSON.stringify(docs[0])) as typeof docs[0];
    expect(doc).toMatchObject({ format: 'MS-NRBF', graph: 1, offset: 0, length: 846, rootId: 1, root: { ref: 1 }, unreachable: [] });
    expect(doc.libraries).toEqual({ 2: 'WeftCorpus, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null' });
    expect(doc.records['1']).toMatchObject({ kind: 'class', typeName: 'WeftCorpus.Department', recordType: 'ClassWithMembersAndTypes' });
    const employee = doc.records['4'] as { members: { name: string; type: unknown; value: unknown }[] };
    expect(employee.members).toEqual([
      { name: 'Name', type: { binaryType: 'String' }, value: { string: 'Alice' } },
      { name: 'Department', type: { binaryType: 'Class', typeName: 'WeftCorpus.Department', libraryName: 'WeftCorpus, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null' }, value: { ref: 1 } },
      { name: 'Manager', type: { binaryType: 'Class', typeName: 'WeftCorpus.Employee', libraryName: 'WeftCorpus, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null' }, value: null },
    ]);

    const prims = JSON.parse(JSON.stringify(nrbfToJson(decodeNrbf(payload('primitives'))))) as { records: Record<string, { members: { name: string; value: unknown }[] }> }[];
    const byName = Object.fromEntries(prims[0]!.records['1']!.members.map((m) => [m.name, m.value]));
    expect(byName.Int64Min).toEqual({ primitive: 'Int64', value: '-9223372036854775808' });
    expect(byName.DoubleNaN).toEqual({ primitive: 'Double', value: 'NaN' });
    expect(byName.DoubleNegativeZero).toEqual({ primitive: 'Double', value: '-0' });
    expect(byName.SingleInexact).toEqual({ primitive: 'Single', value: 0.1 });
    expect(byName.DecimalTrailingZero).toEqual({ primitive: 'Decimal', value: '1.10' });
    expect(byName.CharEuro).toEqual({ primitive: 'Char', value: '€' });
    expect(byName.DateUtc).toEqual({ primitive: 'DateTime', value: { iso: '2024-02-29T13:45:30.1234567Z', ticks: '638448111301234567', kind: 'Utc' } });
    expect(byName.NullableWithValue).toEqual({ primitive: 'Int32', value: 42, boxed: true });
    expect(byName.Id).toMatchObject({ ref: -6 });

    const arrays = JSON.parse(JSON.stringify(nrbfToJson(decodeNrbf(payload('arrays'))))) as { records: Record<string, Record<string, unknown>> }[];
    expect(arrays[0]!.records['10']).toMatchObject({ arrayType: 'SingleOffset', lengths: [3], lowerBounds: [5], elements: { primitive: 'Int32', values: [50, 60, 70] } });
    expect(arrays[0]!.records['14']).toMatchObject({ elements: { primitive: 'Int64', values: ['-9223372036854775808', '0', '9223372036854775807'] } });
    expect(arrays[0]!.records['17']).toMatchObject({ elements: [{ ref: 30 }, { ref: 31 }, { ref: 30 }] });

    const multi = nrbfToJson(decodeNrbf(payload('multi')));
    expect(multi.map((d) => d.root)).toEqual([{ ref: 1 }, { ref: 1 }, { ref: 1 }, { ref: 1 }]);
    expect(multi[0]!.records['1']).toMatchObject({ kind: 'string', value: 'first graph' });
  });
});

describe('NRBF inspect: hostile input', () => {
  it('walks 400 nested inline records without recursion, continuing the tree below its depth cap', () => {
    const graphs = decodeNrbf(nested(400));
    const text = nrbfToText(graphs);
    expect(text).toContain('#1 H.Node (Hostile) [ClassWithMembersAndTypes]');
    expect(text).toContain('… (nested deeper than 64 levels: continued below)');
    expect(text).toContain('  continued (records nested deeper than 64 levels):');
    for (const id of [2, 64, 65, 200, 400]) expect(text).toContain(`#${id} H.Node (Hostile) [`);
    expect(text.match(/ H\.Node \(Hostile\) \[ClassWithId\]$/gm)!.length).toBeGreaterThanOrEqual(399);
    // the deepest line is bounded by the cap, not by the input
    const widest = Math.max(...text.split('\n').map((l) => l.length - l.trimStart().length));
    expect(widest).toBeLessThanOrEqual(2 * 67);
    const json = nrbfToJson(graphs);
    expect(Object.keys(json[0]!.records)).toHaveLength(400);
    expect(() => JSON.stringify(json)).not.toThrow();
  });

  it('with limits raised far past maxDepth: 20,000 levels of nesting and a 10,000-node reference chain', () => {
    const deep = decodeNrbf(nested(20_000), { limits: { maxDepth: 1_000_000 } });
    expect(nrbfToText(deep)).toContain('#20000 H.Node (Hostile) [ClassWithId]');
    expect(Object.keys(nrbfToJson(deep)[0]!.records)).toHaveLength(20_000);
    // the Mono linked list: every Next is a reference to a record written later
    const list = nrbfToText(decodeNrbf(payload('linked-list-deep')));
    expect(list).toContain('Value: Int32 = 10000\n');
    expect(list).not.toContain('not reachable');
  });

  it('eachNrbfGraph yields the good messages before a bad one fails with a located SerializationException', () => {
    const bytes = payload('multi');
    const seen: number[] = [];
    let error: unknown;
    try {
      for (const g of eachNrbfGraph(bytes.subarray(0, bytes.length - 5))) seen.push(g.offset);
    } catch (e) {
      error = e;
    }
    expect(seen).toEqual([0, 35, 75]);
    expect(error).toBeInstanceOf(SerializationException);
    expect((error as SerializationException).code).toBe('INVALID_LENGTH');
    expect((error as SerializationException).offset).toBeGreaterThanOrEqual(216);
    expect([...eachNrbfGraph(bytes)].map((g) => g.offset)).toEqual([0, 35, 75, 216]);
    expect(() => [...eachNrbfGraph(nested(600))]).toThrow(/maxDepth/);
  });

  it('eachNrbfGraph reads a Node Buffer (a pooled one, as fs and stdin give) like a Uint8Array', () => {
    const pooled = Buffer.from(payload('multi'));
    expect(pooled.byteOffset > 0 || pooled.buffer.byteLength > pooled.length).toBe(true);
    const ints = [...eachNrbfGraph(pooled)][1]!.root as { elements: Int32Array };
    expect([...ints.elements]).toEqual([1, 2, 3]);
  });
});
