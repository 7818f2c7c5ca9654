/**
 * A small writer of MS-NRBF records for tests: each function returns the bytes of one record
 * (or part), concatenated with `nrbf(...)`. Only what the tests need; no validation.
 */
export function nrbf(...parts: (number[] | Uint8Array)[]): Uint8Array {
  const out: number[] = [];
  for (const p of parts) out.push(...p);
  return Uint8Array.from(out);
}

export const i32 = (n: number): number[] => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];

/** LengthPrefixedString: 7-bit encoded byte length, then UTF-8. */
export function lps(s: string): number[] {
  const bytes = [...new TextEncoder().encode(s)];
  const len: number[] = [];
  let n = bytes.length;
  do {
    len.push((n & 0x7f) | (n > 0x7f ? 0x80 : 0));
    n >>>= 7;
  } while (n > 0);
  return [...len, ...bytes];
}

export const header = (rootId: number, headerId = -1): number[] => [0, ...i32(rootId), ...i32(headerId), ...i32(1), ...i32(0)];
export const messageEnd = (): number[] => [11];
export const library = (id: number, name: string): number[] => [12, ...i32(id), ...lps(name)];
export const string = (id: number, s: string): number[] => [6, ...i32(id), ...lps(s)];
export const ref = (id: number): number[] => [9, ...i32(id)];
export const nul = (): number[] => [10];
export const nulls256 = (n: number): number[] => [13, n];
export const nulls = (n: number): number[] => [14, ...i32(n)];
/** MemberPrimitiveTyped of an Int32 */
export const boxedInt = (n: number): number[] => [8, 8, ...i32(n)];

/** ClassInfo: object id, name, member count, member names */
export const classInfo = (id: number, name: string, members: string[]): number[] => [...i32(id), ...lps(name), ...i32(members.length), ...members.flatMap(lps)];

/** ClassWithMembers (3): untyped; every value is a record */
export const classWithMembers = (id: number, name: string, members: string[], libraryId: number): number[] => [3, ...classInfo(id, name, members), ...i32(libraryId)];
/** SystemClassWithMembers (2) */
export const systemClassWithMembers = (id: number, name: string, members: string[]): number[] => [2, ...classInfo(id, name, members)];
/** ClassWithMembersAndTypes (5) whose members are all Int32 (binary type 0, primitive 8) */
export const intClass = (id: number, name: string, members: string[], libraryId: number): number[] => [
  5,
  ...classInfo(id, name, members),
  ...members.map(() => 0),
  ...members.map(() => 8),
  ...i32(libraryId),
];
/** ClassWithMembersAndTypes (5) whose members are all Object (binary type 2) */
export const objectClass = (id: number, name: string, members: string[], libraryId: number): number[] => [5, ...classInfo(id, name, members), ...members.map(() => 2), ...i32(libraryId)];
export const classWithId = (id: number, metadataId: number): number[] => [1, ...i32(id), ...i32(metadataId)];
/** ArraySingleObject (16) of n elements (the elements follow) */
export const objectArray = (id: number, n: number): number[] => [16, ...i32(id), ...i32(n)];
/** ArraySinglePrimitive (15) of Int32 */
export const intArray = (id: number, values: number[]): number[] => [15, ...i32(id), ...i32(values.length), 8, ...values.flatMap(i32)];
/** BinaryArray (7): type, rank, lengths, lower bounds (offset types), element binary type + info */
export const binaryArray = (id: number, arrayType: number, lengths: number[], lowerBounds: number[] | null, elementInfo: number[]): number[] => [
  7,
  ...i32(id),
  arrayType,
  ...i32(lengths.length),
  ...lengths.flatMap(i32),
  ...(lowerBounds ?? []).flatMap(i32),
  ...elementInfo,
];
