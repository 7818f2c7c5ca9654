/**
 * `@weft/runtime/dotnet`: .NET member types for classes written as MS-NRBF (NrbfFormatter).
 *
 * JavaScript has one `number`; a .NET field is an Int32, a Double, a Byte... and a value of the
 * wrong width reads back wrong in .NET without a word. Annotate members with these types and the
 * transformer records each member's .NET type in the class's metadata; the writer then writes
 * that type and refuses values outside its range. At run time they are the plain JavaScript
 * types (`age: Int32` holds a number), so nothing needs a cast.
 *
 * ```ts
 * import type { Int32, Double, List, Nullable } from '@weft/runtime/dotnet';
 * @Serializable({ name: 'Shop.Order', assembly: 'Shop, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null', dotnet: true })
 * class Order { id: Int32 = 0; total: Double = 0; lines: List<Line> = []; placed: Nullable<DateTime> = null; }
 * ```
 *
 * Also: `string` is String, `boolean` Boolean, `bigint` Int64, `Date` DateTime (Utc), a
 * @Serializable class its .NET class, `T[]` an array, `Map<K, V>` Dictionary<K, V>,
 * `Uint8Array` byte[] (and the other typed arrays their element types), `unknown`/`object`
 * Object. Cases the annotation cannot express take @DotNetType('int[,]').
 */

/** System.Byte: an integer 0..255 */
export type Byte = number;
/** System.SByte: an integer -128..127 */
export type SByte = number;
/** System.Int16: an integer -32768..32767 */
export type Int16 = number;
/** System.UInt16: an integer 0..65535 */
export type UInt16 = number;
/** System.Int32: an integer -2^31..2^31-1 */
export type Int32 = number;
/** System.UInt32: an integer 0..2^32-1 */
export type UInt32 = number;
/** System.Int64 */
export type Int64 = bigint;
/** System.UInt64 */
export type UInt64 = bigint;
/** System.Single: a number rounded to float32 on write (must be finite in range, NaN or ±Infinity) */
export type Single = number;
/** System.Double */
export type Double = number;
/** System.Char: a string of one UTF-16 code unit (not a lone surrogate) */
export type Char = string;
/** System.TimeSpan: its ticks (100 ns) */
export type TimeSpan = bigint;
/** System.Guid: "0f8fad5b-d9cb-469f-a165-70867728950e" */
export type Guid = string;
/** System.Nullable<T>: the value or null */
export type Nullable<T> = T | null;
/** System.Collections.Generic.List<T> */
export type List<T> = T[];
/** System.Collections.Generic.Dictionary<K, V> */
export type Dictionary<K, V> = Map<K, V>;
/** System.Collections.Generic.HashSet<T> */
export type HashSet<T> = Set<T>;
/** System.Collections.Hashtable */
export type Hashtable = Map<unknown, unknown>;
/** System.Collections.ArrayList */
export type ArrayList = unknown[];

export { DateTime, DateTimeKind, Decimal } from './nrbf/values.js';
export { DotNetName, DotNetType } from './decorators.js';
/** A .NET type as generated code declares it; SerializationInfo.addValue takes one as its third argument. */
export type { NetType, NetPrimitive } from './codegen.js';
