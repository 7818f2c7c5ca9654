import { DateTime, DateTimeKind, Decimal, DotNetType, type ISerializable, Serializable, SerializationInfo, type StreamingContext } from '@weft/runtime';
import type { Byte, Char, Double, Int16, Int32, Int64, SByte, Single, TimeSpan, UInt16, UInt32, UInt64 } from '@weft/runtime/dotnet';

/**
 * TypeScript twins of the fixed-shape classes of mono-corpus/Corpus.cs (namespace WeftCorpus),
 * declared with their .NET member types, and the graphs Corpus.cs builds from them, value for
 * value (mono-corpus/README.md). NrbfFormatter must write these graphs byte for byte as Mono's
 * BinaryFormatter wrote the fixed-*.bin files.
 */

@Serializable({ name: 'WeftCorpus.FixedPrimitives', assembly: 'WeftCorpus, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null', dotnet: true })
export class FixedPrimitives {
  Bool = false;
  Byte: Byte = 0;
  SByte: SByte = 0;
  Char: Char = '\0';
  Int16: Int16 = 0;
  UInt16: UInt16 = 0;
  Int32: Int32 = 0;
  UInt32: UInt32 = 0;
  Int64: Int64 = 0n;
  UInt64: UInt64 = 0n;
  Single: Single = 0;
  Double: Double = 0;
  Decimal: Decimal = new Decimal(0n);
  DateTime: DateTime = new DateTime(0n);
  TimeSpan: TimeSpan = 0n;
  String: string | null = null;
}

@Serializable({ name: 'WeftCorpus.FixedSpecials', assembly: 'WeftCorpus, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null', dotnet: true })
export class FixedSpecials {
  NaN: Double = 0;
  NegativeZero: Double = 0;
  PositiveInfinity: Double = 0;
  NegativeInfinity: Double = 0;
  Epsilon: Double = 0;
  SingleNaN: Single = 0;
  SingleNegativeZero: Single = 0;
  SinglePositiveInfinity: Single = 0;
  SingleEpsilon: Single = 0;
  Local: DateTime = new DateTime(0n);
}

@Serializable({ name: 'WeftCorpus.FixedStrings', assembly: 'WeftCorpus, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null', dotnet: true })
export class FixedStrings {
  Empty: string | null = null;
  Ascii: string | null = null;
  NonAscii: string | null = null;
  Null: string | null = null;
  Shared: string | null = null;
  SharedAgain: string | null = null;
}

@Serializable({ name: 'WeftCorpus.FixedNode', assembly: 'WeftCorpus, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null', dotnet: true })
export class FixedNode {
  Name: string | null = null;
  Next: FixedNode | null = null;
  Other: FixedNode | null = null;
  Value: Int32 = 0;
  constructor(name: string | null = null, value: Int32 = 0) {
    this.Name = name;
    this.Value = value;
  }
}

@Serializable({ name: 'WeftCorpus.FixedBase', assembly: 'WeftCorpus, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null', dotnet: true })
export class FixedBase {
  BaseName: string | null = null;
  BaseValue: Int32 = 0;
}

@Serializable({ name: 'WeftCorpus.FixedDerived', assembly: 'WeftCorpus, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null', dotnet: true })
export class FixedDerived extends FixedBase {
  DerivedName: string | null = null;
  DerivedValue: Double = 0;
}

@Serializable({ name: 'WeftCorpus.FixedArrays', assembly: 'WeftCorpus, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null', dotnet: true })
export class FixedArrays {
  Ints: Int32[] = [];
  Empty: Int32[] = [];
  Doubles: Double[] = [];
  Bytes: Uint8Array = new Uint8Array(0);
  Strings: (string | null)[] = [];
  Objects: unknown[] = [];
  Nulls: unknown[] = [];
  Nodes: (FixedNode | null)[] = [];
  Jagged: (Int32[] | null)[] = [];
  /** a rectangular int[2,3], as nested arrays */
  @DotNetType('int[,]') Grid: number[][] = [];
}

@Serializable({ name: 'WeftCorpus.FixedCustom', assembly: 'WeftCorpus, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null', dotnet: true })
export class FixedCustom implements ISerializable {
  Count: Int32 = 0;
  Label: string | null = null;
  Ratio: Double = 0;
  Child: FixedNode | null = null;

  constructor();
  constructor(info: SerializationInfo, context: StreamingContext);
  constructor(info?: SerializationInfo, _context?: StreamingContext) {
    if (info === undefined) return;
    this.Count = info.getInt32('count');
    this.Label = info.getString('label');
    this.Ratio = info.getDouble('ratio');
    this.Child = info.getValue<FixedNode | null>('child');
  }

  getObjectData(info: SerializationInfo): void {
    info.addValue('count', this.Count);
    info.addValue('label', this.Label);
    info.addValue('ratio', this.Ratio);
    info.addValue('child', this.Child);
  }
}

const DECIMAL_MAX = (1n << 96n) - 1n;

export function fixedMin(): FixedPrimitives {
  return Object.assign(new FixedPrimitives(), {
    Bool: false, Byte: 0, SByte: -128, Char: '\0', Int16: -32768, UInt16: 0, Int32: -2147483648, UInt32: 0,
    Int64: -(1n << 63n), UInt64: 0n, Single: -3.4028234663852886e38, Double: -Number.MAX_VALUE,
    Decimal: new Decimal(-DECIMAL_MAX), DateTime: new DateTime(0n), TimeSpan: -(1n << 63n), String: 'min',
  });
}

export function fixedMax(): FixedPrimitives {
  return Object.assign(new FixedPrimitives(), {
    Bool: true, Byte: 255, SByte: 127, Char: '\uffff', Int16: 32767, UInt16: 65535, Int32: 2147483647, UInt32: 4294967295,
    Int64: (1n << 63n) - 1n, UInt64: (1n << 64n) - 1n, Single: 3.4028234663852886e38, Double: Number.MAX_VALUE,
    Decimal: new Decimal(DECIMAL_MAX), DateTime: new DateTime(3155378975999999999n, DateTimeKind.Utc), TimeSpan: (1n << 63n) - 1n, String: 'max',
  });
}

export function fixedSpecials(): FixedSpecials {
  return Object.assign(new FixedSpecials(), {
    NaN: Number.NaN, NegativeZero: -0, PositiveInfinity: Infinity, NegativeInfinity: -Infinity, Epsilon: Number.MIN_VALUE,
    SingleNaN: Number.NaN, SingleNegativeZero: -0, SinglePositiveInfinity: Infinity, SingleEpsilon: 1.401298464324817e-45,
    Local: new DateTime(638448111301234567n, DateTimeKind.Local),
  });
}

export function fixedStrings(): FixedStrings {
  return Object.assign(new FixedStrings(), { Empty: '', Ascii: 'hello, world', NonAscii: 'café 漢 😀', Null: null, Shared: 'shared', SharedAgain: 'shared' });
}

export function fixedGraph(): FixedNode {
  const a = new FixedNode('a', 1);
  const b = new FixedNode('b', 2);
  const c = new FixedNode('c', 3);
  a.Next = b;
  b.Next = c;
  c.Next = a;
  a.Other = c;
  return a;
}

export function fixedDerived(): FixedDerived {
  return Object.assign(new FixedDerived(), { BaseName: 'base', BaseValue: 1, DerivedName: 'derived', DerivedValue: 2.5 });
}

export function fixedArrays(): FixedArrays {
  const p = new FixedNode('p', 7);
  return Object.assign(new FixedArrays(), {
    Ints: [1, -2, 2147483647],
    Empty: [],
    Doubles: [0.5, -1.25, 1e300],
    Bytes: new Uint8Array([0, 1, 127, 128, 255]),
    Strings: ['x', null, 'y'],
    Objects: [null, 'text', new FixedNode('boxed', 8)],
    Nulls: [null, null, null],
    Nodes: [p, p, null],
    Jagged: [[1, 2], null, [3]],
    Grid: [[1, 2, 3], [4, 5, 6]],
  });
}

export function fixedCustom(): FixedCustom {
  return Object.assign(new FixedCustom(), { Count: 42, Label: 'custom', Ratio: 0.25, Child: new FixedNode('child', 5) });
}

/** Each fixed-*.bin of the corpus and the graphs it holds, in stream order. */
export const FIXED_PAYLOADS: readonly { readonly file: string; readonly graphs: () => unknown[] }[] = [
  { file: 'fixed-primitives', graphs: () => [fixedMin(), fixedMax(), fixedSpecials()] },
  { file: 'fixed-strings', graphs: () => [fixedStrings()] },
  { file: 'fixed-graph', graphs: () => [fixedGraph()] },
  { file: 'fixed-inheritance', graphs: () => [fixedDerived()] },
  { file: 'fixed-arrays', graphs: () => [fixedArrays()] },
  { file: 'fixed-iserializable', graphs: () => [fixedCustom()] },
  { file: 'fixed-multi', graphs: () => [new FixedNode('solo', 9), fixedMax()] },
];
