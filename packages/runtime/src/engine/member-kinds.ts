/**
 * Declared kinds of a member, as the transformer saw its annotation (0: anything). The numbers
 * are written on the wire (FORMAT.md, "TypeDef"), emitted by the transformer and compared by
 * the reader's version mapping: this file is their one source.
 */
export const enum MemberKind {
  Any = 0,
  Number = 1,
  String = 2,
  Boolean = 3,
  BigInt = 4,
  Object = 5,
  /** an array or tuple type */
  Array = 6,
  /** an array whose elements are declared as object types (class instances, Dates, Maps...) */
  ObjectArray = 7,
}

/** The name of each kind, indexed by its number (weft JSON "types", `weft schema`, messages). */
export const MEMBER_KIND_NAMES = ['any', 'number', 'string', 'boolean', 'bigint', 'object', 'array', 'object[]'] as const;
export type MemberKindName = (typeof MEMBER_KIND_NAMES)[number];

/** The highest kind number a stream may declare. */
export const MAX_MEMBER_KIND = MemberKind.ObjectArray;

/**
 * How a member's value is encoded, by its declared kind (FORMAT.md, "Member slots"): kinds up
 * to BigInt are plain values; object, array and object[] members are written in a slot form
 * whose high bytes stand for a reference or a new array. Two layouts can share generated code
 * (and a compact-mode fingerprint) only if every member has the same encoding.
 */
export function encodingOf(kind: number): number {
  return kind >= MemberKind.Object ? kind : MemberKind.Any;
}

/** Whether a value read from a stream may fill a member of this declared kind (null and undefined fit any). */
export function kindAccepts(kind: number, v: unknown): boolean {
  switch (kind) {
    case MemberKind.Number: return typeof v === 'number' || v === null || v === undefined;
    case MemberKind.String: return typeof v === 'string' || v === null || v === undefined;
    case MemberKind.Boolean: return typeof v === 'boolean' || v === null || v === undefined;
    case MemberKind.BigInt: return typeof v === 'bigint' || v === null || v === undefined;
    case MemberKind.Object:
    case MemberKind.Array:
    case MemberKind.ObjectArray: return typeof v === 'object' || v === undefined;
    default: return true;
  }
}
