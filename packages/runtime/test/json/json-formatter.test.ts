import { describe, expect, it } from 'vitest';
import { BinaryFormatter, JsonFormatter, MemoryStream, SerializationException } from '@weft/runtime';
import { Customer, Order, OrderLine } from './matrix.ts';
import { thrown } from '../helpers';

const f = new JsonFormatter();
const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);


describe('JsonFormatter output is readable, explicit and stable', () => {
  it('prints types, ids only where referenced, references and named members', () => {
    const c = new Customer(1, 'Ada');
    const o = new Order(10, c);
    o.lines.push(new OrderLine(o, 'x', 2));
    expect(f.serializeToString([o, c])).toBe(
      [
        '{',
        '  "$weft": 1,',
        '  "types": {',
        '    "@weft/runtime:matrix.Order": {',
        '      "assembly": "@weft/runtime",',
        '      "name": "matrix.Order",',
        '      "kind": "fields",',
        '      "members": [["lines", "array"], ["id", "number"], ["customer", "any"]]',
        '    },',
        '    "@weft/runtime:matrix.OrderLine": {',
        '      "assembly": "@weft/runtime",',
        '      "name": "matrix.OrderLine",',
        '      "kind": "fields",',
        '      "members": [["order", "any"], ["sku", "string"], ["qty", "number"]]',
        '    },',
        '    "@weft/runtime:matrix.Customer": {',
        '      "assembly": "@weft/runtime",',
        '      "name": "matrix.Customer",',
        '      "kind": "fields",',
        '      "members": [["id", "number"], ["name", "string"]]',
        '    }',
        '  },',
        '  "root": [',
        '    {',
        '      "$type": "@weft/runtime:matrix.Order",',
        '      "$id": 1,',
        '      "lines": [',
        '        {',
        '          "$type": "@weft/runtime:matrix.OrderLine",',
        '          "order": { "$ref": 1 },',
        '          "sku": "x",',
        '          "qty": 2',
        '        }',
        '      ],',
        '      "id": 10,',
        '      "customer": {',
        '        "$type": "@weft/runtime:matrix.Customer",',
        '        "$id": 4,',
        '        "id": 1,',
        '        "name": "Ada"',
        '      }',
        '    },',
        '    { "$ref": 4 }',
        '  ]',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('is valid JSON, and the same graph always gives the same text', () => {
    const g = { a: [1, 2, { b: new Map([[1, new Set(['x'])]]) }], d: new Date(0), big: 2n ** 70n };
    const t1 = text(f.serialize(g));
    expect(() => JSON.parse(t1) as unknown).not.toThrow();
    expect(text(f.serialize(g))).toBe(t1);
    expect(JSON.parse(t1).root.big).toEqual({ $bigint: '1180591620717411303424' });
    expect(JSON.parse(t1).root.d).toEqual({ $date: '1970-01-01T00:00:00.000Z' });
  });

  it('lone surrogates are \\u escapes, so the bytes are well-formed UTF-8', () => {
    const bytes = f.serialize('a\uD800');
    expect(text(bytes)).toContain('"a\\ud800"');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).not.toThrow();
    expect(f.deserialize(bytes)).toBe('a\uD800');
  });

  it('deep graphs put far bodies into "deferred" and still round-trip', () => {
    let head: { next: unknown } | null = null;
    for (let i = 0; i < 1000; i++) head = { next: head };
    const doc = JSON.parse(f.serializeToString(head)) as { deferred: unknown[] };
    expect(doc.deferred.length).toBeGreaterThan(0);
    let back = f.deserialize(f.serialize(head)) as { next: unknown } | null;
    let n = 0;
    for (; back; n++) back = back.next as typeof back;
    expect(n).toBe(1000);
  });

  it('indent 0 writes one graph per line (JSON Lines)', () => {
    const jl = new JsonFormatter({ indent: 0 });
    const ms = new MemoryStream();
    for (const g of [{ a: 1 }, [1, 2], 'x\ny']) jl.serialize(ms, g);
    const lines = text(ms.toArray()).split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('');
    expect(lines[0]).toBe('{"$weft":1,"root":{"a":1}}');
    // Pretty and compact documents can be read from the same stream.
    f.serialize(ms, { pretty: true });
    ms.position = 0;
    expect([jl.deserialize(ms), jl.deserialize(ms), jl.deserialize(ms), jl.deserialize(ms)]).toEqual([{ a: 1 }, [1, 2], 'x\ny', { pretty: true }]);
  });

  it('reads hand-written JSON: ids are labels, keys in any order, CRLF and spaces between documents', () => {
    const doc = `{"root": [{"$id": 70, "name": "shared"}, {"$ref": 70}, {"$map": [[{"$ref": 70}, 1]]}], "$weft": 1}`;
    const back = f.deserialize<[object, object, Map<object, number>]>(enc(doc));
    expect(back[1]).toBe(back[0]);
    expect(back[2].get(back[0])).toBe(1);
    const ms = new MemoryStream(enc(`  ${doc}\r\n\n{"$weft":1,"root":2}\r\n`));
    expect(f.deserialize<unknown[]>(ms)).toHaveLength(3);
    expect(f.deserialize(ms)).toBe(2);
    expect(ms.position).toBe(ms.length);
    const c = f.deserialize<Customer>('{"root":{"name":"Bo","$type":"t","id":5}, "types":{"t":{"kind":"fields","name":"matrix.Customer","assembly":"@weft/runtime","members":[["id","number"],["name","string"]]}},"$weft":1}');
    expect(c).toBeInstanceOf(Customer);
    expect(c.name).toBe('Bo');
  });

  it('class instances from JSON are created through the same reader (MISSING_MEMBER, TYPE_MISMATCH, UNKNOWN_TYPE)', () => {
    const types = (members: string) => `"types":{"c":{"assembly":"@weft/runtime","name":"matrix.Customer","kind":"fields","members":${members}}}`;
    const ok = f.deserialize<Customer>(`{"$weft":1,${types('[["id","number"],["name","string"]]')},"root":{"$type":"c","name":"Ada","id":7}}`);
    expect(ok).toBeInstanceOf(Customer);
    expect(ok.id).toBe(7);
    expect(thrown(() => f.deserialize(`{"$weft":1,${types('[["id","number"]]')},"root":{"$type":"c","id":7}}`)).code).toBe('MISSING_MEMBER');
    expect(thrown(() => f.deserialize(`{"$weft":1,${types('[["id","number"],["name","string"]]')},"root":{"$type":"c","id":7}}`)).code).toBe('MISSING_MEMBER');
    expect(thrown(() => f.deserialize(`{"$weft":1,${types('[["id","string"],["name","string"]]')},"root":{"$type":"c","id":"seven","name":"x"}}`)).code).toBe('TYPE_MISMATCH');
    expect(thrown(() => f.deserialize(`{"$weft":1,"types":{"c":{"assembly":"x","name":"Nope","kind":"fields","members":[]}},"root":{"$type":"c"}}`)).code).toBe('UNKNOWN_TYPE');
  });

  it('malformed JSON and malformed structure fail with stable codes', () => {
    const cases: [string, string][] = [
      ['', 'TRUNCATED'],
      ['   ', 'TRUNCATED'],
      ['[1,2]', 'INVALID_HEADER'],
      ['{"$weft":1,"root":[1,2}', 'INVALID_VALUE'],
      ['{"$weft":1,"root":', 'TRUNCATED'],
      ['{"$weft":2,"root":1}', 'INVALID_HEADER'],
      ['{"root":1}', 'INVALID_HEADER'],
      ['{"$weft":1}', 'INVALID_VALUE'],
      ['{"$weft":1,"root":1,"extra":1}', 'INVALID_VALUE'],
      ['{"$weft":1,"root":{"$ref":0}}', 'BAD_REFERENCE'],
      ['{"$weft":1,"root":[{"$ref":1},{"$id":1}]}', 'BAD_REFERENCE'],
      ['{"$weft":1,"root":[{"$id":1},{"$id":1}]}', 'INVALID_VALUE'],
      ['{"$weft":1,"root":{"$id":-1}}', 'INVALID_VALUE'],
      ['{"$weft":1,"root":{"$bogus":1}}', 'INVALID_VALUE'],
      ['{"$weft":1,"root":{"$bigint":"12x"}}', 'INVALID_VALUE'],
      ['{"$weft":1,"root":{"$number":"1"}}', 'INVALID_VALUE'],
      ['{"$weft":1,"root":{"$undefined":false}}', 'INVALID_VALUE'],
      ['{"$weft":1,"root":{"$date":"yesterday"}}', 'INVALID_VALUE'],
      ['{"$weft":1,"root":{"$regexp":"a","flags":""}}', 'LIMIT_EXCEEDED'], // limits.maxRegExps is 0 by default
      ['{"$weft":1,"root":{"$regexp":"(","flags":""}}', 'LIMIT_EXCEEDED'],
      ['{"$weft":1,"root":{"$regexp":"a"}}', 'INVALID_VALUE'],
      ['{"$weft":1,"root":{"$arraybuffer":"!!!!"}}', 'INVALID_VALUE'],
      ['{"$weft":1,"root":{"$arraybuffer":"AQ=="}, "x": 1}', 'INVALID_VALUE'],
      ['{"$weft":1,"root":{"$typedarray":"Uint16Array","buffer":{"$arraybuffer":"AQID"},"byteOffset":0,"length":2}}', 'INVALID_VALUE'],
      ['{"$weft":1,"root":{"$typedarray":"Nope","buffer":null,"byteOffset":0,"length":0}}', 'INVALID_VALUE'],
      ['{"$weft":1,"root":{"$typedarray":"Uint8Array","buffer":5,"byteOffset":0,"length":0}}', 'TYPE_MISMATCH'],
      ['{"$weft":1,"root":{"$error":"Evil"}}', 'INVALID_VALUE'],
      ['{"$weft":1,"root":{"$holes":3}}', 'INVALID_VALUE'],
      ['{"$weft":1,"root":[{"$holes":0}]}', 'INVALID_VALUE'],
      ['{"$weft":1,"root":[{"$holes":4294967296}]}', 'LIMIT_EXCEEDED'],
      ['{"$weft":1,"root":{"$map":[[1]]}}', 'INVALID_VALUE'],
      ['{"$weft":1,"root":{"$deferred":0}}', 'INVALID_VALUE'],
      ['{"$weft":1,"root":1,"deferred":[[1]]}', 'INVALID_VALUE'],
      ['{"$weft":1,"root":[{"$deferred":0},{"$deferred":0}],"deferred":[[1]]}', 'INVALID_VALUE'],
      ['{"$weft":1,"root":{"$type":"nope"}}', 'INVALID_VALUE'],
      ['{"$weft":1,"types":{"t":{"assembly":"a","name":"b","kind":"weird"}},"root":1}', 'INVALID_VALUE'],
      ['{"$weft":1,"types":{"t":{"assembly":"a","name":"b","kind":"fields","members":[["x","int"]]}},"root":1}', 'INVALID_VALUE'],
      ['{"$weft":1,"root":{"$proto":{}}}', 'INVALID_VALUE'],
      ['{"$weft":1,"root":1} {"$weft":1,"root":2}', 'TRAILING_BYTES'],
    ];
    for (const [json, code] of cases) {
      const e = thrown(() => f.deserialize(json));
      expect([json, e.code]).toEqual([json, code]);
    }
    const withPatterns = new JsonFormatter({ limits: { maxRegExps: 1 } });
    expect(thrown(() => withPatterns.deserialize('{"$weft":1,"root":{"$regexp":"(","flags":""}}')).code).toBe('INVALID_VALUE');
    expect(thrown(() => withPatterns.deserialize('{"$weft":1,"root":[{"$regexp":"a","flags":""},{"$regexp":"b","flags":""}]}')).code).toBe('LIMIT_EXCEEDED');
    expect(thrown(() => f.deserialize(new Uint8Array([0x7b, 0xff, 0x7d]))).code).toBe('INVALID_UTF8');
    const bin = thrown(() => f.deserialize(new BinaryFormatter().serialize(1)));
    expect(bin.code).toBe('INVALID_HEADER');
    expect(bin.message).toContain('BinaryFormatter');
  });

  it('untrusted JSON cannot pollute prototypes or name constructors', () => {
    const back = f.deserialize<Record<string, unknown>>('{"$weft":1,"root":{"__proto__":{"polluted":1},"constructor":{"prototype":{"p":1}}}}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.keys(back)).toEqual(['__proto__', 'constructor']);
    expect(thrown(() => f.deserialize('{"$weft":1,"types":{"__proto__":{"assembly":"","name":"Object","kind":"fields","members":[]}},"root":{"$type":"__proto__"}}')).code).toBe('UNKNOWN_TYPE');
  });

  it('limits: maxBytes bounds the document, maxDepth and maxObjects bound the graph', () => {
    const small = new JsonFormatter({ limits: { maxBytes: 64 } });
    expect(thrown(() => small.deserialize(f.serialize('x'.repeat(100)))).code).toBe('LIMIT_EXCEEDED');
    const few = new JsonFormatter({ limits: { maxObjects: 10 } });
    expect(thrown(() => few.deserialize(f.serialize(Array.from({ length: 50 }, (_, i) => ({ i }))))).code).toBe('LIMIT_EXCEEDED');
    // Deep nesting is deferred like the graph writer does, so it neither overflows nor fails...
    const deep = `{"$weft":1,"root":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    let a = f.deserialize<unknown[]>(deep);
    let depth = 1;
    for (; a.length === 1; depth++) a = a[0] as unknown[];
    expect(depth).toBe(100_000);
    // ...but the object budget still bounds it.
    expect(thrown(() => new JsonFormatter({ limits: { maxObjects: 1000 } }).deserialize(deep)).code).toBe('LIMIT_EXCEEDED');
    const nestedErrors = `{"$weft":1,"root":${'{"$error":"Error","cause":'.repeat(5000)}1${'}'.repeat(5000)}}`;
    expect(thrown(() => f.deserialize(nestedErrors)).code).toBe('LIMIT_EXCEEDED');
  });

  it('random corruption of a document only ever raises SerializationException', () => {
    const c = new Customer(1, 'Ada');
    const o = new Order(1, c);
    o.lines.push(new OrderLine(o, 'sku', 1));
    const good = f.serialize({ o, c, m: new Map([[1, [1.5, 'x', null]]]), d: new Date(5), b: 10n });
    let seed = 12345;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const alphabet = enc('{}[]",:$0123456789abcdefnrtul -');
    let failures = 0;
    for (let i = 0; i < 2000; i++) {
      const bad = good.slice();
      for (let k = 0; k <= rnd(3); k++) bad[rnd(bad.length)] = alphabet[rnd(alphabet.length)]!;
      try {
        f.deserialize(bad);
      } catch (e) {
        expect(e).toBeInstanceOf(SerializationException);
        failures++;
      }
    }
    expect(failures).toBeGreaterThan(100);
  });
});
