import { SerializationException } from '../errors.js';

/**
 * The in-memory form of a weft JSON document while it is transcoded from binary. Objects keep
 * their entries as an ordered list (a JS object would move integer-like keys first), and carry
 * the binary object id so that "$id" is printed only on objects that some "$ref" names.
 */
export type JValue = null | boolean | number | string | JArray | JObject;

export class JArray {
  constructor(
    public items: JValue[] = [],
    public id = -1,
  ) {}
}

export class JObject {
  constructor(
    public entries: [string, JValue][] = [],
    public id = -1,
  ) {}
}

/** Keys of user data that start with "$" get one more "$", so "$…" keys are always markers. */
export function escapeKey(key: string): string {
  return key.charCodeAt(0) === 36 ? `$${key}` : key;
}

export function unescapeKey(key: string): string {
  return key.charCodeAt(0) === 36 && key.charCodeAt(1) === 36 ? key.slice(1) : key;
}

const COMPACT_WIDTH = 80;

/**
 * Prints a document. With indent > 0 every container that fits in 80 columns is printed on one
 * line and larger ones one entry per line, so the output is stable and diffs line by line.
 * With indent 0 the whole document is one line.
 */
export function printDocument(doc: JValue, referenced: ReadonlySet<number>, indent: number): string {
  const parts: string[] = [];
  if (indent <= 0) {
    compact(doc, referenced, parts, Infinity, false);
    return parts.join('');
  }
  const pad = ' '.repeat(indent);
  pretty(doc, referenced, parts, '', pad);
  return parts.join('');
}

/** Entries of an object as printed, with "$id" inserted when the object is referenced. */
function entriesOf(o: JObject, referenced: ReadonlySet<number>): [string, JValue][] {
  if (o.id < 0 || !referenced.has(o.id)) return o.entries;
  const e = o.entries;
  // "$id" goes after the kind marker ("$type", "$map", …) or first in a plain object.
  const at = e.length > 0 && e[0]![0].charCodeAt(0) === 36 && e[0]![0] !== '$proto' ? 1 : 0;
  return [...e.slice(0, at), ['$id', o.id], ...e.slice(at)];
}

function arrayAsObject(a: JArray): JObject {
  return new JObject([['$array', new JArray(a.items)]]);
}

/** Appends the one-line form of v; returns false (leaving garbage) once more than `budget` characters were needed. */
function compact(v: JValue, referenced: ReadonlySet<number>, parts: string[], budget: number, spaced: boolean): boolean {
  let used = 0;
  const push = (s: string): boolean => {
    parts.push(s);
    used += s.length;
    return used <= budget;
  };
  const walk = (x: JValue): boolean => {
    if (x instanceof JArray) {
      if (x.id >= 0 && referenced.has(x.id)) {
        const o = arrayAsObject(x);
        o.entries.unshift(['$id', x.id]);
        return walk(o);
      }
      if (!push('[')) return false;
      for (let i = 0; i < x.items.length; i++) {
        if (i > 0 && !push(spaced ? ', ' : ',')) return false;
        if (!walk(x.items[i]!)) return false;
      }
      return push(']');
    }
    if (x instanceof JObject) {
      const entries = entriesOf(x, referenced);
      if (entries.length === 0) return push('{}');
      if (!push(spaced ? '{ ' : '{')) return false;
      for (let i = 0; i < entries.length; i++) {
        if (i > 0 && !push(spaced ? ', ' : ',')) return false;
        if (!push(JSON.stringify(entries[i]![0]) + (spaced ? ': ' : ':'))) return false;
        if (!walk(entries[i]![1])) return false;
      }
      return push(spaced ? ' }' : '}');
    }
    return push(scalar(x));
  };
  return walk(v);
}

function pretty(v: JValue, referenced: ReadonlySet<number>, parts: string[], outer: string, pad: string): void {
  if (!(v instanceof JArray) && !(v instanceof JObject)) {
    parts.push(scalar(v));
    return;
  }
  const mark = parts.length;
  const room = Math.max(COMPACT_WIDTH - outer.length, 20);
  if (compact(v, referenced, parts, room, true)) return;
  parts.length = mark;
  const inner = outer + pad;
  if (v instanceof JArray) {
    if (v.id >= 0 && referenced.has(v.id)) {
      const o = arrayAsObject(v);
      o.entries.unshift(['$id', v.id]);
      return pretty(o, referenced, parts, outer, pad);
    }
    parts.push('[\n');
    for (let i = 0; i < v.items.length; i++) {
      parts.push(inner);
      pretty(v.items[i]!, referenced, parts, inner, pad);
      parts.push(i + 1 < v.items.length ? ',\n' : '\n');
    }
    parts.push(outer, ']');
    return;
  }
  const entries = entriesOf(v, referenced);
  parts.push('{\n');
  for (let i = 0; i < entries.length; i++) {
    parts.push(inner, JSON.stringify(entries[i]![0]), ': ');
    pretty(entries[i]![1], referenced, parts, inner, pad);
    parts.push(i + 1 < entries.length ? ',\n' : '\n');
  }
  parts.push(outer, '}');
}

function scalar(v: JValue): string {
  // JSON.stringify escapes lone surrogates as \uXXXX (well-formed JSON.stringify), so any
  // UTF-16 string survives as valid JSON text.
  if (typeof v === 'number' && !Number.isFinite(v)) throw new SerializationException('INVALID_VALUE', 'internal: non-finite number reached the JSON printer');
  return JSON.stringify(v);
}

/**
 * Finds the end of the JSON document (one top-level object) that starts at or after `start`
 * (after whitespace). Returns [docStart, docEnd]; docEnd is exclusive. Works on UTF-8 bytes:
 * every structural character is ASCII.
 */
export function scanDocument(bytes: Uint8Array, start: number, maxBytes: number): [number, number] {
  let p = start;
  const n = bytes.length;
  while (p < n && isSpace(bytes[p]!)) p++;
  if (p >= n) throw new SerializationException('TRUNCATED', 'no graph: the input is empty at this position', { offset: p });
  if (bytes[p] !== 0x7b) {
    const hint = bytes[p] === 0x57 && bytes[p + 1] === 0x46 ? ' (this looks like a weft binary frame: read it with BinaryFormatter)' : '';
    throw new SerializationException('INVALID_HEADER', `not a weft JSON document: expected "{"${hint}`, { offset: p });
  }
  const docStart = p;
  // The open brackets, so that a mismatched one is reported as malformed rather than truncated.
  let stack = new Uint8Array(64);
  let depth = 0;
  let inString = false;
  const limit = Math.min(n, docStart + maxBytes + 1);
  for (; p < limit; p++) {
    const c = bytes[p]!;
    if (inString) {
      if (c === 0x5c) p++;
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (depth === stack.length) {
        const next = new Uint8Array(depth * 2);
        next.set(stack);
        stack = next;
      }
      stack[depth++] = c;
    } else if (c === 0x7d || c === 0x5d) {
      if (stack[--depth] !== c - 2) throw new SerializationException('INVALID_VALUE', 'the input is not valid JSON (mismatched bracket)', { offset: p });
      if (depth === 0) return [docStart, p + 1];
    }
  }
  if (limit < n || p - docStart > maxBytes) {
    throw new SerializationException('LIMIT_EXCEEDED', `the JSON document is longer than limits.maxBytes (${maxBytes})`, { offset: docStart });
  }
  throw new SerializationException('TRUNCATED', 'input ended inside a JSON document', { offset: n });
}

export function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}
