import { SerializationException } from '../errors.js';
import { ByteWriter, copyAscii, encodeUtf8, varintSize } from '../wire/byte-writer.js';
import { BinaryType, PrimitiveType, RecordType } from './records.js';
import { Boxed, type NetDecl, NetArray, NetObject, typeOfValue } from './net-types.js';
import { DateTime, Decimal } from './values.js';

/**
 * Writes one .NET object graph (net-types.ts) as one MS-NRBF message, record for record as
 * .NET Framework's BinaryFormatter does (its ObjectWriter and __BinaryWriter, which Mono
 * shares): breadth first from the root, objects numbered in the order .NET's ObjectIDGenerator
 * meets them, a BinaryLibrary just before the first record that needs it, ClassWithId for a
 * layout seen before, structs inline with negative ids, runs of nulls in single-dimension
 * arrays as one record, primitive arrays in bulk. Method names follow .NET's where they do
 * the same thing, so the two can be read side by side.
 */

const enum ArrayKind {
  Single = 0,
  Jagged = 1,
  Rectangular = 2,
}

class NrbfByteWriter extends ByteWriter {
  i32(n: number): void {
    this.ensure(4);
    this.view.setInt32(this.pos, n, true);
    this.pos += 4;
  }

  /**
   * .NET's BinaryWriter.Write(string): a 7-bit-encoded byte length, then UTF-8, with the wire's
   * own encoder: the length's room is reserved for the worst case and the gap closed after. A
   * lone surrogate (which .NET would replace by U+FFFD) is refused; values were checked before.
   */
  netString(s: string): void {
    const len = s.length;
    const reserve = varintSize(len * 3);
    this.ensure(reserve + len * 3);
    const buf = this.buf;
    const start = this.pos + reserve;
    let p = start + copyAscii(s, len, buf, start);
    if (p - start < len) p = encodeUtf8(s, p - start, buf, p);
    if (p < 0) throw new SerializationException('VALUE_OUT_OF_RANGE', 'a string with a lone UTF-16 surrogate cannot be written as .NET (UTF-8) text without changing it');
    const n = p - start;
    const actual = varintSize(n);
    if (actual !== reserve) buf.copyWithin(this.pos + actual, start, p);
    this.varint(n);
    this.pos += n;
  }

  /** A primitive value (MemberPrimitiveUnTyped), already checked against its type. */
  primitive(p: PrimitiveType, v: unknown): void {
    this.ensure(8);
    const view = this.view;
    const at = this.pos;
    switch (p) {
      case PrimitiveType.Boolean: this.buf[this.pos++] = v ? 1 : 0; return;
      case PrimitiveType.Byte: this.buf[this.pos++] = v as number; return;
      case PrimitiveType.SByte: view.setInt8(at, v as number); this.pos += 1; return;
      case PrimitiveType.Int16: view.setInt16(at, v as number, true); this.pos += 2; return;
      case PrimitiveType.UInt16: view.setUint16(at, v as number, true); this.pos += 2; return;
      case PrimitiveType.Int32: view.setInt32(at, v as number, true); this.pos += 4; return;
      case PrimitiveType.UInt32: view.setUint32(at, v as number, true); this.pos += 4; return;
      // NaN as .NET's double.NaN and float.NaN, whose sign bit is set
      case PrimitiveType.Single: if (v !== v) view.setUint32(at, 0xffc00000, true); else view.setFloat32(at, v as number, true); this.pos += 4; return;
      case PrimitiveType.Double: if (v !== v) view.setBigUint64(at, 0xfff8000000000000n, true); else view.setFloat64(at, v as number, true); this.pos += 8; return;
      case PrimitiveType.Int64:
      case PrimitiveType.TimeSpan: view.setBigInt64(at, v as bigint, true); this.pos += 8; return;
      case PrimitiveType.UInt64: view.setBigUint64(at, v as bigint, true); this.pos += 8; return;
      case PrimitiveType.DateTime: view.setBigUint64(at, (v as DateTime).dateData, true); this.pos += 8; return;
      case PrimitiveType.Char: return this.netChar(v as string);
      case PrimitiveType.Decimal: return this.netString((v as Decimal).toString());
    }
  }

  /** BinaryWriter.Write(char): the UTF-8 bytes of one UTF-16 unit (never a surrogate). */
  private netChar(c: string): void {
    this.pos = encodeUtf8(c, 0, this.buf, this.pos);
  }
}

interface ObjectMap {
  readonly id: number;
  readonly names: readonly string[];
  readonly types: readonly NetDecl[];
}

/** A key standing for an assembly in the id table (.NET uses a fresh "___AssemblyString___" string). */
class AssemblyKey {}

export class NrbfEncoder {
  private out = new NrbfByteWriter(4096);
  /** ObjectIDGenerator: ids of objects and strings met so far */
  private ids = new Map<unknown, number>();
  private currentId = 1;
  private previousObj: unknown = undefined;
  private previousId = 0;
  /** whether the last getId met its object for the first time */
  private isNew = false;
  private queue: (NetObject | NetArray | string)[] = [];
  private libraries = new Map<string, number>();
  private objectMaps = new Map<string, ObjectMap>();
  /** nulls of a single-dimension array not written yet (.NET's nullCount) */
  private nullCount = 0;

  /** The message for a graph whose root is a class instance, an array or a string. */
  encode(root: NetObject | NetArray | string): Uint8Array {
    const out = this.out;
    const topId = this.getId(root, false, null);
    out.u8(RecordType.SerializedStreamHeader);
    out.i32(topId);
    out.i32(-1);
    out.i32(1);
    out.i32(0);
    this.queue.push(root);
    for (let i = 0; i < this.queue.length; i++) {
      const obj = this.queue[i]!;
      const id = this.ids.get(obj)!;
      this.assemblyId(typeOfValue(obj));
      this.write(obj, id);
    }
    out.u8(RecordType.MessageEnd);
    return out.buf.slice(0, out.pos);
  }

  /**
   * InternalGetId: the object's id, a new one the first time it is met (`isNew` says which); a
   * struct gets a negative one, never registered.
   */
  private getId(obj: unknown, assignUniqueIdToValueType: boolean, type: NetDecl | null): number {
    this.isNew = false;
    if (obj === this.previousObj) return this.previousId;
    if (type !== null && type.valueType && !assignUniqueIdToValueType) return -this.currentId++;
    const candidate = this.currentId++;
    let id = this.ids.get(obj);
    if (id === undefined) {
      id = candidate;
      this.ids.set(obj, id);
      this.isNew = true;
    }
    this.previousObj = obj;
    this.previousId = id;
    return id;
  }

  /** Schedule: the object's id; a new object with a positive id is queued to be written after the current one. */
  private schedule(obj: NetObject | NetArray, assignUniqueIdToValueType: boolean, type: NetDecl): number {
    const id = this.getId(obj, assignUniqueIdToValueType, type);
    if (this.isNew && id > 0) this.queue.push(obj);
    return id;
  }

  /** GetAssemblyId: 0 for mscorlib; else the library's id, writing its BinaryLibrary record the first time. */
  private assemblyId(type: NetDecl): number {
    if (type.isSystem) return 0;
    const assembly = type.assembly;
    this.flushNulls();
    let id = this.libraries.get(assembly);
    if (id === undefined) {
      id = this.getId(new AssemblyKey(), false, null);
      this.libraries.set(assembly, id);
      this.out.u8(RecordType.BinaryLibrary);
      this.out.i32(id);
      this.out.netString(assembly);
    }
    return id;
  }

  private libraryOf(type: NetDecl): number {
    return type.isSystem ? 0 : this.libraries.get(type.assembly)!;
  }

  private write(obj: NetObject | NetArray | string, id: number): void {
    if (typeof obj === 'string') return this.objectString(id, obj);
    if (obj instanceof NetArray) return this.writeArray(obj, id);
    this.writeObject(obj, id);
  }

  /** Write(objectInfo...): the libraries its members need, its record, then its members. */
  private writeObject(obj: NetObject, id: number): void {
    const { types, values } = obj;
    for (let i = 0; i < types.length; i++) {
      const t = types[i]!;
      if (t.shape !== 'prim' && t.shape !== 'string') {
        const v = values[i];
        this.assemblyId(v === null ? t : typeOfValue(v));
      }
    }
    this.classRecord(obj, id);
    for (let i = 0; i < types.length; i++) this.writeMember(types[i]!, values[i]);
  }

  /** __BinaryWriter.WriteObject: ClassWithId when this type's layout was written before, else the full typed record. */
  private classRecord(obj: NetObject, id: number): void {
    this.flushNulls();
    const out = this.out;
    const name = obj.type.name;
    const map = this.objectMaps.get(name);
    if (map !== undefined && sameLayout(map, obj)) {
      out.u8(RecordType.ClassWithId);
      out.i32(id);
      out.i32(map.id);
      return;
    }
    const library = this.libraryOf(obj.type);
    out.u8(library > 0 ? RecordType.ClassWithMembersAndTypes : RecordType.SystemClassWithMembersAndTypes);
    out.i32(id);
    out.netString(name);
    out.i32(obj.names.length);
    for (const n of obj.names) out.netString(n);
    const infos = obj.types.map((t, i) => this.binaryTypeInfo(t, obj.values[i]));
    for (const info of infos) out.u8(info.binaryType);
    for (const info of infos) this.typeInfo(info);
    if (library > 0) out.i32(library);
    if (map === undefined) this.objectMaps.set(name, { id, names: obj.names, types: obj.types });
  }

  /**
   * BinaryConverter.GetBinaryTypeInfo: how a member (or an array's elements) declared `t` is
   * typed in the stream. Where .NET falls back to the class, it names the value's own class
   * (the declared one when the value is null), as .NET does.
   */
  private binaryTypeInfo(t: NetDecl, value: unknown): TypeInfo {
    switch (t.shape) {
      case 'string': return { binaryType: BinaryType.String, prim: 0, name: '', library: 0 };
      case 'prim': return { binaryType: BinaryType.Primitive, prim: t.prim, name: '', library: 0 };
      case 'object':
        if (!(value instanceof NetObject && value.isSi)) return { binaryType: BinaryType.Object, prim: 0, name: '', library: 0 };
        break;
      case 'array':
        if (t.rank === 1) {
          const e = t.element!;
          if (e.shape === 'string') return { binaryType: BinaryType.StringArray, prim: 0, name: '', library: 0 };
          if (e.shape === 'object') return { binaryType: BinaryType.ObjectArray, prim: 0, name: '', library: 0 };
          if (e.shape === 'prim') return { binaryType: BinaryType.PrimitiveArray, prim: e.prim, name: '', library: 0 };
        }
        break;
    }
    const named = value instanceof NetObject || value instanceof NetArray ? value.type : value instanceof Boxed ? value.decl : t;
    const library = this.libraryOf(named);
    return { binaryType: library > 0 ? BinaryType.Class : BinaryType.SystemClass, prim: 0, name: named.name, library };
  }

  private typeInfo(info: TypeInfo): void {
    switch (info.binaryType) {
      case BinaryType.Primitive:
      case BinaryType.PrimitiveArray: return this.out.u8(info.prim);
      case BinaryType.SystemClass: return this.out.netString(info.name);
      case BinaryType.Class:
        this.out.netString(info.name);
        return this.out.i32(info.library);
    }
  }

  /** WriteMembers: one member's value in the form its declared type asks for. */
  private writeMember(t: NetDecl, v: unknown): void {
    const out = this.out;
    if (v === null) {
      this.flushNulls();
      return out.u8(RecordType.ObjectNull);
    }
    const typedOnMember = t.shape === 'object' || t.shape === 'nullable';
    if (v instanceof NetArray) return this.reference(this.schedule(v, false, v.type));
    if (typeof v === 'string' && t.shape !== 'prim') return this.writeString(v);
    if (v instanceof NetObject) {
      const id = this.schedule(v, t.shape === 'object', v.type);
      // a struct where it is declared as itself: its record inline, under a negative id
      if (id < 0) return this.writeObject(v, id);
      return this.reference(id);
    }
    this.writePrimitive(t, v, typedOnMember);
  }

  /** A primitive member or element: raw where its type is declared, MemberPrimitiveTyped where it is not. */
  private writePrimitive(t: NetDecl, v: unknown, typed: boolean): void {
    this.flushNulls();
    const out = this.out;
    const p = v instanceof Boxed ? v.decl.prim : t.prim;
    const value = v instanceof Boxed ? v.value : v;
    if (typed) {
      out.u8(RecordType.MemberPrimitiveTyped);
      out.u8(p);
    }
    out.primitive(p as PrimitiveType, value);
  }

  private reference(id: number): void {
    this.flushNulls();
    this.out.u8(RecordType.MemberReference);
    this.out.i32(id);
  }

  /** WriteString: a BinaryObjectString the first time, a reference to it after. */
  private writeString(s: string): void {
    const id = this.getId(s, false, null);
    if (this.isNew || id < 0) this.objectString(id, s);
    else this.reference(id);
  }

  private objectString(id: number, s: string): void {
    this.flushNulls();
    this.out.u8(RecordType.BinaryObjectString);
    this.out.i32(id);
    this.out.netString(s);
  }

  /** WriteArray: the record .NET picks for the array's shape and element type, then its elements. */
  private writeArray(arr: NetArray, id: number): void {
    const out = this.out;
    const type = arr.type;
    const elem = type.element!;
    if (elem.shape !== 'prim') this.assemblyId(elem);
    const rank = type.rank;
    const kind = elem.isArray ? (rank === 1 ? ArrayKind.Jagged : ArrayKind.Rectangular) : rank === 1 ? ArrayKind.Single : ArrayKind.Rectangular;
    const info = this.binaryTypeInfo(elem, null);
    this.flushNulls();
    const items = arr.items;
    if (kind === ArrayKind.Single && info.binaryType <= BinaryType.Object) {
      // ArraySinglePrimitive / ArraySingleString / ArraySingleObject
      out.u8(info.binaryType === BinaryType.Primitive ? RecordType.ArraySinglePrimitive : info.binaryType === BinaryType.String ? RecordType.ArraySingleString : RecordType.ArraySingleObject);
      out.i32(id);
      out.i32(arr.lengths[0]!);
      if (info.binaryType === BinaryType.Primitive) out.u8(info.prim);
    } else {
      out.u8(RecordType.BinaryArray);
      out.i32(id);
      out.u8(kind);
      out.i32(rank);
      for (const n of arr.lengths) out.i32(n);
      out.u8(info.binaryType);
      this.typeInfo(info);
    }
    if (info.binaryType === BinaryType.Primitive) {
      // Primitive elements are written raw, as .NET writes them in bulk.
      if (items instanceof Uint8Array) out.bytes(items);
      else for (const v of items) out.primitive(info.prim as PrimitiveType, v);
      return;
    }
    const typed = elem.shape === 'object' || elem.shape === 'nullable';
    if (!arr.lengths.includes(0)) {
      for (const v of items as unknown[]) this.writeArrayMember(elem, v, kind, typed);
    }
    this.flushNulls();
  }

  /** WriteArrayMember: nulls of a single-dimension array are counted and written as one run. */
  private writeArrayMember(elem: NetDecl, v: unknown, kind: ArrayKind, typed: boolean): void {
    if (v === null) {
      this.nullCount++;
      if (kind !== ArrayKind.Single) this.flushNulls();
      return;
    }
    if (typeof v === 'string') return this.writeString(v);
    if (v instanceof NetObject || v instanceof NetArray) {
      const id = this.schedule(v, elem.shape === 'object', elem.shape === 'object' ? v.type : elem);
      if (id < 1) return this.writeObject(v as NetObject, id);
      return this.reference(id);
    }
    this.writePrimitive(elem, v, typed);
  }

  /** InternalWriteItemNull: the pending run of array nulls as ObjectNull, ObjectNullMultiple256 or ObjectNullMultiple. */
  private flushNulls(): void {
    const n = this.nullCount;
    if (n === 0) return;
    this.nullCount = 0;
    const out = this.out;
    if (n === 1) out.u8(RecordType.ObjectNull);
    else if (n < 256) {
      out.u8(RecordType.ObjectNullMultiple256);
      out.u8(n);
    } else {
      out.u8(RecordType.ObjectNullMultiple);
      out.i32(n);
    }
  }
}

interface TypeInfo {
  readonly binaryType: BinaryType;
  readonly prim: PrimitiveType | 0;
  readonly name: string;
  readonly library: number;
}

/** ObjectMapInfo.isCompatible: same member names and declared types. */
function sameLayout(map: ObjectMap, obj: NetObject): boolean {
  const { names, types } = obj;
  if (map.names.length !== names.length) return false;
  for (let i = 0; i < names.length; i++) {
    if (map.names[i] !== names[i] || map.types[i]!.qualified !== types[i]!.qualified) return false;
  }
  return true;
}
