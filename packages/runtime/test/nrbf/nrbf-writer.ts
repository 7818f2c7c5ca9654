/**
 * A writer of MS-NRBF (.NET BinaryFormatter) records for tests ([MS-NRBF] 2.1-2.6, little-endian):
 * `msg().cmt(...).i32(1).end().bytes`. It writes what it is told, valid or not. (The fuzzer has
 * its own, in fuzz/nrbf-bytes.mjs: it runs against dist, outside the TypeScript build.)
 */

export const RT = {
  SerializedStreamHeader: 0,
  ClassWithId: 1,
  SystemClassWithMembers: 2,
  ClassWithMembers: 3,
  SystemClassWithMembersAndTypes: 4,
  ClassWithMembersAndTypes: 5,
  BinaryObjectString: 6,
  BinaryArray: 7,
  MemberPrimitiveTyped: 8,
  MemberReference: 9,
  ObjectNull: 10,
  MessageEnd: 11,
  BinaryLibrary: 12,
  ObjectNullMultiple256: 13,
  ObjectNullMultiple: 14,
  ArraySinglePrimitive: 15,
  ArraySingleObject: 16,
  ArraySingleString: 17,
} as const;
/** BinaryTypeEnumeration */
export const BT = { Primitive: 0, String: 1, Object: 2, SystemClass: 3, Class: 4, ObjectArray: 5, StringArray: 6, PrimitiveArray: 7 } as const;
/** PrimitiveTypeEnumeration */
export const PT = {
  Boolean: 1, Byte: 2, Char: 3, Decimal: 5, Double: 6, Int16: 7, Int32: 8, Int64: 9, SByte: 10, Single: 11, TimeSpan: 12, DateTime: 13, UInt16: 14,
  UInt32: 15, UInt64: 16,
} as const;
/** BinaryArrayTypeEnumeration */
export const AT = { Single: 0, Jagged: 1, Rectangular: 2, SingleOffset: 3, JaggedOffset: 4, RectangularOffset: 5 } as const;

/** A member (or array element) type: its BinaryType and additional info; `raw` writes the bytes as given. */
export type MT =
  | { bt: number; pt: number }
  | { bt: number }
  | { bt: number; name: string }
  | { bt: number; name: string; lib: number };
export const mt = {
  prim: (pt: number): MT => ({ bt: BT.Primitive, pt }),
  str: { bt: BT.String } as MT,
  obj: { bt: BT.Object } as MT,
  sys: (name: string): MT => ({ bt: BT.SystemClass, name }),
  cls: (name: string, lib: number): MT => ({ bt: BT.Class, name, lib }),
  objArr: { bt: BT.ObjectArray } as MT,
  strArr: { bt: BT.StringArray } as MT,
  primArr: (pt: number): MT => ({ bt: BT.PrimitiveArray, pt }),
};

export const utf8 = (s: string): number[] => [...new TextEncoder().encode(s)];

export class Nrbf {
  readonly b: number[] = [];

  u8(...xs: number[]): this {
    for (const x of xs) this.b.push(x & 0xff);
    return this;
  }
  /** A 32-bit integer (negative, or unsigned up to 2^32-1). */
  i32(n: number): this {
    const v = n >>> 0;
    return this.u8(v, v >>> 8, v >>> 16, v >>> 24);
  }
  i64(n: bigint): this {
    const v = BigInt.asUintN(64, n);
    for (let i = 0n; i < 64n; i += 8n) this.b.push(Number((v >> i) & 0xffn));
    return this;
  }
  f64(x: number): this {
    const a = new Uint8Array(new Float64Array([x]).buffer);
    return this.u8(...a);
  }
  /** 7-bit encoded unsigned integer (LengthPrefixedString's length). */
  varint(n: number): this {
    let v = n >>> 0;
    while (v >= 0x80) {
      this.b.push((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    this.b.push(v);
    return this;
  }
  /** LengthPrefixedString: a string (UTF-8) or raw bytes. */
  lps(s: string | readonly number[]): this {
    const bytes = typeof s === 'string' ? utf8(s) : s;
    this.varint(bytes.length);
    return this.u8(...bytes);
  }

  header(rootId = 1, headerId = -1, major = 1, minor = 0): this {
    return this.u8(RT.SerializedStreamHeader).i32(rootId).i32(headerId).i32(major).i32(minor);
  }
  library(id: number, name: string): this {
    return this.u8(RT.BinaryLibrary).i32(id).lps(name);
  }
  private memberTypes(types: readonly MT[]): this {
    for (const t of types) this.u8(t.bt);
    for (const t of types) {
      if ('pt' in t) this.u8(t.pt);
      else if ('name' in t) {
        this.lps(t.name);
        if ('lib' in t) this.i32(t.lib);
      }
    }
    return this;
  }
  /** ClassWithMembersAndTypes (5): id, name, member names, member type info, library id; the values follow. */
  cmt(id: number, name: string, members: readonly [string, MT][], lib: number): this {
    this.u8(RT.ClassWithMembersAndTypes).i32(id).lps(name).i32(members.length);
    for (const [n] of members) this.lps(n);
    return this.memberTypes(members.map(([, t]) => t)).i32(lib);
  }
  /** SystemClassWithMembersAndTypes (4): no library. */
  scmt(id: number, name: string, members: readonly [string, MT][]): this {
    this.u8(RT.SystemClassWithMembersAndTypes).i32(id).lps(name).i32(members.length);
    for (const [n] of members) this.lps(n);
    return this.memberTypes(members.map(([, t]) => t));
  }
  /** ClassWithMembers (3): names only, every value a record. */
  cm(id: number, name: string, names: readonly (string | readonly number[])[], lib: number): this {
    this.u8(RT.ClassWithMembers).i32(id).lps(name).i32(names.length);
    for (const n of names) this.lps(n);
    return this.i32(lib);
  }
  /** SystemClassWithMembers (2) */
  scm(id: number, name: string, names: readonly (string | readonly number[])[]): this {
    this.u8(RT.SystemClassWithMembers).i32(id).lps(name).i32(names.length);
    for (const n of names) this.lps(n);
    return this;
  }
  classWithId(id: number, metadataId: number): this {
    return this.u8(RT.ClassWithId).i32(id).i32(metadataId);
  }
  str(id: number, s: string | readonly number[]): this {
    return this.u8(RT.BinaryObjectString).i32(id).lps(s);
  }
  ref(id: number): this {
    return this.u8(RT.MemberReference).i32(id);
  }
  null(): this {
    return this.u8(RT.ObjectNull);
  }
  nulls(n: number): this {
    return this.u8(RT.ObjectNullMultiple).i32(n);
  }
  nulls256(n: number): this {
    return this.u8(RT.ObjectNullMultiple256, n);
  }
  /** MemberPrimitiveTyped (8): type, then the value's bytes. */
  boxed(pt: number, ...value: number[]): this {
    return this.u8(RT.MemberPrimitiveTyped, pt, ...value);
  }
  /** ArraySinglePrimitive (15) header; the elements follow raw. */
  asp(id: number, length: number, pt: number): this {
    return this.u8(RT.ArraySinglePrimitive).i32(id).i32(length).u8(pt);
  }
  aso(id: number, length: number): this {
    return this.u8(RT.ArraySingleObject).i32(id).i32(length);
  }
  ass(id: number, length: number): this {
    return this.u8(RT.ArraySingleString).i32(id).i32(length);
  }
  /** BinaryArray (7): id, array type, rank, lengths, lower bounds (the *Offset types), element type. */
  binArray(id: number, arrayType: number, lengths: readonly number[], el: MT, lowerBounds: readonly number[] = [], rank = lengths.length): this {
    this.u8(RT.BinaryArray).i32(id).u8(arrayType).i32(rank);
    for (const n of lengths) this.i32(n);
    for (const lb of lowerBounds) this.i32(lb);
    return this.memberTypes([el]);
  }
  end(): this {
    return this.u8(RT.MessageEnd);
  }
  get bytes(): Uint8Array {
    return Uint8Array.from(this.b);
  }
}

/** A message builder with its header written (root id 1). */
export const msg = (rootId = 1): Nrbf => new Nrbf().header(rootId);
