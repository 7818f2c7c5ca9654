// One test per class of hostile input (issue 5, API.md §6-§7). Payloads are hand-built bytes.
import { afterEach, describe, expect, it } from 'vitest';
import { BinaryFormatter, DEFAULT_LIMITS, MemoryStream, SerializationException, type SerializationErrorCode } from '@weft/runtime';
import { expectLinearAllocation } from '../helpers';
import { HUGE, T, allocatedBy, catchSE, expectFail, frame, protoSnapshot, str, typeDef, varint, type Bytes } from './bytes';
import { Holder, Money, Node, Point, makeFormatter, sampleGraphs } from './fixtures';

// RegExps allowed, so that their bytes are checked too (the default refuses them: builtins.test.ts).
const f = makeFormatter({ limits: { maxRegExps: 1000 } });
const A = '@weft/runtime';
const proto0 = protoSnapshot();
const de = (body: Bytes | Uint8Array, fmt: BinaryFormatter = f) => fmt.deserialize(frame(body));

afterEach(() => {
  // The same formatter keeps working after every failure, and nothing leaked into shared prototypes.
  const g = new Point(1, 2);
  expect(f.deserialize<Point>(f.serialize(g))).toEqual(g);
  expect(protoSnapshot()).toBe(proto0);
});

const pointDef = typeDef(A, 'Point', 0, [['x', 1], ['y', 1]]);

describe('truncation', () => {
  const payloads = sampleGraphs().map((g) => f.serialize(g));

  it('every prefix of several valid payloads fails with TRUNCATED (frame length kept) or TRUNCATED/INVALID_LENGTH (frame length fixed up)', () => {
    let checked = 0;
    for (const p of payloads) {
      for (let n = 0; n < p.length; n++) {
        expectFail(() => f.deserialize(p.subarray(0, n)), 'TRUNCATED');
        if (n >= 8) {
          const body = p.subarray(8, n);
          expectFail(() => de(body), ['TRUNCATED', 'INVALID_LENGTH']);
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(5000);
  });

  it('a MemoryStream holding a truncated frame fails and keeps its position', () => {
    const s = new MemoryStream(payloads[0]!.subarray(0, 20));
    expectFail(() => f.deserialize(s), 'TRUNCATED');
    expect(s.position).toBe(0);
  });
});

describe('huge declared lengths and counts are rejected before allocating', () => {
  // A string length is checked against limits.maxStringLength first (2^32-1 > 64 MiB: LIMIT_EXCEEDED);
  // every other length or count first against the bytes left in the frame (INVALID_LENGTH).
  const cases: [string, Bytes, SerializationErrorCode][] = [
    ['string', [T.String, ...HUGE], 'LIMIT_EXCEEDED'],
    ['UTF-16 string', [T.String16, ...HUGE], 'LIMIT_EXCEEDED'],
    ['array', [T.Array, ...HUGE], 'INVALID_LENGTH'],
    ['object', [T.Object, ...HUGE], 'INVALID_LENGTH'],
    ['null-prototype object', [T.ObjectNullProto, ...HUGE], 'INVALID_LENGTH'],
    ['map', [T.Map, ...HUGE], 'INVALID_LENGTH'],
    ['set', [T.Set, ...HUGE], 'INVALID_LENGTH'],
    ['ArrayBuffer', [T.ArrayBuffer, ...HUGE], 'INVALID_LENGTH'],
    ['bigint', [T.BigIntPos, ...HUGE], 'INVALID_LENGTH'],
    ['TypeDef member count', [T.TypeDef, ...str(A), ...str('Point'), 0, ...HUGE], 'INVALID_LENGTH'],
    ['SerializationInfo entry count', [...typeDef(A, 'Money', 1, []), ...HUGE], 'INVALID_LENGTH'],
    ['deferred array', [T.Defer, T.Array, ...HUGE], 'INVALID_LENGTH'],
    ['a length just one item too long', [T.Array, ...varint(4), 1, 2, 3], 'INVALID_LENGTH'],
    ['a string one byte too long', [T.String, 4, 0x61, 0x62, 0x63], 'INVALID_LENGTH'],
  ];
  for (const [what, body, code] of cases) {
    it(`${what}: ${code}`, () => {
      let e: SerializationException | undefined;
      const bytes = allocatedBy(() => {
        e = catchSE(() => de(body));
      });
      expect(e!.code).toBe(code);
      expect(typeof e!.offset).toBe('number');
      expect(bytes).toBeLessThan(1024 * 1024);
    });
  }

  it('typed-array views that overrun their buffer are INVALID_VALUE (no allocation)', () => {
    // Float64Array (kind 8) of 2^32-1 elements over an 8-byte buffer.
    const body = [T.TypedArray, 8, T.ArrayBuffer, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, ...HUGE];
    let e: SerializationException | undefined;
    expect(allocatedBy(() => (e = catchSE(() => de(body))))).toBeLessThan(1024 * 1024);
    expect(e!.code).toBe('INVALID_VALUE');
    expectFail(() => de([T.TypedArray, 8, T.ArrayBuffer, 8, 0, 0, 0, 0, 0, 0, 0, 0, 4, 1]), 'INVALID_VALUE'); // misaligned offset
  });

  it('a frame header larger than the input or than limits.maxBytes', () => {
    const p = f.serialize([1, 2, 3]);
    const big = p.slice();
    new DataView(big.buffer).setUint32(4, 0xffffffff, true);
    expectFail(() => f.deserialize(big), 'LIMIT_EXCEEDED');
    const small = new BinaryFormatter({ limits: { maxBytes: 4 } });
    expectFail(() => small.deserialize(p), 'LIMIT_EXCEEDED');
    new DataView(big.buffer).setUint32(4, 1000, true);
    expectFail(() => f.deserialize(big), 'TRUNCATED');
  });
});

describe('nested length prefixes share one byte budget', () => {
  it('1,000 nested arrays each declaring as many elements as the whole input could hold', () => {
    const body: Bytes = [];
    for (let i = 0; i < 900; i++) body.push(T.Array, ...varint(2000));
    let e: SerializationException | undefined;
    expect(allocatedBy(() => (e = catchSE(() => de(body))))).toBeLessThan(1024 * 1024);
    expect(e!.code).toBe('INVALID_LENGTH');
  });

  it('a string that fits alone but not after its siblings', () => {
    // [ "x"*(rest) , <nothing> ]: the array's second element finds no bytes left.
    const rest = 50;
    const body = [T.Array, 2, T.String, rest, ...new Array<number>(rest).fill(0x78)];
    expectFail(() => de(body), 'TRUNCATED');
    // An inner string whose length runs past the enclosing frame (bytes exist after the frame, but belong to no one).
    const p = frame([T.Array, 1, T.String, 10, 0x61]);
    const withTail = new Uint8Array(p.length + 20);
    withTail.set(p);
    expectFail(() => new MemoryStream(withTail) && f.deserialize(new MemoryStream(withTail)), 'INVALID_LENGTH');
  });
});

describe('varints', () => {
  it('longer than 32 bits are INVALID_VARINT wherever they stand', () => {
    const long = [0x80, 0x80, 0x80, 0x80, 0x80, 0x01];
    expectFail(() => de([T.Int, ...long]), 'INVALID_VARINT');
    expectFail(() => de([T.Ref, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]), 'INVALID_VARINT');
    expectFail(() => de([T.Array, ...long]), 'INVALID_VARINT');
    expectFail(() => de([T.String, 0xff, 0xff, 0xff, 0xff, 0x10]), 'INVALID_VARINT');
    expectFail(() => de([T.Class, ...new Array<number>(20).fill(0xff)]), 'INVALID_VARINT');
  });
  it('that end with the input are TRUNCATED', () => {
    expectFail(() => de([T.Int, 0x80, 0x80]), 'TRUNCATED');
  });
});

describe('references', () => {
  it('to an object that does not exist, or not yet', () => {
    expectFail(() => de([T.Ref, 0]), 'BAD_REFERENCE');
    expectFail(() => de([T.Ref, ...HUGE]), 'BAD_REFERENCE');
    // [ ref #1, {} ]: #1 is the object that comes after the reference.
    expectFail(() => de([T.Array, 2, T.Ref, 1, T.Object, 0]), 'BAD_REFERENCE');
  });

  it('to an object of the wrong type', () => {
    // A typed array whose buffer is a reference to an array.
    expectFail(() => de([T.Array, 2, T.Array, 0, T.TypedArray, 1, T.Ref, 1, 0, 0]), 'TYPE_MISMATCH');
    expectFail(() => de([T.Array, 2, T.Array, 0, T.TypedArray, 1, T.Ref, 2, 0, 0]), 'TYPE_MISMATCH'); // itself
    // Point laid out as (y, x) takes the member-by-name path, which checks declared kinds: x:number holds a Date.
    const body = [T.Array, 2, T.Date, 0, 0, 0, 0, 0, 0, 0, 0, ...typeDef(A, 'Point', 0, [['y', 1], ['x', 1]]), T.FixInt | 1, T.Ref, 1];
    expectFail(() => de(body), 'TYPE_MISMATCH');
  });

  it('fan-out: one object referenced 300,000 times decodes with linear work and counts against maxObjects', () => {
    /** [ {}, ref #1 × n ] */
    const fanOut = (n: number): Uint8Array => {
      const body = new Uint8Array(1 + 5 + 2 + 2 * n);
      let p = 0;
      body[p++] = T.Array;
      for (const b of varint(n + 1)) body[p++] = b;
      body[p++] = T.Object;
      body[p++] = 0;
      for (let i = 0; i < n; i++) {
        body[p++] = T.Ref;
        body[p++] = 1;
      }
      return frame(body.subarray(0, p));
    };
    const n = 300_000;
    const a = f.deserialize<object[]>(fanOut(n));
    expect(a.length).toBe(n + 1);
    expect(a[n]).toBe(a[0]);
    expectLinearAllocation((k) => fanOut(30_000 * k), (b) => f.deserialize(b));
    const tight = makeFormatter({ limits: { maxObjects: 100_000 } });
    expectFail(() => tight.deserialize(fanOut(n)), 'LIMIT_EXCEEDED');
  });
});

describe('type identities', () => {
  it('unknown type indexes and unregistered names are UNKNOWN_TYPE, and the message quotes the names escaped', () => {
    expectFail(() => de([T.ClassSmall | 5]), 'UNKNOWN_TYPE');
    expectFail(() => de([T.Class, ...varint(100_000)]), 'UNKNOWN_TYPE');
    expectFail(() => de([T.Defer, T.ClassSmall | 0]), 'UNKNOWN_TYPE');
    for (const [asm, name] of [
      ['evil-assembly', 'Evil<script>alert(1)</script>'],
      ['', 'Object'],
      ['', 'Function'],
      ['', '__proto__'],
      ['', 'constructor'],
      ['node:child_process', 'exec'],
      [A, 'Point\nINJECTED LOG LINE'],
    ]) {
      const e = expectFail(() => de([...typeDef(asm!, name!, 0, []), T.Null]), 'UNKNOWN_TYPE');
      // Named, escaped as JSON.stringify escapes: a newline in the name cannot forge a log line.
      expect(e.message).toContain(`type ${JSON.stringify(name)} (assembly ${JSON.stringify(asm)})`);
      expect(e.message).not.toMatch(/[\u0000-\u001f]/);
      expect([e.typeName, e.assemblyName]).toEqual([name, asm]);
    }
  });

  it('names a registered type with a moved assembly: the hint names the registered class, not the payload', () => {
    const e = expectFail(() => de([...typeDef('old-assembly', 'Point', 0, [['x', 1], ['y', 1]]), 1, 2]), 'UNKNOWN_TYPE');
    expect(e.message).toContain('type "Point" (assembly "old-assembly")');
    expect(e.message).toContain(`registered under assembly ${JSON.stringify(A)}`);
  });

  it('a registered type whose stream layout contradicts the class is TYPE_MISMATCH / MISSING_MEMBER', () => {
    // Point written through a SerializationInfo (info.setType is legal), but without its members / with a string x.
    expectFail(() => de([...typeDef(A, 'Point', 1, []), 0]), 'MISSING_MEMBER');
    expectFail(() => de([...typeDef(A, 'Point', 1, []), 2, ...str('x'), ...str('PAYLOAD'), ...str('y'), T.FixInt | 1]), 'TYPE_MISMATCH', ['PAYLOAD']);
    // Money (ISerializable) declared member by member: its members reach the deserialization
    // constructor as SerializationInfo entries, and a name it needs is missing.
    expectFail(() => de([...typeDef(A, 'Money', 0, [['amount', 0]]), 1]), 'MEMBER_NOT_FOUND');
    // Vec (surrogate only, not compiled) declared member by member: its surrogate reads the entries.
    expectFail(() => de([...typeDef('', 'Vec', 0, []), 0]), 'MEMBER_NOT_FOUND');
    // Point without its required member y.
    expectFail(() => de([...typeDef(A, 'Point', 0, [['x', 1]]), 1]), 'MISSING_MEMBER');
    // Point with x declared and written as a string (slow path checks the class's declared kind).
    expectFail(() => de([...typeDef(A, 'Point', 0, [['y', 1], ['x', 2]]), 1, ...str('not a number')]), 'TYPE_MISMATCH', ['not a number']);
    // Holder.flag (boolean) holding an object that has an own "constructor" key whose name is payload text.
    const holder = typeDef(A, 'Holder', 0, [['flag', 0], ['items', 0], ['map', 0], ['owner', 0], ['big', 4]]);
    const evil = [T.Object, 1, ...str('constructor'), T.Object, 1, ...str('name'), ...str('PAYLOAD_TEXT')];
    expectFail(() => de([...holder, ...evil, T.Null, T.Null, T.Null, T.Null]), 'TYPE_MISMATCH', ['PAYLOAD_TEXT']);
  });

  it('failures raised in user code (SerializationInfo.getValue in a constructor) still carry an offset', () => {
    const e = expectFail(() => de([...typeDef(A, 'Money', 1, []), 1, ...str('amount'), T.FixInt | 5]), 'MEMBER_NOT_FOUND');
    expect(e.cause).toBeInstanceOf(SerializationException);
  });

  it('instances of a type defined at one index cannot be read through another', () => {
    // Point defined (index 0), then ClassSmall 1 (undefined index).
    expectFail(() => de([T.Array, 2, ...pointDef, 1, 2, T.ClassSmall | 1, 1, 2]), 'UNKNOWN_TYPE');
  });
});

describe('invalid UTF-8 and bad scalar values', () => {
  it('INVALID_UTF8 for malformed, overlong, surrogate and cut sequences (short and long strings)', () => {
    const bad: Bytes[] = [[0xc3, 0x28], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xe6, 0x97], [0xff], [0xf4, 0x90, 0x80, 0x80]];
    for (const b of bad) {
      expectFail(() => de([T.String, b.length, ...b]), 'INVALID_UTF8');
      const long = [...new Array<number>(40).fill(0x61), ...b];
      expectFail(() => de([T.String, long.length, ...long]), 'INVALID_UTF8');
      // also where the format requires a string: an object key and a type name
      expectFail(() => de([T.Object, 1, T.String, b.length, ...b, T.Null]), 'INVALID_UTF8');
      expectFail(() => de([T.TypeDef, ...str(A), T.String, b.length, ...b, 0, 0]), 'INVALID_UTF8');
    }
  });

  it('INVALID_VALUE / INVALID_TAG / INVALID_HEADER for values that are well-formed bytes but not valid where they stand', () => {
    expectFail(() => de([T.BigIntPos, 2, 1, 0]), 'INVALID_VALUE'); // leading zero byte
    expectFail(() => de([T.TypedArray, 99]), 'INVALID_VALUE');
    expectFail(() => de([T.Error, 99]), 'INVALID_VALUE');
    expectFail(() => de([T.RegExp, ...str('(unclosed'), ...str('')]), 'INVALID_VALUE', ['unclosed']);
    expectFail(() => de([T.RegExp, ...str('a'), ...str('zz')]), 'INVALID_VALUE');
    expectFail(() => de([T.RegExp, T.FixInt | 1, ...str('')]), 'INVALID_VALUE');
    expectFail(() => de([T.Hole]), 'INVALID_VALUE');
    expectFail(() => de([T.Object, 1, T.FixInt | 1, T.Null]), 'INVALID_VALUE'); // key that is no string
    expectFail(() => de([T.TypeDef, ...str(A), ...str('Point'), 7, 0]), 'INVALID_VALUE'); // type kind
    expectFail(() => de([T.TypeDef, ...str(A), ...str('Point'), 0, 1, ...str('x'), 9]), 'INVALID_VALUE'); // member kind
    expectFail(() => de([...typeDef(A, 'Money', 1, []), 2, ...str('amount'), 1, ...str('amount'), 2]), 'INVALID_VALUE'); // duplicate entry
    expectFail(() => de([T.Defer, T.FixInt | 1]), 'INVALID_TAG');
    for (const tag of [0x1c, 0x1f]) expectFail(() => de([tag]), 'INVALID_TAG');
    expectFail(() => de([0x1b, 0, 0, 0x80]), 'TRUNCATED'); // a Float32 needs 4 bytes
    // StringRef: only to a string value read inline before it in the same graph
    expectFail(() => de([T.StringRef]), 'TRUNCATED');
    expect(expectFail(() => de([T.StringRef, 0]), 'BAD_REFERENCE').message).toMatch(/string #0, but only 0 strings/);
    expect(expectFail(() => de([T.Array, 2, ...str('ab'), T.StringRef, 1]), 'BAD_REFERENCE').offset).toBe(8 + 7); // the index byte
    expectFail(() => de([T.Object, 1, ...str('key'), T.StringRef, 0]), 'BAD_REFERENCE'); // keys are not in the table
    const p = f.serialize(1);
    for (const [i, v] of [[0, 0x58], [1, 0], [2, 0], [2, 3], [3, 1]] as const) {
      const q = p.slice();
      q[i] = v;
      expectFail(() => f.deserialize(q), 'INVALID_HEADER');
    }
  });
});

describe('trailing bytes', () => {
  it('inside the frame and after it', () => {
    expectFail(() => de([T.Null, T.Null]), 'TRAILING_BYTES');
    const p = f.serialize({ a: 1 });
    const q = new Uint8Array(p.length + 1);
    q.set(p);
    expectFail(() => f.deserialize(q), 'TRAILING_BYTES');
  });
});

describe('deep nesting is bounded by limits.maxDepth, not by the JS stack', () => {
  const N = 100_000;
  const nest = (open: Bytes, close: Bytes): Uint8Array => {
    const body = new Uint8Array(N * open.length + close.length);
    for (let i = 0; i < N; i++) body.set(open, i * open.length);
    body.set(close, N * open.length);
    return body;
  };
  const shapes: [string, Bytes, Bytes][] = [
    ['arrays', [T.Array, 1], [T.Null]],
    ['plain objects', [T.Object, 1, T.String, 1, 0x6b], [T.Null]],
    ['maps', [T.Map, 1, T.Null], [T.Null]],
    ['sets', [T.Set, 1], [T.Null]],
    ['error causes', [T.Error, 0, ...str(''), ...str(''), T.Undefined], [T.Undefined]],
    ['error stacks', [T.Error, 0, ...str(''), ...str('')], [T.Undefined, T.Undefined]],
    ['typed-array buffers', [T.TypedArray, 1], [T.ArrayBuffer, 0, 0, 0]],
  ];
  for (const [what, open, close] of shapes) {
    it(`${N.toLocaleString('en')} nested ${what}: LIMIT_EXCEEDED`, () => {
      const e = expectFail(() => de(nest(open, close)), 'LIMIT_EXCEEDED');
      expect(e.message).toMatch(/maxDepth/);
    });
  }

  it('100,000 nested class instances (Node.next) inline: LIMIT_EXCEEDED', () => {
    const def = typeDef(A, 'Node', 0, [['next', 0], ['label', 2], ['value', 0]]);
    const body: Bytes = [...def];
    for (let i = 1; i < N; i++) body.push(T.ClassSmall | 0);
    const arr = new Uint8Array(body.length + 1 + 2 * N);
    arr.set(body);
    arr[body.length] = T.Null; // innermost next
    // Each level then closes with label, value; trailing bytes are never reached.
    expectFail(() => de(arr), 'LIMIT_EXCEEDED');
  });

  it('nesting up to maxDepth reads; one more level does not', () => {
    const depth = (d: number): Uint8Array => {
      const body = new Uint8Array(d * 2 + 1);
      for (let i = 0; i < d; i++) body.set([T.Array, 1], i * 2);
      body[d * 2] = T.Null;
      return body;
    };
    expect(() => de(depth(DEFAULT_LIMITS.maxDepth))).not.toThrow();
    expectFail(() => de(depth(DEFAULT_LIMITS.maxDepth + 1)), 'LIMIT_EXCEEDED');
    const shallow = makeFormatter({ limits: { maxDepth: 10 } });
    expect(() => shallow.deserialize(frame(depth(10)))).not.toThrow();
    expectFail(() => shallow.deserialize(frame(depth(11))), 'LIMIT_EXCEEDED');
  });

  it('a 200,000-node linked list written by the formatter reads under the default limits (deferred bodies)', () => {
    let list: Node | null = null;
    for (let i = 0; i < 200_000; i++) {
      const n: Node = new Node(i);
      n.next = list;
      list = n;
    }
    const back = f.deserialize<Node>(f.serialize(list));
    let count = 0;
    for (let n: Node | null = back; n; n = n.next) count++;
    expect(count).toBe(200_000);
  });
});

describe('keys __proto__, constructor and prototype', () => {
  const keys = ['__proto__', 'constructor', 'prototype'];
  const pollute = [T.Object, 1, ...str('polluted'), T.True];

  it('come back as own data properties of plain and null-prototype objects, and of objects nested in them', () => {
    for (const tag of [T.Object, T.ObjectNullProto]) {
      const body: Bytes = [tag, 3];
      for (const k of keys) body.push(...str(k), ...pollute);
      const o = de(body) as Record<string, unknown>;
      expect(Object.getPrototypeOf(o)).toBe(tag === T.Object ? Object.prototype : null);
      for (const k of keys) {
        expect(Object.getOwnPropertyDescriptor(o, k)?.value).toEqual({ polluted: true });
        expect(Object.getOwnPropertyDescriptor(o, k)?.enumerable).toBe(true);
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.keys(o)).toEqual(keys);
    }
  });

  it('a decoded own __proto__ key serializes back as data, never as the prototype', () => {
    const o = de([T.Object, 1, ...str('__proto__'), ...pollute]) as object;
    const back = f.deserialize<object>(f.serialize(o));
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.getOwnPropertyNames(back)).toEqual(['__proto__']);
  });

  it('as member names of a registered type and SerializationInfo entries they fill nothing they should not', () => {
    // Point laid out with extra members "__proto__"/"constructor"/"prototype" (unknown to the class: skipped).
    const def = typeDef(A, 'Point', 0, [['__proto__', 0], ['x', 1], ['constructor', 0], ['y', 1], ['prototype', 0]]);
    const p = de([...def, ...pollute, T.FixInt | 1, ...pollute, T.FixInt | 2, ...pollute]) as Point;
    expect(p).toBeInstanceOf(Point);
    expect(Object.getPrototypeOf(p)).toBe(Point.prototype);
    expect(Object.keys(p).sort()).toEqual(['x', 'y']);
    // Money (ISerializable) with extra entries named like prototype keys.
    const money = typeDef(A, 'Money', 1, []);
    const m = de([...money, 4, ...str('__proto__'), ...pollute, ...str('amount'), T.FixInt | 5, ...str('currency'), ...str('USD'), ...str('constructor'), ...pollute]) as Money;
    expect(m).toBeInstanceOf(Money);
    expect(m.amount).toBe(5);
    expect(Object.getPrototypeOf(m)).toBe(Money.prototype);
  });

  it('Error names and map keys named like prototype keys stay data', () => {
    const e = de([T.Error, 0, ...str('__proto__'), ...str('m'), T.Undefined, T.Undefined]) as Error;
    expect(Object.getPrototypeOf(e)).toBe(Error.prototype);
    expect(Object.getOwnPropertyDescriptor(e, 'name')?.value).toBe('__proto__');
    const m = de([T.Map, 1, ...str('__proto__'), ...pollute]) as Map<string, unknown>;
    expect(m.get('__proto__')).toEqual({ polluted: true });
  });
});

describe('only registered types are created', () => {
  it('a payload can name no constructor: built-in or global names are UNKNOWN_TYPE and nothing runs', () => {
    let ran = false;
    (globalThis as Record<string, unknown>).__weftProbe = () => {
      ran = true;
    };
    try {
      for (const name of ['__weftProbe', 'globalThis', 'Function', 'eval', 'Promise', 'Proxy']) {
        expect(expectFail(() => de([...typeDef('', name, 0, []), T.Null]), 'UNKNOWN_TYPE').typeName).toBe(name);
        expect(expectFail(() => de([...typeDef('', name, 1, []), 0]), 'UNKNOWN_TYPE').typeName).toBe(name);
      }
    } finally {
      delete (globalThis as Record<string, unknown>).__weftProbe;
    }
    expect(ran).toBe(false);
  });
});

describe('limits', () => {
  it('are merged over the defaults; bad values are INVALID_ARGUMENT', () => {
    const g = new BinaryFormatter({ limits: { maxDepth: 5 } });
    expect(g.limits).toEqual({ ...DEFAULT_LIMITS, maxDepth: 5 });
    expect(new BinaryFormatter({ limits: { maxObjects: undefined } }).limits).toEqual(DEFAULT_LIMITS);
    expect(new BinaryFormatter({ limits: {} }).limits).toEqual(DEFAULT_LIMITS);
    for (const bad of [-1, 1.5, NaN, '10' as unknown as number]) {
      expect(catchSE(() => new BinaryFormatter({ limits: { maxBytes: bad } })).code).toBe('INVALID_ARGUMENT');
    }
  });

  it('maxStringLength applies to one-byte and multi-byte length prefixes', () => {
    const g = makeFormatter({ limits: { maxStringLength: 200 } });
    const s = 'x'.repeat(300);
    expectFail(() => g.deserialize(f.serialize(s)), 'LIMIT_EXCEEDED');
    expectFail(() => g.deserialize(f.serialize('é'.repeat(150))), 'LIMIT_EXCEEDED');
    expectFail(() => g.deserialize(f.serialize('\uD800'.repeat(201))), 'LIMIT_EXCEEDED');
    expect(g.deserialize(f.serialize('x'.repeat(200)))).toBe('x'.repeat(200));
    const h = makeFormatter({ limits: { maxStringLength: 10 } });
    expectFail(() => h.deserialize(f.serialize('x'.repeat(11))), 'LIMIT_EXCEEDED');
  });

  it('maxCollectionLength and maxObjects count elements, entries, strings and references', () => {
    const g = makeFormatter({ limits: { maxCollectionLength: 3 } });
    expectFail(() => g.deserialize(f.serialize([1, 2, 3, 4])), 'LIMIT_EXCEEDED');
    expectFail(() => g.deserialize(f.serialize(new Map([[1, 1], [2, 2], [3, 3], [4, 4]]))), 'LIMIT_EXCEEDED');
    expectFail(() => g.deserialize(f.serialize({ a: 1, b: 2, c: 3, d: 4 })), 'LIMIT_EXCEEDED');
    expect(g.deserialize(f.serialize([1, 2, 3]))).toEqual([1, 2, 3]);
    const h = makeFormatter({ limits: { maxObjects: 10 } });
    expectFail(() => h.deserialize(f.serialize(new Array(10).fill(0))), 'LIMIT_EXCEEDED'); // 1 array + 10 elements
    expectFail(() => h.deserialize(f.serialize(['a', 'b', 'c', 'd', 'e'])), 'LIMIT_EXCEEDED'); // elements + strings
    expect(h.deserialize(f.serialize(new Array(9).fill(0)))).toHaveLength(9);
    const holder = new Holder();
    expectFail(() => makeFormatter({ limits: { maxObjects: 3 } }).deserialize(f.serialize([holder, holder])), 'LIMIT_EXCEEDED');
  });
});

describe('error messages', () => {
  it('name an unregistered stream type escaped and bounded, say what to do, and carry the names (SECURITY.md rule 7)', () => {
    const e = expectFail(() => de([...typeDef('evil-assembly', 'Evil<script>alert(1)</script>', 0, []), T.Null]), 'UNKNOWN_TYPE');
    expect(e.message).toContain('type "Evil<script>alert(1)</script>" (assembly "evil-assembly") is not registered');
    for (const advice of ['import the module that declares it', 'a type-only import registers nothing', 'SerializationBinder', 'surrogate', 'weft inspect']) {
      expect(e.message).toContain(advice);
    }
    // 300 characters with quotes and control characters: 200 of them, escaped, then the length.
    const long = `"\u001b[31m${'x'.repeat(280)}\r\n${'y'.repeat(12)}`;
    expect(long).toHaveLength(300);
    const l = expectFail(() => de([...typeDef('a\nb', long, 0, []), T.Null]), 'UNKNOWN_TYPE', ['y'.repeat(12), '\u001b']);
    expect(l.message).toContain(`type ${JSON.stringify(long.slice(0, 200))}… (300 characters) (assembly "a\\nb")`);
    expect(l.message).not.toMatch(/[\u0000-\u001f]/);
    expect(l.typeName).toBe(long);
    expect(l.assemblyName).toBe('a\nb');
  });
});

// Engine size limits (a 128 MiB bigint): large-inputs.test.ts (the e2e project).
