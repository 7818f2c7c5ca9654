import { describe, expect, it } from 'vitest';
import { JsonFormatter, MemoryStream, Serializable, type SerializationException } from '@weft/runtime';
import { thrown } from '../helpers';

// JSON-level errors speak JSON: the line and column of the value at fault (1-based, as editors
// count) and its JSON path from the document's top, with no hidden binary frame behind them.

@Serializable({ name: 'jsonerr.Point' })
class Point {
  constructor(
    public x: number,
    public y: number,
  ) {}
}

const f = new JsonFormatter();

/** The 1-based line and column of the first occurrence of `needle` in `text`. */
function where(text: string, needle: string, from = 0): { line: number; column: number } {
  const at = text.indexOf(needle, from);
  expect(at).toBeGreaterThanOrEqual(0);
  const before = text.slice(0, at).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

describe('JsonFormatter errors give line, column and JSON path', () => {
  it('a syntax error: where the text breaks, inside which value', () => {
    const text = ['{', '  "$weft": 1,', '  "root": {', '    "orders": [1, 2', '    "next": 3', '  }', '}'].join('\n');
    const e = thrown(() => f.deserialize(text));
    expect(e.code).toBe('INVALID_VALUE');
    expect(e.json).toEqual({ line: 5, column: 5, path: '$.root.orders' });
    expect(e.message).toMatch(/line 5, column 5/);
    expect(e.message).not.toMatch(/at byte/);
  });

  it('a document cut short is TRUNCATED at its end', () => {
    const text = f.serializeToString({ a: [1, 2, 3] }).trimEnd();
    const e = thrown(() => f.deserialize(text.slice(0, -3)));
    expect(e.code).toBe('TRUNCATED');
    expect(e.json!.line).toBe(text.slice(0, -3).split('\n').length);
  });

  it('an unknown type: the path and position of the instance that names it', () => {
    const text = f.serializeToString([1, new Point(1, 2)]).replaceAll('jsonerr.Point', 'jsonerr.Gone');
    const e = thrown(() => f.deserialize(text));
    expect(e.code).toBe('UNKNOWN_TYPE');
    expect(e.json!.path).toBe('$.root[1].$type');
    expect({ line: e.json!.line, column: e.json!.column }).toEqual(where(text, '"@weft/runtime:jsonerr.Gone"', text.indexOf('"root"')));
  });

  it('a member of the wrong kind: the path and position of that member', () => {
    const g = new JsonFormatter({ indent: 0 });
    const doc = JSON.parse(g.serializeToString({ list: [new Point(1, 2), new Point(3, 4)] })) as { types: Record<string, { members: [string, string][] }> };
    // Reorder the layout so the reader maps by name and checks kinds: "y" then holds a string.
    const key = Object.keys(doc.types)[0]!;
    doc.types[key]!.members.reverse();
    const text = JSON.stringify(doc, null, 2).replace('"y": 4', '"y": "four"');
    const e = thrown(() => g.deserialize(text));
    expect(e.code).toBe('TYPE_MISMATCH');
    expect(e.json!.path).toBe('$.root.list[1].y');
    expect({ line: e.json!.line, column: e.json!.column }).toEqual(where(text, '"four"'));
  });

  it('a missing member and a bad reference are located too', () => {
    const doc = JSON.parse(f.serializeToString({ p: new Point(1, 2) })) as { root: { p: Record<string, unknown> } };
    delete doc.root.p.y;
    const missing = thrown(() => f.deserialize(JSON.stringify(doc)));
    expect(missing.code).toBe('MISSING_MEMBER');
    expect(missing.json!.path).toBe('$.root.p');
    const badRef = thrown(() => f.deserialize('{"$weft":1,"root":{"a":[{"$ref":99}]}}'));
    expect(badRef.code).toBe('BAD_REFERENCE');
    expect(badRef.json).toEqual({ line: 1, column: 25, path: '$.root.a[0]' });
  });

  it('byte offsets count UTF-8 bytes of the input, also after non-ASCII text', () => {
    const text = '{"$weft":1,"root":{"ä€😀":[{"$nope":1}]}}';
    const e = thrown(() => f.deserialize(new TextEncoder().encode(text)));
    expect(e.code).toBe('INVALID_VALUE');
    // Located at the value of the unknown marker key.
    const chars = text.indexOf('{"$nope"') + '{"$nope":'.length;
    expect(e.offset).toBe(new TextEncoder().encode(text.slice(0, chars)).length);
    expect(e.json!.path).toBe('$.root["ä€😀"][0].$nope');
  });

  it('messages quote payload text escaped and bounded, however long it is', () => {
    const longKey = `x"\n${'k'.repeat(1_000_000)}`;
    const text = JSON.stringify({ $weft: 1, root: { [`$${longKey}`]: 1 } });
    const e = thrown(() => f.deserialize(text));
    expect(e.code).toBe('INVALID_VALUE');
    expect(e.message.length).toBeLessThan(1200);
    expect(e.message).not.toContain('\n');
    const unterminated = thrown(() => f.deserialize(`{"$weft":1,"root":"${'s'.repeat(1_000_000)}`));
    expect(unterminated.message.length).toBeLessThan(600);
  });

  it('in a MemoryStream of several documents, lines count within the document at fault', () => {
    const s = new MemoryStream();
    f.serialize(s, { ok: 1 });
    const second = f.serializeToString({ ok: 2 }).replace('"ok": 2', '"ok": 2,');
    s.write(new TextEncoder().encode(second));
    const r = new MemoryStream(s.toArray());
    expect(f.deserialize(r)).toEqual({ ok: 1 });
    const e: SerializationException = thrown(() => f.deserialize(r));
    expect(e.json!.line).toBe(where(second, '}').line);
  });
});
