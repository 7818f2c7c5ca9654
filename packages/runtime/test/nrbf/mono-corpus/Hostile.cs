// Feeds Mono's BinaryFormatter a few hand-made hostile MS-NRBF streams and reports what escapes.
// Only malformed structure and an unresolvable type name: no gadget is built.
//
//   mcs -out:WeftHostile.exe Hostile.cs
//   mono WeftHostile.exe list          # case names
//   mono WeftHostile.exe hex <case>    # the bytes of one case, as hex
//   mono WeftHostile.exe run <case>    # deserialize one case, print one RESULT line
//
// hostile.sh runs every case in its own mono process under `timeout 60` and `ulimit -v`.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Runtime.Serialization.Formatters.Binary;
using System.Text;

namespace WeftCorpus
{
    public static class Hostile
    {
        sealed class Bytes
        {
            readonly List<byte> b = new List<byte>();
            public Bytes U8(int v) { b.Add((byte)v); return this; }
            public Bytes I32(int v) { b.AddRange(BitConverter.GetBytes(v)); return this; }
            public Bytes Lps(string s)
            {
                byte[] utf8 = Encoding.UTF8.GetBytes(s);
                uint n = (uint)utf8.Length;
                while (n >= 0x80) { b.Add((byte)(n | 0x80)); n >>= 7; }
                b.Add((byte)n);
                b.AddRange(utf8);
                return this;
            }
            // SerializedStreamHeader: RootId 1, HeaderId -1, version 1.0
            public Bytes Header() { return U8(0).I32(1).I32(-1).I32(1).I32(0); }
            public byte[] ToArray() { return b.ToArray(); }
        }

        static readonly SortedDictionary<string, Func<byte[]>> Cases = new SortedDictionary<string, Func<byte[]>>(StringComparer.Ordinal)
        {
            // (a1) ArraySinglePrimitive (15), id 1, length 2,000,000,000, Int32 (8), then two elements and EOF.
            { "a1-array-single-primitive-int32-2e9", () => new Bytes().Header()
                .U8(15).I32(1).I32(2000000000).U8(8)
                .I32(1).I32(2).ToArray() },
            // (a2) Same with Byte (2) elements: 2e9 bytes claimed, 8 present.
            { "a2-array-single-primitive-byte-2e9", () => new Bytes().Header()
                .U8(15).I32(1).I32(2000000000).U8(2)
                .I32(0x04030201).I32(0x08070605).ToArray() },
            // (a3) BinaryArray (7), id 1, Single (0), rank 1, length 2e9, Primitive (0) Int32 (8), two elements, EOF.
            { "a3-binary-array-int32-2e9", () => new Bytes().Header()
                .U8(7).I32(1).U8(0).I32(1).I32(2000000000).U8(0).U8(8)
                .I32(1).I32(2).ToArray() },
            // (b) ArraySingleObject (16), id 1, length 2, holding ObjectNullMultiple (14) count 2^31-1, MessageEnd.
            { "b-null-multiple-2147483647-in-2-element-array", () => new Bytes().Header()
                .U8(16).I32(1).I32(2)
                .U8(14).I32(int.MaxValue)
                .U8(11).ToArray() },
            // (c) ArraySingleObject (16), id 1, length 1, holding MemberReference (9) to id 99 (never defined), MessageEnd.
            { "c-member-reference-to-undefined-id", () => new Bytes().Header()
                .U8(16).I32(1).I32(1)
                .U8(9).I32(99)
                .U8(11).ToArray() },
            // (d1) BinaryLibrary (12) id 2 "PresentationFramework", ClassWithMembersAndTypes (5) id 1
            //      "System.Windows.Data.ObjectDataProvider", 0 members, library 2, MessageEnd.
            { "d1-objectdataprovider-short-assembly-name", () => new Bytes().Header()
                .U8(12).I32(2).Lps("PresentationFramework")
                .U8(5).I32(1).Lps("System.Windows.Data.ObjectDataProvider").I32(0).I32(2)
                .U8(11).ToArray() },
            // (d2) Same with the strong name of PresentationFramework 4.0.
            { "d2-objectdataprovider-strong-assembly-name", () => new Bytes().Header()
                .U8(12).I32(2).Lps("PresentationFramework, Version=4.0.0.0, Culture=neutral, PublicKeyToken=31bf3856ad364e35")
                .U8(5).I32(1).Lps("System.Windows.Data.ObjectDataProvider").I32(0).I32(2)
                .U8(11).ToArray() },
        };

        static string Hex(byte[] bytes)
        {
            var sb = new StringBuilder();
            foreach (byte x in bytes) sb.Append(x.ToString("x2"));
            return sb.ToString();
        }

        static string Mem()
        {
            var p = Process.GetCurrentProcess();
            return string.Format("peakVirtualMB={0} peakWorkingSetMB={1}",
                p.PeakVirtualMemorySize64 >> 20, p.PeakWorkingSet64 >> 20);
        }

        static string OneLine(string s) { return s == null ? "" : s.Replace("\r", " ").Replace("\n", " "); }

        public static int Main(string[] args)
        {
            if (args.Length == 1 && args[0] == "list")
            {
                foreach (var name in Cases.Keys) Console.WriteLine(name);
                return 0;
            }
            if (args.Length != 2 || !Cases.ContainsKey(args[1]) || (args[0] != "hex" && args[0] != "run"))
            {
                Console.Error.WriteLine("usage: mono WeftHostile.exe list | hex <case> | run <case>");
                return 2;
            }
            byte[] bytes = Cases[args[1]]();
            if (args[0] == "hex")
            {
                Console.WriteLine(Hex(bytes));
                return 0;
            }
            var watch = Stopwatch.StartNew();
            try
            {
                object result = new BinaryFormatter().Deserialize(new MemoryStream(bytes));
                string desc = result == null ? "null" : result.GetType().FullName;
                var array = result as Array;
                if (array != null) desc += " length " + array.Length;
                Console.WriteLine("RESULT {0} | succeeded: {1} | {2} ms | {3}", args[1], desc, watch.ElapsedMilliseconds, Mem());
            }
            catch (Exception ex)
            {
                string inner = ex.InnerException == null ? "" : " (inner " + ex.InnerException.GetType().FullName + ": " + OneLine(ex.InnerException.Message) + ")";
                Console.WriteLine("RESULT {0} | {1}: {2}{3} | {4} ms | {5}", args[1], ex.GetType().FullName, OneLine(ex.Message), inner, watch.ElapsedMilliseconds, Mem());
            }
            return 0;
        }
    }
}
