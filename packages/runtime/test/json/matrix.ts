/**
 * One scenario matrix, run on every formatter: both formatters share one model of the graph,
 * so no feature may work in one and not the other. Each test file calls runMatrix(name, make).
 */
import { describe, expect, it } from 'vitest';
import {
  type IDeserializationCallback,
  type IFormatter,
  type ISerializable,
  type ISerializationSurrogate,
  MemoryStream,
  NonSerialized,
  OnDeserialized,
  OnSerializing,
  OptionalField,
  Serializable,
  SerializationBinder,
  SerializationInfo,
  StreamingContext,
  StreamingContextStates,
  SurrogateSelector,
  type FormatterOptions,
  type SerializationErrorCode,
} from '@weft/runtime';
import { thrown } from '../helpers';

@Serializable({ name: 'matrix.Customer' })
export class Customer {
  constructor(
    public id: number,
    public name: string,
  ) {}
}

@Serializable({ name: 'matrix.Order' })
export class Order {
  lines: OrderLine[] = [];
  constructor(
    public id: number,
    public customer: Customer,
  ) {}
}

@Serializable({ name: 'matrix.OrderLine' })
export class OrderLine {
  constructor(
    public order: Order,
    public sku: string,
    public qty: number,
  ) {}
}

@Serializable({ name: 'matrix.Shape' })
export class Shape {
  constructor(public label: string) {}
  area(): number {
    return 0;
  }
}

@Serializable({ name: 'matrix.Circle' })
export class Circle extends Shape {
  constructor(public r: number) {
    super('circle');
  }
  override area(): number {
    return Math.PI * this.r * this.r;
  }
}

@Serializable({ name: 'matrix.Holder' })
export class Holder {
  shape: Shape | null = null;
  $dollar = 'kept';
}

@Serializable({ name: 'matrix.Account' })
export class Account {
  #balance: number;
  @NonSerialized() cache: string | undefined = 'hot';
  constructor(balance: number) {
    this.#balance = balance;
  }
  get balance(): number {
    return this.#balance;
  }
}

export let events: string[] = [];

@Serializable({ name: 'matrix.Tracked' })
export class Tracked implements IDeserializationCallback {
  @NonSerialized() restored = false;
  constructor(public label: string) {}
  @OnSerializing() before(_c: StreamingContext): void {
    events.push(`serializing:${this.label}`);
  }
  @OnDeserialized() after(_c: StreamingContext): void {
    events.push(`deserialized:${this.label}`);
    this.restored = true;
  }
  onDeserialization(): void {
    events.push(`callback:${this.label}`);
  }
}

@Serializable({ name: 'matrix.Money' })
export class Money implements ISerializable {
  cents: number;
  currency: string;
  constructor(cents: number, currency: string);
  constructor(info: SerializationInfo, context: StreamingContext);
  constructor(a: number | SerializationInfo, b: string | StreamingContext) {
    if (a instanceof SerializationInfo) {
      this.cents = a.getInt32('amount');
      this.currency = a.getString('currency') ?? '';
    } else {
      this.cents = a;
      this.currency = b as string;
    }
  }
  getObjectData(info: SerializationInfo, _c: StreamingContext): void {
    info.addValue('amount', this.cents);
    info.addValue('currency', this.currency);
    info.addValue('$weird key', 1);
  }
}

/** Version 2 of a type whose old data lacks `note`. */
@Serializable({ name: 'matrix.Versioned' })
export class Versioned {
  a = 1;
  @OptionalField({ versionAdded: 2 }) note: string | undefined = undefined;
}

@Serializable({ name: 'matrix.Bad' })
export class HoldsFunction {
  fn: unknown = () => 1;
}

/** Never compiled as serializable: handled by a surrogate only. */
export class Point {
  constructor(
    public x: number,
    public y: number,
  ) {}
}

const pointSurrogate: ISerializationSurrogate = {
  getObjectData(p: Point, info: SerializationInfo) {
    info.addValue('x', p.x);
    info.addValue('y', p.y);
  },
  setObjectData(p: Point, info: SerializationInfo) {
    p.x = info.getDouble('x');
    p.y = info.getDouble('y');
    return p;
  },
};

export type MakeFormatter = (options?: FormatterOptions) => IFormatter;

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Inputs that are no complete document of either format. */
const GARBAGE = {
  empty: new Uint8Array(0),
  'three bytes': new Uint8Array([1, 2, 3]),
  'cut JSON': utf8('{"nope'),
  'JSON that is no weft document': utf8('{"nope": "not a frame"}'),
  'binary frame cut short': new Uint8Array([0x57, 0x46, 1, 0, 200, 0, 0, 0, 1]),
} as const;

/** The error codes a formatter must give, where the two formats legitimately differ. */
export interface MatrixExpectations {
  /** the code for each GARBAGE input */
  garbage: Record<keyof typeof GARBAGE, SerializationErrorCode>;
  /** the code for every proper prefix of a valid document */
  prefix: SerializationErrorCode;
}

export function runMatrix(name: string, make: MakeFormatter, expected: MatrixExpectations): void {
  describe(`${name}: shared scenario matrix`, () => {
    const f = make();
    const rt = <T>(v: T, fmt: IFormatter = f): T => fmt.deserialize<T>(fmt.serialize(v));

    it('primitives including -0, NaN, ±Infinity, bigint, undefined', () => {
      for (const v of [null, undefined, true, false, 0, 1, 127, 128, -1, 2 ** 31, -(2 ** 31), 2 ** 53, 1.5, -1e-300, Number.MAX_VALUE, Infinity, -Infinity]) {
        expect(rt(v)).toBe(v);
      }
      expect(Object.is(rt(-0), -0)).toBe(true);
      expect(Number.isNaN(rt(NaN))).toBe(true);
      for (const b of [0n, 1n, -1n, 255n, 256n, -(2n ** 64n), 2n ** 200n + 12345n]) expect(rt(b)).toBe(b);
    });

    it('strings of any UTF-16, including lone surrogates and "$"-keys', () => {
      for (const s of ['', 'héllo', '日本語 🎉', 'a\uD800b', '\uDC00', 'x\uD83D', '"quoted"\n\\', 'x'.repeat(10_000)]) expect(rt(s)).toBe(s);
      const o = { $ref: 1, $$x: 2, $type: 'not a type', plain: 3, __proto__x: 4 };
      expect(rt(o)).toEqual(o);
    });

    it('arrays with holes, plain and null-prototype objects, __proto__ keys', () => {
      // eslint-disable-next-line no-sparse-arrays
      const a = [1, , , 4, , undefined];
      const b = rt(a);
      expect(b.length).toBe(6);
      expect(1 in b).toBe(false);
      expect(2 in b).toBe(false);
      expect(5 in b).toBe(true);
      const sparse: number[] = [];
      sparse[5000] = 7;
      expect(rt(sparse).length).toBe(5001);
      const n = Object.assign(Object.create(null) as Record<string, unknown>, { x: 1 });
      const n2 = rt(n);
      expect(Object.getPrototypeOf(n2)).toBe(null);
      expect(n2.x).toBe(1);
      const evil = JSON.parse('{"__proto__": {"polluted": true}}') as object;
      const back = rt(evil) as Record<string, unknown>;
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
      expect(Object.prototype.hasOwnProperty.call(back, '__proto__')).toBe(true);
    });

    it('Date (incl. invalid), RegExp, Map, Set, Error with cause', () => {
      const d = new Date(Date.UTC(2024, 1, 29, 12, 30, 15, 123));
      expect(rt(d).getTime()).toBe(d.getTime());
      expect(Number.isNaN(rt(new Date(NaN)).getTime())).toBe(true);
      const re = rt(/a\/(b)+c/giu, make({ limits: { maxRegExps: 1 } }));
      expect(re.source).toBe('a\\/(b)+c');
      expect(re.flags).toBe('giu');
      const key = { k: 1 };
      const m = rt(new Map<unknown, unknown>([[key, 'v'], ['s', key], [1n, -0]]));
      const [[k2]] = [...m];
      expect(m.get(k2)).toBe('v');
      expect(m.get('s')).toBe(k2);
      expect(Object.is(m.get(1n), -0)).toBe(true);
      expect([...rt(new Set([1, 'a', null]))]).toEqual([1, 'a', null]);
      const err = new TypeError('bad', { cause: new RangeError('inner') });
      const e2 = rt(err);
      expect(e2).toBeInstanceOf(TypeError);
      expect(e2.message).toBe('bad');
      expect(e2.stack).toBe(err.stack);
      expect((e2.cause as Error)).toBeInstanceOf(RangeError);
    });

    it('ArrayBuffer, every typed array and DataView, views sharing one buffer', () => {
      const buf = new ArrayBuffer(16);
      new Uint8Array(buf).set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
      const views = [new Uint8Array(buf, 4, 4), new Int16Array(buf, 2, 3), new DataView(buf, 1, 5), new Float64Array([1.5, NaN]), new BigInt64Array([-5n]), new Uint8ClampedArray([255])];
      const back = rt({ buf, views });
      expect(new Uint8Array(back.buf)).toEqual(new Uint8Array(buf));
      expect(back.views[0]!.buffer).toBe(back.buf);
      expect(back.views[1]!.buffer).toBe(back.buf);
      expect(back.views[2]).toBeInstanceOf(DataView);
      expect([...(back.views[0] as Uint8Array)]).toEqual([5, 6, 7, 8]);
      expect((back.views[3] as Float64Array)[0]).toBe(1.5);
      expect((back.views[4] as BigInt64Array)[0]).toBe(-5n);
    });

    it('cycles and shared references keep their shape', () => {
      const shared = { s: 1 };
      const o: Record<string, unknown> = { a: shared, b: shared, list: [shared] };
      o.self = o;
      const back = rt(o) as typeof o & { a: object; list: object[] };
      expect(back.self).toBe(back);
      expect(back.a).toBe(back.b);
      expect(back.list[0]).toBe(back.a);
      const arr: unknown[] = [];
      arr.push(arr, arr);
      const a2 = rt(arr);
      expect(a2[0]).toBe(a2);
    });

    it('classes: instanceof, shared customer, back-references', () => {
      const c = new Customer(1, 'Ada');
      const o1 = new Order(10, c);
      const o2 = new Order(11, c);
      o1.lines.push(new OrderLine(o1, 'x', 2), new OrderLine(o1, 'y', 3));
      const [b1, b2] = rt([o1, o2]);
      expect(b1).toBeInstanceOf(Order);
      expect(b1!.customer).toBeInstanceOf(Customer);
      expect(b1!.customer).toBe(b2!.customer);
      expect(b1!.lines[1]!.order).toBe(b1);
      expect(b1!.lines.map((l) => l.qty)).toEqual([2, 3]);
    });

    it('polymorphism: a base-typed field holding a subclass', () => {
      const h = new Holder();
      h.shape = new Circle(2);
      const back = rt(h);
      expect(back.shape).toBeInstanceOf(Circle);
      expect(back.shape!.area()).toBeCloseTo(Math.PI * 4);
      expect(back.shape!.label).toBe('circle');
      expect(back.$dollar).toBe('kept');
    });

    it('#private fields and NonSerialized', () => {
      const back = rt(new Account(42));
      expect(back).toBeInstanceOf(Account);
      expect(back.balance).toBe(42);
      expect(back.cache).toBeUndefined();
    });

    it('callbacks and IDeserializationCallback run the same way', () => {
      events = [];
      const back = rt([new Tracked('a'), new Tracked('b')]);
      expect(back[0]!.restored).toBe(true);
      expect(events).toEqual(['serializing:a', 'serializing:b', 'deserialized:b', 'deserialized:a', 'callback:b', 'callback:a']);
    });

    it('ISerializable goes through getObjectData and the deserialization constructor', () => {
      const m = new Money(1234, 'EUR');
      const back = rt({ m, again: m });
      expect(back.m).toBeInstanceOf(Money);
      expect(back.m.cents).toBe(1234);
      expect(back.m.currency).toBe('EUR');
      expect(back.again).toBe(back.m);
    });

    it('surrogates for an uncompiled class and a binder renaming types', () => {
      const selector = new SurrogateSelector();
      selector.addSurrogate(Point, new StreamingContext(StreamingContextStates.All), pointSurrogate);
      const fs = make({ surrogateSelector: selector });
      const p = new Point(1.5, -2);
      const back = rt({ p, q: p }, fs);
      expect(back.p).toBeInstanceOf(Point);
      expect(back.p.y).toBe(-2);
      expect(back.q).toBe(back.p);

      class Renamer extends SerializationBinder {
        override bindToName(type: Function) {
          return type === Customer ? { typeName: 'renamed.Customer' } : undefined;
        }
        override bindToType(_a: string, typeName: string) {
          return typeName === 'renamed.Customer' ? Customer : undefined;
        }
      }
      const fb = make({ binder: new Renamer() });
      expect(rt(new Customer(2, 'Bo'), fb)).toBeInstanceOf(Customer);
      // Without the binder the renamed identity is unknown.
      const e = thrown(() => f.deserialize(fb.serialize(new Customer(2, 'Bo'))));
      expect(e.code).toBe('UNKNOWN_TYPE');
    });

    it('StreamingContext reaches callbacks (Clone state)', () => {
      const seen: StreamingContextStates[] = [];
      @Serializable({ name: 'matrix.CtxSeen' })
      class CtxSeen {
        x = 1;
        @OnSerializing() s(c: StreamingContext): void {
          seen.push(c.state);
        }
      }
      const fc = make({ context: new StreamingContext(StreamingContextStates.Clone) });
      fc.serialize(new CtxSeen());
      expect(seen).toEqual([StreamingContextStates.Clone]);
    });

    it('many graphs in one MemoryStream, read back in order', () => {
      const ms = new MemoryStream();
      const graphs: unknown[] = [1, 'two', { three: 3 }, new Customer(4, 'four'), [new Circle(5)], null];
      for (const g of graphs) f.serialize(ms, g);
      ms.position = 0;
      const back = graphs.map(() => f.deserialize(ms));
      expect(ms.position).toBe(ms.length);
      expect(back.slice(0, 3)).toEqual(graphs.slice(0, 3));
      expect(back[3]).toBeInstanceOf(Customer);
      expect((back[4] as Circle[])[0]).toBeInstanceOf(Circle);
      expect(back[5]).toBeNull();
      expect(thrown(() => f.deserialize(ms)).code).toBe('TRUNCATED');
    });

    it('atomic failure: nothing reaches the stream', () => {
      const ms = new MemoryStream();
      f.serialize(ms, 'before');
      const len = ms.length;
      const e = thrown(() => f.serialize(ms, { ok: 1, bad: new HoldsFunction() }));
      expect(e.code).toBe('NOT_SERIALIZABLE');
      expect(ms.length).toBe(len);
      class Unmarked {
        x = 1;
      }
      expect(thrown(() => f.serialize(ms, [new Unmarked()])).code).toBe('NOT_SERIALIZABLE');
      expect(thrown(() => f.serialize(ms, Symbol('s'))).code).toBe('NOT_SERIALIZABLE');
      expect(ms.length).toBe(len);
      ms.position = 0;
      expect(f.deserialize(ms)).toBe('before');
    });

    it('deep structures do not overflow the stack', () => {
      let head: { next: unknown; i: number } | null = null;
      for (let i = 0; i < 20_000; i++) head = { next: head, i };
      let back = rt(head) as { next: unknown; i: number } | null;
      let n = 0;
      while (back) {
        n++;
        back = back.next as typeof back;
      }
      expect(n).toBe(20_000);
    });

    it('limits apply to deserialize', () => {
      const small = make({ limits: { maxCollectionLength: 3 } });
      expect(thrown(() => small.deserialize(f.serialize([1, 2, 3, 4]))).code).toBe('LIMIT_EXCEEDED');
      const shallow = make({ limits: { maxStringLength: 4 } });
      expect(thrown(() => shallow.deserialize(f.serialize('hello world'))).code).toBe('LIMIT_EXCEEDED');
      expect(small.deserialize(f.serialize([1, 2, 3]))).toEqual([1, 2, 3]);
    });

    it('garbage input and every prefix of a document fail with the expected codes', () => {
      for (const [label, bytes] of Object.entries(GARBAGE)) {
        expect([label, thrown(() => f.deserialize(bytes)).code]).toEqual([label, expected.garbage[label as keyof typeof GARBAGE]]);
      }
      const good = f.serialize({ a: [1, 2, 3], s: 'str' });
      // A JSON document is complete before its trailing newline; a binary frame only at its end.
      let contentEnd = good.length;
      while (contentEnd > 0 && good[contentEnd - 1] === 0x0a) contentEnd--;
      expect(contentEnd).toBeGreaterThan(20);
      for (let cut = 0; cut < contentEnd; cut++) {
        expect([cut, thrown(() => f.deserialize(good.subarray(0, cut))).code]).toEqual([cut, expected.prefix]);
      }
      expect(f.deserialize(good.subarray(0, contentEnd))).toEqual({ a: [1, 2, 3], s: 'str' });
    });
  });
}
