import { describe, expect, it } from 'vitest';
import { DateTime, DateTimeKind, Decimal, NrbfFormatter, SerializationException } from '@weft/runtime';
import { corefxBlobs, type CorefxBlob } from './corefx.js';

/**
 * NrbfFormatter on dotnet/corefx's BinaryFormatter test blobs (corefx.ts): for the objects of
 * common system types below, every blob of the object (one per runtime that wrote it) must
 * read as the JavaScript value the C# expression builds. Each expected value is written by hand
 * from the expression in BinaryFormatterTestData.cs (and, for a variable, its definition there),
 * never copied from the reader's output; objects whose value is not evident from the source are
 * left out. Then every exception blob must read as an Error, and every corefx blob must read
 * without an exception with `unknownTypes: 'record'`.
 */

// ---- expected values ---------------------------------------------------------------------

/** A .NET type the reader does not map, as `unknownTypes: 'record'` gives it: `$type` (its full name, generic arguments aside) and exactly these members. */
class Rec {
  constructor(
    readonly type: string,
    readonly members: Record<string, unknown>,
  ) {}
}
const rec = (type: string, members: Record<string, unknown> = {}): Rec => new Rec(type, members);

/** A System.Exception read as an Error; `stack` and `cause` are compared when given (undefined included). */
class Err {
  constructor(
    readonly name: string,
    readonly message: string,
    readonly more: { stack?: string | undefined; cause?: unknown } = {},
  ) {}
}

/** Enumerable.Range(start, count) */
const range = (start: number, count: number): number[] => Array.from({ length: count }, (_, i) => start + i);

/** Ticks from 0001-01-01 to 1970-01-01. */
const EPOCH_TICKS = 621_355_968_000_000_000n;
/** new DateTime(y, mo, d, h, mi, s, kind): ticks of that clock time (the proleptic Gregorian calendar both sides use). */
const dt = (y: number, mo: number, d: number, h: number, mi: number, s: number, kind: DateTimeKind): DateTime =>
  new DateTime(BigInt(Date.UTC(y, mo - 1, d, h, mi, s)) * 10_000n + EPOCH_TICKS, kind);
const dec = (text: string): Decimal => Decimal.parse(text);
const f32 = Math.fround;

/** float.MaxValue: (2 - 2^-23) * 2^127 */
const FLOAT_MAX = (2 - 2 ** -23) * 2 ** 127;
const TICKS_PER_DAY = 864_000_000_000n;

/** .NET test types of the corefx suite (System.Runtime.Serialization.Formatters.Tests). */
const TESTS = 'System.Runtime.Serialization.Formatters.Tests';

/** `dictionary` in BinaryFormatterTestData.cs */
const DICTIONARY = (): Map<number, string> =>
  new Map([
    [1, 'test'],
    [2, 'another test'],
  ]);

interface Case {
  /** the object's line in BinaryFormatterTestData.cs */
  readonly line: number;
  /** its C# expression, exactly as the data has it */
  readonly expr: string;
  readonly value: unknown;
  /** read with unknownTypes: 'record' (the value holds unmapped types) */
  readonly records?: boolean;
}

const PRIMITIVES: Case[] = [
  { line: 108, expr: 'byte.MinValue', value: 0 },
  { line: 109, expr: 'byte.MaxValue', value: 255 },
  { line: 110, expr: 'sbyte.MinValue', value: -128 },
  { line: 111, expr: 'sbyte.MaxValue', value: 127 },
  { line: 112, expr: 'short.MinValue', value: -32768 },
  { line: 113, expr: 'short.MaxValue', value: 32767 },
  { line: 114, expr: 'ushort.MinValue', value: 0 },
  { line: 115, expr: 'ushort.MaxValue', value: 65535 },
  { line: 116, expr: 'int.MinValue', value: -2147483648 },
  { line: 117, expr: 'int.MaxValue', value: 2147483647 },
  { line: 118, expr: 'uint.MinValue', value: 0 },
  { line: 119, expr: 'uint.MaxValue', value: 4294967295 },
  { line: 120, expr: 'long.MinValue', value: -(2n ** 63n) },
  { line: 121, expr: 'long.MaxValue', value: 2n ** 63n - 1n },
  { line: 122, expr: 'ulong.MinValue', value: 0n },
  { line: 123, expr: 'ulong.MaxValue', value: 2n ** 64n - 1n },
  { line: 124, expr: 'char.MinValue', value: '\0' },
  { line: 125, expr: 'char.MaxValue', value: '\uffff' },
  { line: 126, expr: 'float.MinValue', value: -FLOAT_MAX },
  { line: 127, expr: 'float.MaxValue', value: FLOAT_MAX },
  { line: 128, expr: 'double.MinValue', value: -Number.MAX_VALUE },
  { line: 129, expr: 'double.MaxValue', value: Number.MAX_VALUE },
  { line: 133, expr: 'true', value: true },
  { line: 134, expr: 'false', value: false },
];

const DECIMALS: Case[] = [
  { line: 130, expr: 'decimal.MinValue', value: dec('-79228162514264337593543950335') },
  { line: 131, expr: 'decimal.MaxValue', value: dec('79228162514264337593543950335') },
  { line: 132, expr: 'decimal.MinusOne', value: dec('-1') },
];

const STRINGS: Case[] = [
  { line: 135, expr: '""', value: '' },
  { line: 136, expr: '"c"', value: 'c' },
  { line: 137, expr: '"\\u4F60\\u597D"', value: '\u4F60\u597D' },
  { line: 138, expr: '"some\\0data\\0with\\0null\\0chars"', value: 'some\0data\0with\0null\0chars' },
  { line: 139, expr: '"<>&\\"\\\'"', value: '<>&"\'' },
  { line: 140, expr: '" < "', value: ' < ' },
  { line: 141, expr: '"minchar" + char.MinValue + "minchar"', value: 'minchar\0minchar' },
];

const ARRAYS: Case[] = [
  // byte[] is binary data
  { line: 988, expr: 'Enumerable.Range(0, 256).Select(i => (byte)i).ToArray()', value: Uint8Array.from(range(0, 256)) },
  { line: 989, expr: 'new int[] { }', value: [] },
  { line: 990, expr: 'new int[] { 1 }', value: [1] },
  { line: 991, expr: 'new int[] { 1, 2, 3, 4, 5 }', value: [1, 2, 3, 4, 5] },
  { line: 992, expr: "new char[] { 'a', 'b', 'c', 'd', 'e' }", value: ['a', 'b', 'c', 'd', 'e'] },
  { line: 993, expr: 'new string[] { }', value: [] },
  { line: 994, expr: 'new string[] { "hello", "world" }', value: ['hello', 'world'] },
  { line: 995, expr: 'new short[] { short.MaxValue }', value: [32767] },
  { line: 996, expr: 'new long[] { long.MaxValue }', value: [2n ** 63n - 1n] },
  { line: 997, expr: 'new ushort[] { ushort.MaxValue }', value: [65535] },
  { line: 998, expr: 'new uint[] { uint.MaxValue }', value: [4294967295] },
  { line: 999, expr: 'new ulong[] { ulong.MaxValue }', value: [2n ** 64n - 1n] },
  { line: 1000, expr: 'new bool[] { true, false }', value: [true, false] },
  { line: 1001, expr: 'new double[] { 1.2 }', value: [1.2] },
  { line: 1002, expr: 'new float[] { 1.2f, 3.4f }', value: [f32(1.2), f32(3.4)] },
  { line: 1005, expr: 'new object[] { }', value: [] },
  { line: 1164, expr: 'Enumerable.Range(0, 10000).Select(i => (object)i).ToArray()', value: range(0, 10000) },
  // fewer, and more, than 256 nulls (ObjectNullMultiple256 / ObjectNullMultiple)
  { line: 1166, expr: 'new object[200]', value: new Array(200).fill(null) },
  { line: 1168, expr: 'new object[300]', value: new Array(300).fill(null) },
  // rectangular arrays inside an object[]: nested arrays, row-major
  {
    line: 1158,
    expr: 'new object[] { new int[,] { { 1, 2, 3, 4, 5 }, { 6, 7, 8, 9, 10 }, { 11, 12, 13, 14, 15 } } }',
    value: [[range(1, 5), range(6, 5), range(11, 5)]],
  },
  {
    line: 1159,
    expr: 'new object[] { new int[,,] { { { 1, 2, 3, 4, 5 }, { 6, 7, 8, 9, 10 }, { 11, 12, 13, 14, 15 } } } }',
    value: [[[range(1, 5), range(6, 5), range(11, 5)]]],
  },
  { line: 1160, expr: 'new object[] { new int[,,,] { { { { 1 } } } } }', value: [[[[[1]]]]] },
  // uint[1..5] (lower bound 1): five default elements, the bound dropped
  { line: 1173, expr: 'Array.CreateInstance(typeof(uint), new[] { 5 }, new[] { 1 })', value: [0, 0, 0, 0, 0] },
  // int[0, 0, 0]
  { line: 1176, expr: 'Array.CreateInstance(typeof(int), new[] { 0, 0, 0 }, new[] { 0, 0, 0 })', value: [] },
  // arr = Array.CreateInstance(typeof(string), new[] { 1, 2 }, new[] { 3, 4 }); arr.SetValue("hello", new[] { 3, 5 })
  { line: 1181, expr: 'arr', value: [[null, 'hello']] },
  // ObjectWithArrays (a test type): a jagged array, a rectangular one, byte[], string[], int[0] as members
  {
    line: 1019,
    expr: 'objectWithArrays',
    records: true,
    value: rec(`${TESTS}.ObjectWithArrays`, {
      IntArray: [],
      StringArray: ['hello', 'world'],
      ByteArray: Uint8Array.from(range(0, 20)),
      JaggedArray: [
        [1, 2, 3],
        [4, 5, 6, 7],
      ],
      MultiDimensionalArray: [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
      TreeArray: [
        rec(`${TESTS}.Tree\`1`, {
          '<Value>k__BackingField': 1,
          '<Left>k__BackingField': rec(`${TESTS}.Tree\`1`, { '<Value>k__BackingField': 2, '<Left>k__BackingField': null, '<Right>k__BackingField': null }),
          '<Right>k__BackingField': rec(`${TESTS}.Tree\`1`, { '<Value>k__BackingField': 3, '<Left>k__BackingField': null, '<Right>k__BackingField': null }),
        }),
      ],
    }),
  },
];

/** List`1 and ArrayList: arrays of their _size first items. */
const LISTS: Case[] = [
  { line: 871, expr: 'new List<int>()', value: [] },
  { line: 872, expr: 'new List<int>(27)', value: [] },
  { line: 873, expr: 'new List<int>() { 1, 2, 3, 4, 5 }', value: [1, 2, 3, 4, 5] },
  { line: 1021, expr: 'new List<int>()', value: [] },
  { line: 1025, expr: 'new List<int>(Enumerable.Range(0, 123).ToArray())', value: range(0, 123) },
  { line: 1026, expr: 'new List<int>(new int[] { 5, 7, 9 })', value: [5, 7, 9] },
  { line: 1042, expr: 'new ArrayList()', value: [] },
  { line: 1043, expr: 'new ArrayList(7)', value: [] },
  { line: 1044, expr: 'new ArrayList(Enumerable.Range(0, 123).ToArray())', value: range(0, 123) },
  { line: 1045, expr: 'new ArrayList(new int[] { 5, 7, 9 })', value: [5, 7, 9] },
  { line: 1249, expr: 'new System.Collections.ArrayList(Enumerable.Range(1, 40).ToList())', value: range(1, 40) },
  { line: 1250, expr: 'new System.Collections.ArrayList(10)', value: [] },
];

/** Stack and Queue: arrays as JavaScript uses them, a stack bottom to top (push/pop at the end), a queue front first (shift). */
const STACKS_QUEUES: Case[] = [
  { line: 1094, expr: 'new Stack()', value: [] },
  { line: 1095, expr: 'new Stack(Enumerable.Range(0, 123).ToArray())', value: range(0, 123) },
  { line: 1096, expr: 'new Stack(new int[] { 5, 7, 9 })', value: [5, 7, 9] },
  { line: 1065, expr: 'new Queue()', value: [] },
  { line: 1066, expr: 'new Queue(5)', value: [] },
  { line: 1067, expr: 'new Queue(7, 2.2f)', value: [] },
  { line: 1068, expr: 'new Queue(Enumerable.Range(0, 123).ToArray())', value: range(0, 123) },
  { line: 1069, expr: 'new Queue(new int[] { 5, 7, 9 })', value: [5, 7, 9] },
  { line: 1258, expr: 'new Collections.Queue(50, 5.6f)', value: [] },
  { line: 1257, expr: 'new Queue<int>(Enumerable.Range(1, 25))', value: range(1, 25) },
  { line: 1308, expr: 'new Queue<int>(Enumerable.Range(1, 10))', value: range(1, 10) },
];

/** Dictionary`2 (entries in insertion order: nothing was removed), Hashtable and SortedList (sorted): Maps. Comparers are not read. */
const MAPS: Case[] = [
  // dictionary = new Dictionary<int, string>() { { 1, "test" }, { 2, "another test" } }
  { line: 875, expr: 'dictionary', value: DICTIONARY() },
  // empty dictionaries with no buckets are written without KeyValuePairs
  { line: 1032, expr: 'new Dictionary<int, int>()', value: new Map() },
  { line: 1033, expr: 'new Dictionary<int, int>(4)', value: new Map() },
  { line: 1034, expr: 'new Dictionary<int, Point>()', value: new Map() },
  { line: 1035, expr: 'new Dictionary<int, Tuple<int, Graph<int>>>()', value: new Map() },
  { line: 1036, expr: 'new Dictionary<Tuple<int, Point>, Graph<int>>()', value: new Map() },
  {
    line: 1037,
    expr: 'new Dictionary<string, string>() { { "a", "1" }, { "b", "2" } }',
    value: new Map([
      ['a', '1'],
      ['b', '2'],
    ]),
  },
  { line: 1100, expr: 'new Hashtable()', value: new Map() },
  { line: 1101, expr: 'new Hashtable(EqualityComparer<object>.Default)', value: new Map() },
  { line: 1102, expr: 'new Hashtable(5)', value: new Map() },
  { line: 1103, expr: 'new Hashtable(new Dictionary<int, string>(), 0.77f)', value: new Map() },
  { line: 1104, expr: 'new Hashtable(StringComparer.InvariantCultureIgnoreCase)', value: new Map() },
  { line: 1105, expr: 'new Hashtable(StringComparer.InvariantCulture)', value: new Map() },
  { line: 1106, expr: 'new Hashtable(StringComparer.CurrentCultureIgnoreCase)', value: new Map() },
  { line: 1107, expr: 'new Hashtable(StringComparer.CurrentCulture)', value: new Map() },
  { line: 1116, expr: 'new Hashtable(15, 0.8f, new HashCodeProvider(), Comparer.DefaultInvariant)', value: new Map() },
  { line: 1265, expr: 'new System.Collections.Hashtable(255)', value: new Map() },
  { line: 1079, expr: 'new SortedList()', value: new Map() },
  { line: 1080, expr: 'new SortedList(Comparer.DefaultInvariant)', value: new Map() },
  { line: 1081, expr: 'new SortedList(Comparer.DefaultInvariant, 4)', value: new Map() },
  { line: 1307, expr: 'new SortedList<int, string>(dictionary, Comparer<int>.Default)', value: DICTIONARY() },
];

/** HashSet`1 (insertion order) and SortedSet`1 (sorted): Sets. */
const SETS: Case[] = [
  // empty sets with no buckets / no root are written without Elements / Items
  { line: 1049, expr: 'new HashSet<int>()', value: new Set() },
  { line: 1050, expr: 'new HashSet<int>(Enumerable.Range(0, 123))', value: new Set(range(0, 123)) },
  { line: 1051, expr: 'new HashSet<int>(new int[] { 5, 7, 9 })', value: new Set([5, 7, 9]) },
  { line: 1052, expr: 'new HashSet<Point>()', value: new Set() },
  { line: 1054, expr: 'new HashSet<Tuple<int, Graph<int>>>()', value: new Set() },
  { line: 1084, expr: 'new SortedSet<int>()', value: new Set() },
  { line: 1085, expr: 'new SortedSet<int>(Comparer<int>.Default)', value: new Set() },
  { line: 1086, expr: 'new SortedSet<int>(Enumerable.Range(0, 123))', value: new Set(range(0, 123)) },
  { line: 1087, expr: 'new SortedSet<int>(new int[] { 5, 7, 9 })', value: new Set([5, 7, 9]) },
  { line: 1088, expr: 'new SortedSet<Point>()', value: new Set() },
  { line: 1089, expr: 'new SortedSet<Point>(Comparer<Point>.Default)', value: new Set() },
  { line: 1091, expr: 'new SortedSet<Tuple<int, Graph<int>>>()', value: new Set() },
];

const DATES_TIMES: Case[] = [
  { line: 855, expr: 'new DateTime(1990, 11, 23)', value: dt(1990, 11, 23, 0, 0, 0, DateTimeKind.Unspecified) },
  {
    line: 856,
    expr: 'new[] { new DateTime(1990, 11, 24, 0, 0, 0, DateTimeKind.Local), new DateTime(1990, 11, 25, 0, 0, 0, DateTimeKind.Utc), new DateTime(1990, 11, 26, 0, 0, 0, DateTimeKind.Unspecified) }',
    // a Local DateTime keeps its local clock ticks (the raw dateData is written, not UTC)
    value: [dt(1990, 11, 24, 0, 0, 0, DateTimeKind.Local), dt(1990, 11, 25, 0, 0, 0, DateTimeKind.Utc), dt(1990, 11, 26, 0, 0, 0, DateTimeKind.Unspecified)],
  },
  // DateTimeOffset keeps the UTC clock time (03:30 at +00:30 is 03:00), Unspecified, and the offset in minutes
  {
    line: 857,
    expr: 'new DateTimeOffset(1990, 11, 23, 03, 30, 00, 00, TimeSpan.FromMinutes(30))',
    records: true,
    value: rec('System.DateTimeOffset', { DateTime: dt(1990, 11, 23, 3, 0, 0, DateTimeKind.Unspecified), OffsetMinutes: 30 }),
  },
  { line: 868, expr: 'TimeSpan.FromDays(7)', value: 7n * TICKS_PER_DAY },
];

const GUIDS: Case[] = [
  { line: 870, expr: 'new Guid("0CACAA4D-C6BD-420A-B660-2F557337CA89")', value: '0cacaa4d-c6bd-420a-b660-2f557337ca89' },
  {
    line: 1006,
    expr: 'new Guid[] { new Guid("0CACAA4D-C6BD-420A-B660-2F557337CA89"), new Guid("BE4E9FF4-82D9-4B54-85EA-0957E21DE0E2") }',
    value: ['0cacaa4d-c6bd-420a-b660-2f557337ca89', 'be4e9ff4-82d9-4b54-85ea-0957e21de0e2'],
  },
];

/** Enums are their number (every enum value in the corpus has an int underlying type). */
const ENUMS: Case[] = [
  { line: 828, expr: 'DayOfWeek.Monday', value: 1 },
  { line: 829, expr: 'DateTimeKind.Local', value: 2 },
  { line: 830, expr: 'MemberAttributes.Abstract', value: 0x0001 },
  { line: 1208, expr: 'GraphicsUnit.Pixel', value: 2 },
  { line: 1209, expr: 'ContentAlignment.BottomCenter', value: 0x200 },
  { line: 1210, expr: 'LinearGradientMode.BackwardDiagonal', value: 3 },
  { line: 1211, expr: 'FontStyle.Bold', value: 1 },
  { line: 1007, expr: 'new DayOfWeek[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }', value: [1, 2, 3, 4, 5] },
];

const NULLABLES: Case[] = [
  // a boxed int? is a boxed int
  { line: 833, expr: '(int?)1', value: 1 },
  { line: 834, expr: '(StructWithIntField?)new StructWithIntField() { X = 42 }', records: true, value: rec(`${TESTS}.StructWithIntField`, { X: 42 }) },
  // Comparer<int?>.Default sorts null first
  { line: 1263, expr: 'new SortedSet<int?>(new int?[] { 2, 4, 6, null }, Comparer<int?>.Default)', value: new Set([null, 2, 4, 6]) },
];

const PAIRS: Case[] = [
  { line: 889, expr: 'new KeyValuePair<int, byte>(42, 84)', value: { key: 42, value: 84 } },
  { line: 1255, expr: 'new KeyValuePair<int, string>(5, "five")', value: { key: 5, value: 'five' } },
  {
    line: 890,
    expr: 'new KeyValuePair<int, KeyValuePair<byte, Tuple<int>>>(42, new KeyValuePair<byte, Tuple<int>>(84, Tuple.Create(168)))',
    records: true,
    value: { key: 42, value: { key: 84, value: rec('System.Tuple`1', { m_Item1: 168 }) } },
  },
];

/**
 * exception = new Exception("message", new Exception("Inner exception message")), then
 * PopulateException(exception) sets its stack trace string to "StackTrace string..." (the inner
 * one, never thrown, has none). The others are built as new XException("message", exception).
 */
const EXCEPTION = (): Err =>
  new Err('System.Exception', 'message', {
    stack: 'StackTrace string...',
    cause: new Err('System.Exception', 'Inner exception message', { stack: undefined, cause: undefined }),
  });
const EXCEPTIONS: Case[] = [
  { line: 145, expr: 'PopulateException(exception)', value: EXCEPTION() },
  {
    line: 786,
    expr: 'PopulateException(unauthorizedAccessException)',
    value: new Err('System.UnauthorizedAccessException', 'message', { stack: 'StackTrace string...', cause: EXCEPTION() }),
  },
  // System assembly
  { line: 789, expr: 'PopulateException(uriFormatException)', value: new Err('System.UriFormatException', 'message', { stack: 'StackTrace string...', cause: EXCEPTION() }) },
  // System.Data
  {
    line: 795,
    expr: 'PopulateException(versionNotFoundException)',
    value: new Err('System.Data.VersionNotFoundException', 'message', { stack: 'StackTrace string...', cause: EXCEPTION() }),
  },
  // System.Xml: new XmlException("message", exception, 1, 1) words its message with the position
  {
    line: 275,
    expr: 'PopulateException(xmlException)',
    value: new Err('System.Xml.XmlException', 'message Line 1, position 1.', { stack: 'StackTrace string...', cause: EXCEPTION() }),
  },
];

/** Unmapped system structs and classes whose members are primitives of every kind: records. */
const RECORDS: Case[] = [
  { line: 869, expr: 'new Version(1, 2, 3, 4)', records: true, value: rec('System.Version', { _Major: 1, _Minor: 2, _Build: 3, _Revision: 4 }) },
  { line: 881, expr: 'Tuple.Create(1)', records: true, value: rec('System.Tuple`1', { m_Item1: 1 }) },
  { line: 882, expr: 'Tuple.Create(1, "2")', records: true, value: rec('System.Tuple`2', { m_Item1: 1, m_Item2: '2' }) },
  { line: 883, expr: 'Tuple.Create(1, "2", 3u)', records: true, value: rec('System.Tuple`3', { m_Item1: 1, m_Item2: '2', m_Item3: 3 }) },
  { line: 884, expr: 'Tuple.Create(1, "2", 3u, 4L)', records: true, value: rec('System.Tuple`4', { m_Item1: 1, m_Item2: '2', m_Item3: 3, m_Item4: 4n }) },
  { line: 885, expr: 'Tuple.Create(1, "2", 3u, 4L, 5.6)', records: true, value: rec('System.Tuple`5', { m_Item1: 1, m_Item2: '2', m_Item3: 3, m_Item4: 4n, m_Item5: 5.6 }) },
  {
    line: 886,
    expr: 'Tuple.Create(1, "2", 3u, 4L, 5.6, 7.8f)',
    records: true,
    value: rec('System.Tuple`6', { m_Item1: 1, m_Item2: '2', m_Item3: 3, m_Item4: 4n, m_Item5: 5.6, m_Item6: f32(7.8) }),
  },
  {
    line: 887,
    expr: 'Tuple.Create(1, "2", 3u, 4L, 5.6, 7.8f, 9m)',
    records: true,
    value: rec('System.Tuple`7', { m_Item1: 1, m_Item2: '2', m_Item3: 3, m_Item4: 4n, m_Item5: 5.6, m_Item6: f32(7.8), m_Item7: dec('9') }),
  },
  {
    line: 888,
    expr: 'Tuple.Create(1, "2", 3u, 4L, 5.6, 7.8f, 9m, Tuple.Create(10))',
    records: true,
    // Tuple.Create's eighth item goes into a Tuple`1 as TRest
    value: rec('System.Tuple`8', {
      m_Item1: 1,
      m_Item2: '2',
      m_Item3: 3,
      m_Item4: 4n,
      m_Item5: 5.6,
      m_Item6: f32(7.8),
      m_Item7: dec('9'),
      m_Rest: rec('System.Tuple`1', { m_Item1: rec('System.Tuple`1', { m_Item1: 10 }) }),
    }),
  },
  { line: 1487, expr: 'new ValueTuple()', records: true, value: rec('System.ValueTuple') },
  { line: 1488, expr: 'ValueTuple.Create(1)', records: true, value: rec('System.ValueTuple`1', { Item1: 1 }) },
  { line: 1489, expr: 'ValueTuple.Create(1, "2")', records: true, value: rec('System.ValueTuple`2', { Item1: 1, Item2: '2' }) },
  { line: 1490, expr: 'ValueTuple.Create(1, "2", 3u)', records: true, value: rec('System.ValueTuple`3', { Item1: 1, Item2: '2', Item3: 3 }) },
  { line: 1491, expr: 'ValueTuple.Create(1, "2", 3u, 4L)', records: true, value: rec('System.ValueTuple`4', { Item1: 1, Item2: '2', Item3: 3, Item4: 4n }) },
  {
    line: 1492,
    expr: 'ValueTuple.Create(1, "2", 3u, 4L, 5.6)',
    records: true,
    value: rec('System.ValueTuple`5', { Item1: 1, Item2: '2', Item3: 3, Item4: 4n, Item5: 5.6 }),
  },
  {
    line: 1493,
    expr: 'ValueTuple.Create(1, "2", 3u, 4L, 5.6, 7.8f)',
    records: true,
    value: rec('System.ValueTuple`6', { Item1: 1, Item2: '2', Item3: 3, Item4: 4n, Item5: 5.6, Item6: f32(7.8) }),
  },
  {
    line: 1494,
    expr: 'ValueTuple.Create(1, "2", 3u, 4L, 5.6, 7.8f, 9m)',
    records: true,
    value: rec('System.ValueTuple`7', { Item1: 1, Item2: '2', Item3: 3, Item4: 4n, Item5: 5.6, Item6: f32(7.8), Item7: dec('9') }),
  },
  {
    line: 1495,
    expr: 'ValueTuple.Create(1, "2", 3u, 4L, 5.6, 7.8f, 9m, Tuple.Create(10))',
    records: true,
    value: rec('System.ValueTuple`8', {
      Item1: 1,
      Item2: '2',
      Item3: 3,
      Item4: 4n,
      Item5: 5.6,
      Item6: f32(7.8),
      Item7: dec('9'),
      Rest: rec('System.ValueTuple`1', { Item1: rec('System.Tuple`1', { m_Item1: 10 }) }),
    }),
  },
  { line: 1162, expr: 'new ArraySegment<int>(new int[] { 1, 2, 3, 4, 5 })', records: true, value: rec('System.ArraySegment`1', { _array: [1, 2, 3, 4, 5], _offset: 0, _count: 5 }) },
  { line: 1163, expr: 'new ArraySegment<int>(new int[] { 1, 2, 3, 4, 5 }, 1, 2)', records: true, value: rec('System.ArraySegment`1', { _array: [1, 2, 3, 4, 5], _offset: 1, _count: 2 }) },
  { line: 1252, expr: 'new System.Collections.DictionaryEntry("key", 5)', records: true, value: rec('System.Collections.DictionaryEntry', { _key: 'key', _value: 5 }) },
];

const CATEGORIES: Record<string, Case[]> = {
  'primitives (boxed, min/max)': PRIMITIVES,
  decimal: DECIMALS,
  strings: STRINGS,
  arrays: ARRAYS,
  'List`1 / ArrayList': LISTS,
  'Stack / Queue': STACKS_QUEUES,
  'Dictionary`2 / Hashtable / SortedList': MAPS,
  'HashSet`1 / SortedSet`1': SETS,
  'DateTime / DateTimeOffset / TimeSpan': DATES_TIMES,
  Guid: GUIDS,
  enums: ENUMS,
  Nullable: NULLABLES,
  KeyValuePair: PAIRS,
  exceptions: EXCEPTIONS,
  'records (Tuple, ValueTuple, Version, ArraySegment, DictionaryEntry)': RECORDS,
};
const CASES = Object.values(CATEGORIES).flat();

// ---- comparison ----------------------------------------------------------------------------

const RECORD_META = new Set(['$type', '$assembly']);

/** The first difference between what the reader gave and what was expected, or null. */
function diff(actual: unknown, expected: unknown, path = '$'): string | null {
  const show = (v: unknown): string => {
    if (typeof v === 'bigint') return `${v}n`;
    if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
    if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v);
    if (v === null || typeof v !== 'object') return String(v);
    return Object.prototype.toString.call(v) + (v instanceof DateTime || v instanceof Decimal ? ` ${String(v)}` : '');
  };
  const differ = (what = ''): string => `${path}: ${what}got ${show(actual)}, expected ${show(expected)}`;

  if (expected === null || expected === undefined || typeof expected === 'boolean' || typeof expected === 'string' || typeof expected === 'bigint') {
    return actual === expected ? null : differ();
  }
  if (typeof expected === 'number') return typeof actual === 'number' && Object.is(actual, expected) ? null : differ();
  if (typeof actual !== 'object' || actual === null) return differ();

  if (expected instanceof DateTime) {
    if (!(actual instanceof DateTime)) return differ();
    return actual.ticks === expected.ticks && actual.kind === expected.kind && !actual.ambiguousDst ? null : differ('ticks/kind: ');
  }
  if (expected instanceof Decimal) return actual instanceof Decimal && actual.toString() === expected.toString() ? null : differ();
  if (ArrayBuffer.isView(expected)) {
    if (!ArrayBuffer.isView(actual) || actual.constructor !== expected.constructor) return differ('not the same typed array: ');
    return sequence(Array.from(actual as unknown as ArrayLike<unknown>), Array.from(expected as unknown as ArrayLike<unknown>), path);
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return differ('not an array: ');
    return sequence(actual, expected, path);
  }
  if (expected instanceof Map) {
    if (!(actual instanceof Map)) return differ('not a Map: ');
    return sequence([...actual].flat(), [...expected].flat(), `${path}.entries`);
  }
  if (expected instanceof Set) {
    if (!(actual instanceof Set)) return differ('not a Set: ');
    return sequence([...actual], [...expected], `${path}.values`);
  }
  if (expected instanceof Err) {
    if (!(actual instanceof Error)) return differ('not an Error: ');
    if (actual.name !== expected.name || actual.message !== expected.message) return `${path}: got ${actual.name}: ${actual.message}, expected ${expected.name}: ${expected.message}`;
    for (const k of ['stack', 'cause'] as const) {
      if (!(k in expected.more)) continue;
      const d = diff((actual as unknown as Record<string, unknown>)[k], expected.more[k], `${path}.${k}`);
      if (d !== null) return d;
    }
    return null;
  }
  if (expected instanceof Rec) {
    if (Object.getPrototypeOf(actual) !== null) return differ('not a record (null-prototype object): ');
    const o = actual as Record<string, unknown>;
    const type = o.$type;
    if (typeof type !== 'string' || (type !== expected.type && !type.startsWith(`${expected.type}[[`))) return `${path}.$type: got ${String(type)}, expected ${expected.type}`;
    if (typeof o.$assembly !== 'string') return `${path}.$assembly: not a string`;
    return fields(o, expected.members, path, RECORD_META);
  }
  // a plain object (KeyValuePair)
  if (Object.getPrototypeOf(actual) !== Object.prototype) return differ('not a plain object: ');
  return fields(actual as Record<string, unknown>, expected as Record<string, unknown>, path, new Set());
}

function sequence(actual: readonly unknown[], expected: readonly unknown[], path: string): string | null {
  if (actual.length !== expected.length) return `${path}: length ${actual.length}, expected ${expected.length}`;
  for (let i = 0; i < expected.length; i++) {
    if (!(i in actual)) return `${path}[${i}]: a hole`;
    const d = diff(actual[i], expected[i], `${path}[${i}]`);
    if (d !== null) return d;
  }
  return null;
}

function fields(actual: Record<string, unknown>, expected: Record<string, unknown>, path: string, skip: ReadonlySet<string>): string | null {
  const got = Object.keys(actual).filter((k) => !skip.has(k)).sort();
  const want = Object.keys(expected).sort();
  if (got.join('\n') !== want.join('\n')) return `${path}: members [${got.join(', ')}], expected [${want.join(', ')}]`;
  for (const k of want) {
    const d = diff(actual[k], expected[k], `${path}.${k}`);
    if (d !== null) return d;
  }
  return null;
}

// ---- the tests -------------------------------------------------------------------------------

const blobs = corefxBlobs();
const byLine = new Map<number, CorefxBlob[]>();
for (const b of blobs) {
  const list = byLine.get(b.line);
  if (list) list.push(b);
  else byLine.set(b.line, [b]);
}

const plain = new NrbfFormatter();
const records = new NrbfFormatter({ unknownTypes: 'record' });

describe('NrbfFormatter on corefx blobs of common system types: the value each C# expression builds', () => {
  it('covers at least 60 distinct objects, each named by its exact line and expression', () => {
    const lines = CASES.map((c) => c.line);
    expect(new Set(lines).size).toBe(lines.length);
    expect(lines.length).toBeGreaterThanOrEqual(60);
    // and as many read with the default options (no records involved)
    expect(CASES.filter((c) => !c.records).length).toBeGreaterThanOrEqual(60);
    for (const c of CASES) {
      const found = byLine.get(c.line);
      expect(found, `line ${c.line}`).toBeDefined();
      expect(found![0]!.expr, `line ${c.line}`).toBe(c.expr);
    }
  });

  for (const [category, cases] of Object.entries(CATEGORIES)) {
    describe(category, () => {
      for (const c of cases) {
        it(`line ${c.line}: ${c.expr.length > 90 ? `${c.expr.slice(0, 90)}...` : c.expr}`, () => {
          const all = byLine.get(c.line) ?? [];
          expect(all.length).toBeGreaterThan(0);
          // every runtime's blob of the object gives the same value
          const failures: string[] = [];
          for (const b of all) {
            let got: unknown;
            try {
              got = (c.records ? records : plain).deserialize(b.bytes);
            } catch (e) {
              failures.push(`${b.tfm}: threw ${(e as Error).message}`);
              continue;
            }
            const d = diff(got, c.value);
            if (d !== null) failures.push(`${b.tfm}: ${d}`);
          }
          expect(failures).toEqual([]);
        });
      }
    });
  }
});

describe('NrbfFormatter on every corefx exception', () => {
  it('reads each PopulateException(...) blob as an Error with the stack trace string PopulateException set', () => {
    const exceptions = blobs.filter((b) => b.expr.startsWith('PopulateException('));
    expect(new Set(exceptions.map((b) => b.line)).size).toBeGreaterThan(200);
    const failures: string[] = [];
    for (const b of exceptions) {
      try {
        const e = plain.deserialize(b.bytes);
        if (!(e instanceof Error) || !/^[\w.]+Exception$/.test(e.name) || e.stack !== 'StackTrace string...') failures.push(`line ${b.line} ${b.tfm}: ${String(e)}`);
      } catch (e) {
        failures.push(`line ${b.line} ${b.tfm}: threw ${(e as Error).message.slice(0, 160)}`);
      }
    }
    expect(failures).toEqual([]);
  });
});

describe("NrbfFormatter({ unknownTypes: 'record' }) on every corefx blob", () => {
  it('reads all 1,172 blobs without throwing (exceptions become Errors, comparers and other types records)', () => {
    expect(blobs.length).toBe(1172);
    const failures: string[] = [];
    for (const b of blobs) {
      try {
        records.deserialize(b.bytes);
      } catch (e) {
        const code = e instanceof SerializationException ? e.code : (e as Error).name;
        failures.push(`line ${b.line} ${b.tfm} ${code}: ${(e as Error).message.slice(0, 160)}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
