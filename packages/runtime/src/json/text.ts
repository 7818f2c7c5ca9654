import { SerializationException } from '../errors.js';

/**
 * Text-level utilities for weft JSON documents: the printer, a syntax-error locator for text
 * that JSON.parse rejected, and a path-to-offset locator for text that it accepted.
 *
 * Everything here is linear in the size of its input and, except for the printer's bounded
 * one-line attempts, iterative: hostile nesting depth never reaches the JavaScript stack.
 */

/** One step of a path into a JSON value: an object key or an array index. */
export type JsonPathSegment = string | number;

/** Where JSON.parse's failure lies: a character offset, the path of the value being parsed there, and what is wrong. */
export interface JsonSyntaxError {
  /**
   * Offset in UTF-16 units of the character where the error is. An unterminated string and an
   * invalid or cut-off number or literal point at the token's first character, a bad escape at
   * its backslash, a trailing comma at the comma, and an input that ends too early at its end.
   */
  offset: number;
  /** `$`, `$.orders[3].customer`, `$["a b"]`: bounded to about 200 characters. */
  path: string;
  /** A short description; it never copies more than one (escaped) character of the input. */
  message: string;
  /** truncated: the text ends before the value does; trailing: more text follows a complete value */
  kind: 'truncated' | 'trailing' | 'malformed';
}

// ---------------------------------------------------------------------------------------------
// Printer
// ---------------------------------------------------------------------------------------------

const COMPACT_WIDTH = 80;
const MIN_ROOM = 20;

/**
 * Prints a JSON tree of plain data: plain objects (own enumerable keys, in Object.keys order),
 * arrays, strings, numbers, booleans and null; object entries whose value is undefined are
 * omitted, as JSON.stringify omits them.
 *
 * With indent 0 (or less) the result is exactly JSON.stringify(value). With indent > 0 a
 * container is printed on one line (`{ "a": 1, "b": [1, 2] }`) when that line fits in
 * max(80 - current indentation, 20) characters, and otherwise one entry per line, each at one
 * more level of indentation.
 *
 * A value that is not plain JSON data (a cycle, a bigint, an undefined root) throws a
 * SerializationException with code INVALID_ARGUMENT.
 */
export function printJson(value: unknown, indent: number): string {
  if (!Number.isInteger(indent)) throw new SerializationException('INVALID_ARGUMENT', `printJson: indent must be an integer, not ${String(indent)}`);
  try {
    if (indent <= 0) {
      const text = JSON.stringify(value) as string | undefined;
      if (text === undefined) throw new TypeError(`a root value of type ${typeof value} has no JSON form`);
      return text;
    }
    return printPretty(value, ' '.repeat(indent));
  } catch (err) {
    if (err instanceof TypeError) throw new SerializationException('INVALID_ARGUMENT', `printJson: the value is not plain JSON data (${err.message})`, { cause: err });
    throw err;
  }
}

/** A value JSON.stringify leaves out of objects (and prints as null in arrays). */
function isOmitted(v: unknown): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol';
}

/** JSON.stringify of a non-container, with "null" for what JSON.stringify would omit (array items). */
function scalarText(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      return Number.isFinite(v) ? `${v}` : 'null';
    case 'boolean':
      return v ? 'true' : 'false';
    default:
      if (v === null) return 'null';
      // undefined, functions and symbols print as null in arrays; a bigint throws a TypeError.
      return (JSON.stringify(v) as string | undefined) ?? 'null';
  }
}

/*
 * The printer's state while printPretty runs (it calls no user code, so one module-level
 * instance is enough): the output pieces, joined every PIECES_PER_CHUNK pieces so that they die
 * young instead of piling up for the garbage collector; the width of the current one-line
 * attempt; and each key's printed `"key": ` form (documents repeat the same few keys).
 */
let parts: string[] = [];
let used = 0;
let keyTexts = new Map<string, string>();
let bigKeys = new Map<object, string[]>();
const PIECES_PER_CHUNK = 4096;
const BIG_OBJECT = 256;
const KEY_CACHE_SIZE = 2048;

function keyText(k: string): string {
  let q = keyTexts.get(k);
  if (q === undefined) {
    q = `${JSON.stringify(k)}: `;
    if (keyTexts.size < KEY_CACHE_SIZE) keyTexts.set(k, q);
  }
  return q;
}

/** A lower bound of the one-line width of a value, computed without printing it. */
function minWidth(v: unknown): number {
  switch (typeof v) {
    case 'string':
      return v.length + 2;
    case 'boolean':
      return v ? 4 : 5;
    case 'object':
      return 2;
    default:
      return 1;
  }
}

/**
 * Appends the spaced one-line form of x to `parts`, adding its width to `used`; returns false
 * as soon as `used` exceeds `room` (the pieces pushed so far are then garbage for the caller to
 * drop). Every level adds at least one character before it descends, so the recursion is at
 * most room + 1 deep, and the work is O(room) plus the one key or string that crosses the limit,
 * which is measured before it is escaped (so a 1 MB string deep down costs nothing here).
 */
function oneLine(x: unknown, room: number): boolean {
  if (typeof x !== 'object' || x === null) {
    if (typeof x === 'string' && used + x.length + 2 > room) return false;
    const s = scalarText(x);
    parts.push(s);
    return (used += s.length) <= room;
  }
  if (Array.isArray(x)) {
    const n = x.length;
    if (n > 0 && used + 3 * n > room) return false; // n items and their separators take at least 3n - 2
    parts.push('[');
    used++;
    for (let i = 0; i < n; i++) {
      if (i > 0) {
        parts.push(', ');
        used += 2;
      }
      if (!oneLine(x[i], room)) return false;
    }
    parts.push(']');
    return ++used <= room;
  }
  return objectLine(x as Record<string, unknown>, keysOf(x), room);
}

/**
 * Object.keys, remembered for objects with many keys: an object can be reached by the one-line
 * attempts of up to ~40 ancestors, and Object.keys of a large (dictionary-mode) object is
 * expensive. Small objects are not remembered, so the common case pays one map lookup.
 */
function keysOf(o: object): string[] {
  let keys = bigKeys.get(o);
  if (keys === undefined) {
    keys = Object.keys(o);
    if (keys.length >= BIG_OBJECT) bigKeys.set(o, keys);
  }
  return keys;
}

function objectLine(o: Record<string, unknown>, keys: readonly string[], room: number): boolean {
  // A lower bound first, "{}" or "{ " + (`"k": v` joined by ", ") + " }", so that most objects too
  // wide for the line are rejected before anything is printed.
  let need = used + 2;
  for (let i = 0; i < keys.length && need <= room; i++) {
    const v = o[keys[i]!];
    if (!isOmitted(v)) need += keys[i]!.length + 6 + minWidth(v);
  }
  if (need > room) return false;
  let any = false;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const v = o[k];
    if (isOmitted(v)) continue;
    const q = keyText(k);
    parts.push(any ? ', ' : '{ ', q);
    used += 2 + q.length;
    any = true;
    if (!oneLine(v, room)) return false;
  }
  parts.push(any ? ' }' : '{}');
  return (used += 2) <= room;
}

/** Object keys whose values are printed (all of them, unless some value is undefined). */
function printedKeys(o: Record<string, unknown>, keys: string[]): string[] {
  for (let i = 0; i < keys.length; i++) {
    if (isOmitted(o[keys[i]!])) return keys.filter((k) => !isOmitted(o[k]));
  }
  return keys;
}

/**
 * The indent > 0 layout, iterative: the stack holds only containers printed one entry per line
 * (each is wider than 20 characters, so real documents keep it shallow). A cycle is detected
 * when the stack depth passes a power of two from 1024 on, which costs O(1) amortized.
 */
function printPretty(root: unknown, pad: string): string {
  if (isOmitted(root)) throw new TypeError(`a root value of type ${typeof root} has no JSON form`);
  const nodes: object[] = [];
  const keyLists: (string[] | null)[] = []; // null for an array
  const next: number[] = []; // index of the next item or key to print
  const firstBreak: string[] = ['\n']; // "\n" + the indentation of depth d
  const nextBreak: string[] = [',\n']; // ",\n" + the indentation of depth d
  const chunks: string[] = [];
  let checkAt = 1024;
  let v: unknown = root;
  parts = [];
  keyTexts = new Map();
  bigKeys = new Map();
  try {
    for (;;) {
      // Print v at depth nodes.length; the current line already holds its indentation and key.
      if (parts.length >= PIECES_PER_CHUNK) {
        chunks.push(parts.join(''));
        parts = [];
      }
      if (typeof v === 'object' && v !== null) {
        const depth = nodes.length;
        const mark = parts.length;
        const room = Math.max(COMPACT_WIDTH - depth * pad.length, MIN_ROOM);
        const isArray = Array.isArray(v);
        const keys = isArray ? null : keysOf(v);
        used = 0;
        if (keys === null ? !oneLine(v, room) : !objectLine(v as Record<string, unknown>, keys, room)) {
          parts.length = mark;
          nodes.push(v);
          keyLists.push(keys === null ? null : printedKeys(v as Record<string, unknown>, keys));
          next.push(0);
          if (firstBreak.length <= depth + 1) {
            firstBreak.push(firstBreak[depth]! + pad);
            nextBreak.push(nextBreak[depth]! + pad);
          }
          parts.push(isArray ? '[' : '{');
          if (nodes.length >= checkAt) {
            checkAt *= 2;
            if (new Set(nodes).size !== nodes.length) throw new TypeError('the value contains a cycle');
          }
        }
      } else parts.push(scalarText(v));

      // Move to the next entry to print, closing the containers that are done.
      for (;;) {
        const top = nodes.length - 1;
        if (top < 0) {
          chunks.push(parts.join(''));
          return chunks.join('');
        }
        const i = next[top]!;
        const keys = keyLists[top]!;
        const node = nodes[top]!;
        if (keys === null) {
          const items = node as unknown[];
          if (i < items.length) {
            next[top] = i + 1;
            parts.push(i === 0 ? firstBreak[top + 1]! : nextBreak[top + 1]!);
            v = items[i];
            break;
          }
          parts.push(firstBreak[top]!, ']');
        } else {
          if (i < keys.length) {
            next[top] = i + 1;
            const k = keys[i]!;
            parts.push(i === 0 ? firstBreak[top + 1]! : nextBreak[top + 1]!, keyText(k));
            v = (node as Record<string, unknown>)[k];
            break;
          }
          parts.push(firstBreak[top]!, '}');
        }
        nodes.pop();
        keyLists.pop();
        next.pop();
      }
    }
  } finally {
    parts = [];
    keyTexts = new Map();
    bigKeys = new Map();
  }
}

// ---------------------------------------------------------------------------------------------
// Paths and positions
// ---------------------------------------------------------------------------------------------

/** Escaped characters of a key shown in a path; longer keys end in "…". */
const KEY_MAX = 100;
/** A path longer than this keeps its first HEAD_MAX and last TAIL_MAX characters around "…". */
const PATH_MAX = 200;
const HEAD_MAX = 60;
const TAIL_MAX = 140;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * `$`, `$.orders[3].customer`, `$["a b"]`: keys that are identifiers follow a dot, others are
 * quoted as JSON.stringify quotes them. A key longer than 100 escaped characters is cut with
 * "…" (inside the quotes), and a path longer than 200 characters keeps its beginning and end
 * around "…".
 */
export function formatPath(path: readonly JsonPathSegment[]): string {
  return formatPathWith(path.length, (i) => segmentText(path[i]!));
}

function segmentText(s: JsonPathSegment): string {
  return typeof s === 'number' ? `[${String(s)}]` : keySegment(s);
}

function keySegment(key: string): string {
  if (key.length <= KEY_MAX && IDENTIFIER.test(key)) return `.${key}`;
  return `[${quoteBounded(key)}]`;
}

/** JSON.stringify(s) if that has at most KEY_MAX characters inside its quotes, else a prefix and "…". */
function quoteBounded(s: string): string {
  if (s.length <= KEY_MAX) {
    const q = JSON.stringify(s);
    if (q.length <= KEY_MAX + 2) return q;
  }
  let body = '';
  for (let i = 0; i < s.length; ) {
    const c = s.charCodeAt(i);
    const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && isLowSurrogate(s.charCodeAt(i + 1));
    const piece = pair ? s.slice(i, i + 2) : JSON.stringify(s[i]).slice(1, -1);
    if (body.length + piece.length > KEY_MAX) break;
    body += piece;
    i += pair ? 2 : 1;
  }
  return `"${body}…"`;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** Formats a path of `count` segments, asking only for the O(1) many segments it shows. */
function formatPathWith(count: number, segment: (i: number) => string): string {
  let whole = '$';
  let i = 0;
  for (; i < count; i++) {
    const s = segment(i);
    if (whole.length + s.length > PATH_MAX) break;
    whole += s;
  }
  if (i === count) return whole;
  let head = '$';
  let h = 0;
  for (; h < count; h++) {
    const s = segment(h);
    if (head.length + s.length > HEAD_MAX) break;
    head += s;
  }
  let tail = '';
  let t = count;
  for (; t > h; t--) {
    const s = segment(t - 1);
    if (tail.length + s.length > TAIL_MAX) break;
    tail = s + tail;
  }
  return t === h ? head + tail : `${head}…${tail}`;
}

/**
 * 1-based line and column of an offset (clamped to the text). Lines end at "\n" (so "\r\n" is
 * one line break); the column counts UTF-16 units from the start of the line, plus one.
 */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const at = Math.max(0, Math.min(Math.floor(offset), text.length)) || 0;
  let line = 1;
  let lineStart = 0;
  for (let nl = text.indexOf('\n'); nl !== -1 && nl < at; nl = text.indexOf('\n', nl + 1)) {
    line++;
    lineStart = nl + 1;
  }
  return { line, column: at - lineStart + 1 };
}

// ---------------------------------------------------------------------------------------------
// Scanners (iterative: the open containers are a stack in growable typed arrays)
// ---------------------------------------------------------------------------------------------

const ARRAY = 0;
const OBJECT = 1;

const S_VALUE = 0; // a value is expected (after "[", ":" or "," in an array, or at the start)
const S_KEY = 1; // a key is expected (after "{" or "," in an object)
const S_COLON = 2; // ":" is expected after a key
const S_AFTER = 3; // a value ended: "," or the closing bracket is expected (or the end of the text)

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66);
}

function skipSpace(text: string, p: number): number {
  const n = text.length;
  while (p < n) {
    const c = text.charCodeAt(p);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) p++;
    else break;
  }
  return p;
}

/** The character at p for a message: `"}"` for printable ASCII, `U+00A0` (a code point) otherwise. */
function describeChar(text: string, p: number): string {
  const c = text.codePointAt(p)!;
  if (c >= 0x21 && c <= 0x7e) return JSON.stringify(String.fromCharCode(c));
  return `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
}

const STRING_UNTERMINATED = -1;
const STRING_CONTROL = -2;
const STRING_BAD_ESCAPE = -3;
let stringErrorAt = 0;

/** The offset after the closing quote of the string that starts at p, or a STRING_ code (its offset in stringErrorAt). */
function scanString(text: string, p: number): number {
  const n = text.length;
  let q = p + 1;
  for (;;) {
    if (q >= n) {
      stringErrorAt = p;
      return STRING_UNTERMINATED;
    }
    const c = text.charCodeAt(q);
    if (c === 0x22) return q + 1;
    if (c === 0x5c) {
      if (q + 1 >= n) {
        stringErrorAt = p;
        return STRING_UNTERMINATED;
      }
      const e = text.charCodeAt(q + 1);
      if (e === 0x75) {
        for (let k = q + 2; k < q + 6; k++) {
          if (k >= n) {
            stringErrorAt = p;
            return STRING_UNTERMINATED;
          }
          if (!isHex(text.charCodeAt(k))) {
            stringErrorAt = q;
            return STRING_BAD_ESCAPE;
          }
        }
        q += 6;
      } else if (e === 0x22 || e === 0x5c || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) {
        q += 2;
      } else {
        stringErrorAt = q;
        return STRING_BAD_ESCAPE;
      }
    } else if (c < 0x20) {
      stringErrorAt = q;
      return STRING_CONTROL;
    } else q++;
  }
}

const NUMBER_INVALID = -1;
const NUMBER_ENDED = -2;

/** The offset after the number that starts at p (a "-" or digit), or a NUMBER_ code. */
function scanNumber(text: string, p: number): number {
  const n = text.length;
  let q = p;
  if (text.charCodeAt(q) === 0x2d) q++;
  if (q >= n) return NUMBER_ENDED;
  let c = text.charCodeAt(q);
  if (c === 0x30) q++;
  else if (c >= 0x31 && c <= 0x39) {
    q++;
    while (q < n && isDigit(text.charCodeAt(q))) q++;
  } else return NUMBER_INVALID;
  if (q < n && text.charCodeAt(q) === 0x2e) {
    q++;
    if (q >= n) return NUMBER_ENDED;
    if (!isDigit(text.charCodeAt(q))) return NUMBER_INVALID;
    while (q < n && isDigit(text.charCodeAt(q))) q++;
  }
  if (q < n && (text.charCodeAt(q) | 0x20) === 0x65) {
    q++;
    if (q < n && (text.charCodeAt(q) === 0x2b || text.charCodeAt(q) === 0x2d)) q++;
    if (q >= n) return NUMBER_ENDED;
    if (!isDigit(text.charCodeAt(q))) return NUMBER_INVALID;
    while (q < n && isDigit(text.charCodeAt(q))) q++;
  }
  if (q < n) {
    // "01", "1.2.3", "1e5e": more number characters right after a complete number
    c = text.charCodeAt(q);
    if (isDigit(c) || c === 0x2e || c === 0x2b || c === 0x2d || (c | 0x20) === 0x65) return NUMBER_INVALID;
  }
  return q;
}

/** Decodes at most max + 1 UTF-16 units of a key whose (valid) string body is text[start, end). */
function decodeKeyPrefix(text: string, start: number, end: number, max: number): string {
  let out = '';
  let q = start;
  while (q < end && out.length <= max) {
    const c = text.charCodeAt(q);
    if (c !== 0x5c) {
      out += text[q];
      q++;
      continue;
    }
    const e = text.charCodeAt(q + 1);
    if (e === 0x75) {
      out += String.fromCharCode(parseInt(text.slice(q + 2, q + 6), 16));
      q += 6;
    } else {
      out += e === 0x62 ? '\b' : e === 0x66 ? '\f' : e === 0x6e ? '\n' : e === 0x72 ? '\r' : e === 0x74 ? '\t' : text[q + 1];
      q += 2;
    }
  }
  return out;
}

/**
 * For a text on which JSON.parse failed: the first syntax error (RFC 8259 grammar, as
 * JSON.parse reads it), or null when the text is valid JSON after all (JSON.parse failed for
 * some other reason). Iterative and linear: any nesting depth and any key length are fine.
 *
 * The path names the value being parsed at the error: `$.a` while the value of key "a" is
 * expected or being read, the container (`$`) while a key, "," or a closing bracket is expected.
 */
export function jsonSyntaxError(text: string): JsonSyntaxError | null {
  const n = text.length;
  let kind = new Uint8Array(64);
  let at = new Int32Array(64); // array: index of the current item; object: start of the current key's body
  let keyEnd = new Int32Array(64); // object: end of the current key's body
  let depth = 0;
  let state = S_VALUE;
  let first = false; // just after "[" or "{"
  let comma = -1; // offset of the last ","
  let p = 0;

  const fail = (offset: number, message: string, withTop: boolean, why: JsonSyntaxError['kind'] = 'malformed'): JsonSyntaxError => {
    const count = withTop ? depth : Math.max(depth - 1, 0);
    const path = formatPathWith(count, (i) => (kind[i] === ARRAY ? `[${at[i]!}]` : keySegment(decodeKeyPrefix(text, at[i]!, keyEnd[i]!, KEY_MAX))));
    return { offset, path, message, kind: why };
  };
  const inside = (): string => (kind[depth - 1] === ARRAY ? 'an array' : 'an object');

  for (;;) {
    p = skipSpace(text, p);
    if (state === S_VALUE) {
      if (p >= n) {
        if (depth === 0) return fail(n, 'input ended before a JSON value', false, 'truncated');
        return fail(n, `input ended inside ${inside()}`, !(first && kind[depth - 1] === ARRAY), 'truncated');
      }
      const c = text.charCodeAt(p);
      if (c === 0x7b || c === 0x5b) {
        if (depth === kind.length) {
          kind = grow(kind, new Uint8Array(depth * 2));
          at = grow(at, new Int32Array(depth * 2));
          keyEnd = grow(keyEnd, new Int32Array(depth * 2));
        }
        kind[depth] = c === 0x7b ? OBJECT : ARRAY;
        at[depth] = 0;
        depth++;
        p++;
        first = true;
        state = c === 0x7b ? S_KEY : S_VALUE;
        continue;
      }
      if (c === 0x5d && depth > 0 && kind[depth - 1] === ARRAY) {
        if (!first) return fail(comma, 'trailing comma before "]"', false);
        depth--;
        p++;
        state = S_AFTER;
        continue;
      }
      first = false;
      if (c === 0x22) {
        const end = scanString(text, p);
        if (end < 0) return fail(stringErrorAt, stringMessage(end), true, end === STRING_UNTERMINATED ? 'truncated' : 'malformed');
        p = end;
      } else if (c === 0x2d || isDigit(c)) {
        const end = scanNumber(text, p);
        if (end === NUMBER_ENDED) return fail(p, 'input ended inside a number', true, 'truncated');
        if (end < 0) return fail(p, 'invalid number', true);
        p = end;
      } else if (c === 0x74 || c === 0x66 || c === 0x6e) {
        const word = c === 0x74 ? 'true' : c === 0x66 ? 'false' : 'null';
        let k = 1;
        while (k < word.length && p + k < n && text.charCodeAt(p + k) === word.charCodeAt(k)) k++;
        if (k < word.length) return p + k >= n ? fail(p, `input ended inside the literal ${word}`, true, 'truncated') : fail(p, `invalid literal (expected ${word})`, true);
        p += k;
      } else {
        return fail(p, `unexpected character ${describeChar(text, p)}`, true);
      }
      state = S_AFTER;
    } else if (state === S_KEY) {
      if (p >= n) return fail(n, 'input ended inside an object', false, 'truncated');
      const c = text.charCodeAt(p);
      if (c === 0x22) {
        const end = scanString(text, p);
        if (end < 0) return fail(stringErrorAt, stringMessage(end), false, end === STRING_UNTERMINATED ? 'truncated' : 'malformed');
        at[depth - 1] = p + 1;
        keyEnd[depth - 1] = end - 1;
        p = end;
        first = false;
        state = S_COLON;
      } else if (c === 0x7d) {
        if (!first) return fail(comma, 'trailing comma before "}"', false);
        depth--;
        p++;
        state = S_AFTER;
      } else {
        return fail(p, `expected a string key${first ? ' or "}"' : ''}, found ${describeChar(text, p)}`, false);
      }
    } else if (state === S_COLON) {
      if (p >= n) return fail(n, 'input ended inside an object', true, 'truncated');
      if (text.charCodeAt(p) !== 0x3a) return fail(p, 'expected ":" after an object key', true);
      p++;
      state = S_VALUE;
    } else {
      if (depth === 0) return p >= n ? null : fail(p, 'text after the end of the JSON value', false, 'trailing');
      if (p >= n) return fail(n, `input ended inside ${inside()}`, false, 'truncated');
      const c = text.charCodeAt(p);
      const isArray = kind[depth - 1] === ARRAY;
      if (c === 0x2c) {
        comma = p;
        p++;
        first = false;
        if (isArray) {
          at[depth - 1]++;
          state = S_VALUE;
        } else state = S_KEY;
      } else if (c === (isArray ? 0x5d : 0x7d)) {
        depth--;
        p++;
      } else {
        return fail(p, isArray ? 'expected "," or "]" after an array item' : 'expected "," or "}" after an object entry', false);
      }
    }
  }
}

function grow<T extends Uint8Array | Int32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

function stringMessage(code: number): string {
  return code === STRING_UNTERMINATED ? 'unterminated string' : code === STRING_CONTROL ? 'control character in string' : 'invalid escape in string';
}

/** The offset after the string that starts at p (or the text's length); the text is valid JSON. */
function skipString(text: string, p: number): number {
  let q = p + 1;
  for (;;) {
    const e = text.indexOf('"', q);
    if (e < 0) return text.length;
    let b = e - 1;
    while (b > p && text.charCodeAt(b) === 0x5c) b--;
    if ((e - 1 - b) % 2 === 0) return e + 1;
    q = e + 1;
  }
}

/** Whether the (valid) string body text[start, end) decodes to `key`; O(min(body, key)). */
function keyEquals(text: string, start: number, end: number, key: string): boolean {
  if (end - start < key.length) return false; // an escape decodes to fewer units, never more
  let j = 0;
  for (let q = start; q < end; ) {
    let c = text.charCodeAt(q);
    if (c === 0x5c) {
      const e = text.charCodeAt(q + 1);
      if (e === 0x75) {
        c = parseInt(text.slice(q + 2, q + 6), 16);
        q += 6;
      } else {
        c = e === 0x62 ? 0x08 : e === 0x66 ? 0x0c : e === 0x6e ? 0x0a : e === 0x72 ? 0x0d : e === 0x74 ? 0x09 : e;
        q += 2;
      }
    } else q++;
    if (j >= key.length || key.charCodeAt(j) !== c) return false;
    j++;
  }
  return j === key.length;
}

/**
 * For valid JSON text: the offset where the value at `path` starts (after whitespace). A number
 * segment indexes an array, a string segment names an object key (the last of duplicate keys
 * counts, as with JSON.parse). When the path does not exist, the offset of the deepest value
 * on it that does. One iterative pass over the text.
 */
export function offsetOfPath(text: string, path: readonly JsonPathSegment[]): number {
  const n = text.length;
  let p = skipSpace(text, 0);
  if (path.length === 0) return p;
  let kind = new Uint8Array(64);
  let index = new Int32Array(64);
  let depth = 0;
  // The open containers at depths < onPath are the (latest) values at path[0 .. depth).
  let onPath = 0;
  // best[d] = start of the latest value at path[0 .. d); valid for d < found.
  const best: number[] = [p];
  let found = 1;
  let matches = true; // the value at p is on the path
  let state = S_VALUE;
  let first = false;

  for (;;) {
    p = skipSpace(text, p);
    if (p >= n) break;
    const c = text.charCodeAt(p);
    if (state === S_VALUE) {
      if (first) {
        first = false;
        if (c === 0x5d) {
          depth--;
          if (onPath > depth) onPath = depth;
          p++;
          state = S_AFTER;
          continue;
        }
        matches = onPath === depth && depth - 1 < path.length && path[depth - 1] === 0;
      }
      if (matches) {
        best[depth] = p;
        found = depth + 1;
      }
      if (c === 0x7b || c === 0x5b) {
        if (depth === kind.length) {
          kind = grow(kind, new Uint8Array(depth * 2));
          index = grow(index, new Int32Array(depth * 2));
        }
        kind[depth] = c === 0x7b ? OBJECT : ARRAY;
        index[depth] = 0;
        depth++;
        if (matches) onPath = depth;
        p++;
        first = c === 0x5b;
        state = c === 0x7b ? S_KEY : S_VALUE;
        continue;
      }
      if (c === 0x22) p = skipString(text, p);
      else {
        p++;
        while (p < n) {
          const d = text.charCodeAt(p);
          if (d === 0x2c || d === 0x5d || d === 0x7d || d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09) break;
          p++;
        }
      }
      state = S_AFTER;
    } else if (state === S_KEY) {
      if (c === 0x7d) {
        depth--;
        if (onPath > depth) onPath = depth;
        p++;
        state = S_AFTER;
        continue;
      }
      if (c !== 0x22) break; // not valid JSON
      const end = skipString(text, p);
      const segment = path[depth - 1];
      matches = onPath === depth && typeof segment === 'string' && keyEquals(text, p + 1, end - 1, segment);
      p = skipSpace(text, end);
      if (text.charCodeAt(p) !== 0x3a) break; // not valid JSON
      p++;
      state = S_VALUE;
    } else {
      if (depth === 0) break;
      if (c === 0x2c) {
        p++;
        if (kind[depth - 1] === ARRAY) {
          const i = ++index[depth - 1]!;
          matches = onPath === depth && depth - 1 < path.length && path[depth - 1] === i;
          state = S_VALUE;
        } else state = S_KEY;
      } else if (c === 0x5d || c === 0x7d) {
        depth--;
        if (onPath > depth) onPath = depth;
        p++;
      } else break; // not valid JSON
    }
  }
  return best[found - 1]!;
}
