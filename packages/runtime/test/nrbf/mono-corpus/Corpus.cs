// MS-NRBF corpus generator for weft's .NET BinaryFormatter reader tests.
//
// Compile and run with Mono (see generate.sh):
//   mcs -out:WeftCorpus.exe -r:System.Core.dll Corpus.cs
//   mono WeftCorpus.exe <output-dir>
//   mono WeftCorpus.exe --read <file.bin> [<kind>]   (read mode, see Program.Read and README.md)
//
// Writes <name>.bin (one or more graphs, each written by its own
// BinaryFormatter.Serialize call, back to back in one stream) and
// expected.json (the expected value of every graph, in the conventions
// described in README.md). Everything is built from fixed values so two runs
// give byte-identical output.
//
// After writing, every file is read back with BinaryFormatter.Deserialize and
// the expected JSON of the deserialized graphs is compared with the JSON of
// the original graphs; the program exits with 1 if they differ or if a
// stream has bytes left over.

using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Reflection;
using System.Runtime.Serialization;
using System.Runtime.Serialization.Formatters.Binary;
using System.Text;

namespace WeftCorpus
{
    // ------------------------------------------------------------------
    // Payload types
    // ------------------------------------------------------------------

    public enum Color { Red = 1, Green = 2, Blue = 42 }

    [Flags]
    public enum Permissions : byte { None = 0, Read = 1, Write = 2, Execute = 4 }

    // 1. primitives
    [Serializable]
    public class Primitives
    {
        public bool BoolTrue = true;
        public bool BoolFalse = false;
        public byte ByteMax = byte.MaxValue;
        public sbyte SByteMin = sbyte.MinValue;
        public char CharLatin = '\u00e9';   // é
        public char CharEuro = '\u20ac';    // €
        public char CharCjk = '\u6f22';     // 漢
        public short Int16Min = short.MinValue;
        public ushort UInt16Max = ushort.MaxValue;
        public int Int32Min = int.MinValue;
        public uint UInt32Max = uint.MaxValue;
        public long Int64Min = long.MinValue;
        public long Int64Large = 9007199254740993L; // 2^53 + 1, not exact as a double
        public ulong UInt64Max = ulong.MaxValue;
        public float SingleExact = 1.5f;
        public float SingleInexact = 0.1f;
        public double DoubleNaN = double.NaN;
        public double DoubleNegativeZero = -0.0;
        public double DoubleMax = double.MaxValue;
        public double DoubleNegativeInfinity = double.NegativeInfinity;
        public double DoubleFraction = 0.1;
        public decimal DecimalMax = 79228162514264337593543950335m;
        public decimal DecimalSmallNegative = -0.0001m;
        public decimal DecimalTrailingZero = 1.10m;
        public string Text = "h\u00e9llo w\u00f6rld \u2014 \u6f22\u5b57 \U0001F600";
        public string TextEscapes = "line1\nline2\t\"quoted\" back\\slash \u0001 del\u007f";
        public string EmptyText = "";
        public string NullText = null;
        public DateTime DateUtc = new DateTime(2024, 2, 29, 13, 45, 30, 123, DateTimeKind.Utc).AddTicks(4567);
        public DateTime DateUnspecified = new DateTime(1999, 12, 31, 23, 59, 59, DateTimeKind.Unspecified);
        public TimeSpan Duration = new TimeSpan(1, 2, 3, 4, 567);
        public TimeSpan NegativeDuration = TimeSpan.FromTicks(-123456789L);
        public Guid Id = new Guid("0f8fad5b-d9cb-469f-a165-70867728950e");
        public Color Color = Color.Blue;
        public Permissions Permissions = Permissions.Read | Permissions.Execute;
        public int? NullableWithValue = 42;
        public int? NullableNull = null;
    }

    // 2. graph
    [Serializable]
    public class Department
    {
        public string Name;
        public Employee Head;
        public Employee[] Staff;
        public List<Employee> Roster;
    }

    [Serializable]
    public class Employee
    {
        public string Name;
        public Department Department;
        public Employee Manager;
    }

    // 3. inheritance
    [Serializable]
    public class Base
    {
        private string name;
        public int id;

        public Base(string name, int id) { this.name = name; this.id = id; }
        public string BaseName { get { return name; } }
    }

    [Serializable]
    public class Derived : Base
    {
        private string name;
        public double score;

        public Derived(string baseName, int id, string derivedName, double score) : base(baseName, id)
        {
            this.name = derivedName;
            this.score = score;
        }
        public string DerivedName { get { return name; } }
    }

    // 4. nonserialized-optional
    [Serializable]
    public class WithNonSerialized
    {
        public string Kept = "kept";
        [NonSerialized] public string Transient = "not in the stream";
        [OptionalField(VersionAdded = 2)] public int Added = 7;
    }

    // 5. iserializable
    [Serializable]
    public class Leaf
    {
        public string Label;
        public Leaf() { }
        public Leaf(string label) { Label = label; }
    }

    [Serializable]
    public class CustomSerialized : ISerializable
    {
        public string FirstName;
        public int Number;
        public DateTime When;
        public Leaf Child;

        public CustomSerialized() { }

        protected CustomSerialized(SerializationInfo info, StreamingContext context)
        {
            FirstName = info.GetString("first");
            Number = info.GetInt32("n");
            When = info.GetDateTime("when");
            Child = (Leaf)info.GetValue("child", typeof(Leaf));
        }

        public void GetObjectData(SerializationInfo info, StreamingContext context)
        {
            info.AddValue("first", FirstName);
            info.AddValue("n", Number);
            info.AddValue("when", When);
            info.AddValue("child", Child);
            info.AddValue("big", (object)1234567890123L, typeof(object));
            info.AddValue("nothing", null, typeof(object));
        }
    }

    // 6. singleton
    [Serializable]
    public sealed class Settings : ISerializable
    {
        public static readonly Settings Instance = new Settings();
        public string Theme = "dark";

        private Settings() { }

        public void GetObjectData(SerializationInfo info, StreamingContext context)
        {
            info.SetType(typeof(SettingsReference));
            info.AddValue("version", 3);
        }
    }

    [Serializable]
    public sealed class SettingsReference : IObjectReference
    {
#pragma warning disable 169, 649
        private int version;
#pragma warning restore 169, 649
        public object GetRealObject(StreamingContext context) { return Settings.Instance; }
    }

    [Serializable]
    public class SingletonHolder
    {
        public Settings Primary;
        public Settings Secondary;
    }

    // 8. collections
    [Serializable]
    public class CollectionsHolder
    {
        public List<int> Ints;
        public List<string> Strings;
        public Dictionary<string, int> Counts;
        public Dictionary<int, Leaf> ById;
        public Hashtable Mixed;
        public HashSet<string> Tags;
    }

    // 9. arrays
    [Serializable]
    public struct Point
    {
        public int X;
        public int Y;
        public Point(int x, int y) { X = x; Y = y; }
    }

    [Serializable]
    public class ArraysHolder
    {
        public int[] Ints;
        public int[] Empty;
        public string[] Strings;
        public object[] Boxed;
        public int[][] Jagged;
        public int[,] Grid;
        public string[,] Names;
        public Array Offset;
        public double[] Doubles;
        public byte[] Bytes;
        public bool[] Bools;
        public long[] Longs;
        public char[] Chars;
        public Point[] Points;
        public Leaf[] Leaves;
    }

    // 10. structs-autoprops
    [Serializable]
    public class Person
    {
        public string Name { get; set; }
        public int Age { get; set; }
        public Point Location;
        public Point? Home;
        public Point? Away;
    }

    // 12. linked-list-deep
    [Serializable]
    public class Node
    {
        public int Value;
        public Node Next;
    }

    // ------------------------------------------------------------------
    // Fixed-shape payloads (fixed-*), for byte-for-byte comparison with weft's NRBF writer:
    // public fields only; no collections, enums, Guid, user structs or auto-properties. The
    // values are set in Payloads.All (and listed in README.md), not by field initializers.
    // ------------------------------------------------------------------

    [Serializable]
    public class FixedPrimitives
    {
        public bool Bool;
        public byte Byte;
        public sbyte SByte;
        public char Char;
        public short Int16;
        public ushort UInt16;
        public int Int32;
        public uint UInt32;
        public long Int64;
        public ulong UInt64;
        public float Single;
        public double Double;
        public decimal Decimal;
        public DateTime DateTime;
        public TimeSpan TimeSpan;
        public string String;
    }

    [Serializable]
    public class FixedSpecials
    {
        public double NaN;
        public double NegativeZero;
        public double PositiveInfinity;
        public double NegativeInfinity;
        public double Epsilon;
        public float SingleNaN;
        public float SingleNegativeZero;
        public float SinglePositiveInfinity;
        public float SingleEpsilon;
        public DateTime Local;
    }

    [Serializable]
    public class FixedStrings
    {
        public string Empty;
        public string Ascii;
        public string NonAscii;
        public string Null;
        public string Shared;
        public string SharedAgain;
    }

    [Serializable]
    public class FixedNode
    {
        public string Name;
        public FixedNode Next;
        public FixedNode Other;
        public int Value;
    }

    [Serializable]
    public class FixedBase
    {
        public string BaseName;
        public int BaseValue;
    }

    [Serializable]
    public class FixedDerived : FixedBase
    {
        public string DerivedName;
        public double DerivedValue;
    }

    [Serializable]
    public class FixedArrays
    {
        public int[] Ints;
        public int[] Empty;
        public double[] Doubles;
        public byte[] Bytes;
        public string[] Strings;
        public object[] Objects;
        public object[] Nulls;
        public FixedNode[] Nodes;
        public int[][] Jagged;
        public int[,] Grid;
    }

    [Serializable]
    public class FixedCustom : ISerializable
    {
        public int Count;
        public string Label;
        public double Ratio;
        public FixedNode Child;

        public FixedCustom() { }

        protected FixedCustom(SerializationInfo info, StreamingContext context)
        {
            Count = info.GetInt32("count");
            Label = info.GetString("label");
            Ratio = info.GetDouble("ratio");
            Child = (FixedNode)info.GetValue("child", typeof(FixedNode));
        }

        public void GetObjectData(SerializationInfo info, StreamingContext context)
        {
            info.AddValue("count", Count);
            info.AddValue("label", Label);
            info.AddValue("ratio", Ratio);
            info.AddValue("child", Child);
        }
    }

    public static class Fixed
    {
        public static FixedPrimitives Min()
        {
            return new FixedPrimitives
            {
                Bool = false,
                Byte = byte.MinValue,
                SByte = sbyte.MinValue,
                Char = '\0',
                Int16 = short.MinValue,
                UInt16 = ushort.MinValue,
                Int32 = int.MinValue,
                UInt32 = uint.MinValue,
                Int64 = long.MinValue,
                UInt64 = ulong.MinValue,
                Single = float.MinValue,
                Double = double.MinValue,
                Decimal = decimal.MinValue,
                DateTime = DateTime.MinValue,
                TimeSpan = TimeSpan.MinValue,
                String = "min"
            };
        }

        public static FixedPrimitives Max()
        {
            return new FixedPrimitives
            {
                Bool = true,
                Byte = byte.MaxValue,
                SByte = sbyte.MaxValue,
                Char = '\uffff',
                Int16 = short.MaxValue,
                UInt16 = ushort.MaxValue,
                Int32 = int.MaxValue,
                UInt32 = uint.MaxValue,
                Int64 = long.MaxValue,
                UInt64 = ulong.MaxValue,
                Single = float.MaxValue,
                Double = double.MaxValue,
                Decimal = decimal.MaxValue,
                DateTime = new DateTime(DateTime.MaxValue.Ticks, DateTimeKind.Utc),
                TimeSpan = TimeSpan.MaxValue,
                String = "max"
            };
        }

        public static FixedSpecials Specials()
        {
            return new FixedSpecials
            {
                NaN = double.NaN,
                NegativeZero = -0.0,
                PositiveInfinity = double.PositiveInfinity,
                NegativeInfinity = double.NegativeInfinity,
                Epsilon = double.Epsilon,
                SingleNaN = float.NaN,
                SingleNegativeZero = -0.0f,
                SinglePositiveInfinity = float.PositiveInfinity,
                SingleEpsilon = float.Epsilon,
                Local = new DateTime(638448111301234567L, DateTimeKind.Local)
            };
        }
    }

    // ------------------------------------------------------------------
    // Payload definitions
    // ------------------------------------------------------------------

    public sealed class Payload
    {
        public string Name;
        public string Description;
        public Func<object[]> Build;
        public Func<object, object> Summarize; // optional: expected value replaced by a summary
    }

    public static class Payloads
    {
        public static List<Payload> All()
        {
            var list = new List<Payload>();

            list.Add(new Payload
            {
                Name = "primitives",
                Description = "One WeftCorpus.Primitives instance: a field of every primitive type, "
                    + "decimal, string (non-ASCII, emoji, escapes, empty, null), DateTime (Utc, Unspecified), "
                    + "TimeSpan (positive, negative), Guid, int enum, byte [Flags] enum, int? with a value and null.",
                Build = () => new object[] { new Primitives() }
            });

            list.Add(new Payload
            {
                Name = "graph",
                Description = "Department with Head, Employee[] Staff and List<Employee> Roster (capacity 4, 2 items); "
                    + "every Employee points back to the Department (cycle) and Manager points to another Employee in Staff.",
                Build = () =>
                {
                    var dept = new Department { Name = "Engineering" };
                    var alice = new Employee { Name = "Alice", Department = dept };
                    var bob = new Employee { Name = "Bob", Department = dept, Manager = alice };
                    var carol = new Employee { Name = "Carol", Department = dept, Manager = bob };
                    dept.Head = alice;
                    dept.Staff = new[] { alice, bob, carol };
                    dept.Roster = new List<Employee>(4);
                    dept.Roster.Add(carol);
                    dept.Roster.Add(alice);
                    return new object[] { dept };
                }
            });

            list.Add(new Payload
            {
                Name = "inheritance",
                Description = "A Derived : Base. Base has private string name and public int id; Derived has its own private "
                    + "string name and double score. The stream names the base's private field 'Base+name'.",
                Build = () => new object[] { new Derived("base-name", 7, "derived-name", 2.5) }
            });

            list.Add(new Payload
            {
                Name = "nonserialized-optional",
                Description = "WithNonSerialized: Kept (string), Transient ([NonSerialized], set but not written), "
                    + "Added ([OptionalField(VersionAdded = 2)] int = 7).",
                Build = () => new object[] { new WithNonSerialized { Transient = "set before serializing" } }
            });

            list.Add(new Payload
            {
                Name = "iserializable",
                Description = "CustomSerialized implements ISerializable; GetObjectData writes entries first (string), "
                    + "n (int), when (DateTime Utc), child (Leaf), big (long boxed as object), nothing (null), "
                    + "which differ from its field names.",
                Build = () => new object[] { new CustomSerialized
                {
                    FirstName = "Ada",
                    Number = 1815,
                    When = new DateTime(2001, 9, 9, 1, 46, 40, DateTimeKind.Utc),
                    Child = new Leaf("child leaf")
                } }
            });

            list.Add(new Payload
            {
                Name = "singleton",
                Description = "SingletonHolder whose Primary and Secondary both hold Settings.Instance. Settings.GetObjectData "
                    + "calls info.SetType(typeof(SettingsReference)) and adds entry version = 3, so the stream holds one "
                    + "SettingsReference record (an IObjectReference returning Settings.Instance) referenced twice.",
                Build = () => new object[] { new SingletonHolder { Primary = Settings.Instance, Secondary = Settings.Instance } }
            });

            list.Add(new Payload
            {
                Name = "multi",
                Description = "Four graphs in one stream, each its own Serialize call: a string, an int[], a Leaf, "
                    + "and the same Leaf instance again (ids restart in every graph).",
                Build = () =>
                {
                    var leaf = new Leaf("multi leaf");
                    return new object[] { "first graph", new[] { 1, 2, 3 }, leaf, leaf };
                }
            });

            list.Add(new Payload
            {
                Name = "collections",
                Description = "CollectionsHolder: List<int> (capacity 16, 3 items), List<string> (with a null), "
                    + "Dictionary<string,int>, Dictionary<int,Leaf> (one Leaf under two keys), Hashtable with mixed keys, "
                    + "HashSet<string>.",
                Build = () =>
                {
                    var h = new CollectionsHolder();
                    h.Ints = new List<int>(16);
                    h.Ints.Add(10); h.Ints.Add(20); h.Ints.Add(30);
                    h.Strings = new List<string> { "one", null, "thr\u00e9e" };
                    h.Counts = new Dictionary<string, int>();
                    h.Counts.Add("apples", 3);
                    h.Counts.Add("pears", 0);
                    h.Counts.Add("plums", -2);
                    var shared = new Leaf("shared");
                    h.ById = new Dictionary<int, Leaf>();
                    h.ById.Add(1, shared);
                    h.ById.Add(2, new Leaf("two"));
                    h.ById.Add(3, shared);
                    h.Mixed = new Hashtable();
                    h.Mixed.Add("alpha", 1);
                    h.Mixed.Add(2, "two");
                    h.Mixed.Add(3L, true);
                    h.Mixed.Add('c', 4.5);
                    h.Mixed.Add("none", null);
                    h.Tags = new HashSet<string> { "red", "green", "blue" };
                    return new object[] { h };
                }
            });

            list.Add(new Payload
            {
                Name = "arrays",
                Description = "ArraysHolder: int[], empty int[], string[] with a null, object[] of boxed values, jagged int[][], "
                    + "int[2,3], string[2,2], int[*] with lower bound 5 (field typed System.Array), double[], byte[], bool[], "
                    + "long[], char[], Point[] (struct), Leaf[] with a shared element.",
                Build = () =>
                {
                    var h = new ArraysHolder();
                    h.Ints = new[] { 1, -2, int.MaxValue };
                    h.Empty = new int[0];
                    h.Strings = new[] { "a", null, "c" };
                    h.Boxed = new object[]
                    {
                        1, 2.5, 1234567890123L, 1.5m,
                        new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc),
                        'x', true, null, "text", 0.25f, Color.Green
                    };
                    h.Jagged = new int[][] { new[] { 1 }, new[] { 2, 3 }, null, new int[0] };
                    h.Grid = new int[,] { { 1, 2, 3 }, { 4, 5, 6 } };
                    h.Names = new string[,] { { "a", null }, { "c", "d" } };
                    var offset = Array.CreateInstance(typeof(int), new[] { 3 }, new[] { 5 });
                    offset.SetValue(50, 5); offset.SetValue(60, 6); offset.SetValue(70, 7);
                    h.Offset = offset;
                    h.Doubles = new[] { 0.5, -1e-300, double.PositiveInfinity };
                    h.Bytes = new byte[] { 0, 1, 127, 128, 255 };
                    h.Bools = new[] { true, false, true };
                    h.Longs = new[] { long.MinValue, 0L, long.MaxValue };
                    h.Chars = new[] { 'a', '\u00e9', '\u6f22' };
                    h.Points = new[] { new Point(1, 2), new Point(3, 4) };
                    var a = new Leaf("a");
                    h.Leaves = new[] { a, new Leaf("b"), a };
                    return new object[] { h };
                }
            });

            list.Add(new Payload
            {
                Name = "structs-autoprops",
                Description = "Person with auto-properties Name and Age (stream names <Name>k__BackingField, "
                    + "<Age>k__BackingField), a Point struct field, a Point? with a value and a Point? that is null.",
                Build = () => new object[] { new Person
                {
                    Name = "Grace", Age = 85, Location = new Point(5, -6), Home = new Point(7, 8), Away = null
                } }
            });

            list.Add(new Payload
            {
                Name = "root-primitives",
                Description = "Graphs whose root is not a class instance, one Serialize call each: boxed int, string, "
                    + "double, DateTime (Utc), decimal, long, int[], bool, TimeSpan, Guid. (No null root: "
                    + "BinaryFormatter.Serialize(stream, null) throws ArgumentNullException.)",
                Build = () => new object[]
                {
                    42, "root string", 3.25, new DateTime(2010, 10, 10, 10, 10, 10, DateTimeKind.Utc), 12.345m,
                    1L << 40, new[] { 7, 8, 9 }, true, TimeSpan.FromMinutes(90),
                    new Guid("6ba7b810-9dad-11d1-80b4-00c04fd430c8")
                }
            });

            list.Add(new Payload
            {
                Name = "linked-list-deep",
                Description = "A singly linked list of 10000 Node { int Value; Node Next; } with values 1..10000; "
                    + "the expected value is a $summary, not the full graph.",
                Build = () =>
                {
                    Node head = null;
                    for (int v = 10000; v >= 1; v--) head = new Node { Value = v, Next = head };
                    return new object[] { head };
                },
                Summarize = root =>
                {
                    long count = 0, sum = 0, last = 0;
                    for (var n = (Node)root; n != null; n = n.Next) { count++; sum += n.Value; last = n.Value; }
                    return new JObj()
                        .Add("$summary", new JObj()
                            .Add("count", new JNum(count.ToString(CultureInfo.InvariantCulture)))
                            .Add("sumOfValues", new JNum(sum.ToString(CultureInfo.InvariantCulture)))
                            .Add("lastValue", new JNum(last.ToString(CultureInfo.InvariantCulture))));
                }
            });

            list.Add(new Payload
            {
                Name = "fixed-primitives",
                Description = "Three graphs: FixedPrimitives (one public field per NRBF primitive type and a string) with "
                    + "every field at its MinValue, then at its MaxValue (DateTime.MaxValue's ticks as Utc, char U+FFFF), then "
                    + "FixedSpecials: double NaN, -0, +Infinity, -Infinity, Epsilon; float NaN, -0, +Infinity, Epsilon; "
                    + "a Local DateTime from fixed ticks.",
                Build = () => new object[] { Fixed.Min(), Fixed.Max(), Fixed.Specials() }
            });

            list.Add(new Payload
            {
                Name = "fixed-strings",
                Description = "FixedStrings: empty, ASCII, non-ASCII (e-acute, a CJK character, an emoji), null, and two fields "
                    + "holding the same string instance (written once, then a MemberReference).",
                Build = () =>
                {
                    string shared = "shared";
                    return new object[] { new FixedStrings
                    {
                        Empty = "",
                        Ascii = "hello, world",
                        NonAscii = "caf\u00e9 \u6f22 \U0001F600",
                        Null = null,
                        Shared = shared,
                        SharedAgain = shared
                    } };
                }
            });

            list.Add(new Payload
            {
                Name = "fixed-graph",
                Description = "FixedNode a -> b -> c -> a (Next, a cycle) with a.Other = c (a shared reference).",
                Build = () =>
                {
                    var a = new FixedNode { Name = "a", Value = 1 };
                    var b = new FixedNode { Name = "b", Value = 2 };
                    var c = new FixedNode { Name = "c", Value = 3 };
                    a.Next = b; b.Next = c; c.Next = a;
                    a.Other = c;
                    return new object[] { a };
                }
            });

            list.Add(new Payload
            {
                Name = "fixed-inheritance",
                Description = "FixedDerived : FixedBase, public fields only in both (stream order: DerivedName, DerivedValue, "
                    + "BaseName, BaseValue).",
                Build = () => new object[] { new FixedDerived
                {
                    BaseName = "base", BaseValue = 1, DerivedName = "derived", DerivedValue = 2.5
                } }
            });

            list.Add(new Payload
            {
                Name = "fixed-arrays",
                Description = "FixedArrays: int[], empty int[], double[], byte[], string[] with a null, object[] holding null, "
                    + "a string and a FixedNode, object[3] of nulls, FixedNode[] holding one instance twice and a null, "
                    + "jagged int[][] with a null row, int[2,3].",
                Build = () =>
                {
                    var p = new FixedNode { Name = "p", Value = 7 };
                    return new object[] { new FixedArrays
                    {
                        Ints = new[] { 1, -2, int.MaxValue },
                        Empty = new int[0],
                        Doubles = new[] { 0.5, -1.25, 1e300 },
                        Bytes = new byte[] { 0, 1, 127, 128, 255 },
                        Strings = new[] { "x", null, "y" },
                        Objects = new object[] { null, "text", new FixedNode { Name = "boxed", Value = 8 } },
                        Nulls = new object[3],
                        Nodes = new[] { p, p, null },
                        Jagged = new int[][] { new[] { 1, 2 }, null, new[] { 3 } },
                        Grid = new int[,] { { 1, 2, 3 }, { 4, 5, 6 } }
                    } };
                }
            });

            list.Add(new Payload
            {
                Name = "fixed-iserializable",
                Description = "FixedCustom : ISerializable; GetObjectData adds count (int), label (string), ratio (double) "
                    + "and child (a FixedNode) with AddValue.",
                Build = () => new object[] { new FixedCustom
                {
                    Count = 42, Label = "custom", Ratio = 0.25, Child = new FixedNode { Name = "child", Value = 5 }
                } }
            });

            list.Add(new Payload
            {
                Name = "fixed-multi",
                Description = "Two graphs in one stream: a FixedNode (no links), then a FixedPrimitives at MaxValue "
                    + "(as in fixed-primitives).",
                Build = () => new object[] { new FixedNode { Name = "solo", Value = 9 }, Fixed.Max() }
            });

            return list;
        }
    }

    // ------------------------------------------------------------------
    // JSON model and writer (hand-rolled, deterministic)
    // ------------------------------------------------------------------

    public sealed class JNum
    {
        public readonly string Text;
        public JNum(string text) { Text = text; }
    }

    public sealed class JObj
    {
        public readonly List<KeyValuePair<string, object>> Props = new List<KeyValuePair<string, object>>();
        public JObj Add(string key, object value)
        {
            Props.Add(new KeyValuePair<string, object>(key, value));
            return this;
        }
    }

    public static class Json
    {
        const int LineWidth = 100;

        public static string Quote(string s)
        {
            var sb = new StringBuilder(s.Length + 2);
            sb.Append('"');
            foreach (char c in s)
            {
                if (c < 0x20 || c == '"' || c == '\\' || c >= 0x7f)
                    sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                else
                    sb.Append(c);
            }
            sb.Append('"');
            return sb.ToString();
        }

        public static string Compact(object node)
        {
            var sb = new StringBuilder();
            WriteCompact(sb, node);
            return sb.ToString();
        }

        static void WriteCompact(StringBuilder sb, object node)
        {
            if (node == null) { sb.Append("null"); return; }
            if (node is bool) { sb.Append((bool)node ? "true" : "false"); return; }
            if (node is string) { sb.Append(Quote((string)node)); return; }
            if (node is JNum) { sb.Append(((JNum)node).Text); return; }
            var arr = node as List<object>;
            if (arr != null)
            {
                sb.Append('[');
                for (int i = 0; i < arr.Count; i++)
                {
                    if (i > 0) sb.Append(", ");
                    WriteCompact(sb, arr[i]);
                }
                sb.Append(']');
                return;
            }
            var obj = node as JObj;
            if (obj != null)
            {
                sb.Append('{');
                for (int i = 0; i < obj.Props.Count; i++)
                {
                    if (i > 0) sb.Append(", ");
                    sb.Append(Quote(obj.Props[i].Key)).Append(": ");
                    WriteCompact(sb, obj.Props[i].Value);
                }
                sb.Append('}');
                return;
            }
            throw new InvalidOperationException("not a JSON node: " + node.GetType());
        }

        public static void WritePretty(StringBuilder sb, object node, int indent)
        {
            string compact = Compact(node);
            if (compact.Length + indent * 2 <= LineWidth || !(node is List<object> || node is JObj))
            {
                sb.Append(compact);
                return;
            }
            string pad = new string(' ', (indent + 1) * 2);
            var arr = node as List<object>;
            if (arr != null)
            {
                sb.Append("[\n");
                for (int i = 0; i < arr.Count; i++)
                {
                    sb.Append(pad);
                    WritePretty(sb, arr[i], indent + 1);
                    sb.Append(i + 1 < arr.Count ? ",\n" : "\n");
                }
                sb.Append(' ', indent * 2).Append(']');
                return;
            }
            var obj = (JObj)node;
            sb.Append("{\n");
            for (int i = 0; i < obj.Props.Count; i++)
            {
                sb.Append(pad).Append(Quote(obj.Props[i].Key)).Append(": ");
                WritePretty(sb, obj.Props[i].Value, indent + 1);
                sb.Append(i + 1 < obj.Props.Count ? ",\n" : "\n");
            }
            sb.Append(' ', indent * 2).Append('}');
        }
    }

    // ------------------------------------------------------------------
    // Object graph -> expected JSON (conventions in README.md)
    // ------------------------------------------------------------------

    public sealed class ReferenceComparer : IEqualityComparer<object>
    {
        public static readonly ReferenceComparer Instance = new ReferenceComparer();
        public new bool Equals(object a, object b) { return ReferenceEquals(a, b); }
        public int GetHashCode(object o) { return System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(o); }
    }

    public sealed class Emitter
    {
        static readonly StreamingContext Context = new StreamingContext(StreamingContextStates.All);
        static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

        readonly Dictionary<object, int> ids = new Dictionary<object, int>(ReferenceComparer.Instance);
        readonly HashSet<object> openContainers = new HashSet<object>(ReferenceComparer.Instance);
        int nextId = 1;

        // When set, $map pairs are sorted by their key's JSON. Used only to compare a graph with its
        // deserialized copy: a Hashtable rebuilt by Deserialize may enumerate in another order.
        public bool SortMaps;

        public static object Double(double d)
        {
            if (double.IsNaN(d)) return new JObj().Add("$double", "NaN");
            if (double.IsPositiveInfinity(d)) return new JObj().Add("$double", "Infinity");
            if (double.IsNegativeInfinity(d)) return new JObj().Add("$double", "-Infinity");
            if (d == 0 && BitConverter.DoubleToInt64Bits(d) != 0) return new JObj().Add("$double", "-0");
            string s = d.ToString("R", Inv);
            if (BitConverter.DoubleToInt64Bits(double.Parse(s, NumberStyles.Float, Inv)) != BitConverter.DoubleToInt64Bits(d))
                s = d.ToString("G17", Inv);
            if (BitConverter.DoubleToInt64Bits(double.Parse(s, NumberStyles.Float, Inv)) != BitConverter.DoubleToInt64Bits(d))
                throw new InvalidOperationException("cannot round-trip double " + s);
            return new JNum(s);
        }

        static string MemberKey(string streamName)
        {
            // Auto-property backing fields: "<Name>k__BackingField" -> "Name".
            // Anything else (including "Base+name") is kept exactly as in the stream.
            const string suffix = ">k__BackingField";
            if (streamName.StartsWith("<") && streamName.EndsWith(suffix))
                return streamName.Substring(1, streamName.Length - 1 - suffix.Length);
            return streamName;
        }

        public object Emit(object v)
        {
            if (v == null) return null;
            Type t = v.GetType();

            if (t.IsEnum)
            {
                object underlying = Convert.ChangeType(v, Enum.GetUnderlyingType(t), Inv);
                return new JObj().Add("$enum", t.FullName).Add("value", Emit(underlying));
            }

            switch (Type.GetTypeCode(t))
            {
                case TypeCode.Boolean: return (bool)v;
                case TypeCode.Byte:
                case TypeCode.SByte:
                case TypeCode.Int16:
                case TypeCode.UInt16:
                case TypeCode.Int32:
                case TypeCode.UInt32:
                    return new JNum(Convert.ToString(v, Inv));
                case TypeCode.Single: return Double((double)(float)v);
                case TypeCode.Double: return Double((double)v);
                case TypeCode.Int64: return new JObj().Add("$int64", ((long)v).ToString(Inv));
                case TypeCode.UInt64: return new JObj().Add("$uint64", ((ulong)v).ToString(Inv));
                case TypeCode.Char: return new JObj().Add("$char", new JNum(((int)(char)v).ToString(Inv)));
                case TypeCode.Decimal: return new JObj().Add("$decimal", ((decimal)v).ToString(Inv));
                case TypeCode.String: return (string)v;
                case TypeCode.DateTime:
                    {
                        var dt = (DateTime)v;
                        return new JObj().Add("$datetime", new JObj()
                            .Add("ticks", dt.Ticks.ToString(Inv))
                            .Add("kind", new JNum(((int)dt.Kind).ToString(Inv))));
                    }
            }

            if (t == typeof(TimeSpan)) return new JObj().Add("$timespan", ((TimeSpan)v).Ticks.ToString(Inv));
            if (t == typeof(Guid)) return new JObj().Add("$guid", ((Guid)v).ToString());

            if (t.IsArray)
            {
                var a = (Array)v;
                Open(a);
                object result;
                if (a.Rank == 1 && a.GetLowerBound(0) == 0)
                {
                    result = EmitItems(a);
                }
                else
                {
                    var lengths = new List<object>();
                    var lowerBounds = new List<object>();
                    for (int d = 0; d < a.Rank; d++)
                    {
                        lengths.Add(new JNum(a.GetLength(d).ToString(Inv)));
                        lowerBounds.Add(new JNum(a.GetLowerBound(d).ToString(Inv)));
                    }
                    result = new JObj().Add("$array", new JObj()
                        .Add("lengths", lengths)
                        .Add("lowerBounds", lowerBounds)
                        .Add("items", EmitItems(a)));
                }
                Close(a);
                return result;
            }

            if (t.IsGenericType)
            {
                var def = t.GetGenericTypeDefinition();
                if (def == typeof(List<>))
                {
                    Open(v);
                    var r = EmitItems((IEnumerable)v);
                    Close(v);
                    return r;
                }
                if (def == typeof(HashSet<>))
                {
                    Open(v);
                    var r = new JObj().Add("$set", EmitItems((IEnumerable)v));
                    Close(v);
                    return r;
                }
                if (def == typeof(Dictionary<,>))
                    return EmitMap((IDictionary)v);
            }
            if (t == typeof(Hashtable)) return EmitMap((IDictionary)v);

            // Class or struct instance.
            var obj = new JObj();
            if (!t.IsValueType)
            {
                int existing;
                if (ids.TryGetValue(v, out existing)) return new JObj().Add("$ref", new JNum(existing.ToString(Inv)));
            }

            var custom = v as ISerializable;
            if (custom != null)
            {
                var info = new SerializationInfo(t, new FormatterConverter());
                custom.GetObjectData(info, Context);
                obj.Add("$type", info.FullTypeName);
                AssignId(v, t, obj);
                var e = info.GetEnumerator();
                while (e.MoveNext())
                    obj.Add(e.Current.Name, Emit(e.Current.Value));
                return obj;
            }

            if (!t.IsSerializable) throw new InvalidOperationException("not serializable: " + t.FullName);
            obj.Add("$type", t.FullName);
            AssignId(v, t, obj);
            foreach (MemberInfo m in FormatterServices.GetSerializableMembers(t, Context))
            {
                var f = (FieldInfo)m;
                obj.Add(MemberKey(m.Name), Emit(f.GetValue(v)));
            }
            return obj;
        }

        void AssignId(object v, Type t, JObj obj)
        {
            if (t.IsValueType) return;
            int id = nextId++;
            ids.Add(v, id);
            obj.Add("$id", new JNum(id.ToString(Inv)));
        }

        List<object> EmitItems(IEnumerable items)
        {
            var list = new List<object>();
            foreach (object item in items) list.Add(Emit(item));
            return list;
        }

        object EmitMap(IDictionary d)
        {
            Open(d);
            var pairs = new List<object>();
            var e = d.GetEnumerator();
            while (e.MoveNext())
                pairs.Add(new List<object> { Emit(e.Key), Emit(e.Value) });
            Close(d);
            if (SortMaps)
                pairs.Sort((x, y) => string.CompareOrdinal(Json.Compact(((List<object>)x)[0]), Json.Compact(((List<object>)y)[0])));
            return new JObj().Add("$map", pairs);
        }

        void Open(object container)
        {
            if (!openContainers.Add(container))
                throw new InvalidOperationException("cycle through a container without $id: " + container.GetType());
        }

        void Close(object container) { openContainers.Remove(container); }
    }

    // ------------------------------------------------------------------
    // Main
    // ------------------------------------------------------------------

    public static class Program
    {
        static object ExpectedFor(Payload p, object graph, bool sortMaps = false)
        {
            if (p.Summarize != null) return p.Summarize(graph);
            return new Emitter { SortMaps = sortMaps }.Emit(graph);
        }

        const string Usage = "usage: mono WeftCorpus.exe <output-dir>\n"
            + "       mono WeftCorpus.exe --read <file.bin> [<kind>]";

        public static int Main(string[] args)
        {
            if (args.Length >= 2 && args.Length <= 3 && args[0] == "--read")
                return Read(args[1], args.Length == 3 ? args[2] : null);
            if (args.Length != 1 || args[0].StartsWith("--"))
            {
                Console.Error.WriteLine(Usage);
                return 64;
            }
            return Generate(args[0]);
        }

        // Read mode: deserializes every graph of <file> (back-to-back Deserialize calls until the
        // stream's end) and prints one JSON array to stdout, one value per graph, in the
        // conventions of expected.json (maps in the deserialized object's enumeration order).
        // <kind> is a payload name: its Summarize (only linked-list-deep has one) replaces the
        // graph. Without <kind>, a graph whose root is a WeftCorpus.Node is summarized like
        // linked-list-deep; everything else is written out whole. On any exception prints
        // {"error": "<exception type FullName>", "message": "<Message>", "graph": <0-based index
        // of the graph being read>} and exits with 2.
        static int Read(string file, string kind)
        {
            int graph = 0;
            try
            {
                Payload payload = null;
                if (kind != null)
                {
                    payload = Payloads.All().Find(p => p.Name == kind);
                    if (payload == null) throw new ArgumentException("unknown kind '" + kind + "' (expected a payload name)");
                }
                var values = new List<object>();
                using (var fs = new FileStream(file, FileMode.Open, FileAccess.Read))
                {
                    while (fs.Position < fs.Length)
                    {
                        object g = new BinaryFormatter().Deserialize(fs);
                        Payload p = payload;
                        if (p == null && g is Node) p = Payloads.All().Find(x => x.Name == "linked-list-deep");
                        values.Add(p != null ? ExpectedFor(p, g) : new Emitter().Emit(g));
                        graph++;
                    }
                }
                WriteStdout(Json.Compact(values));
                return 0;
            }
            catch (Exception ex)
            {
                WriteStdout(Json.Compact(new JObj()
                    .Add("error", ex.GetType().FullName)
                    .Add("message", ex.Message)
                    .Add("graph", new JNum(graph.ToString(CultureInfo.InvariantCulture)))));
                return 2;
            }
        }

        // The JSON is ASCII (Json.Quote escapes everything else); written as bytes so the
        // console's encoding plays no part.
        static void WriteStdout(string json)
        {
            byte[] bytes = Encoding.ASCII.GetBytes(json + "\n");
            using (var stdout = Console.OpenStandardOutput())
                stdout.Write(bytes, 0, bytes.Length);
        }

        static int Generate(string outDir)
        {
            Directory.CreateDirectory(outDir);
            int failures = 0;

            var manifest = new List<object>();
            foreach (var p in Payloads.All())
            {
                object[] graphs = p.Build();
                var expected = new List<object>();
                byte[] bytes;
                using (var ms = new MemoryStream())
                {
                    foreach (var g in graphs)
                    {
                        new BinaryFormatter().Serialize(ms, g);
                        expected.Add(ExpectedFor(p, g));
                    }
                    bytes = ms.ToArray();
                }
                string file = p.Name + ".bin";
                File.WriteAllBytes(Path.Combine(outDir, file), bytes);

                // Read back and compare.
                using (var ms = new MemoryStream(bytes))
                {
                    for (int i = 0; i < graphs.Length; i++)
                    {
                        string again;
                        try
                        {
                            object back = new BinaryFormatter().Deserialize(ms);
                            again = Json.Compact(ExpectedFor(p, back, true));
                        }
                        catch (Exception ex)
                        {
                            again = "<" + ex.GetType().FullName + ": " + ex.Message + ">";
                        }
                        string want = Json.Compact(ExpectedFor(p, graphs[i], true));
                        if (again != want)
                        {
                            failures++;
                            Console.Error.WriteLine("MISMATCH {0} graph {1}:\n  written: {2}\n  read:    {3}", p.Name, i, want, again);
                        }
                    }
                    if (ms.Position != ms.Length)
                    {
                        failures++;
                        Console.Error.WriteLine("{0}: {1} bytes left after reading {2} graphs", p.Name, ms.Length - ms.Position, graphs.Length);
                    }
                }

                manifest.Add(new JObj()
                    .Add("name", p.Name)
                    .Add("file", file)
                    .Add("description", p.Description)
                    .Add("graphs", expected));
                Console.WriteLine("{0,-24} {1,7} bytes, {2} graph(s)", file, bytes.Length, graphs.Length);
            }

            // The singleton must come back as the singleton.
            using (var ms = new MemoryStream(File.ReadAllBytes(Path.Combine(outDir, "singleton.bin"))))
            {
                var holder = (SingletonHolder)new BinaryFormatter().Deserialize(ms);
                if (!ReferenceEquals(holder.Primary, Settings.Instance) || !ReferenceEquals(holder.Secondary, Settings.Instance))
                {
                    failures++;
                    Console.Error.WriteLine("singleton: deserialized holder does not point at Settings.Instance");
                }
            }

            var sb = new StringBuilder();
            Json.WritePretty(sb, manifest, 0);
            sb.Append('\n');
            File.WriteAllText(Path.Combine(outDir, "expected.json"), sb.ToString(), new UTF8Encoding(false));

            if (failures > 0)
            {
                Console.Error.WriteLine("{0} round-trip problem(s)", failures);
                return 1;
            }
            return 0;
        }
    }
}
