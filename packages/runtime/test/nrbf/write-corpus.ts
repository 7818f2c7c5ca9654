import { DateTime, Decimal, DotNetName, DotNetType, type IObjectReference, type ISerializable, NonSerialized, OptionalField, Serializable, SerializationInfo, type StreamingContext } from '@weft/runtime';
import type {
  Byte,
  Char,
  Dictionary,
  Double,
  Guid,
  HashSet,
  Hashtable,
  Int16,
  Int32,
  Int64,
  List,
  Nullable,
  SByte,
  Single,
  TimeSpan,
  UInt16,
  UInt32,
  UInt64,
} from '@weft/runtime/dotnet';

/**
 * Typed TypeScript twins of the payload classes of mono-corpus/Corpus.cs (namespace WeftCorpus):
 * the same .NET names, the same members under the names .NET's BinaryFormatter uses, in the
 * order of Corpus.cs, each declared with its exact .NET type. NrbfFormatter reads the Mono-written
 * corpus into them and writes them back as .NET streams (write-mono.test.ts).
 *
 * Where the C# type has no twin of its own (an enum, System.Array) the member is declared with
 * the .NET type weft can write for it; write-mono.test.ts says what .NET makes of that.
 */

// ---- primitives ----

@Serializable({ name: 'WeftCorpus.Primitives', assembly: 'WeftCorpus, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null', dotnet: true })
export class Primitives {
  BoolTrue = false;
  BoolFalse = false;
  ByteMax: Byte = 0;
  SByteMin: SByte = 0;
  CharLatin: Char = '\0';
  CharEuro: Char = '\0';
  CharCjk: Char = '\0';
  Int16Min: Int16 = 0;
  UInt16Max: UInt16 = 0;
  Int32Min: Int32 = 0;
  UInt32Max: UInt32 = 0;
  Int64Min: Int64 = 0n;
  Int64Large: Int64 = 0n;
  UInt64Max: UInt64 = 0n;
  SingleExact: Single = 0;
  SingleInexact: Single = 0;
  DoubleNaN: Double = 0;
  DoubleNegativeZero: Double = 0;
  DoubleMax: Double = 0;
  DoubleNegativeInfinity: Double = 0;
  DoubleFraction: Double = 0;
  DecimalMax: Decimal = new Decimal(0n);
  DecimalSmallNegative: Decimal = new Decimal(0n);
  DecimalTrailingZero: Decimal = new Decimal(0n);
  Text: string | null = null;
  TextEscapes: string | null = null;
  EmptyText: string | null = null;
  NullText: string | null = null;
  DateUtc: DateTime = new DateTime(0n);
  DateUnspecified: DateTime = new DateTime(0n);
  Duration: TimeSpan = 0n;
  NegativeDuration: TimeSpan = 0n;
  Id: Guid = '00000000-0000-0000-0000-000000000000';
  /** C# `Color Color` (enum Color : int): weft reads an enum as its number and writes its underlying type */
  Color: Int32 = 0;
  /** C# `Permissions Permissions` ([Flags] enum Permissions : byte) */
  Permissions: Byte = 0;
  NullableWithValue: Nullable<Int32> = null;
  NullableNull: Nullable<Int32> = null;
}

// ---- graph ----

@Serializable({ name: 'WeftCorpus.Department', assembly: 'WeftCorpus, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null', dotnet: true })
export class Department {
  Name: string | null = null;
  Head: Employee | null = null;
  Staff: (Employee | null)[] | null = null;
  Roster: List<Employee | null> | null = null;
}

@Serializable({ name: 'WeftCorpus.Employee', assembly: 'WeftCorpus, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null', dotnet: true })
export class Employee {
  Name: string | null = null;
  Department: Department | null = null;
  Manager: Employee | null = null;
}

// ---- inheritance ----

/** C# `private string name; public int id;` */
@Serializable({ name: 'WeftCorpus.Base', assembly: 'WeftCorpus, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null', dotnet: true })
export class Base {
  #name: string | null = null;
  id: Int32 = 0;
  get baseName(): string | null {
    return this.#name;
  }
}

/**
 * C# `private string name; public double score;`: Base's private `name` is the stream's
 * `Base+name`, as the writer names a base class's #private field.
 */
@Serializable({ name: 'WeftCorpus.Derived', assembly: 'WeftCorpus, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null', dotnet: true })
export class Derived extends Base {
  #name: string | null = null;
  score: Double = 0;
  get derivedName(): string | null {
    return this.#name;
  }
}

// ---- nonserialized-optional ----

@Serializable({ name: 'WeftCorpus.WithNonSerialized', assembly: 'WeftCorpus, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null', dotnet: true })
export class WithNonSerialized {
  Kept: string | null = null;
  @NonSerialized() Transient: string | null = 'not in the stream';
  /** C# `[OptionalField(VersionAdded = 2)] int Added = 7`: an optional field has no initializer in weft (it does not run on deserialization) */
  @OptionalField({ versionAdded: 2 }) Added?: Int32;
}

// ---- iserializable ----

@Serializable({ name: 'WeftCorpus.Leaf', assembly: 'WeftCorpus, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null', dotnet: true })
export class Leaf {
  Label: string | null = null;
}

/** ISerializable: writes the entries of Corpus.cs's GetObjectData, with the JavaScript value of each entry's .NET type. */
@Serializable({ name: 'WeftCorpus.CustomSerialized', assembly: 'WeftCorpus, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null', dotnet: true })
export class CustomSerialized implements ISerializable {
  FirstName: string | null = null;
  Number: Int32 = 0;
  When: DateTime = new DateTime(0n);
  Child: Leaf | null = null;

  constructor();
  constructor(info: SerializationInfo, context: StreamingContext);
  constructor(info?: SerializationInfo, _context?: StreamingContext) {
    if (info === undefined) return;
    this.FirstName = info.getString('first');
    this.Number = info.getInt32('n');
    this.When = info.getValue<DateTime>('when');
    this.Child = info.getValue<Leaf | null>('child');
  }

  getObjectData(info: SerializationInfo): void {
    info.addValue('first', this.FirstName); // string
    info.addValue('n', this.Number); // int: an integer number is an Int32
    info.addValue('when', this.When); // DateTime
    info.addValue('child', this.Child); // Leaf
    info.addValue('big', 1234567890123n, 'Object'); // AddValue("big", 1234567890123L, typeof(object)): an Int64 in an Object entry
    info.addValue('nothing', null);
  }
}

// ---- singleton ----

/** The process's one Settings: GetObjectData writes it as a SettingsReference (SetType). */
@Serializable({ name: 'WeftCorpus.Settings', assembly: 'WeftCorpus, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null', dotnet: true })
export class Settings implements ISerializable {
  static readonly Instance = new Settings();
  Theme = 'dark';

  constructor();
  constructor(info: SerializationInfo, context: StreamingContext);
  constructor(_info?: SerializationInfo, _context?: StreamingContext) {}

  getObjectData(info: SerializationInfo): void {
    info.setType(SettingsReference);
    info.addValue('version', 3);
  }
}

/** C# `private int version;`, an IObjectReference that gives back Settings.Instance */
@Serializable({ name: 'WeftCorpus.SettingsReference', assembly: 'WeftCorpus, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null', dotnet: true })
export class SettingsReference implements IObjectReference {
  version: Int32 = 0;
  getRealObject(): unknown {
    return Settings.Instance;
  }
}

@Serializable({ name: 'WeftCorpus.SingletonHolder', assembly: 'WeftCorpus, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null', dotnet: true })
export class SingletonHolder {
  Primary: Settings | null = null;
  Secondary: Settings | null = null;
}

// ---- collections ----

@Serializable({ name: 'WeftCorpus.CollectionsHolder', assembly: 'WeftCorpus, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null', dotnet: true })
export class CollectionsHolder {
  Ints: List<Int32> | null = null;
  Strings: List<string | null> | null = null;
  Counts: Dictionary<string, Int32> | null = null;
  ById: Dictionary<Int32, Leaf | null> | null = null;
  Mixed: Hashtable | null = null;
  Tags: HashSet<string> | null = null;
}

// ---- arrays ----

/** a C# struct */
@Serializable({ name: 'WeftCorpus.Point', assembly: 'WeftCorpus, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null', dotnet: true })
export class Point {
  X: Int32 = 0;
  Y: Int32 = 0;
}

@Serializable({ name: 'WeftCorpus.ArraysHolder', assembly: 'WeftCorpus, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null', dotnet: true })
export class ArraysHolder {
  Ints: Int32[] | null = null;
  Empty: Int32[] | null = null;
  Strings: (string | null)[] | null = null;
  Boxed: unknown[] | null = null;
  Jagged: (Int32[] | null)[] | null = null;
  @DotNetType('int[,]') Grid: number[][] | null = null;
  @DotNetType('string[,]') Names: (string | null)[][] | null = null;
  /** C# `System.Array Offset`, an int[*] with lower bound 5: weft reads it as a plain array and writes an int[] */
  Offset: Int32[] | null = null;
  Doubles: Double[] | null = null;
  Bytes: Uint8Array | null = null;
  Bools: boolean[] | null = null;
  Longs: Int64[] | null = null;
  Chars: Char[] | null = null;
  Points: Point[] | null = null;
  Leaves: (Leaf | null)[] | null = null;
}

// ---- structs-autoprops ----

/** C# auto-properties `Name` and `Age` are the stream's `<Name>k__BackingField` and `<Age>k__BackingField` */
@Serializable({ name: 'WeftCorpus.Person', assembly: 'WeftCorpus, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null', dotnet: true })
export class Person {
  @DotNetName('<Name>k__BackingField') Name: string | null = null;
  @DotNetName('<Age>k__BackingField') Age: Int32 = 0;
  Location: Point = new Point();
  /** C# `Point?` */
  Home: Point | null = null;
  Away: Point | null = null;
}

// ---- linked-list-deep ----

@Serializable({ name: 'WeftCorpus.Node', assembly: 'WeftCorpus, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null', dotnet: true })
export class Node {
  Value: Int32 = 0;
  Next: Node | null = null;
}
