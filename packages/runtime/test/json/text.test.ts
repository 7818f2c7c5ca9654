import { describe, expect, it } from 'vitest';
import { SerializationException } from '../../src/errors.ts';
import { formatPath, jsonSyntaxError, lineColumn, offsetOfPath, printJson } from '../../src/json/text.ts';
import { expectLinearAllocation } from '../helpers';

// ---------------------------------------------------------------------------------------------
// The reference layout (the JsonFormatter's printDocument, on plain data): the oracle.
// ---------------------------------------------------------------------------------------------

const COMPACT_WIDTH = 80;
const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const entriesOf = (o: Record<string, unknown>): [string, unknown][] => Object.entries(o).filter(([, v]) => v !== undefined);

function refPrint(doc: unknown, indent: number): string {
  const parts: string[] = [];
  if (indent <= 0) {
    refCompact(doc, parts, Infinity, false);
    return parts.join('');
  }
  refPretty(doc, parts, '', ' '.repeat(indent));
  return parts.join('');
}

function refCompact(v: unknown, parts: string[], budget: number, spaced: boolean): boolean {
  let used = 0;
  const push = (s: string): boolean => {
    parts.push(s);
    used += s.length;
    return used <= budget;
  };
  const walk = (x: unknown): boolean => {
    if (Array.isArray(x)) {
      if (!push('[')) return false;
      for (let i = 0; i < x.length; i++) {
        if (i > 0 && !push(spaced ? ', ' : ',')) return false;
        if (!walk(x[i])) return false;
      }
      return push(']');
    }
    if (isObject(x)) {
      const entries = entriesOf(x);
      if (entries.length === 0) return push('{}');
      if (!push(spaced ? '{ ' : '{')) return false;
      for (let i = 0; i < entries.length; i++) {
        if (i > 0 && !push(spaced ? ', ' : ',')) return false;
        if (!push(JSON.stringify(entries[i]![0]) + (spaced ? ': ' : ':'))) return false;
        if (!walk(entries[i]![1])) return false;
      }
      return push(spaced ? ' }' : '}');
    }
    return push(JSON.stringify(x));
  };
  return walk(v);
}

function refPretty(v: unknown, parts: string[], outer: string, pad: string): void {
  if (!Array.isArray(v) && !isObject(v)) {
    parts.push(JSON.stringify(v));
    return;
  }
  const mark = parts.length;
  const room = Math.max(COMPACT_WIDTH - outer.length, 20);
  if (refCompact(v, parts, room, true)) return;
  parts.length = mark;
  const inner = outer + pad;
  if (Array.isArray(v)) {
    parts.push('[\n');
    for (let i = 0; i < v.length; i++) {
      parts.push(inner);
      refPretty(v[i], parts, inner, pad);
      parts.push(i + 1 < v.length ? ',\n' : '\n');
    }
    parts.push(outer, ']');
    return;
  }
  const entries = entriesOf(v);
  parts.push('{\n');
  for (let i = 0; i < entries.length; i++) {
    parts.push(inner, JSON.stringify(entries[i]![0]), ': ');
    refPretty(entries[i]![1], parts, inner, pad);
    parts.push(i + 1 < entries.length ? ',\n' : '\n');
  }
  parts.push(outer, '}');
}

// ---------------------------------------------------------------------------------------------
// A seeded generator of plain JSON trees
// ---------------------------------------------------------------------------------------------

function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STRINGS = ['', 'a', 'hello world', 'quote " and \\ backslash', 'tab\tnew\nline\r', 'ünïcødé', '日本語テキスト', '😀 emoji 👍🏽', 'lone \ud800 high', 'lone low \udc00', 'pair split \udc00\ud800', '\u0000\u001f\u007f', '</script>', '\u2028\u2029', '$ref'];
const KEYS = ['a', 'b', 'id', 'name', '$id', '$type', '$$x', '__proto__', '0', '10', '2', '4294967295', '-1', '01', '1.5', 'a b', '', 'key "q"', 'new\nline', 'ü', '😀', 'constructor', 'toString', 'a long key that goes on and on for a while'];
const NUMBERS = [0, -0, 1, -1, 7, 42, 3.14, -2.5e-7, 1e21, 1e-7, 123456789012, Number.MAX_SAFE_INTEGER, 0.1, -1234.5678, 5e-324];

function put(o: Record<string, unknown>, k: string, v: unknown): void {
  // An own "__proto__" property, as JSON.parse makes it (plain assignment would set the prototype).
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}

function generator(seed: number): () => unknown {
  const r = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const count = (): number => (r() < 0.85 ? Math.floor(r() * 5) : Math.floor(r() * 14));
  const str = (): string => {
    const x = r();
    if (x < 0.6) return pick(STRINGS);
    if (x < 0.9) return 'abcdefghij'.repeat(10).slice(0, Math.floor(r() * 90));
    return String.fromCharCode(...Array.from({ length: Math.floor(r() * 12) }, () => Math.floor(r() * 0x10000)));
  };
  const scalar = (): unknown => {
    const x = r();
    if (x < 0.35) return str();
    if (x < 0.7) return r() < 0.5 ? pick(NUMBERS) : Math.floor(r() * 1e6) - 5e5;
    if (x < 0.8) return true;
    if (x < 0.9) return false;
    return null;
  };
  const value = (depth: number, maxDepth: number): unknown => {
    const x = r();
    if (depth >= maxDepth || x < 0.3) return scalar();
    if (x < 0.6) return Array.from({ length: count() }, () => value(depth + 1, maxDepth));
    const o: Record<string, unknown> = {};
    for (let i = count(); i > 0; i--) put(o, r() < 0.8 ? pick(KEYS) : str(), r() < 0.1 ? undefined : value(depth + 1, maxDepth));
    return o;
  };
  return () => value(0, 1 + Math.floor(r() * 7));
}

function nested(depth: number, wrap: (x: unknown) => unknown): unknown {
  let x: unknown = 1;
  for (let i = 0; i < depth; i++) x = wrap(x);
  return x;
}

function replaceLeaf(tree: unknown, leaf: unknown): unknown {
  if (Array.isArray(tree)) return [replaceLeaf(tree[0], leaf)];
  if (isObject(tree)) return { a: replaceLeaf(tree.a, leaf) };
  return leaf;
}

// ---------------------------------------------------------------------------------------------

describe('printJson', () => {
  it('prints the one-line spaced form of containers that fit', () => {
    expect(printJson({ a: 1, b: [1, 2] }, 2)).toBe('{ "a": 1, "b": [1, 2] }');
    expect(printJson([], 2)).toBe('[]');
    expect(printJson({}, 2)).toBe('{}');
    expect(printJson({ a: undefined }, 2)).toBe('{}');
    expect(printJson({ a: undefined, b: 1, c: undefined }, 2)).toBe('{ "b": 1 }');
    expect(printJson([[], {}, [{}]], 2)).toBe('[[], {}, [{}]]');
    expect(printJson('x"y', 2)).toBe('"x\\"y"');
    expect(printJson(1.5, 2)).toBe('1.5');
    expect(printJson(null, 4)).toBe('null');
    expect(printJson(['\ud800', '😀'], 2)).toBe('["\\ud800", "😀"]');
  });

  it('breaks containers wider than 80 - indentation (at least 20) one entry per line', () => {
    // 80 characters exactly fit at the top level; 81 do not.
    const fits = ['x'.repeat(76)];
    expect(printJson(fits, 2)).toBe(`["${'x'.repeat(76)}"]`);
    const wide = ['x'.repeat(77)];
    expect(printJson(wide, 2)).toBe(`[\n  "${'x'.repeat(77)}"\n]`);
    // At depth 1 (indent 2) the room is 78.
    expect(printJson({ k: ['x'.repeat(74)] }, 2)).toBe(`{\n  "k": ["${'x'.repeat(74)}"]\n}`);
    expect(printJson({ k: ['x'.repeat(75)] }, 2)).toBe(`{\n  "k": [\n    "${'x'.repeat(75)}"\n  ]\n}`);
    const doc = {
      id: 12345,
      name: 'a fairly long name that pushes this object past the line',
      tags: ['alpha', 'beta', 'gamma'],
      nested: { deeper: { x: 1, y: [1, 2, 3] }, empty: {}, list: [] },
    };
    expect(printJson(doc, 2)).toBe(
      [
        '{',
        '  "id": 12345,',
        '  "name": "a fairly long name that pushes this object past the line",',
        '  "tags": ["alpha", "beta", "gamma"],',
        '  "nested": { "deeper": { "x": 1, "y": [1, 2, 3] }, "empty": {}, "list": [] }',
        '}',
      ].join('\n'),
    );
    expect(printJson(doc, 2)).toBe(refPrint(doc, 2));
    expect(printJson(doc, 4)).toBe(refPrint(doc, 4));
  });

  it('keeps at least 20 columns of room deep down', () => {
    const deep = nested(45, (x) => ({ k: x, p: 2 }));
    const out = printJson(deep, 2);
    expect(out).toBe(refPrint(deep, 2));
    expect(out).toContain(`\n${' '.repeat(88)}"k": { "k": 1, "p": 2 },\n${' '.repeat(88)}"p": 2\n`);
  });

  it('prints keys in Object.keys order, including integer-like keys and an own "__proto__"', () => {
    const o = JSON.parse('{"a": 3, "__proto__": {"x": 1}, "10": 2, "0": 4, "$id": 5}') as Record<string, unknown>;
    expect(Object.keys(o)).toEqual(['0', '10', 'a', '__proto__', '$id']);
    expect(printJson(o, 2)).toBe('{ "0": 4, "10": 2, "a": 3, "__proto__": { "x": 1 }, "$id": 5 }');
    expect(printJson(o, 0)).toBe(JSON.stringify(o));
    const wide = JSON.parse(`{"__proto__": ${JSON.stringify('v'.repeat(90))}, "1": true}`) as unknown;
    expect(printJson(wide, 2)).toBe(`{\n  "1": true,\n  "__proto__": "${'v'.repeat(90)}"\n}`);
  });

  it('indent 0 is JSON.stringify', () => {
    const next = generator(7);
    for (let i = 0; i < 50; i++) {
      const tree = next();
      expect(printJson(tree, 0)).toBe(JSON.stringify(tree));
    }
  });

  it('matches the reference layout on 300 pseudo-random trees', () => {
    const next = generator(20240601);
    const r = mulberry32(99);
    for (let i = 0; i < 300; i++) {
      const tree = next();
      const indent = 1 + Math.floor(r() * 4);
      const out = printJson(tree, indent);
      expect(out, `tree #${i}, indent ${indent}`).toBe(refPrint(tree, indent));
      expect(printJson(tree, 2)).toBe(refPrint(tree, 2));
      expect(printJson(tree, 0)).toBe(JSON.stringify(tree));
      // The output is JSON that reads back as the tree (an own "__proto__" included).
      const back = JSON.parse(out) as unknown;
      expect(JSON.stringify(back)).toBe(JSON.stringify(tree));
      // The same tree as JSON.parse builds it prints the same.
      expect(printJson(back, indent)).toBe(out);
    }
  });

  it('prints 1300 levels of nesting without overflowing the stack', () => {
    const arrays = nested(1300, (x) => [x]);
    const out = printJson(arrays, 2);
    expect(out).toBe(refPrint(arrays, 2));
    expect(out.split('\n')).toHaveLength(2 * (1300 - 9) + 1);
    expect(printJson(arrays, 0)).toBe(JSON.stringify(arrays));
    const objects = nested(1300, (x) => ({ key: x, n: 1 }));
    expect(printJson(objects, 1)).toBe(refPrint(objects, 1));
    expect(JSON.parse(printJson(objects, 3))).toEqual(objects);
  });

  it('measures a long string before escaping it, so a huge string deep down stays linear', () => {
    /** a string of 100,000·k characters under 30·k levels: escaping it once per level would be quadratic */
    const deepString = (k: number): unknown => {
      let doc: unknown = 'q"'.repeat(50_000 * k);
      for (let i = 0; i < 30 * k; i++) doc = i % 2 ? { a: doc } : [doc];
      return doc;
    };
    const doc = deepString(10);
    expect(printJson(doc, 1)).toBe(refPrint(doc, 1));
    // Work, not time: 10x the string and the depth allocates < 20x (helpers.ts).
    expectLinearAllocation(deepString, (d) => printJson(d, 1));
  });

  it('prints objects with many keys the same, also when many ancestors reach them', () => {
    const wide: Record<string, unknown> = {};
    for (let i = 0; i < 600; i++) wide[i % 3 === 0 ? `k${i}` : String(i)] = i % 7 === 0 ? undefined : i % 5 === 0 ? { x: [i] } : i;
    for (const doc of [wide, nested(60, (x) => [x]), nested(30, (x) => ({ a: x }))].map((d, j) => (j === 0 ? d : replaceLeaf(d, wide)))) {
      expect(printJson(doc, 2)).toBe(refPrint(doc, 2));
      expect(printJson(doc, 1)).toBe(refPrint(doc, 1));
    }
    // Many distinct keys (more than the printer caches) and repeated ones.
    const many = Array.from({ length: 3000 }, (_, i) => ({ [`key${i}`]: i, same: 'x'.repeat(i % 90) }));
    expect(printJson(many, 2)).toBe(refPrint(many, 2));
  });

  it('prints undefined array items as null, like JSON.stringify', () => {
    expect(printJson([1, undefined, 2], 2)).toBe('[1, null, 2]');
    expect(printJson([1, undefined, 2], 0)).toBe('[1,null,2]');
  });

  it('rejects cycles, bigints, an undefined root and a fractional indent with INVALID_ARGUMENT', () => {
    const cyclic: unknown[] = ['x'.repeat(30)];
    cyclic.push(cyclic);
    for (const [value, indent] of [
      [cyclic, 2],
      [cyclic, 0],
      [{ n: 1n }, 2],
      [{ n: 1n }, 0],
      [undefined, 2],
      [undefined, 0],
      [{}, 1.5],
    ] as const) {
      let caught: unknown;
      try {
        printJson(value, indent);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(SerializationException);
      expect((caught as SerializationException).code).toBe('INVALID_ARGUMENT');
    }
  });
});

describe('formatPath and lineColumn', () => {
  it('writes identifiers after a dot and other keys quoted', () => {
    expect(formatPath([])).toBe('$');
    expect(formatPath(['orders', 3, 'customer'])).toBe('$.orders[3].customer');
    expect(formatPath(['a b', '$id', '__proto__', '0', '', 'q"\n'])).toBe('$["a b"].$id.__proto__["0"][""]["q\\"\\n"]');
    expect(formatPath(['\ud800'])).toBe('$["\\ud800"]');
  });

  it('bounds keys and paths', () => {
    const key = formatPath(['k'.repeat(1_000_000)]);
    expect(key).toBe(`$["${'k'.repeat(100)}…"]`);
    const escaped = formatPath(['\n'.repeat(1000)]);
    expect(escaped).toBe(`$["${'\\n'.repeat(50)}…"]`);
    // an emoji is never cut in half
    expect(formatPath(['a' + '😀'.repeat(100)])).toBe(`$["a${'😀'.repeat(49)}…"]`);
    const long = formatPath(['first', ...Array.from({ length: 100_000 }, () => 0), 'last']);
    expect(long.length).toBeLessThanOrEqual(202);
    expect(long.startsWith('$.first[0][0]')).toBe(true);
    expect(long).toContain('…');
    expect(long.endsWith('[0][0].last')).toBe(true);
    const short = ['a', 1, 'b', 2];
    expect(formatPath(short)).toBe('$.a[1].b[2]');
  });

  it('counts lines at "\\n" and columns in UTF-16 units, 1-based', () => {
    const text = 'ab\r\ncd\n\n😀x';
    expect(lineColumn(text, 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumn(text, 2)).toEqual({ line: 1, column: 3 }); // the "\r"
    expect(lineColumn(text, 4)).toEqual({ line: 2, column: 1 });
    expect(lineColumn(text, 7)).toEqual({ line: 3, column: 1 });
    expect(lineColumn(text, 10)).toEqual({ line: 4, column: 3 }); // after the surrogate pair
    expect(lineColumn(text, 999)).toEqual({ line: 4, column: 4 });
    expect(lineColumn('', 0)).toEqual({ line: 1, column: 1 });
  });
});

describe('jsonSyntaxError', () => {
  /** The kind an error of this message must have: the text ended, text followed, or anything else. */
  const kindOf = (message: string): string => (/^input ended|^unterminated/.test(message) ? 'truncated' : /^text after/.test(message) ? 'trailing' : 'malformed');
  const check = (text: string, offset: number, path: string, message: string): void => {
    expect(() => JSON.parse(text), text).toThrow(SyntaxError);
    expect(jsonSyntaxError(text), text).toEqual({ offset, path, message, kind: kindOf(message) });
  };

  it('locates the first error with the path of the value being parsed', () => {
    check('{"a": 1,}', 7, '$', 'trailing comma before "}"');
    check('[1, 2, ]', 5, '$', 'trailing comma before "]"');
    check('{"a" 1}', 5, '$.a', 'expected ":" after an object key');
    check('{"a": 1 "b": 2}', 8, '$', 'expected "," or "}" after an object entry');
    check('[1 2]', 3, '$', 'expected "," or "]" after an array item');
    check('[1}', 2, '$', 'expected "," or "]" after an array item');
    check('{"x": [1, 2, 01]}', 13, '$.x[2]', 'invalid number');
    check('[-]', 1, '$[0]', 'invalid number');
    check('[1.]', 1, '$[0]', 'invalid number');
    check('{"a b": {"c": tru}}', 14, '$["a b"].c', 'invalid literal (expected true)');
    check('{"a": 1} x', 9, '$', 'text after the end of the JSON value');
    check('{"a":1}}', 7, '$', 'text after the end of the JSON value');
    check("{'a': 1}", 1, '$', 'expected a string key or "}", found "\'"');
    check('{"a": 1, b: 2}', 9, '$', 'expected a string key, found "b"');
    check('{"a": }', 6, '$.a', 'unexpected character "}"');
    check('[NaN]', 1, '$[0]', 'unexpected character "N"');
    check('\ufeff{}', 0, '$', 'unexpected character U+FEFF');
    check('["😀", 😀]', 7, '$[1]', 'unexpected character U+1F600');
    check('   ', 3, '$', 'input ended before a JSON value');
    check('', 0, '$', 'input ended before a JSON value');
  });

  it('reports errors inside strings at the right character', () => {
    check('{"name": "a\\qb"}', 11, '$.name', 'invalid escape in string');
    check('["ok", "\\u12x4"]', 8, '$[1]', 'invalid escape in string');
    check('["a\tb"]', 3, '$[0]', 'control character in string');
    check('{"k\ney": 1}', 3, '$', 'control character in string');
    check('[1, "abc', 4, '$[1]', 'unterminated string');
    check('["\\u12', 1, '$[0]', 'unterminated string');
  });

  it('locates a truncated multi-line document (offset, line, column, path)', () => {
    const text = '{\r\n  "orders": [\n    {"id": 1},\n    {"id": 2, "customer": ';
    const err = jsonSyntaxError(text)!;
    expect(err).toEqual({ offset: text.length, path: '$.orders[1].customer', message: 'input ended inside an object', kind: 'truncated' });
    expect(lineColumn(text, err.offset)).toEqual({ line: 4, column: 27 });
    check('{"orders": [{"id": 1}, ', 23, '$.orders[1]', 'input ended inside an array');
    check('{"orders": [', 12, '$.orders', 'input ended inside an array');
    check('{"orders": [1', 13, '$.orders', 'input ended inside an array');
    check('{"orders"', 9, '$.orders', 'input ended inside an object');
    check('{"a": 1,', 8, '$', 'input ended inside an object');
    check('[tr', 1, '$[0]', 'input ended inside the literal true');
    check('[1e', 1, '$[0]', 'input ended inside a number');
  });

  it('gives the line and column of an error after CRLF line breaks', () => {
    const text = '{\r\n  "a": x\r\n}';
    const err = jsonSyntaxError(text)!;
    expect(err.message).toBe('unexpected character "x"');
    expect(err.path).toBe('$.a');
    expect(lineColumn(text, err.offset)).toEqual({ line: 2, column: 8 });
  });

  it('keeps message and path short for a 1 MB key', () => {
    const key = 'k'.repeat(1 << 20);
    const unterminatedKey = `{"${key}`;
    expect(jsonSyntaxError(unterminatedKey)).toEqual({ offset: 1, path: '$', message: 'unterminated string', kind: 'truncated' });
    const unterminatedValue = `{"${key}": "abc`;
    const err = jsonSyntaxError(unterminatedValue)!;
    expect(err.offset).toBe(key.length + 5);
    expect(err.message).toBe('unterminated string');
    expect(err.path).toBe(`$["${'k'.repeat(100)}…"]`);
    const badEscape = `{"a": {"${'\\n'.repeat(1 << 19)}": {"b": [1, 2, 3 4]}}}`;
    const err2 = jsonSyntaxError(badEscape)!;
    expect(err2.path).toBe(`$.a["${'\\n'.repeat(50)}…"].b`);
    expect(err2.message).toBe('expected "," or "]" after an array item');
  });

  it('survives 1,000,000 levels of nesting', () => {
    const deep = '['.repeat(1_000_000);
    const err = jsonSyntaxError(deep)!;
    expect(err.offset).toBe(1_000_000);
    expect(err.message).toBe('input ended inside an array');
    expect(err.path.length).toBeLessThanOrEqual(202);
    expect(err.path).toMatch(/^\$(\[0\])+…(\[0\])+$/);
    const mixed = '{"a":['.repeat(500_000) + '}';
    const err2 = jsonSyntaxError(mixed)!;
    expect(err2).toMatchObject({ offset: mixed.length - 1, message: 'unexpected character "}"' });
    expect(err2.path.endsWith('.a[0]')).toBe(true);
    expect(jsonSyntaxError(`${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`)).toBeNull();
  });

  it('returns null for valid JSON', () => {
    for (const text of ['{}', ' [ ] ', '"\\u00e9\\n"', '-0.5e+10', 'null', '{"a": [1, {"b": null}], "c": "\ud800"}']) {
      expect(jsonSyntaxError(text)).toBeNull();
    }
  });

  it('agrees with JSON.parse on 3000 mutated documents (validity, and the offset V8 reports)', () => {
    const next = generator(4242);
    const r = mulberry32(17);
    const junk = ['"', '\\', ',', ':', '[', ']', '{', '}', ' ', '0', '-', '.', 'e', 't', 'n', '\n', '\u0001', 'x', 'u'];
    let invalid = 0;
    let comparedWithV8 = 0;
    for (let i = 0; i < 3000; i++) {
      const tree = next();
      let text = printJson(tree, i % 3 === 0 ? 0 : 2);
      const edits = 1 + Math.floor(r() * 3);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(r() * (text.length + 1));
        const how = r();
        if (how < 0.4) text = text.slice(0, at) + text.slice(at + 1);
        else if (how < 0.8) text = text.slice(0, at) + junk[Math.floor(r() * junk.length)]! + text.slice(at);
        else text = text.slice(0, at);
      }
      let v8Message: string | undefined;
      try {
        JSON.parse(text);
      } catch (err) {
        v8Message = (err as Error).message;
      }
      const found = jsonSyntaxError(text);
      if (v8Message === undefined) {
        expect(found, text).toBeNull();
        continue;
      }
      invalid++;
      expect(found, text).not.toBeNull();
      const { offset, message, path } = found!;
      expect(offset).toBeGreaterThanOrEqual(0);
      expect(offset).toBeLessThanOrEqual(text.length);
      expect(message.length).toBeLessThan(80);
      expect(path.startsWith('$')).toBe(true);
      // Where V8 names a position: the same one for structural errors, and at or after the start
      // of the token for errors inside a string, number or literal (which this points at).
      const v8 = /at position (\d+)/.exec(v8Message);
      if (v8 !== null) {
        comparedWithV8++;
        if (/string|number|literal|trailing comma/.test(message)) expect(offset, text).toBeLessThanOrEqual(Number(v8[1]));
        else expect(offset, text).toBe(Number(v8[1]));
      }
    }
    expect(invalid).toBeGreaterThan(2000);
    if (process.version.startsWith('v20.')) expect(comparedWithV8).toBeGreaterThan(1000);
  });
});

describe('offsetOfPath', () => {
  const text = [
    '{',
    '  "orders": [',
    '    { "id": 1, "customer": { "name": "Ada" } },',
    '    { "id": 2, "customer": { "name": "Bob", "tags": ["x", "y"] }, "note": "a \\"quoted\\" ] } string" },',
    '    []',
    '  ],',
    '  "a\\"b": { "\\u0063": 3 },',
    '  "total": -12.5e3',
    '}',
  ].join('\n');
  const valueAt = (path: (string | number)[]): string => text.slice(offsetOfPath(text, path));

  it('finds values in nested documents', () => {
    expect(offsetOfPath(text, [])).toBe(0);
    expect(valueAt(['orders']).startsWith('[\n    { "id": 1')).toBe(true);
    expect(valueAt(['orders', 0]).startsWith('{ "id": 1')).toBe(true);
    expect(valueAt(['orders', 1, 'customer', 'tags', 1]).startsWith('"y"]')).toBe(true);
    expect(valueAt(['orders', 1, 'note']).startsWith('"a \\"quoted')).toBe(true);
    expect(valueAt(['orders', 2]).startsWith('[]\n')).toBe(true);
    expect(valueAt(['a"b', 'c']).startsWith('3 }')).toBe(true);
    expect(valueAt(['total']).startsWith('-12.5e3')).toBe(true);
    expect(offsetOfPath('  \n 7 ', [])).toBe(4);
  });

  it('falls back to the deepest existing value', () => {
    expect(offsetOfPath(text, ['orders', 5, 'id'])).toBe(offsetOfPath(text, ['orders']));
    expect(offsetOfPath(text, ['orders', 2, 0])).toBe(offsetOfPath(text, ['orders', 2]));
    expect(offsetOfPath(text, ['orders', 0, 'id', 'x'])).toBe(offsetOfPath(text, ['orders', 0, 'id']));
    expect(offsetOfPath(text, ['nope'])).toBe(0);
    expect(offsetOfPath(text, [0])).toBe(0); // an index never names an object key
    expect(offsetOfPath(text, ['orders', '0'])).toBe(offsetOfPath(text, ['orders'])); // nor a key an array item
  });

  it('takes the last of duplicate keys, as JSON.parse does', () => {
    const dup = '{"a": {"b": 1, "b": 2}, "x": 0, "a": {"c": [3, {"b": 4}]}}';
    expect(dup.slice(offsetOfPath(dup, ['a']))).toMatch(/^\{"c"/);
    expect(dup.slice(offsetOfPath(dup, ['a', 'c', 1, 'b']))).toMatch(/^4/);
    // a.b exists only in the first "a", which the second replaces
    expect(offsetOfPath(dup, ['a', 'b'])).toBe(offsetOfPath(dup, ['a']));
    const inner = '{"k": {"b": 1, "b": 2}}';
    expect(inner.slice(offsetOfPath(inner, ['k', 'b']))).toMatch(/^2/);
    const proto = '{"__proto__": 1, "__proto__": {"x": true}}';
    expect(proto.slice(offsetOfPath(proto, ['__proto__', 'x']))).toMatch(/^true/);
  });

  it('finds every value of 100 random trees', () => {
    const next = generator(555);
    for (let i = 0; i < 100; i++) {
      const tree = JSON.parse(JSON.stringify(next()) ?? 'null') as unknown;
      const compact = printJson(tree, 0);
      const pretty = printJson(tree, 2);
      const visit = (v: unknown, path: (string | number)[]): void => {
        expect(compact.startsWith(JSON.stringify(v), offsetOfPath(compact, path))).toBe(true);
        expect(pretty.startsWith(printJson(v, 0).slice(0, 1), offsetOfPath(pretty, path))).toBe(true);
        if (Array.isArray(v)) v.forEach((x, j) => visit(x, [...path, j]));
        else if (isObject(v)) for (const k of Object.keys(v)) visit(v[k], [...path, k]);
      };
      visit(tree, []);
    }
  });

  it('is linear: a long path into deeply nested objects', () => {
    const deepPath = (k: number) => {
      const depth = 10_000 * k;
      return { depth, text: `${'{"k": '.repeat(depth)}1${'}'.repeat(depth)}`, path: Array.from({ length: depth }, () => 'k') };
    };
    const { depth, text, path } = deepPath(10);
    expect(offsetOfPath(text, path)).toBe(depth * 6);
    // Work, not time: 10x the depth allocates < 20x (helpers.ts).
    expectLinearAllocation(deepPath, (d) => offsetOfPath(d.text, d.path));
  });
});
