import type { DateTime, Decimal } from './values.js';

/**
 * The record graph decodeNrbf returns ([MS-NRBF] 2.1-2.6, without the remoting method
 * records): what a .NET BinaryFormatter stream says, type-less. Nothing here is created from a
 * type the stream names; class records are data about a class, never instances of it.
 */

/** [MS-NRBF] 2.1.2.1 RecordTypeEnumeration (the graph records; 21/22 are remoting method calls). */
export const enum RecordType {
  SerializedStreamHeader = 0,
  ClassWithId = 1,
  SystemClassWithMembers = 2,
  ClassWithMembers = 3,
  SystemClassWithMembersAndTypes = 4,
  ClassWithMembersAndTypes = 5,
  BinaryObjectString = 6,
  BinaryArray = 7,
  MemberPrimitiveTyped = 8,
  MemberReference = 9,
  ObjectNull = 10,
  MessageEnd = 11,
  BinaryLibrary = 12,
  ObjectNullMultiple256 = 13,
  ObjectNullMultiple = 14,
  ArraySinglePrimitive = 15,
  ArraySingleObject = 16,
  ArraySingleString = 17,
}

export const RECORD_TYPE_NAMES = [
  'SerializedStreamHeader', 'ClassWithId', 'SystemClassWithMembers', 'ClassWithMembers', 'SystemClassWithMembersAndTypes',
  'ClassWithMembersAndTypes', 'BinaryObjectString', 'BinaryArray', 'MemberPrimitiveTyped', 'MemberReference', 'ObjectNull',
  'MessageEnd', 'BinaryLibrary', 'ObjectNullMultiple256', 'ObjectNullMultiple', 'ArraySinglePrimitive', 'ArraySingleObject',
  'ArraySingleString',
] as const;
export type NrbfRecordTypeName = (typeof RECORD_TYPE_NAMES)[number];

/** [MS-NRBF] 2.1.2.2 BinaryTypeEnumeration */
export const enum BinaryType {
  Primitive = 0,
  String = 1,
  Object = 2,
  SystemClass = 3,
  Class = 4,
  ObjectArray = 5,
  StringArray = 6,
  PrimitiveArray = 7,
}
export const BINARY_TYPE_NAMES = ['Primitive', 'String', 'Object', 'SystemClass', 'Class', 'ObjectArray', 'StringArray', 'PrimitiveArray'] as const;
export type NrbfBinaryTypeName = (typeof BINARY_TYPE_NAMES)[number];

/** [MS-NRBF] 2.1.2.3 PrimitiveTypeEnumeration (4 is unused; 17 Null and 18 String never stand for a value here) */
export const enum PrimitiveType {
  Boolean = 1,
  Byte = 2,
  Char = 3,
  Decimal = 5,
  Double = 6,
  Int16 = 7,
  Int32 = 8,
  Int64 = 9,
  SByte = 10,
  Single = 11,
  TimeSpan = 12,
  DateTime = 13,
  UInt16 = 14,
  UInt32 = 15,
  UInt64 = 16,
}
export const PRIMITIVE_TYPE_NAMES = [
  undefined, 'Boolean', 'Byte', 'Char', undefined, 'Decimal', 'Double', 'Int16', 'Int32', 'Int64', 'SByte', 'Single', 'TimeSpan',
  'DateTime', 'UInt16', 'UInt32', 'UInt64',
] as const;
export type NrbfPrimitiveTypeName = Exclude<(typeof PRIMITIVE_TYPE_NAMES)[number], undefined>;

/** [MS-NRBF] 2.4.1.1 BinaryArrayTypeEnumeration */
export const ARRAY_TYPE_NAMES = ['Single', 'Jagged', 'Rectangular', 'SingleOffset', 'JaggedOffset', 'RectangularOffset'] as const;
export type NrbfArrayTypeName = (typeof ARRAY_TYPE_NAMES)[number];

/** A member's (or an array's element) type, as MemberTypeInfo gives it. */
export type NrbfMemberType =
  | { readonly binaryType: 'Primitive' | 'PrimitiveArray'; readonly primitiveType: NrbfPrimitiveTypeName }
  | { readonly binaryType: 'String' | 'Object' | 'ObjectArray' | 'StringArray' }
  | { readonly binaryType: 'SystemClass'; readonly typeName: string }
  | { readonly binaryType: 'Class'; readonly typeName: string; readonly libraryName: string };

/**
 * A value in a class record's member or an array's element:
 * - Boolean → boolean; Byte, SByte, Int16, UInt16, Int32, UInt32, Single, Double → number;
 *   Int64, UInt64 → bigint; TimeSpan → bigint (ticks); Char → a one-unit string;
 *   DateTime → DateTime; Decimal → Decimal;
 * - a string (BinaryObjectString, or a reference to one) → the string;
 * - null (ObjectNull, or one of an ObjectNullMultiple run);
 * - any other record, or a reference to one → that record (references are resolved: a shared
 *   object is the same record object wherever it is referred to, cycles included).
 */
export type NrbfValue = null | boolean | number | bigint | string | DateTime | Decimal | NrbfRecord;

interface RecordBase {
  /** byte offset of the record in the input */
  readonly offset: number;
}

/** A class or struct instance (any of the five class records). */
export interface NrbfClassRecord extends RecordBase {
  readonly kind: 'class';
  readonly recordType: 'ClassWithId' | 'SystemClassWithMembers' | 'ClassWithMembers' | 'SystemClassWithMembersAndTypes' | 'ClassWithMembersAndTypes';
  /** object id (negative ids are not referenced: .NET gives them to structs written inline) */
  readonly id: number;
  /** the full .NET type name, as written (generic arguments assembly-qualified) */
  readonly typeName: string;
  /** the assembly's full name from its BinaryLibrary record; null for system classes (mscorlib) */
  readonly libraryName: string | null;
  readonly memberNames: readonly string[];
  /** null for ClassWithMembers/SystemClassWithMembers, which carry no member types (each value is then a record) */
  readonly memberTypes: readonly NrbfMemberType[] | null;
  readonly values: readonly NrbfValue[];
}

/** Elements of a single-dimension primitive array, in the most compact JavaScript form. */
export type NrbfPrimitiveElements =
  | Uint8Array | Int8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | BigInt64Array | BigUint64Array | Float32Array | Float64Array
  | readonly boolean[] | readonly string[] | readonly DateTime[] | readonly Decimal[] | readonly bigint[];

export interface NrbfArrayRecord extends RecordBase {
  readonly kind: 'array';
  readonly recordType: 'BinaryArray' | 'ArraySinglePrimitive' | 'ArraySingleObject' | 'ArraySingleString';
  readonly id: number;
  readonly arrayType: NrbfArrayTypeName;
  readonly rank: number;
  readonly lengths: readonly number[];
  /** all zero unless arrayType is one of the *Offset types */
  readonly lowerBounds: readonly number[];
  /** the product of lengths (what a caller should check before materializing anything) */
  readonly totalElements: number;
  readonly elementType: NrbfMemberType;
  /**
   * Every element, in row-major order: a typed array or a plain array for primitive element
   * types (Byte → Uint8Array, Int32 → Int32Array, Int64 → BigInt64Array, Double → Float64Array,
   * Boolean → boolean[], Char → string[], TimeSpan → bigint[] ...); NrbfValues otherwise.
   */
  readonly elements: NrbfPrimitiveElements | readonly NrbfValue[];
}

/** A BinaryObjectString. As a value it is its string; as a record it keeps its id. */
export interface NrbfStringRecord extends RecordBase {
  readonly kind: 'string';
  readonly id: number;
  readonly value: string;
}

/** A MemberPrimitiveTyped: a boxed primitive in an Object-typed member or element. */
export interface NrbfPrimitiveRecord extends RecordBase {
  readonly kind: 'primitive';
  readonly primitiveType: NrbfPrimitiveTypeName;
  readonly value: boolean | number | bigint | string | DateTime | Decimal;
}

export type NrbfRecord = NrbfClassRecord | NrbfArrayRecord | NrbfStringRecord | NrbfPrimitiveRecord;

/** One message of the stream: SerializedStreamHeader ... MessageEnd. */
export interface NrbfGraph {
  /** the root object (the header's RootId), as a value */
  readonly root: NrbfValue;
  readonly rootId: number;
  readonly headerId: number;
  /** every record with an object id, by id */
  readonly records: ReadonlyMap<number, NrbfRecord>;
  /** BinaryLibrary records: library id → assembly full name */
  readonly libraries: ReadonlyMap<number, string>;
  /** byte offset of the header, and the message's length in bytes */
  readonly offset: number;
  readonly length: number;
}
