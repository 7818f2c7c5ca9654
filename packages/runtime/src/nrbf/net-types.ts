import type { NetType } from '../codegen.js';
import { SerializationException } from '../errors.js';
import { PRIMITIVE_TYPE_NAMES, PrimitiveType } from './records.js';

/**
 * .NET types as the MS-NRBF writer sees them: what a member, an element or a value is declared
 * as, with the full name and assembly .NET's reader loads it by. Built from the `net`
 * declarations the transformer emits (codegen.ts NetType) and from the values themselves where
 * .NET takes a value's own type (an `object` member, a SerializationInfo entry).
 */

/** The assembly of .NET's core types, as .NET Framework's BinaryFormatter names it. */
export const MSCORLIB = 'mscorlib, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089';

/** The assembly of HashSet<T> in .NET Framework. */
export const SYSTEM_CORE = 'System.Core, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089';

/** What the writer does with values of a declared type (the name and assembly are for the stream). */
export type NetShape =
  | 'prim' // an MS-NRBF primitive (PrimitiveType)
  | 'string'
  | 'object' // System.Object: each value carries its own type
  | 'class' // a weft class, or a system class written from its members (comparers, interfaces)
  | 'array' // T[], T[,], T[][]
  | 'list' // List<T>
  | 'dictionary' // Dictionary<K, V>
  | 'hashset' // HashSet<T>
  | 'hashtable'
  | 'arraylist'
  | 'nullable' // Nullable<T> of a primitive
  | 'guid'
  | 'keyvalue'; // KeyValuePair<K, V>, the struct a Dictionary is written with

export class NetDecl {
  /** `name, assembly`: how a generic argument names this type, and its identity */
  readonly qualified: string;

  constructor(
    readonly shape: NetShape,
    /** full name: 'System.Int32', 'Shop.Order', 'System.Int32[]' */
    readonly name: string,
    /** full assembly name (MSCORLIB for core types) */
    readonly assembly: string,
    /** shape prim: the primitive; nullable: the underlying one */
    readonly prim: PrimitiveType | 0 = 0,
    /** array, list, nullable, dictionary (key), keyvalue (key): the element or first argument */
    readonly element: NetDecl | null = null,
    /** dictionary, keyvalue: the value type */
    readonly second: NetDecl | null = null,
    /** array: its rank */
    readonly rank = 0,
    /** a struct: written inline where it is declared as itself, boxed (with an id) elsewhere */
    readonly valueType = false,
  ) {
    this.qualified = `${name}, ${assembly}`;
  }

  get isArray(): boolean {
    return this.shape === 'array';
  }

  /** the assembly is .NET's own, or none (no BinaryLibrary record; SystemClass member types) */
  get isSystem(): boolean {
    return this.assembly === MSCORLIB || this.assembly === '';
  }
}

/** The MS-NRBF primitives' declarations, by PrimitiveType and by .NET name (records.ts's name table). */
const primDecls: NetDecl[] = [];
const primByName = new Map<string, NetDecl>();
PRIMITIVE_TYPE_NAMES.forEach((name, p) => {
  if (name === undefined) return;
  const d = new NetDecl('prim', `System.${name}`, MSCORLIB, p, null, null, 0, true);
  primDecls[p] = d;
  primByName.set(name, d);
});

export function primDecl(p: PrimitiveType): NetDecl {
  return primDecls[p]!;
}

export const STRING = new NetDecl('string', 'System.String', MSCORLIB);
export const OBJECT = new NetDecl('object', 'System.Object', MSCORLIB);
export const GUID = new NetDecl('guid', 'System.Guid', MSCORLIB, 0, null, null, 0, true);
export const HASHTABLE = new NetDecl('hashtable', 'System.Collections.Hashtable', MSCORLIB);
export const ARRAYLIST = new NetDecl('arraylist', 'System.Collections.ArrayList', MSCORLIB);
/** the declared types of a Hashtable's Comparer and HashCodeProvider, which weft writes null */
export const ICOMPARER = new NetDecl('class', 'System.Collections.IComparer', MSCORLIB);
export const IHASHCODEPROVIDER = new NetDecl('class', 'System.Collections.IHashCodeProvider', MSCORLIB);
export const INT32 = primDecl(PrimitiveType.Int32);
export const SINGLE = primDecl(PrimitiveType.Single);

export function arrayDecl(element: NetDecl, rank = 1): NetDecl {
  const suffix = rank === 1 ? '[]' : `[${','.repeat(rank - 1)}]`;
  // An array lives in its element type's assembly (List<Shop.Line>[] in mscorlib, Shop.Line[] in Shop).
  return new NetDecl('array', element.name + suffix, element.assembly, 0, element, null, rank);
}

export function listDecl(element: NetDecl): NetDecl {
  return new NetDecl('list', `System.Collections.Generic.List\`1[[${element.qualified}]]`, MSCORLIB, 0, element);
}

export function dictionaryDecl(key: NetDecl, value: NetDecl): NetDecl {
  return new NetDecl('dictionary', `System.Collections.Generic.Dictionary\`2[[${key.qualified}],[${value.qualified}]]`, MSCORLIB, 0, key, value);
}

export function hashSetDecl(element: NetDecl): NetDecl {
  return new NetDecl('hashset', `System.Collections.Generic.HashSet\`1[[${element.qualified}]]`, SYSTEM_CORE, 0, element);
}

export function keyValueDecl(key: NetDecl, value: NetDecl): NetDecl {
  return new NetDecl('keyvalue', `System.Collections.Generic.KeyValuePair\`2[[${key.qualified}],[${value.qualified}]]`, MSCORLIB, 0, key, value, 0, true);
}

export function nullableDecl(p: PrimitiveType): NetDecl {
  return new NetDecl('nullable', `System.Nullable\`1[[${primDecl(p).qualified}]]`, MSCORLIB, p, primDecl(p), null, 0, true);
}

/**
 * The comparer .NET Framework writes in a Dictionary<K, V> or HashSet<K>: GenericEqualityComparer<K> for
 * keys that implement IEquatable<K> (primitives, strings, Guid...), ObjectEqualityComparer<K>
 * for the rest. A class of no members, written as a reference.
 */
export function comparerDecl(key: NetDecl): NetDecl {
  const generic = key.shape === 'prim' || key.shape === 'string' || key.shape === 'guid';
  return new NetDecl('class', `System.Collections.Generic.${generic ? 'Generic' : 'Object'}EqualityComparer\`1[[${key.qualified}]]`, MSCORLIB);
}

export function classDecl(name: string, assembly: string): NetDecl {
  return new NetDecl('class', name, assembly);
}

/**
 * The NetDecl of a generated `net` declaration. `classOf` answers a weft class identity with the
 * .NET name and assembly it is written under (registry and binder).
 */
export function resolveNetType(t: NetType, classOf: (assembly: string, name: string) => NetDecl): NetDecl {
  if (typeof t === 'string') {
    switch (t) {
      case 'String': return STRING;
      case 'Object': return OBJECT;
      case 'Hashtable': return HASHTABLE;
      case 'ArrayList': return ARRAYLIST;
      case 'Guid': return GUID;
      default: {
        const d = primByName.get(t);
        if (d === undefined) throw badNet(t);
        return d;
      }
    }
  }
  if (typeof t !== 'object' || t === null) throw badNet(t);
  if ('class' in t) return classOf(t.assembly, t.class);
  if ('array' in t) {
    const rank = t.rank ?? 1;
    if (!Number.isInteger(rank) || rank < 1 || rank > 32) throw badNet(t);
    return arrayDecl(resolveNetType(t.array, classOf), rank);
  }
  if ('list' in t) return listDecl(resolveNetType(t.list, classOf));
  if ('hashset' in t) return hashSetDecl(resolveNetType(t.hashset, classOf));
  if ('dictionary' in t) return dictionaryDecl(resolveNetType(t.dictionary[0], classOf), resolveNetType(t.dictionary[1], classOf));
  if ('nullable' in t) {
    const d = primByName.get(t.nullable);
    if (d === undefined) throw badNet(t);
    return nullableDecl(d.prim as PrimitiveType);
  }
  throw badNet(t);
}

function badNet(t: unknown): SerializationException {
  return new SerializationException('NOT_COMPILED', `a generated .NET type declaration is not one this runtime knows (${JSON.stringify(t)}): rebuild with the @weft/transformer of the same release`);
}

/**
 * The .NET object graph the writer emits: class and struct instances, arrays, strings (plain
 * JavaScript strings, equal strings being one object as .NET's interned literals are), boxed
 * primitives and the primitive values of typed members (number, bigint, boolean, a one-unit
 * string for Char, DateTime, Decimal).
 */
export class NetObject {
  constructor(
    readonly type: NetDecl,
    /** member names, in .NET's order */
    readonly names: string[],
    /** each member's declared type (for ISerializable: its value's type) */
    readonly types: NetDecl[],
    readonly values: unknown[],
    /** written from a SerializationInfo (ISerializable, a surrogate, SetType) */
    readonly isSi: boolean,
  ) {}
}

export class NetArray {
  constructor(
    readonly type: NetDecl,
    /** one length per dimension */
    readonly lengths: number[],
    /** the elements, row-major (a Uint8Array for byte[]) */
    readonly items: unknown[] | Uint8Array,
  ) {}
}

/** A primitive where its type is not declared (an `object` member or element): MemberPrimitiveTyped. */
export class Boxed {
  constructor(
    readonly decl: NetDecl,
    readonly value: unknown,
  ) {}
}

/** The type .NET writes a value as (WriteObjectInfo's type): a node's own, or a primitive's. */
export function typeOfValue(v: unknown): NetDecl {
  if (typeof v === 'string') return STRING;
  if (v instanceof NetObject || v instanceof NetArray || v instanceof Boxed) return v instanceof Boxed ? v.decl : v.type;
  return OBJECT;
}
