import { SerializationException } from '../errors.js';
import { ARRAYLIST, Boxed, HASHTABLE, ICOMPARER, IHASHCODEPROVIDER, INT32, NetArray, type NetDecl, NetObject, OBJECT, SINGLE, arrayDecl, comparerDecl, keyValueDecl, primDecl } from './net-types.js';
import { type Place, equalityKey } from './net-values.js';
import { PrimitiveType } from './records.js';
import type { DateTime, Decimal } from './values.js';

/**
 * How .NET's own types are laid out when the writer makes them from JavaScript values: List<T>,
 * Dictionary<K, V> and Hashtable with the members their GetObjectData or fields give (sized as
 * .NET Framework sizes them), and a boxed primitive at a message's root.
 */

/** Hashtable's stored load factor: 0.72f times the requested 1.0 */
const HASHTABLE_LOAD_FACTOR = Math.fround(0.72);

/** ArrayList's fields; its items are filled as the array's elements are written. */
export function arrayListNode(): NetObject {
  return new NetObject(ARRAYLIST, ['_items', '_size', '_version'], [arrayDecl(OBJECT), INT32, INT32], [new NetArray(arrayDecl(OBJECT), [0], []), 0, 0], false);
}

/** What Dictionary<K, V>.GetObjectData writes; finishBuckets fills it once the pairs are known. */
export function dictionaryNode(decl: NetDecl): NetObject {
  return new NetObject(decl, ['Version', 'Comparer', 'HashSize', 'KeyValuePairs'], [INT32, comparerDecl(decl.element!), INT32, arrayDecl(keyValueDecl(decl.element!, decl.second!))], [0, null, 0, null], true);
}

/** What Hashtable.GetObjectData writes (no comparer: .NET's default); finishHashtable fills it. */
export function hashtableNode(): NetObject {
  return new NetObject(HASHTABLE, ['LoadFactor', 'Version', 'Comparer', 'HashCodeProvider', 'HashSize', 'Keys', 'Values'], [SINGLE, INT32, ICOMPARER, IHASHCODEPROVIDER, INT32, arrayDecl(OBJECT), arrayDecl(OBJECT)], [HASHTABLE_LOAD_FACTOR, 0, null, null, 0, null, null], true);
}

/** What HashSet<T>.GetObjectData writes; finishBuckets fills it once the elements are known. */
export function hashSetNode(decl: NetDecl): NetObject {
  return new NetObject(decl, ['Version', 'Comparer', 'Capacity', 'Elements'], [INT32, comparerDecl(decl.element!), INT32, arrayDecl(decl.element!)], [0, null, 0, null], true);
}

export function listNode(decl: NetDecl, items: unknown[]): NetObject {
  const array = arrayDecl(decl.element!);
  return new NetObject(decl, ['_items', '_size', '_version'], [array, INT32, INT32], [new NetArray(array, [items.length], items), items.length, items.length], false);
}

/**
 * Fills a Dictionary<K, V> (its KeyValuePair structs) or a HashSet<T> (its elements) as their
 * GetObjectData writes them: the count as Version, `comparer` (the graph's one
 * EqualityComparer<K>.Default object: .NET's is a singleton, so all dictionaries and sets of a
 * key type refer to one), the bucket count .NET reaches by adding the items one by one, then the
 * items. An empty one has no buckets in .NET, so its size is 0 and it has no items member.
 */
export function finishBuckets(node: NetObject, items: unknown[], comparer: NetObject, at: Place): void {
  const n = items.length;
  const dictionary = node.type.shape === 'dictionary';
  uniqueKeys(dictionary ? (items as NetObject[]).map((pair) => pair.values[0]) : items, dictionary, at);
  node.values[0] = n;
  node.values[1] = comparer;
  if (n === 0) {
    node.names.length = node.types.length = node.values.length = 3;
    return;
  }
  node.values[2] = dictionarySize(n);
  node.values[3] = new NetArray(node.types[3]!, [n], items);
}

export function finishHashtable(table: NetObject, keys: unknown[], values: unknown[], at: Place): void {
  uniqueKeys(keys, true, at);
  table.values[1] = keys.length;
  table.values[4] = hashtableSize(keys.length);
  table.values[5] = new NetArray(arrayDecl(OBJECT), [keys.length], keys);
  table.values[6] = new NetArray(arrayDecl(OBJECT), [values.length], values);
}

/**
 * Keys .NET would refuse: a null key of a map, or two keys (or set elements) equal by .NET's
 * Equals that JavaScript tells apart (1 and 1n as Int64, two DateTime objects of the same ticks): .NET's Deserialize throws
 * "An item with the same key has already been added" on them.
 */
function uniqueKeys(keys: readonly unknown[], map: boolean, at: Place): void {
  const seen = new Map<unknown, number>();
  keys.forEach((k, i) => {
    if (k === null) {
      if (map) throw new SerializationException('TYPE_MISMATCH', `${at.where()} has a null or undefined key (#${i}), which .NET does not allow`);
      return;
    }
    const key = equalityKey(k);
    const first = seen.get(key);
    if (first !== undefined) {
      throw new SerializationException('TYPE_MISMATCH', `${at.where()} has ${map ? 'keys' : 'elements'} #${first} and #${i} that .NET sees as equal (${String(key).replace(/^:/, '')}), and .NET refuses a stream with both`);
    }
    seen.set(key, i);
  });
}

/** The root of a message: a boxed primitive at the root is the struct itself (System.Int32 { m_value } …). */
export function rootNode(root: unknown): NetObject | NetArray | string {
  if (typeof root === 'string' || root instanceof NetObject || root instanceof NetArray) return root;
  if (root instanceof Boxed) {
    const d = root.decl;
    const v = root.value;
    switch (d.prim) {
      case PrimitiveType.DateTime: {
        const dt = v as DateTime;
        return new NetObject(d, ['ticks', 'dateData'], [primDecl(PrimitiveType.Int64), primDecl(PrimitiveType.UInt64)], [dt.ticks, dt.dateData], false);
      }
      case PrimitiveType.Decimal: {
        const [flags, hi, lo, mid] = decimalBits(v as Decimal);
        return new NetObject(d, ['flags', 'hi', 'lo', 'mid'], [INT32, INT32, INT32, INT32], [flags, hi, lo, mid], false);
      }
      case PrimitiveType.TimeSpan:
        return new NetObject(d, ['_ticks'], [primDecl(PrimitiveType.Int64)], [v], false);
      default:
        return new NetObject(d, ['m_value'], [d], [v], false);
    }
  }
  throw new SerializationException('INVALID_ARGUMENT', 'a .NET stream cannot have a null root (.NET\'s BinaryFormatter throws ArgumentNullException for it too)');
}

function decimalBits(d: Decimal): [number, number, number, number] {
  const abs = d.mantissa < 0n ? -d.mantissa : d.mantissa;
  const flags = ((d.scale << 16) | (d.isNegative ? 0x80000000 : 0)) | 0;
  return [flags, Number((abs >> 64n) & 0xffffffffn) | 0, Number(abs & 0xffffffffn) | 0, Number((abs >> 32n) & 0xffffffffn) | 0];
}

// --- sizes .NET Framework gives its hash tables (HashHelpers), so a reader sizes them as .NET would ---

const PRIMES = [
  3, 7, 11, 17, 23, 29, 37, 47, 59, 71, 89, 107, 131, 163, 197, 239, 293, 353, 431, 521, 631, 761, 919, 1103, 1327, 1597, 1931, 2333, 2801, 3371, 4049,
  4861, 5839, 7013, 8419, 10103, 12143, 14591, 17519, 21023, 25229, 30293, 36353, 43627, 52361, 62851, 75431, 90523, 108631, 130363, 156437, 187751,
  225307, 270371, 324449, 389357, 467237, 560689, 672827, 807403, 968897, 1162687, 1395263, 1674319, 2009191, 2411033, 2893249, 3471899, 4166287,
  4999559, 5999471, 7199369,
];

function isPrime(n: number): boolean {
  if ((n & 1) === 0) return n === 2;
  for (let d = 3; d * d <= n; d += 2) if (n % d === 0) return false;
  return true;
}

function getPrime(min: number): number {
  for (const p of PRIMES) if (p >= min) return p;
  for (let i = min | 1; i < 0x7fffffff; i += 2) if (isPrime(i) && (i - 1) % 101 !== 0) return i;
  return min;
}

/** Buckets of a Dictionary (or HashSet) filled by `n` Adds: 3, then the prime past twice the size each time it fills. */
function dictionarySize(n: number): number {
  let size = 3;
  while (n > size) size = getPrime(2 * size);
  return size;
}

/** Buckets of a Hashtable filled by `n` inserts (it grows when its count reaches 0.72 of them). */
function hashtableSize(n: number): number {
  let size = 3;
  let load = Math.trunc(Math.fround(HASHTABLE_LOAD_FACTOR * size));
  for (let count = 0; count < n; count++) {
    if (count >= load) {
      size = getPrime(2 * size);
      load = Math.trunc(Math.fround(HASHTABLE_LOAD_FACTOR * size));
    }
  }
  return size;
}

