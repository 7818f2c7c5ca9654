/**
 * Value tags of the weft binary format (documented byte by byte in FORMAT.md).
 * One byte introduces every value; small ints and the first 64 types of a graph need no more.
 */
export const enum Tag {
  Null = 0x00,
  Undefined = 0x01,
  False = 0x02,
  True = 0x03,
  /** zigzag varint, int32 range */
  Int = 0x04,
  /** IEEE-754 binary64, little-endian */
  Float64 = 0x05,
  /** varint byte length + magnitude, little-endian */
  BigIntPos = 0x06,
  BigIntNeg = 0x07,
  /** varint byte length + UTF-8 */
  String = 0x08,
  /** varint unit count + UTF-16LE units (strings with lone surrogates) */
  String16 = 0x09,
  /** varint object id */
  Ref = 0x0a,
  /** an array hole; only inside Array */
  Hole = 0x0b,
  Array = 0x0c,
  Object = 0x0d,
  ObjectNullProto = 0x0e,
  Date = 0x0f,
  RegExp = 0x10,
  Map = 0x11,
  Set = 0x12,
  ArrayBuffer = 0x13,
  TypedArray = 0x14,
  Error = 0x15,
  /** defines the next type index, then an instance of it follows */
  TypeDef = 0x16,
  /** varint type index >= 64, then an instance */
  Class = 0x17,
  /** an object whose body is written after the root value (deep graphs) */
  Defer = 0x18,
  /** compact mode: defines the next type index by an 8-byte layout fingerprint and the type's name, then an instance follows */
  TypeFingerprint = 0x19,
  /** varint index: the string value written inline that many string values earlier in the graph's numbering (FORMAT.md, "String table") */
  StringRef = 0x1a,
  /** IEEE-754 binary32, little-endian: a number that is not an int32 but a float32 exactly (0.5, -1e10, Infinity) */
  Float32 = 0x1b,
  /** 0x20 | n: a string of n = 0..31 UTF-8 bytes, which follow (no length varint) */
  ShortString = 0x20,
  /** 0x40 | index: an instance of type index 0..63 */
  ClassSmall = 0x40,
  /** 0x80 | n: the integer n, 0..127 */
  FixInt = 0x80,
}

export const CLASS_SMALL_MAX = 0x3f;
export const SHORT_STRING_MAX = 0x1f;
export const FIXINT_MAX = 0x7f;
/**
 * In a member slot (FORMAT.md, "Member slots"), a byte 0x80 | b stands for a number n (an object
 * id or an array length): n = b when b < SLOT_SHORT, else (b & 0x3f) + 64 × a varint that follows.
 */
export const SLOT_SHORT = 0x40;

/** Kinds of type a TypeDef can declare. */
export const enum TypeKind {
  /** members written in layout order by generated code */
  Fields = 0,
  /** name/value entries from getObjectData (ISerializable or a surrogate) */
  Custom = 1,
}

/** Frame header: 'W' 'F' version flags, then the body length as uint32 LE. */
export const MAGIC_0 = 0x57;
export const MAGIC_1 = 0x46;
/**
 * The version this runtime writes. Version 1 (before member slots) is still read: its object
 * members are plain values (FORMAT.md, "Versions").
 */
export const FORMAT_VERSION = 2;
export const FORMAT_VERSION_1 = 1;
export const HEADER_SIZE = 8;
