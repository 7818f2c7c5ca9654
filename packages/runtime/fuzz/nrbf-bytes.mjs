// Building MS-NRBF (.NET BinaryFormatter) streams by hand for the fuzzer's `nrbf` target
// (fuzz.mjs): a record writer ([MS-NRBF] 2.1-2.6, little-endian), a generator of random typed
// graphs that aims at the shapes NrbfFormatter turns into JavaScript values (System.* collections,
// DateTime, Decimal, Guid, Nullable, exceptions, enums, the fixtures' classes), generators of
// hostile shapes (deep nesting, null runs, lying lengths, reference fan-out), and byte mutations
// that know where NRBF keeps its record types, ids, lengths and counts.

export const RT = {
  Header: 0, ClassWithId: 1, SystemClassWithMembers: 2, ClassWithMembers: 3, SystemClassWithMembersAndTypes: 4, ClassWithMembersAndTypes: 5,
  BinaryObjectString: 6, BinaryArray: 7, MemberPrimitiveTyped: 8, MemberReference: 9, ObjectNull: 10, MessageEnd: 11, BinaryLibrary: 12,
  ObjectNullMultiple256: 13, ObjectNullMultiple: 14, ArraySinglePrimitive: 15, ArraySingleObject: 16, ArraySingleString: 17,
};
export const BT = { Primitive: 0, String: 1, Object: 2, SystemClass: 3, Class: 4, ObjectArray: 5, StringArray: 6, PrimitiveArray: 7 };
export const PT = {
  Boolean: 1, Byte: 2, Char: 3, Decimal: 5, Double: 6, Int16: 7, Int32: 8, Int64: 9, SByte: 10, Single: 11, TimeSpan: 12, DateTime: 13,
  UInt16: 14, UInt32: 15, UInt64: 16,
};
const PRIMITIVES = Object.values(PT);

/** A growable NRBF writer. Member types: { bt, pt } | { bt } | { bt, name } | { bt, name, lib }. */
export class NrbfWriter {
  constructor() {
    this.b = [];
  }
  u8(...xs) {
    for (const x of xs) this.b.push(x & 0xff);
    return this;
  }
  i32(n) {
    const v = n >>> 0;
    return this.u8(v, v >>> 8, v >>> 16, v >>> 24);
  }
  i64(n) {
    const v = BigInt.asUintN(64, BigInt(n));
    for (let i = 0n; i < 64n; i += 8n) this.b.push(Number((v >> i) & 0xffn));
    return this;
  }
  f64(x) {
    return this.u8(...new Uint8Array(new Float64Array([x]).buffer));
  }
  f32(x) {
    return this.u8(...new Uint8Array(new Float32Array([x]).buffer));
  }
  varint(n) {
    let v = n >>> 0;
    while (v >= 0x80) {
      this.b.push((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    this.b.push(v);
    return this;
  }
  lps(s) {
    const bytes = typeof s === 'string' ? Buffer.from(s, 'utf8') : s;
    this.varint(bytes.length);
    for (const x of bytes) this.b.push(x);
    return this;
  }
  header(rootId = 1, headerId = -1) {
    return this.u8(RT.Header).i32(rootId).i32(headerId).i32(1).i32(0);
  }
  library(id, name) {
    return this.u8(RT.BinaryLibrary).i32(id).lps(name);
  }
  memberTypes(types) {
    for (const t of types) this.u8(t.bt);
    for (const t of types) {
      if (t.pt !== undefined) this.u8(t.pt);
      else if (t.name !== undefined) {
        this.lps(t.name);
        if (t.lib !== undefined) this.i32(t.lib);
      }
    }
    return this;
  }
  /** A class record with typed members: ClassWithMembersAndTypes when `lib` is given, else the System form. */
  classRecord(id, name, members, lib) {
    this.u8(lib === undefined ? RT.SystemClassWithMembersAndTypes : RT.ClassWithMembersAndTypes).i32(id).lps(name).i32(members.length);
    for (const [n] of members) this.lps(n);
    this.memberTypes(members.map(([, t]) => t));
    return lib === undefined ? this : this.i32(lib);
  }
  classWithId(id, metadataId) {
    return this.u8(RT.ClassWithId).i32(id).i32(metadataId);
  }
  str(id, s) {
    return this.u8(RT.BinaryObjectString).i32(id).lps(s);
  }
  ref(id) {
    return this.u8(RT.MemberReference).i32(id);
  }
  null() {
    return this.u8(RT.ObjectNull);
  }
  nulls(n) {
    return n <= 255 && n > 0 && n % 3 === 0 ? this.u8(RT.ObjectNullMultiple256, n) : this.u8(RT.ObjectNullMultiple).i32(n);
  }
  asp(id, length, pt) {
    return this.u8(RT.ArraySinglePrimitive).i32(id).i32(length).u8(pt);
  }
  aso(id, length) {
    return this.u8(RT.ArraySingleObject).i32(id).i32(length);
  }
  ass(id, length) {
    return this.u8(RT.ArraySingleString).i32(id).i32(length);
  }
  binArray(id, arrayType, lengths, el, lowerBounds = []) {
    this.u8(RT.BinaryArray).i32(id).u8(arrayType).i32(lengths.length);
    for (const n of lengths) this.i32(n);
    for (const lb of lowerBounds) this.i32(lb);
    return this.memberTypes([el]);
  }
  end() {
    return this.u8(RT.MessageEnd);
  }
  bytes() {
    return Uint8Array.from(this.b);
  }
}

// -- Random typed graphs ------------------------------------------------------------------------

const G = (t) => `[[${t}, mscorlib, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089]]`;
/** System types the graph reader converts, with the members .NET writes for them (values are random). */
const SYSTEM_SHAPES = [
  ['System.Collections.Generic.List`1' + G('System.String'), [['_items', 'sa'], ['_size', 'i'], ['_version', 'i']]],
  ['System.Collections.Generic.List`1' + G('System.Int32'), [['_items', 'pa'], ['_size', 'i'], ['_version', 'i']]],
  ['System.Collections.ArrayList', [['_items', 'oa'], ['_size', 'i'], ['_version', 'i']]],
  ['System.Collections.Stack', [['_array', 'oa'], ['_size', 'i'], ['_version', 'i']]],
  ['System.Collections.Queue', [['_array', 'oa'], ['_head', 'i'], ['_tail', 'i'], ['_size', 'i'], ['_growFactor', 'i'], ['_version', 'i']]],
  ['System.Collections.Hashtable', [['LoadFactor', 'f'], ['Version', 'i'], ['Comparer', 'o'], ['HashCodeProvider', 'o'], ['HashSize', 'i'], ['Keys', 'oa'], ['Values', 'oa']]],
  ['System.Collections.SortedList', [['keys', 'oa'], ['values', 'oa'], ['_size', 'i'], ['version', 'i'], ['comparer', 'o']]],
  ['System.Collections.Generic.Dictionary`2[[System.String, mscorlib],[System.Object, mscorlib]]', [['Version', 'i'], ['Comparer', 'o'], ['HashSize', 'i'], ['KeyValuePairs', 'oa']]],
  ['System.Collections.Generic.KeyValuePair`2[[System.String, mscorlib],[System.Object, mscorlib]]', [['key', 'o'], ['value', 'o']]],
  ['System.Collections.Generic.HashSet`1' + G('System.Int32'), [['Version', 'i'], ['Comparer', 'o'], ['Capacity', 'i'], ['Elements', 'pa']]],
  ['System.Collections.Generic.SortedSet`1' + G('System.String'), [['Count', 'i'], ['Comparer', 'o'], ['Version', 'i'], ['Items', 'sa']]],
  ['System.DateTime', [['ticks', 'l'], ['dateData', 'l']]],
  ['System.TimeSpan', [['_ticks', 'l']]],
  ['System.Decimal', [['flags', 'i'], ['hi', 'i'], ['lo', 'i'], ['mid', 'i']]],
  ['System.Guid', [['_a', 'i'], ['_b', 'i'], ['_c', 'i'], ['_d', 'i'], ['_e', 'i'], ['_f', 'i'], ['_g', 'i'], ['_h', 'i'], ['_i', 'i'], ['_j', 'i'], ['_k', 'i']]],
  ['System.Nullable`1' + G('System.Int32'), [['hasValue', 'b'], ['value', 'i']]],
  ['System.Int32', [['m_value', 'i']]],
  ['System.Double', [['m_value', 'f']]],
  ['System.Exception', [['ClassName', 's'], ['Message', 's'], ['Data', 'o'], ['InnerException', 'o'], ['HelpURL', 's'], ['StackTraceString', 's'], ['HResult', 'i']]],
  ['System.DayOfWeek', [['value__', 'i']]],
];
/** The fuzz fixtures' classes (test/security/fixtures.ts): matched by simple name in any assembly. */
const FIXTURE_SHAPES = [
  ['Fuzz.Point', [['x', 'f'], ['y', 'f']]],
  ['Fuzz.Node', [['next', 'o'], ['label', 's'], ['value', 'o']]],
  ['Fuzz.Holder', [['items', 'oa'], ['map', 'o'], ['owner', 'o'], ['flag', 'b'], ['big', 'o'], ['note', 's']]],
  ['Fuzz.Derived', [['id', 'i'], ['name', 's'], ['Base+id', 'i'], ['<secret>k__BackingField', 's']]],
  ['Fuzz.Money', [['amount', 'f'], ['currency', 's']]],
  ['Fuzz.Handle', [['next', 'o']]],
];
const ODD_NAMES = ['__proto__', 'constructor', 'prototype', 'Object.prototype', 'System.Windows.Data.ObjectDataProvider', 'System.Diagnostics.Process', 'A`1[[', 'Ns.T`2[[A, B],[C', 'x\n[INFO] y', ''];
const ODD_MEMBERS = ['__proto__', 'constructor', 'prototype', '$type', '$assembly', 'toString', 'value__', 'm_value', '_size', ''];
const LIBRARIES = ['WeftCorpus, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null', '@weft/runtime', 'mscorlib', 'System.Core', 'PresentationFramework, Version=4.0.0.0, Culture=neutral, PublicKeyToken=31bf3856ad364e35', 'x'];
const INTS = [0, 1, -1, 2, 3, 7, 16, 255, 256, 0x7fffffff, -0x80000000, 2_000_000_000, 16_777_216, 0x7fffffc7, 0x7fffffc8, 65535];
const STRINGS = ['', 'a', 'héllo 日本', 'x'.repeat(70), '\u0000', '1e5', '-0.0001', '79228162514264337593543950335'];

/**
 * A random message of typed records (mostly valid): class records of system, fixture and odd
 * shapes with member values of the declared kinds, arrays of every record type, strings,
 * references to earlier, later and missing ids, nulls and null runs.
 */
export function randomGraph(ri, rnd) {
  const pick = (a) => a[ri(a.length)];
  const w = new NrbfWriter().header(1);
  let nextId = 1;
  const ids = [];
  const libs = [];
  const metadata = []; // [id, members, withTypes]
  const lib = () => {
    if (libs.length && rnd() < 0.7) return pick(libs);
    const id = 1_000_000 + libs.length;
    w.library(id, pick(LIBRARIES));
    libs.push(id);
    return id;
  };
  const refId = () => (ids.length && rnd() < 0.85 ? pick(ids) : rnd() < 0.5 ? nextId + 1 + ri(4) : pick([0, -1, 99_999]));
  const prim = (pt) => {
    switch (pt) {
      case PT.Boolean: return w.u8(rnd() < 0.97 ? ri(2) : 2);
      case PT.Byte: case PT.SByte: return w.u8(ri(256));
      case PT.Char: return w.u8(...pick([[0x61], [0xc3, 0xa9], [0xe6, 0xbc, 0xa2], [0xf0, 0x9f, 0x98, 0x80], [0xff]]));
      case PT.Int16: case PT.UInt16: return w.u8(ri(256), ri(256));
      case PT.Int32: case PT.UInt32: return w.i32(pick(INTS));
      case PT.Single: return w.f32(pick([0, -0, 1.5, NaN, Infinity, 3.4e38]));
      case PT.Double: return w.f64(pick([0, -0, 0.1, NaN, -Infinity, 2 ** 53 + 1]));
      case PT.Decimal: return w.lps(pick(['0', '-1.50', '79228162514264337593543950335', '79228162514264337593543950336', '1e5', `0.${'0'.repeat(28)}1`]));
      default: return w.i64(pick([0n, 1n, -1n, 3155378975999999999n, 3155378976000000000n, (1n << 63n) - 1n, 1n << 62n]));
    }
  };
  // What a member of kind k gets: i int, l long, f double, b bool, s string, o object, oa/sa/pa arrays.
  const kindType = (k) =>
    k === 'i' ? { bt: BT.Primitive, pt: PT.Int32 } : k === 'l' ? { bt: BT.Primitive, pt: PT.Int64 } : k === 'f' ? { bt: BT.Primitive, pt: PT.Double } :
      k === 'b' ? { bt: BT.Primitive, pt: PT.Boolean } : k === 's' ? { bt: BT.String } : k === 'oa' ? { bt: BT.ObjectArray } :
        k === 'sa' ? { bt: BT.StringArray } : k === 'pa' ? { bt: BT.PrimitiveArray, pt: PT.Int32 } : { bt: BT.Object };
  const randomType = () => {
    const bt = ri(8);
    if (bt === BT.Primitive || bt === BT.PrimitiveArray) return { bt, pt: pick(PRIMITIVES) };
    if (bt === BT.SystemClass) return { bt, name: pick(SYSTEM_SHAPES)[0] };
    if (bt === BT.Class) return { bt, name: pick(FIXTURE_SHAPES)[0], lib: lib() };
    return { bt };
  };
  const value = (t, depth) => {
    if (t.bt === BT.Primitive) return prim(t.pt);
    const r = rnd();
    if (r < 0.12) return w.null();
    if (r < 0.2 && ids.length) return w.ref(refId());
    switch (t.bt) {
      case BT.String: return w.str(newId(), pick(STRINGS));
      case BT.StringArray: return array(depth, 'string');
      case BT.PrimitiveArray: return array(depth, 'primitive', t.pt);
      case BT.ObjectArray: return array(depth, 'object');
      case BT.SystemClass: case BT.Class: return depth > 5 ? w.null() : klass(depth);
      default: { // Object: anything
        const k = ri(6);
        if (k === 0) {
          const pt = pick(PRIMITIVES);
          w.u8(RT.MemberPrimitiveTyped, pt);
          return prim(pt);
        }
        if (k === 1) return w.str(newId(), pick(STRINGS));
        if (k === 2 || depth > 5) return w.null();
        if (k === 3) return array(depth, pick(['object', 'string', 'primitive']), pick(PRIMITIVES));
        return klass(depth);
      }
    }
  };
  const newId = () => {
    const id = nextId++;
    ids.push(id);
    return id;
  };
  /** A single-dimension BinaryArray, without or with a lower bound. */
  const single = (id, n, el) => (rnd() < 0.8 ? w.binArray(id, 0, [n], el) : w.binArray(id, 3, [n], el, [pick([0, -5, 10])]));
  const array = (depth, kind, pt = PT.Int32) => {
    const id = newId();
    const n = rnd() < 0.8 ? ri(6) : pick([0, 40, 300]);
    if (kind === 'primitive') {
      const el = { bt: BT.Primitive, pt };
      if (rnd() < 0.8) w.asp(id, n, pt);
      else single(id, n, el);
      return elements(el, n, depth);
    }
    if (depth > 5) return kind === 'string' ? w.ass(id, 0) : w.aso(id, 0);
    let el;
    if (kind === 'string') {
      el = { bt: BT.String };
      if (rnd() < 0.7) return elements(el, n, depth, w.ass(id, n));
    } else {
      if (rnd() < 0.6) return elements({ bt: BT.Object }, n, depth, w.aso(id, n));
      el = rnd() < 0.5 ? { bt: BT.Object } : randomType();
    }
    if (rnd() < 0.3 && n >= 4) return elements(el, 2 * (n >> 1), depth, w.binArray(id, 2, [2, n >> 1], el)); // rectangular
    single(id, n, el);
    return elements(el, n, depth);
  };
  const elements = (el, n, depth) => {
    if (el.bt === BT.Primitive) {
      for (let i = 0; i < n; i++) prim(el.pt);
      return w;
    }
    for (let i = 0; i < n; ) {
      if (n - i > 1 && rnd() < 0.2) {
        const run = 1 + ri(n - i);
        w.nulls(run);
        i += run;
      } else {
        value(el, depth + 1);
        i++;
      }
    }
    return w;
  };
  const klass = (depth) => {
    if (metadata.length && rnd() < 0.3) {
      const [meta, members] = pick(metadata);
      w.classWithId(newId(), meta);
      for (const [, t] of members) value(t, depth + 1);
      return w;
    }
    const id = newId();
    const src = rnd();
    let name;
    let members;
    let library;
    if (src < 0.5) {
      const [n, ms] = pick(SYSTEM_SHAPES);
      name = n;
      members = ms.map(([m, k]) => [m, rnd() < 0.05 ? randomType() : kindType(k)]);
      if (rnd() < 0.2) library = lib();
    } else if (src < 0.8) {
      const [n, ms] = pick(FIXTURE_SHAPES);
      name = n;
      members = ms.map(([m, k]) => [m, kindType(k)]);
      library = lib();
    } else {
      name = pick(ODD_NAMES);
      const count = ri(5);
      const used = new Set();
      members = [];
      for (let i = 0; i < count; i++) {
        const m = rnd() < 0.5 ? pick(ODD_MEMBERS) : `m${i}`;
        if (used.has(m)) continue;
        used.add(m);
        members.push([m, randomType()]);
      }
      if (rnd() < 0.5) library = lib();
    }
    w.classRecord(id, name, members, library);
    metadata.push([id, members]);
    for (const [, t] of members) value(t, depth + 1);
    return w;
  };
  const roots = 1 + (rnd() < 0.2 ? ri(3) : 0);
  for (let i = 0; i < roots; i++) value({ bt: BT.Object }, 0);
  return w.end().bytes();
}

// -- Hostile shapes ---------------------------------------------------------------------------------

export function hostileGraph(ri, rnd) {
  const pick = (a) => a[ri(a.length)];
  const w = new NrbfWriter().header(1);
  switch (ri(7)) {
    case 0: { // nesting around the depth limits (40 tight, 500 default), through arrays or classes
      const depth = pick([39, 40, 41, 499, 500, 501, 2000]);
      if (rnd() < 0.5) {
        for (let i = 1; i <= depth; i++) w.aso(i, 1);
      } else {
        w.classRecord(1, pick(['Fuzz.Node', 'System.Exception', 'L']), [['next', { bt: BT.Object }]]);
        for (let i = 2; i <= depth; i++) w.classWithId(i, 1);
      }
      return w.null().end().bytes();
    }
    case 1: { // runs of nulls: exact, overflowing, zero, huge, many
      const len = pick([2, 100, 16_777_216, 16_777_217, 0x7fffffff]);
      w.aso(1, len);
      const runs = 1 + ri(50);
      for (let i = 0; i < runs; i++) w.nulls(pick([0, 1, 255, 1000, len, 0x7fffffff, -1]));
      return w.end().bytes();
    }
    case 2: { // lying lengths and counts in every record that has one
      const n = pick([2_000_000_000, 0x7fffffff, 0x7fffffc7, 16_777_216, -1, 1000]);
      const k = ri(6);
      if (k === 0) w.asp(1, n, pick(PRIMITIVES)).u8(1, 2, 3, 4);
      else if (k === 1) w.aso(1, n).null();
      else if (k === 2) {
        const type = pick([0, 2, 5]);
        const lengths = type === 0 ? [n] : pick([[n, n], [2, n]]);
        w.binArray(1, type, lengths, { bt: BT.Primitive, pt: pick(PRIMITIVES) }, type === 5 ? lengths.map(() => 0) : []);
      }
      else if (k === 3) w.u8(RT.SystemClassWithMembers).i32(1).lps('C').i32(n);
      else if (k === 4) w.u8(RT.BinaryObjectString).i32(1).varint(n >>> 0).u8(0x61);
      else w.u8(RT.ClassWithMembersAndTypes).i32(1).lps('C').i32(1).lps('a').u8(BT.Class).lps('K').i32(n);
      return w.end().bytes();
    }
    case 3: { // reference fan-out, forward references, references to missing or library ids
      const n = pick([10, 1000, 20_000]);
      w.aso(1, n + 1).str(2, 'shared');
      for (let i = 0; i < n; i++) w.ref(rnd() < 0.999 ? pick([1, 2, n + 5]) : pick([0, -1, 77]));
      return w.end().bytes();
    }
    case 4: { // one class metadata, many ClassWithId instances (a linked list written inline or flat)
      const n = pick([100, 5000]);
      w.classRecord(1, 'Fuzz.Node', [['next', { bt: BT.Object }], ['label', { bt: BT.String }], ['value', { bt: BT.Object }]], undefined);
      for (let i = 2; i <= n; i++) {
        if (rnd() < 0.5) w.ref(i).null().null().classWithId(i, 1);
        else w.classWithId(i, 1);
      }
      return w.null().null().null().end().bytes();
    }
    case 5: { // gadget and prototype names, members that collide with $type
      w.library(2, pick(LIBRARIES));
      w.classRecord(1, pick(ODD_NAMES), [['__proto__', { bt: BT.Object }], ['constructor', { bt: BT.String }], [pick(ODD_MEMBERS) || 'z', { bt: BT.Object }]], 2);
      w.classRecord(3, '__proto__', [['polluted', { bt: BT.String }]], 2).str(4, 'yes');
      w.str(5, 'x');
      return w.ref(3).end().bytes();
    }
    default: { // records that may not stand where they are
      w.aso(1, 3);
      for (let i = 0; i < 3; i++) w.u8(pick([0, 11, 12, 13, 14, 18, 19, 20, 21, 22, 255]), ...[1, 0, 0, 0]);
      return w.end().bytes();
    }
  }
}

// -- Mutations -----------------------------------------------------------------------------------------

const INTERESTING_BYTES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 0x7f, 0x80, 0xff];
const INTERESTING_INT32 = [0, 1, -1, 2, 0x7fffffff, -0x80000000, 2_000_000_000, 16_777_216, 16_777_217, 0x7fffffc7, 0x7fffffc8, 33, 256];

/** NRBF-aware mutations (record/binary/primitive type bytes, ids, lengths, counts), on top of `generic`. */
export function mutateNrbf(input, ri, rnd, generic) {
  let b = rnd() < 0.5 ? generic(input) : Uint8Array.from(input);
  const rounds = 1 + ri(3);
  for (let k = 0; k < rounds && b.length > 17; k++) {
    const p = 17 + ri(b.length - 17);
    switch (ri(4)) {
      case 0: b[p] = INTERESTING_BYTES[ri(INTERESTING_BYTES.length)]; break;
      case 1: if (p + 4 <= b.length) new DataView(b.buffer, b.byteOffset).setInt32(p, INTERESTING_INT32[ri(INTERESTING_INT32.length)], true); break;
      case 2: if (p + 4 <= b.length) new DataView(b.buffer, b.byteOffset).setInt32(p, new DataView(b.buffer, b.byteOffset).getInt32(p, true) + (ri(2) ? 1 : -1), true); break;
      case 3: if (b[p] >= 0x80 || b[p] < 0x40) b[p] = 0x80 | ri(128); break; // a 7-bit length continuing
    }
  }
  // Mostly keep the header (record type 0, version 1.0) so that the records get read.
  if (b.length >= 17 && rnd() < 0.9) {
    b[0] = 0;
    b.set([1, 0, 0, 0, 0, 0, 0, 0], 9);
  }
  return b;
}
