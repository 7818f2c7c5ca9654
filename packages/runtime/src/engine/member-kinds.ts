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
}

/** The name of each kind, indexed by its number (weft JSON "types", `weft schema`, messages). */
export const MEMBER_KIND_NAMES = ['any', 'number', 'string', 'boolean', 'bigint', 'object'] as const;
export type MemberKindName = (typeof MEMBER_KIND_NAMES)[number];

/** The highest kind number a stream may declare. */
export const MAX_MEMBER_KIND = MemberKind.Object;

/** Whether a value read from a stream may fill a member of this declared kind (null and undefined fit any). */
export function kindAccepts(kind: number, v: unknown): boolean {
  switch (kind) {
    case MemberKind.Number: return typeof v === 'number' || v === null || v === undefined;
    case MemberKind.String: return typeof v === 'string' || v === null || v === undefined;
    case MemberKind.Boolean: return typeof v === 'boolean' || v === null || v === undefined;
    case MemberKind.BigInt: return typeof v === 'bigint' || v === null || v === undefined;
    case MemberKind.Object: return typeof v === 'object' || v === undefined;
    default: return true;
  }
}
