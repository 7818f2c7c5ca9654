import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DateTime,
  Decimal,
  DotNetName,
  type IObjectReference,
  type ISerializable,
  MemoryStream,
  NonSerialized,
  NrbfFormatter,
  OptionalField,
  Serializable,
  SerializationInfo,
  StreamingContext,
  decodeNrbf,
} from '@weft/runtime';
import { canonical, fromExpected, type InstanceView } from './canonical.js';

/**
 * The Mono corpus (mono-corpus/README.md): real .NET BinaryFormatter output, read into the
 * TypeScript classes below with NrbfFormatter, must equal what the C# side reported. The
 * classes mirror Corpus.cs; most are matched by simple name (no @Serializable name), as a user
 * would write them.
 */

const DIR = new URL('./mono-corpus/', import.meta.url);
const payload = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`${name}.bin`, DIR)));
const expected = JSON.parse(readFileSync(new URL('expected.json', DIR), 'utf8')) as { name: string; graphs: unknown[] }[];

@Serializable()
class Primitives {
  BoolTrue!: boolean;
  BoolFalse!: boolean;
  ByteMax!: number;
  SByteMin!: number;
  CharLatin!: string;
  CharEuro!: string;
  CharCjk!: string;
  Int16Min!: number;
  UInt16Max!: number;
  Int32Min!: number;
  UInt32Max!: number;
  Int64Min!: bigint;
  Int64Large!: bigint;
  UInt64Max!: bigint;
  SingleExact!: number;
  SingleInexact!: number;
  DoubleNaN!: number;
  DoubleNegativeZero!: number;
  DoubleMax!: number;
  DoubleNegativeInfinity!: number;
  DoubleFraction!: number;
  DecimalMax!: Decimal;
  DecimalSmallNegative!: Decimal;
  DecimalTrailingZero!: Decimal;
  Text!: string;
  TextEscapes!: string;
  EmptyText!: string;
  NullText!: string | null;
  DateUtc!: DateTime;
  DateUnspecified!: DateTime;
  Duration!: bigint;
  NegativeDuration!: bigint;
  Id!: string;
  Color!: number;
  Permissions!: number;
  NullableWithValue!: number | null;
  NullableNull!: number | null;
}

@Serializable()
class Department {
  Name!: string;
  Head!: Employee;
  Staff!: Employee[];
  Roster!: Employee[];
}

@Serializable()
class Employee {
  Name!: string;
  Department!: Department;
  Manager!: Employee | null;
}

/** .NET writes Base's private `name` as `Base+name`, beside Derived's own `name`. */
@Serializable()
class Base {
  #name = '';
  id = 0;
  get baseName(): string {
    return this.#name;
  }
}

@Serializable()
class Derived extends Base {
  #name = '';
  score = 0;
  get derivedName(): string {
    return this.#name;
  }
}

@Serializable()
class WithNonSerialized {
  Kept!: string;
  @NonSerialized() Transient?: string;
  @OptionalField({ versionAdded: 2 }) Added?: number;
}

@Serializable({ name: 'WeftCorpus.Leaf', assembly: 'WeftCorpus' })
class Leaf {
  Label!: string;
}

/** ISerializable: its entries are not its field names. */
@Serializable()
class CustomSerialized implements ISerializable {
  FirstName: string;
  Number: number;
  When: DateTime;
  Child: Leaf | null;
  Big: bigint;
  Nothing: unknown;
  constructor(info: SerializationInfo, _context: StreamingContext) {
    this.FirstName = info.getString('first')!;
    this.Number = info.getInt32('n');
    this.When = info.getValue<DateTime>('when');
    this.Child = info.getValue<Leaf | null>('child');
    this.Big = info.getBigInt('big');
    this.Nothing = info.getValue('nothing');
  }
  getObjectData(info: SerializationInfo): void {
    info.addValue('first', this.FirstName);
  }
}

/** The process's one Settings; .NET writes it as a SettingsReference (SetType), which hands this back. */
@Serializable()
class Settings {
  static readonly instance = new Settings();
  Theme = 'dark';
}

@Serializable()
class SettingsReference implements IObjectReference {
  version!: number;
  getRealObject(): unknown {
    return Settings.instance;
  }
}

@Serializable()
class SingletonHolder {
  Primary!: Settings;
  Secondary!: Settings;
}

@Serializable()
class CollectionsHolder {
  Ints!: number[];
  Strings!: (string | null)[];
  Counts!: Map<string, number>;
  ById!: Map<number, Leaf>;
  Mixed!: Map<unknown, unknown>;
  Tags!: Set<string>;
}

/** a C# struct */
@Serializable()
class Point {
  X!: number;
  Y!: number;
}

@Serializable()
class ArraysHolder {
  Ints!: number[];
  Empty!: number[];
  Strings!: (string | null)[];
  Boxed!: unknown[];
  Jagged!: (number[] | null)[];
  Grid!: number[][];
  Names!: (string | null)[][];
  Offset!: number[];
  Doubles!: number[];
  Bytes!: Uint8Array;
  Bools!: boolean[];
  Longs!: bigint[];
  Chars!: string[];
  Points!: Point[];
  Leaves!: Leaf[];
}

/** Auto-properties: the stream's `<Name>k__BackingField` fills `Name`. */
@Serializable()
class Person {
  Name!: string;
  @DotNetName('<Age>k__BackingField') age!: number;
  Location!: Point;
  Home!: Point | null;
  Away!: Point | null;
}

@Serializable()
class Node {
  Value!: number;
  Next!: Node | null;
}

/** How the comparison sees the classes above: as the C# side named their members. */
const view: InstanceView = (o) => {
  if (o instanceof Derived) return { type: 'WeftCorpus.Derived', fields: { name: o.derivedName, score: o.score, id: o.id, 'Base+name': o.baseName } };
  if (o instanceof CustomSerialized) {
    return { type: 'WeftCorpus.CustomSerialized', fields: { first: o.FirstName, n: o.Number, when: o.When, child: o.Child, big: o.Big, nothing: o.Nothing } };
  }
  if (o instanceof Person) return { type: 'WeftCorpus.Person', fields: { Name: o.Name, Age: o.age, Location: o.Location, Home: o.Home, Away: o.Away } };
  const known = [Primitives, Department, Employee, WithNonSerialized, Leaf, CollectionsHolder, Point, ArraysHolder, Node, SingletonHolder];
  const ctor = known.find((c) => Object.getPrototypeOf(o) === c.prototype);
  if (ctor === undefined) return null;
  return { type: `WeftCorpus.${ctor.name}`, fields: { ...o }, struct: ctor === Point };
};

/** Reads every graph of a corpus file, one deserialize call each, from one MemoryStream. */
function readAll(name: string, f = new NrbfFormatter()): unknown[] {
  const bytes = payload(name);
  const stream = new MemoryStream(bytes);
  const out: unknown[] = [];
  while (stream.position < stream.length) out.push(f.deserialize(stream));
  return out;
}

function graphsOf(name: string): unknown[] {
  const e = expected.find((x) => x.name === name);
  if (!e) throw new Error(`no expected entry ${name}`);
  return e.graphs;
}

describe('NrbfFormatter reads the Mono corpus into TypeScript classes', () => {
  for (const name of ['primitives', 'graph', 'inheritance', 'nonserialized-optional', 'iserializable', 'multi', 'collections', 'arrays', 'structs-autoprops', 'root-primitives']) {
    it(`${name}: every graph equals what .NET reported`, () => {
      const actual = readAll(name);
      const want = graphsOf(name);
      expect(actual.length).toBe(want.length);
      for (let i = 0; i < want.length; i++) {
        expect(canonical(actual[i], view), `${name} graph ${i}`).toEqual(canonical(fromExpected(want[i]), view));
      }
    });
  }

  it('graph: shared references and the cycle are the same objects', () => {
    const [d] = readAll('graph') as [Department];
    expect(d).toBeInstanceOf(Department);
    expect(d.Head).toBeInstanceOf(Employee);
    expect(d.Staff[0]).toBe(d.Head);
    expect(d.Head.Department).toBe(d);
    expect(d.Staff[2]!.Manager).toBe(d.Staff[1]);
    expect(d.Roster).toEqual([d.Staff[2], d.Head]);
    expect(d.Roster[1]).toBe(d.Head);
  });

  it('singleton: the SetType record becomes the process singleton through IObjectReference, everywhere', () => {
    const [h] = readAll('singleton') as [SingletonHolder];
    expect(h).toBeInstanceOf(SingletonHolder);
    expect(h.Primary).toBe(Settings.instance);
    expect(h.Secondary).toBe(Settings.instance);
    expect(Object.getPrototypeOf(new SettingsReference())).toBe(SettingsReference.prototype);
    // what the stream itself says: one SettingsReference with entry version = 3, referenced twice
    const [g] = decodeNrbf(payload('singleton'));
    const refs = [...g!.records.values()].filter((r) => r.kind === 'class' && r.typeName === 'WeftCorpus.SettingsReference');
    expect(refs).toHaveLength(1);
  });

  it('nonserialized-optional: the [NonSerialized] field is absent and the optional one is read', () => {
    const [w] = readAll('nonserialized-optional') as [WithNonSerialized];
    expect(w.Kept).toBe('kept');
    expect(w.Added).toBe(7);
    expect('Transient' in w).toBe(false);
  });

  it('linked-list-deep: 10,000 nodes linked flat in the stream come back as one chain', () => {
    const [head] = readAll('linked-list-deep') as [Node];
    let count = 0;
    let sum = 0;
    let last = 0;
    for (let n: Node | null = head; n !== null; n = n.Next) {
      expect(n).toBeInstanceOf(Node);
      count++;
      sum += n.Value;
      last = n.Value;
    }
    expect({ $summary: { count, sumOfValues: sum, lastValue: last } }).toEqual(graphsOf('linked-list-deep')[0]);
  });

  it('values keep their .NET fidelity: bigint, DateTime ticks and kind, exact decimals', () => {
    const [p] = readAll('primitives') as [Primitives];
    expect(p.Int64Min).toBe(-9223372036854775808n);
    expect(p.UInt64Max).toBe(18446744073709551615n);
    expect(p.DateUtc.ticks).toBe(638448111301234567n);
    expect(p.DateUtc.toISOString()).toBe('2024-02-29T13:45:30.1234567Z');
    expect(p.DateUtc.toDate().toISOString()).toBe('2024-02-29T13:45:30.123Z');
    expect(p.DecimalTrailingZero.toString()).toBe('1.10');
    expect(p.DecimalMax.toString()).toBe('79228162514264337593543950335');
    expect(p.Id).toBe('0f8fad5b-d9cb-469f-a165-70867728950e');
    expect(p.CharCjk).toBe('漢');
  });
});
