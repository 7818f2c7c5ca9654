import type {
  NrbfArrayRecord,
  NrbfClassRecord,
  NrbfGraph,
  NrbfMemberType,
  NrbfPrimitiveTypeName,
  NrbfRecord,
  NrbfValue,
} from './records.js';
import { assemblySimpleName } from './type-names.js';
import { DateTime, Decimal } from './values.js';

/**
 * What `weft inspect` shows of a .NET BinaryFormatter (MS-NRBF) stream: the records decodeNrbf
 * read, as an indented text tree or as a JSON document, one per message. Nothing is created
 * from the stream's type names. The walks use explicit stacks and queues (no recursion), so a
 * hostile stream — records nested as deep as limits.maxDepth allows, or chains of thousands of
 * references — cannot overflow the JavaScript stack; the text tree is cut at `maxTreeDepth`
 * levels and continued below.
 */

export interface NrbfInspectOptions {
  /** elements of an array shown in the text before "… (M more)" (default 50) */
  maxElements?: number;
  /** UTF-16 units of a string shown in the text before it is cut with "…" and its length (default 80) */
  maxStringChars?: number;
  /** nesting levels of the text tree; a record deeper is continued below the tree (default 64) */
  maxTreeDepth?: number;
}

const DEFAULTS: Required<NrbfInspectOptions> = { maxElements: 50, maxStringChars: 80, maxTreeDepth: 64 };

// ---------------------------------------------------------------------------------------------
// shared

type Container = NrbfClassRecord | NrbfArrayRecord;

const isContainer = (v: unknown): v is Container =>
  typeof v === 'object' && v !== null && !(v instanceof DateTime) && !(v instanceof Decimal) && ((v as NrbfRecord).kind === 'class' || (v as NrbfRecord).kind === 'array');

/** Whether an array's elements are a typed array or plain array of primitives (not NrbfValues). */
const hasPrimitiveElements = (a: NrbfArrayRecord): boolean => a.elementType.binaryType === 'Primitive';

/** The record's members or elements that may hold records (none for a primitive array). */
function children(rec: Container): ArrayLike<NrbfValue> {
  if (rec.kind === 'class') return rec.values;
  return hasPrimitiveElements(rec) ? [] : (rec.elements as readonly NrbfValue[]);
}

/** The declared primitive type of a member or element, if it is one. */
const primitiveOf = (t: NrbfMemberType | null): NrbfPrimitiveTypeName | null => (t !== null && t.binaryType === 'Primitive' ? t.primitiveType : null);

/** Every record reachable from the root, and every string value met on the way (strings are values, not records, in the graph). */
function reachable(graph: NrbfGraph): { records: Set<NrbfRecord>; strings: Set<string> } {
  const records = new Set<NrbfRecord>();
  const strings = new Set<string>();
  const stack: Container[] = [];
  const reach = (v: NrbfValue): void => {
    if (typeof v === 'string') strings.add(v);
    else if (isContainer(v) && !records.has(v)) {
      records.add(v);
      stack.push(v);
    }
  };
  reach(graph.root);
  const root = graph.records.get(graph.rootId);
  if (root !== undefined) records.add(root);
  while (stack.length > 0) {
    const c = children(stack.pop()!);
    for (let i = 0; i < c.length; i++) reach(c[i]!);
  }
  return { records, strings };
}

function isReachable(rec: NrbfRecord, r: { records: Set<NrbfRecord>; strings: Set<string> }): boolean {
  return rec.kind === 'string' ? r.records.has(rec) || r.strings.has(rec.value) : r.records.has(rec);
}

/** The name of a member's (or element's) type: `Int32`, `String`, `Object`, `Class Ns.Leaf`, `Int32[]`. */
function memberTypeName(t: NrbfMemberType): string {
  switch (t.binaryType) {
    case 'Primitive': return t.primitiveType;
    case 'PrimitiveArray': return `${t.primitiveType}[]`;
    case 'String': return 'String';
    case 'Object': return 'Object';
    case 'ObjectArray': return 'Object[]';
    case 'StringArray': return 'String[]';
    case 'SystemClass': return `SystemClass ${safe(t.typeName, 200)}`;
    case 'Class': return `Class ${safe(t.typeName, 200)}`;
  }
}

/** Characters that would break a line, steer a terminal or reorder text: shown as \u escapes. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const escapeUnsafe = (s: string): string => s.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** The first `max` UTF-16 units of `s`, not splitting a surrogate pair. */
function head(s: string, max: number): string {
  let n = Math.min(max, s.length);
  if (n > 0 && n < s.length) {
    const c = s.charCodeAt(n - 1);
    if (c >= 0xd800 && c <= 0xdbff) n--;
  }
  return s.slice(0, n);
}

/** A name from the stream (type, member, library) for a line of text: unsafe characters escaped, long ones cut. */
function safe(s: string, max = 200): string {
  return s.length > max ? `${escapeUnsafe(head(s, max))}… (${s.length} chars)` : escapeUnsafe(s);
}

/** A string value, quoted. */
function quote(s: string, max: number): string {
  if (s.length <= max) return escapeUnsafe(JSON.stringify(s));
  return `${escapeUnsafe(JSON.stringify(head(s, max)))}… (${s.length} chars)`;
}


const KIND_NAMES = ['Unspecified', 'Utc', 'Local'];
const kindName = (d: DateTime): string => (d.ambiguousDst ? 'Local, ambiguous DST' : KIND_NAMES[d.kind] ?? String(d.kind));

/** The shortest decimal text that reads back as the same float32. */
function float32Text(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Object.is(v, -0)) return '-0';
  for (let p = 1; p <= 9; p++) {
    const s = Number(v.toPrecision(p));
    if (Math.fround(s) === v) return String(s);
  }
  return String(v);
}

const numberText = (v: number, t: NrbfPrimitiveTypeName | null): string =>
  t === 'Single' ? float32Text(v) : Object.is(v, -0) ? '-0' : String(v);

const TICKS_PER_SECOND = 10_000_000n;

/** A TimeSpan's ticks as .NET's "c" format: [-][d.]hh:mm:ss[.fffffff]. */
function timeSpanText(ticks: bigint): string {
  const neg = ticks < 0n;
  let t = neg ? -ticks : ticks;
  const frac = t % TICKS_PER_SECOND;
  t /= TICKS_PER_SECOND;
  const s = t % 60n;
  t /= 60n;
  const m = t % 60n;
  t /= 60n;
  const h = t % 24n;
  const d = t / 24n;
  const two = (x: bigint): string => x.toString().padStart(2, '0');
  return `${neg ? '-' : ''}${d > 0n ? `${d}.` : ''}${two(h)}:${two(m)}:${two(s)}${frac > 0n ? `.${frac.toString().padStart(7, '0')}` : ''}`;
}

/** The primitive type of a raw value whose member type does not say (it always does in a decoded graph). */
function guessPrimitive(v: unknown): NrbfPrimitiveTypeName | null {
  if (typeof v === 'boolean') return 'Boolean';
  if (typeof v === 'bigint') return 'Int64';
  if (typeof v === 'number') return 'Double';
  if (v instanceof DateTime) return 'DateTime';
  if (v instanceof Decimal) return 'Decimal';
  return null;
}

/**
 * A primitive as text: `1234567890123`, `2024-02-29T12:34:56.1234567Z (Utc)`. With `inline`
 * (its type not already given by its member or array), the type follows: `1234567890123 (Int64)`.
 */
function primitiveText(v: unknown, t: NrbfPrimitiveTypeName | null, inline: boolean, maxString: number): string {
  const type = t ?? guessPrimitive(v);
  let core: string;
  let extra: string | null = null;
  if (v instanceof DateTime) {
    core = v.toISOString();
    extra = kindName(v);
  } else if (v instanceof Decimal) core = v.toString();
  else if (typeof v === 'bigint') core = type === 'TimeSpan' ? timeSpanText(v) : v.toString();
  else if (typeof v === 'number') core = numberText(v, type);
  else if (typeof v === 'string') core = quote(v, maxString);
  else core = String(v);
  const parts = [inline ? type : null, extra].filter((p) => p !== null);
  return parts.length > 0 ? `${core} (${parts.join(', ')})` : core;
}

// ---------------------------------------------------------------------------------------------
// text

/** A line of the tree still to be written: a value under a label, or a ready line. */
type Task =
  | { depth: number; label: string; declared: NrbfMemberType | null; value: NrbfValue; element?: boolean }
  | { depth: number; line: string };

/** The heading of a class or array record (its id, type and record type). */
function heading(rec: Container): string {
  if (rec.kind === 'class') {
    return `#${rec.id} ${safe(rec.typeName)} (${rec.libraryName === null ? 'system' : safe(assemblySimpleName(rec.libraryName))}) [${rec.recordType}]`;
  }
  return `#${rec.id} Array of ${memberTypeName(rec.elementType)}: ${rec.arrayType}, rank ${rec.rank}, lengths [${rec.lengths.join(', ')}], lowerBounds [${rec.lowerBounds.join(', ')}] [${rec.recordType}]`;
}

/** Whether a member's declared type says no more than the heading of the record it holds. */
function sameType(declared: NrbfMemberType, rec: Container): boolean {
  switch (declared.binaryType) {
    case 'Class':
    case 'SystemClass':
      return rec.kind === 'class' ? declared.typeName === rec.typeName : declared.typeName.endsWith(']');
    case 'ObjectArray':
    case 'StringArray':
    case 'PrimitiveArray':
      return rec.kind === 'array';
    default:
      return false;
  }
}

/** The index of element `i` (row-major) of an array, with its lower bounds: `[5]`, `[1,2]`. */
function elementLabel(rec: NrbfArrayRecord, i: number): string {
  if (rec.rank <= 1) return `[${i + (rec.lowerBounds[0] ?? 0)}]`;
  const idx: number[] = new Array<number>(rec.rank);
  let rest = i;
  for (let d = rec.rank - 1; d >= 0; d--) {
    const len = rec.lengths[d]!;
    idx[d] = (len === 0 ? 0 : rest % len) + rec.lowerBounds[d]!;
    rest = len === 0 ? 0 : Math.floor(rest / len);
  }
  return `[${idx.join(',')}]`;
}

/**
 * One message as an indented text tree: a heading (graph number, bytes, root id), the
 * libraries, the records from the root (each record once; later occurrences are `→ #id`),
 * records nested deeper than maxTreeDepth continued below, then the records the root does not
 * reach.
 */
export function nrbfGraphToText(graph: NrbfGraph, index: number, options: NrbfInspectOptions = {}): string {
  const o = { ...DEFAULTS, ...options };
  const maxElements = Math.max(0, o.maxElements);
  const maxDepth = Math.max(1, o.maxTreeDepth);
  const lines: string[] = [
    `graph ${index + 1} (bytes ${graph.offset}..${graph.offset + graph.length - 1}, ${graph.length} bytes): .NET BinaryFormatter (MS-NRBF) message, root #${graph.rootId}`,
  ];
  if (graph.libraries.size > 0) {
    lines.push('  libraries:');
    for (const [id, name] of graph.libraries) lines.push(`    #${id} ${safe(name)}`);
  }
  const printed = new Set<NrbfRecord>();
  const continued: Container[] = [];

  const walk = (first: Task): void => {
    const stack: Task[] = [first];
    while (stack.length > 0) {
      const task = stack.pop()!;
      const pad = '  '.repeat(task.depth);
      if ('line' in task) {
        lines.push(pad + task.line);
        continue;
      }
      const { label, declared, value: v, depth } = task;
      // A member's type is shown once: not again for an element (its array's heading says it),
      // nor for a record whose own heading names the same type.
      const showType = declared !== null && task.element !== true && !(isContainer(v) && !printed.has(v) && sameType(declared, v));
      const prefix = label === '' ? '' : showType ? `${label}: ${memberTypeName(declared!)} = ` : `${label}: `;
      const prim = primitiveOf(declared);
      if (v === null) lines.push(`${pad}${prefix}null`);
      else if (typeof v === 'string' && prim === null) lines.push(`${pad}${prefix}${quote(v, o.maxStringChars)}`);
      else if (typeof v !== 'object' || v instanceof DateTime || v instanceof Decimal) {
        lines.push(`${pad}${prefix}${primitiveText(v, prim, prim === null, o.maxStringChars)}`);
      } else if (v.kind === 'primitive') lines.push(`${pad}${prefix}${primitiveText(v.value, v.primitiveType, true, o.maxStringChars)}`);
      else if (v.kind === 'string') lines.push(`${pad}${prefix}#${v.id} ${quote(v.value, o.maxStringChars)}`);
      else if (printed.has(v)) lines.push(`${pad}${prefix}→ #${v.id}`);
      else if (depth > maxDepth) {
        lines.push(`${pad}${prefix}${heading(v)} … (nested deeper than ${maxDepth} levels: continued below)`);
        continued.push(v);
      } else {
        printed.add(v);
        lines.push(`${pad}${prefix}${heading(v)}`);
        const d = depth + 1;
        if (v.kind === 'class') {
          if (v.values.length === 0) lines[lines.length - 1] += ' {}';
          for (let i = v.values.length - 1; i >= 0; i--) {
            stack.push({ depth: d, label: safe(v.memberNames[i] ?? `#${i}`), declared: v.memberTypes?.[i] ?? null, value: v.values[i]! });
          }
        } else {
          const n = v.elements.length;
          const shown = Math.min(n, maxElements);
          if (shown < n) stack.push({ depth: d, line: `… (${n - shown} more)` });
          const elements = v.elements as ArrayLike<NrbfValue>;
          for (let i = shown - 1; i >= 0; i--) {
            stack.push({ depth: d, label: elementLabel(v, i), declared: v.elementType, value: elements[i]!, element: true });
          }
        }
      }
    }
  };

  lines.push('  root:');
  const root = graph.records.get(graph.rootId);
  // a root string is a value in the graph: show it with its record's id
  walk({ depth: 2, label: '', declared: null, value: root?.kind === 'string' ? root : graph.root });
  if (root !== undefined) printed.add(root);
  const flush = (): void => {
    while (continued.length > 0) {
      const rec = continued.shift()!;
      if (!printed.has(rec)) walk({ depth: 2, label: '', declared: null, value: rec });
    }
  };
  if (continued.length > 0) {
    lines.push(`  continued (records nested deeper than ${maxDepth} levels):`);
    flush();
  }
  const r = reachable(graph);
  const unreached = [...graph.records.values()].filter((rec) => !isReachable(rec, r));
  if (unreached.length > 0) {
    lines.push(`  not reachable from the root (${unreached.length} record${unreached.length === 1 ? '' : 's'}):`);
    for (const rec of unreached) {
      if (printed.has(rec)) continue;
      walk({ depth: 2, label: '', declared: null, value: rec });
      printed.add(rec);
      flush();
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Every message as text (see nrbfGraphToText), one block after another. */
export function nrbfToText(graphs: readonly NrbfGraph[], options?: NrbfInspectOptions): string {
  return graphs.map((g, i) => nrbfGraphToText(g, i, options)).join('');
}

// ---------------------------------------------------------------------------------------------
// JSON

/** A JSON value (what JSON.stringify writes as it is). */
export type NrbfJson = null | boolean | number | string | NrbfJson[] | { [key: string]: NrbfJson };

/**
 * A primitive in JSON: booleans and 8- to 32-bit integers as numbers; Single and Double as
 * numbers, or "NaN", "Infinity", "-Infinity", "-0"; Int64, UInt64, TimeSpan (ticks) and Decimal
 * as strings of digits; Char as a one-unit string; DateTime as { iso, ticks, kind }.
 */
function jsonScalar(v: unknown): NrbfJson {
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return Number.isFinite(v) && !Object.is(v, -0) ? v : Object.is(v, -0) ? '-0' : String(v);
  if (v instanceof DateTime) return { iso: v.toISOString(), ticks: v.ticks.toString(), kind: kindName(v) };
  if (v instanceof Decimal) return v.toString();
  if (typeof v === 'boolean' || typeof v === 'string') return v;
  return null;
}

const jsonSingle = (v: number): NrbfJson => (Number.isFinite(v) && !Object.is(v, -0) ? Number(float32Text(v)) : jsonScalar(v));

/** The JSON of one message (see nrbfGraphToJson). */
export interface NrbfInspectJson {
  format: 'MS-NRBF';
  /** 1-based, in stream order */
  graph: number;
  offset: number;
  length: number;
  headerId: number;
  rootId: number;
  root: NrbfJson;
  /** library id → assembly full name */
  libraries: Record<string, string>;
  /** every record by id (a record sharing a negative id with another is keyed "id@offset") */
  records: Record<string, NrbfJson>;
  /** the keys of the records the root does not reach */
  unreachable: string[];
  [key: string]: NrbfJson;
}

/**
 * One message as a JSON document (JSON.stringify it): the records by id, each value a tagged
 * object — `null`, `{"string": "…"}`, `{"primitive": "Int64", "value": "123"}` (with
 * `"boxed": true` for a MemberPrimitiveTyped record), `{"ref": 3}` for a class or array record
 * (plus `"key"` when its id is not unique: only hostile streams reuse negative ids). A
 * primitive array's `elements` is `{"primitive": "Int32", "values": [1, 2]}`. Every element is
 * listed; no bigint or non-finite number is left for JSON.stringify to fail on.
 */
export function nrbfGraphToJson(graph: NrbfGraph, index: number): NrbfInspectJson {
  const keys = new Map<NrbfRecord, string>();
  const used = new Set<string>();
  const queue: NrbfRecord[] = [];
  const keyOf = (rec: NrbfRecord & { id: number }): string => {
    let k = keys.get(rec);
    if (k === undefined) {
      k = String(rec.id);
      if (used.has(k)) k = `${rec.id}@${rec.offset}`;
      used.add(k);
      keys.set(rec, k);
      queue.push(rec);
    }
    return k;
  };
  // the stream's own ids first, so a record of the map keeps its plain id
  for (const rec of graph.records.values()) keyOf(rec as NrbfRecord & { id: number });

  const value = (v: NrbfValue, declared: NrbfMemberType | null): NrbfJson => {
    if (v === null) return null;
    const prim = primitiveOf(declared);
    if (typeof v === 'string' && prim === null) return { string: v };
    if (typeof v !== 'object' || v instanceof DateTime || v instanceof Decimal) {
      const t = prim ?? guessPrimitive(v);
      return { primitive: t, value: t === 'Single' ? jsonSingle(v as number) : jsonScalar(v) };
    }
    if (v.kind === 'primitive') return { primitive: v.primitiveType, value: v.primitiveType === 'Single' ? jsonSingle(v.value as number) : jsonScalar(v.value), boxed: true };
    const k = keyOf(v);
    return k === String(v.id) ? { ref: v.id } : { ref: v.id, key: k };
  };

  const records: Record<string, NrbfJson> = {};
  // records met through values join the queue as they are keyed: no recursion
  for (let q = 0; q < queue.length; q++) {
    const rec = queue[q]!;
    const key = keys.get(rec)!;
    switch (rec.kind) {
      case 'string':
        records[key] = { id: rec.id, kind: 'string', recordType: 'BinaryObjectString', offset: rec.offset, value: rec.value };
        break;
      case 'primitive':
        break;
      case 'class':
        records[key] = {
          id: rec.id,
          kind: 'class',
          recordType: rec.recordType,
          offset: rec.offset,
          typeName: rec.typeName,
          libraryName: rec.libraryName,
          members: rec.memberNames.map((name, i) => {
            const type = rec.memberTypes?.[i] ?? null;
            return { name, type: type as NrbfJson, value: value(rec.values[i] ?? null, type) };
          }),
        };
        break;
      case 'array': {
        let elements: NrbfJson;
        if (hasPrimitiveElements(rec)) {
          const t = primitiveOf(rec.elementType)!;
          const src = rec.elements as ArrayLike<unknown>;
          const values: NrbfJson[] = new Array<NrbfJson>(src.length);
          for (let i = 0; i < src.length; i++) values[i] = t === 'Single' ? jsonSingle(src[i] as number) : jsonScalar(src[i]);
          elements = { primitive: t, values };
        } else {
          const src = rec.elements as readonly NrbfValue[];
          const values: NrbfJson[] = new Array<NrbfJson>(src.length);
          for (let i = 0; i < src.length; i++) values[i] = value(src[i]!, rec.elementType);
          elements = values;
        }
        records[key] = {
          id: rec.id,
          kind: 'array',
          recordType: rec.recordType,
          offset: rec.offset,
          arrayType: rec.arrayType,
          rank: rec.rank,
          lengths: [...rec.lengths],
          lowerBounds: [...rec.lowerBounds],
          elementType: rec.elementType as NrbfJson,
          elements,
        };
        break;
      }
    }
  }
  const rootRec = graph.records.get(graph.rootId);
  const r = reachable(graph);
  const libraries: Record<string, string> = {};
  for (const [id, name] of graph.libraries) libraries[String(id)] = name;
  return {
    format: 'MS-NRBF',
    graph: index + 1,
    offset: graph.offset,
    length: graph.length,
    headerId: graph.headerId,
    rootId: graph.rootId,
    root: rootRec !== undefined ? { ref: graph.rootId } : value(graph.root, null),
    libraries,
    records,
    unreachable: [...keys].filter(([rec]) => !isReachable(rec, r)).map(([, k]) => k),
  };
}

/** Every message as a JSON document (see nrbfGraphToJson). */
export function nrbfToJson(graphs: readonly NrbfGraph[]): NrbfInspectJson[] {
  return graphs.map((g, i) => nrbfGraphToJson(g, i));
}
