/**
 * Hash flooding defence for the Maps and Sets a stream fills.
 *
 * V8 hashes strings and objects with a per-process seed, but numbers and bigints without one
 * (Node 20, V8 11.3; unchanged in later versions): an int32 by Thomas Wang's 32-bit mix, any
 * other double by a 64-bit mix of its bits, a bigint by the same mix of the low 64 bits of its
 * magnitude. Keys chosen to share a hash all land in one bucket of the Map's hash table, and
 * each insertion walks that whole chain: 40,000 such keys (~200 kB) cost ~10⁹ comparisons.
 *
 * The guard models the table: for every number or bigint key of a collection past
 * GUARD_FROM entries it computes V8's hash, keeps the bucket counts of a table of the size V8
 * would have, and adds the length of the chain each insertion walked. A collection whose keys
 * walk more than MAX_WALK_PER_KEY steps per insertion on average (random keys walk 1–2) is refused,
 * so filling any collection stays linear in its size. The model only has to be close: should a
 * future V8 change the mix, the count is of a random-looking function and stays small.
 */

/** Collections are guarded from this size on: the quadratic cost below it is bounded (256² / 2 steps). */
export const GUARD_FROM = 256;
/** Average chain steps per key allowed; the slack absorbs the first keys of a small table. */
const MAX_WALK_PER_KEY = 8;
const WALK_SLACK = 4096;

interface TableModel {
  /** V8's hash of every number/bigint key inserted so far */
  hashes: Int32Array;
  n: number;
  /** chain lengths of a table with `mask + 1` buckets */
  counts: Int32Array;
  mask: number;
  /** chain steps walked so far, by `ops` insertions and lookups of keys set again */
  walked: number;
  ops: number;
}

export class HashFloodGuard {
  private models = new Map<object, TableModel>();
  private lastCollection: object | null = null;
  private last: TableModel | null = null;

  reset(): void {
    if (this.models.size > 0) this.models.clear();
    this.lastCollection = null;
    this.last = null;
  }

  /**
   * `key` was just set in `collection` (`isNew`: it was not there before; a key set again walks
   * its chain too). False when the collection's keys collide beyond the bound.
   */
  added(collection: Map<unknown, unknown> | Set<unknown>, key: number | bigint, isNew: boolean): boolean {
    let model: TableModel;
    if (this.lastCollection === collection) {
      model = this.last!;
      insert(model, hashOf(key), isNew);
    } else {
      const known = this.models.get(collection);
      if (known === undefined) {
        model = startModel(collection); // its keys so far, `key` included
        if (!isNew) insert(model, hashOf(key), false);
        this.models.set(collection, model);
      } else {
        model = known;
        insert(model, hashOf(key), isNew);
      }
      this.lastCollection = collection;
      this.last = model;
    }
    return within(model);
  }
}

function within(model: TableModel): boolean {
  return model.walked <= MAX_WALK_PER_KEY * model.ops + WALK_SLACK;
}

/** A model of `collection` as it stands (its keys so far, its last one included). */
function startModel(collection: Map<unknown, unknown> | Set<unknown>): TableModel {
  const model: TableModel = { hashes: new Int32Array(Math.max(GUARD_FROM * 2, collection.size * 2)), n: 0, counts: new Int32Array(0), mask: -1, walked: 0, ops: 0 };
  for (const k of collection.keys()) if (typeof k === 'number' || typeof k === 'bigint') insert(model, hashOf(k), true);
  return model;
}

/** One insertion (or lookup of a key already there): walks the chain of its bucket (V8 grows the table when it is full). */
function insert(model: TableModel, h: number, isNew: boolean): void {
  model.ops++;
  if (!isNew) {
    model.walked += model.counts[h & model.mask]!;
    return;
  }
  if (model.n === model.hashes.length) {
    const grown = new Int32Array(model.hashes.length * 2);
    grown.set(model.hashes);
    model.hashes = grown;
  }
  model.hashes[model.n++] = h;
  // V8's OrderedHashTable: capacity a power of two >= entries, buckets = capacity / 2.
  if (model.n > 2 * (model.mask + 1)) {
    let buckets = Math.max(2, model.mask + 1);
    while (2 * buckets < model.n) buckets *= 2;
    model.mask = buckets - 1;
    model.counts = new Int32Array(buckets);
    for (let i = 0; i < model.n - 1; i++) model.counts[model.hashes[i]! & model.mask]!++;
  }
  const b = h & model.mask;
  model.walked += model.counts[b]!;
  model.counts[b]!++;
}

// -- V8's unseeded hashes (src/utils/utils.h: ComputeUnseededHash, ComputeLongHash) ----------

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function hashOf(key: number | bigint): number {
  if (typeof key === 'bigint') {
    const m = key < 0n ? -key : key;
    return longHash(Number((m >> 32n) & 0xffffffffn), Number(m & 0xffffffffn));
  }
  if ((key | 0) === key) return intHash(key); // -0 too: SameValueZero makes it 0
  f64[0] = key;
  return LITTLE_ENDIAN ? longHash(u32[1]!, u32[0]!) : longHash(u32[0]!, u32[1]!);
}

/** ComputeUnseededHash: Thomas Wang's 32-bit integer mix. */
export function intHash(key: number): number {
  let h = key >>> 0;
  h = (~h + (h << 15)) >>> 0;
  h = (h ^ (h >>> 12)) >>> 0;
  h = (h + (h << 2)) >>> 0;
  h = (h ^ (h >>> 4)) >>> 0;
  h = Math.imul(h, 2057) >>> 0;
  h = (h ^ (h >>> 16)) >>> 0;
  return h & 0x3fffffff;
}

/** ComputeLongHash of the 64-bit value hi:lo, in 32-bit halves (no bigint arithmetic). */
export function longHash(hi: number, lo: number): number {
  // h = ~h + (h << 18)
  let sh = ((hi << 18) | (lo >>> 14)) >>> 0;
  let sl = (lo << 18) >>> 0;
  let s = (~lo >>> 0) + sl;
  lo = s >>> 0;
  hi = ((~hi >>> 0) + sh + (s > 0xffffffff ? 1 : 0)) >>> 0;
  // h ^= h >> 31
  lo = (lo ^ ((lo >>> 31) | (hi << 1))) >>> 0;
  hi = (hi ^ (hi >>> 31)) >>> 0;
  // h *= 21 (h + (h << 2) + (h << 4))
  const l2 = (lo << 2) >>> 0;
  const h2 = ((hi << 2) | (lo >>> 30)) >>> 0;
  const l4 = (lo << 4) >>> 0;
  const h4 = ((hi << 4) | (lo >>> 28)) >>> 0;
  s = lo + l2;
  let carry = s > 0xffffffff ? 1 : 0;
  let nl = s >>> 0;
  let nh = (hi + h2 + carry) >>> 0;
  s = nl + l4;
  carry = s > 0xffffffff ? 1 : 0;
  lo = s >>> 0;
  hi = (nh + h4 + carry) >>> 0;
  // h ^= h >> 11
  lo = (lo ^ ((lo >>> 11) | (hi << 21))) >>> 0;
  hi = (hi ^ (hi >>> 11)) >>> 0;
  // h += h << 6
  sl = (lo << 6) >>> 0;
  sh = ((hi << 6) | (lo >>> 26)) >>> 0;
  s = lo + sl;
  nl = s >>> 0;
  nh = (hi + sh + (s > 0xffffffff ? 1 : 0)) >>> 0;
  // h ^= h >> 22
  lo = (nl ^ ((nl >>> 22) | (nh << 10))) >>> 0;
  return lo & 0x3fffffff;
}
