import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MemoryStream, type NrbfArrayRecord, type NrbfClassRecord, type NrbfMemberType, type NrbfValue, NrbfFormatter, decodeNrbf } from '@weft/runtime';
import { monoRead, monoSkip, sortMaps } from './mono.js';
import { FIXED_PAYLOADS } from './write-fixtures.js';
import { Settings, SingletonHolder } from './write-corpus.js';

/**
 * The writer half of the .NET round trip: what NrbfFormatter writes, Mono's BinaryFormatter
 * (monoRead, mono.ts) must read back into exactly the values of mono-corpus/expected.json.
 * Part 1 writes the fixed payloads from write-fixtures.ts; part 2 reads each Mono-written corpus
 * file into the typed twins of write-corpus.ts and writes it back. Where weft cannot reproduce a
 * value .NET had, the test says so with knownDifference() and compares everything else.
 */

const DIR = new URL('./mono-corpus/', import.meta.url);
const bytesOf = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`${name}.bin`, DIR)));
const expected = JSON.parse(readFileSync(new URL('expected.json', DIR), 'utf8')) as { name: string; graphs: unknown[] }[];

/** expected.json's graphs of a payload (a fresh copy, which knownDifference may change). */
function graphsOf(name: string): any[] {
  const e = expected.find((x) => x.name === name);
  if (!e) throw new Error(`no expected.json entry ${name}`);
  return structuredClone(e.graphs) as any[];
}

/** Every graph serialized by one NrbfFormatter into one MemoryStream. */
function writeAll(graphs: readonly unknown[]): Uint8Array {
  const stream = new MemoryStream();
  const f = new NrbfFormatter();
  for (const g of graphs) f.serialize(stream, g);
  return stream.toArray();
}

/** Every graph of a corpus file, one deserialize call each from one MemoryStream. */
function readAll(name: string): unknown[] {
  const stream = new MemoryStream(bytesOf(name));
  const f = new NrbfFormatter();
  const out: unknown[] = [];
  while (stream.position < stream.length) out.push(f.deserialize(stream));
  return out;
}

/** What .NET read from the bytes, next to what it should have read. */
function expectNetReads(bytes: Uint8Array, name: string, want: unknown[]): void {
  const got = monoRead(bytes, name);
  expect(got).toHaveLength(want.length);
  expect(sortMaps(got)).toEqual(sortMaps(want));
}

/**
 * A value .NET had that weft does not write back: `parent[key]` in expected.json must be
 * `dotnet` (checked), and is replaced by `weft`, the exact value .NET reads from weft's bytes
 * instead, so the whole-graph comparison checks both that and everything else.
 */
function knownDifference(parent: any, key: string | number, dotnet: unknown, weft: unknown): void {
  expect(parent[key], `expected.json at ${String(key)}`).toEqual(dotnet);
  parent[key] = weft;
}

/** The roots of the messages of a stream. */
const roots = (bytes: Uint8Array): NrbfValue[] => decodeNrbf(bytes).map((g) => g.root);

/** The single-dimension array record of a message with exactly `length` elements. */
function arrayOfLength(bytes: Uint8Array, length: number): NrbfArrayRecord {
  const found = [...decodeNrbf(bytes)[0]!.records.values()].filter((r) => r.kind === 'array' && r.rank === 1 && r.totalElements === length);
  expect(found).toHaveLength(1);
  return found[0] as NrbfArrayRecord;
}

/** The .NET type of the value each member of a record holds (a primitive's type, a class's name, or null for null). */
function valueTypes(rec: NrbfClassRecord): (string | null)[] {
  return rec.values.map((v, i) => {
    const t = rec.memberTypes![i] as NrbfMemberType;
    if (t.binaryType === 'Primitive') return t.primitiveType!;
    if (typeof v === 'string') return 'String';
    if (v === null) return null;
    const r = v as { kind?: string; primitiveType?: string; typeName?: string };
    return r.kind === 'primitive' ? r.primitiveType! : r.typeName!;
  });
}

describe.skipIf(monoSkip)(`weft writes, .NET reads: the fixed payloads${monoSkip ? ` — skipped: ${monoSkip}` : ''}`, () => {
  for (const { file, graphs } of FIXED_PAYLOADS) {
    it(`${file}: .NET reads every graph as expected.json has it`, () => {
      expectNetReads(writeAll(graphs()), file, graphsOf(file));
    });
  }
});

describe.skipIf(monoSkip)(`.NET writes, weft reads and writes back, .NET reads: the corpus${monoSkip ? ` — skipped: ${monoSkip}` : ''}`, () => {
  /** The corpus file read into the twins and written back: its bytes, and .NET's expected graphs to compare them with. */
  const writeBack = (name: string): { bytes: Uint8Array; want: any[] } => ({ bytes: writeAll(readAll(name)), want: graphsOf(name) });

  // Also: Mono accepts weft's Int32 and Byte where the fields are the enums Color and
  // Permissions, a Nullable<Int32> member, and the Guid as the System.Guid struct.
  it('primitives: every primitive, decimals, DateTimes, TimeSpans, a Guid, two enums, int?', () => {
    const { bytes, want } = writeBack('primitives');
    expectNetReads(bytes, 'primitives', want);
  });

  it('graph: the cycle and the shared employees come back as the same objects', () => {
    const { bytes, want } = writeBack('graph');
    expectNetReads(bytes, 'graph', want);
  });

  // Base's #name is written as `Base+name` beside Derived's `name`, in .NET's member order.
  it('inheritance: Derived name, score, and Base id, Base+name', () => {
    const { bytes, want } = writeBack('inheritance');
    expectNetReads(bytes, 'inheritance', want);
    expect((roots(bytes)[0] as NrbfClassRecord).memberNames).toEqual((roots(bytesOf('inheritance'))[0] as NrbfClassRecord).memberNames);
  });

  it('nonserialized-optional: the [NonSerialized] field is not written, the [OptionalField] is', () => {
    const { bytes, want } = writeBack('nonserialized-optional');
    expectNetReads(bytes, 'nonserialized-optional', want);
  });

  it('iserializable: getObjectData writes the same entries, each of the same .NET type', () => {
    const { bytes, want } = writeBack('iserializable');
    expectNetReads(bytes, 'iserializable', want);
    // .NET prints its own GetObjectData's entries, whatever the stream typed them as: check the
    // stream, where each entry's value must have the .NET type Mono gave it (`big` an Int64).
    const ours = roots(bytes)[0] as NrbfClassRecord;
    const mono = roots(bytesOf('iserializable'))[0] as NrbfClassRecord;
    expect(ours.memberNames).toEqual(mono.memberNames);
    expect(valueTypes(ours)).toEqual(valueTypes(mono));
    expect(valueTypes(ours)).toEqual(['String', 'Int32', 'DateTime', 'WeftCorpus.Leaf', 'Int64', null]);
    // .NET's AddValue("big", 1234567890123L, typeof(object)) declares the entry Object and boxes
    // the long; so does weft's addValue('big', 1234567890123n, 'Object'): the streams are the same.
    expect(mono.memberTypes![4]).toEqual({ binaryType: 'Object' });
    expect(ours.memberTypes).toEqual(mono.memberTypes);
    expect(Buffer.from(bytes).toString('hex')).toBe(Buffer.from(bytesOf('iserializable')).toString('hex'));
  });

  it('singleton: the one Settings is written through SetType as one SettingsReference, referenced twice', () => {
    const [holder] = readAll('singleton') as [SingletonHolder];
    expect(holder.Primary).toBe(Settings.Instance);
    expect(holder.Secondary).toBe(Settings.Instance);
    expectNetReads(writeAll([holder]), 'singleton', graphsOf('singleton'));
  });

  it('multi: four graphs in one stream, ids restarting in each', () => {
    const { bytes, want } = writeBack('multi');
    expectNetReads(bytes, 'multi', want);
    // Hidden by the JSON: weft reads the int[] root as a number[], which it writes as an object[]
    // of boxed Int32s (.NET's root was an int[]; the same items, but `(int[])Deserialize()` fails).
    expect((roots(bytesOf('multi'))[1] as { recordType: string }).recordType).toBe('ArraySinglePrimitive');
    expect((roots(bytes)[1] as { recordType: string }).recordType).toBe('ArraySingleObject');
  });

  it('collections: List<T>, Dictionary<K, V>, Hashtable, HashSet<T>', () => {
    const { bytes, want } = writeBack('collections');
    // weft reads the Hashtable's boxed char key 'c' as the string "c", which it writes as a String.
    const mixed = want[0].Mixed.$map as unknown[][];
    knownDifference(mixed[4], 0, { $char: 99 }, 'c');
    expectNetReads(bytes, 'collections', want);
  });

  it('linked-list-deep: 10,000 nodes', () => {
    const { bytes, want } = writeBack('linked-list-deep');
    expectNetReads(bytes, 'linked-list-deep', want);
  });

  // weft writes Point as a class record (with an object id); Mono accepts it for the Point
  // field, the Point? fields and, in `arrays`, the Point[] elements.
  it('structs-autoprops: <Name>k__BackingField, <Age>k__BackingField, a Point, a Point? and a null Point?', () => {
    const { bytes, want } = writeBack('structs-autoprops');
    expectNetReads(bytes, 'structs-autoprops', want);
  });

  it('arrays: every kind of array, with what weft cannot keep of the object[] and the int[*]', () => {
    const { bytes, want } = writeBack('arrays');
    const holder = want[0];
    // weft reads a boxed char as a one-character string and writes it as a String
    knownDifference(holder.Boxed, 5, { $char: 120 }, 'x');
    // weft reads a boxed enum (Color.Green) as its number and writes it as an Int32
    knownDifference(holder.Boxed, 10, { $enum: 'WeftCorpus.Color', value: 2 }, 2);
    // weft reads the int[*] with lower bound 5 as a plain array: the lower bound is lost, it is written as an int[]
    knownDifference(holder, 'Offset', { $array: { lengths: [3], lowerBounds: [5], items: [50, 60, 70] } }, [50, 60, 70]);
    expectNetReads(bytes, 'arrays', want);
    // Hidden by the JSON (a float prints as the double it converts to): the boxed 0.25f is read
    // as a number and written as a Double.
    expect((arrayOfLength(bytesOf('arrays'), 11).elements as NrbfValue[])[9]).toMatchObject({ primitiveType: 'Single', value: 0.25 });
    expect((arrayOfLength(bytes, 11).elements as NrbfValue[])[9]).toMatchObject({ primitiveType: 'Double', value: 0.25 });
  });

  it('root-primitives: ten roots, with what weft cannot keep of the TimeSpan, the Guid and the int[]', () => {
    const { bytes, want } = writeBack('root-primitives');
    // weft reads a TimeSpan as its ticks (a bigint), which it writes as an Int64
    knownDifference(want, 8, { $timespan: '54000000000' }, { $int64: '54000000000' });
    // weft reads a Guid as its string, which it writes as a String
    knownDifference(want, 9, { $guid: '6ba7b810-9dad-11d1-80b4-00c04fd430c8' }, '6ba7b810-9dad-11d1-80b4-00c04fd430c8');
    expectNetReads(bytes, 'root-primitives', want);
    // Hidden by the JSON, as in `multi`: the int[] root comes back as an object[].
    expect((roots(bytesOf('root-primitives'))[6] as { recordType: string }).recordType).toBe('ArraySinglePrimitive');
    expect((roots(bytes)[6] as { recordType: string }).recordType).toBe('ArraySingleObject');
  });
});
