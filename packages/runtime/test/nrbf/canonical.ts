import { DateTime, Decimal } from '@weft/runtime';

/**
 * One comparable form for what NrbfFormatter gives and what the C# side reported
 * (mono-corpus/expected.json, see its README): both become JSON-able trees whose objects have
 * sorted keys and ids numbered in one depth-first walk, so graphs with the same shape — shared
 * references and cycles included — give equal trees whatever order their members were read in.
 */

/** A class or struct instance of expected.json, rebuilt with identity. */
export class ExpectedObject {
  constructor(
    readonly type: string,
    readonly fields: Record<string, unknown>,
  ) {}
}

/** expected.json conventions → JavaScript values as NrbfFormatter should give them. */
export function fromExpected(j: unknown, ids = new Map<number, ExpectedObject>()): unknown {
  if (j === null || typeof j !== 'object') return j;
  if (Array.isArray(j)) return j.map((x) => fromExpected(x, ids));
  const o = j as Record<string, any>;
  if ('$ref' in o) {
    const target = ids.get(o.$ref);
    if (target === undefined) throw new Error(`expected.json: $ref ${o.$ref} before its $id`);
    return target;
  }
  if ('$type' in o) {
    const out = new ExpectedObject(o.$type, {});
    if (typeof o.$id === 'number') ids.set(o.$id, out);
    for (const [k, v] of Object.entries(o)) if (k !== '$type' && k !== '$id') out.fields[k] = fromExpected(v, ids);
    return out;
  }
  if ('$double' in o) return o.$double === '-0' ? -0 : Number(o.$double);
  if ('$int64' in o) return BigInt(o.$int64);
  if ('$uint64' in o) return BigInt(o.$uint64);
  if ('$timespan' in o) return BigInt(o.$timespan);
  if ('$char' in o) return String.fromCharCode(o.$char);
  if ('$decimal' in o) return Decimal.parse(o.$decimal);
  if ('$datetime' in o) return new DateTime(BigInt(o.$datetime.ticks), o.$datetime.kind);
  if ('$guid' in o) return o.$guid;
  if ('$enum' in o) return o.value;
  if ('$set' in o) return new Set(o.$set.map((x: unknown) => fromExpected(x, ids)));
  if ('$map' in o) return new Map(o.$map.map(([k, v]: [unknown, unknown]) => [fromExpected(k, ids), fromExpected(v, ids)]));
  if ('$array' in o) {
    // NrbfFormatter's documented shape: nested arrays, row-major, lower bounds dropped
    const { lengths, items } = o.$array as { lengths: number[]; items: unknown[] };
    let flat = 0;
    const build = (dim: number): unknown[] =>
      Array.from({ length: lengths[dim]! }, () => (dim === lengths.length - 1 ? fromExpected(items[flat++], ids) : build(dim + 1)));
    return build(0);
  }
  if ('$summary' in o) return o;
  throw new Error(`expected.json: unknown value ${JSON.stringify(o).slice(0, 80)}`);
}

/** How the canonical walk sees a class instance: its .NET type and fields; null for other objects. */
export type InstanceView = (o: object) => { type: string; fields: Record<string, unknown>; struct?: boolean } | null;

/** The canonical tree of a value (see the file comment). */
export function canonical(v: unknown, view: InstanceView, ids = new Map<object, number>()): unknown {
  if (v === undefined || v === null) return null;
  switch (typeof v) {
    case 'number':
      return Object.is(v, -0) ? { $double: '-0' } : Number.isFinite(v) ? v : { $double: String(v) };
    case 'bigint':
      return { $bigint: v.toString() };
    case 'string':
    case 'boolean':
      return v;
    case 'object':
      break;
    default:
      return { $unexpected: typeof v };
  }
  if (v instanceof DateTime) return { $datetime: [v.ticks.toString(), v.kind] };
  if (v instanceof Decimal) return { $decimal: v.toString() };
  if (Array.isArray(v) || ArrayBuffer.isView(v)) return Array.from(v as ArrayLike<unknown>, (x) => canonical(x, view, ids));
  if (v instanceof Set) return { $set: [...v].map((x) => canonical(x, view, ids)) };
  if (v instanceof Map) return { $map: [...v].map(([k, x]) => [canonical(k, view, ids), canonical(x, view, ids)]) };
  const inst = v instanceof ExpectedObject ? { type: v.type, fields: v.fields, struct: STRUCTS.has(v.type) } : view(v);
  if (inst === null) return { $plain: Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k], view, ids)])) };
  const out: Record<string, unknown> = { $type: inst.type };
  if (!inst.struct) {
    const seen = ids.get(v);
    if (seen !== undefined) return { $ref: seen };
    ids.set(v, ids.size + 1);
    out.$id = ids.size;
  }
  for (const k of Object.keys(inst.fields).sort()) out[k] = canonical(inst.fields[k], view, ids);
  return out;
}

/** .NET value types of the corpus: written inline, never shared, so they carry no id. */
const STRUCTS = new Set(['WeftCorpus.Point']);
