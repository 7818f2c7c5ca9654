// Classes and sample graphs shared by the hostile-input tests and the fuzzer (packages/runtime/fuzz/fuzz.mjs
// compiles this same file with @weft/transformer, so a regression file replays against identical types).
// No user code here throws anything but SerializationException: any other error a decode raises is a runtime bug.
import {
  BinaryFormatter,
  type BinaryFormatterOptions,
  type FormatterOptions,
  type ISerializable,
  type ISerializationSurrogate,
  JsonFormatter,
  OnSerializing,
  OptionalField,
  Serializable,
  SerializationInfo,
  StreamingContext,
  StreamingContextStates,
  SurrogateSelector,
} from '@weft/runtime';

@Serializable()
export class Point {
  constructor(
    public x: number,
    public y: number,
  ) {}
}

@Serializable()
export class Node {
  next: Node | null = null;
  label = '';
  constructor(public value: unknown) {}
}

@Serializable()
export class Holder {
  items: unknown[] = [];
  map = new Map<unknown, unknown>();
  owner: Node | null = null;
  flag = false;
  big = 0n;
  @OptionalField() note: string | undefined = undefined;
}

@Serializable()
export class Base {
  id = 0;
}

@Serializable()
export class Derived extends Base {
  #secret = 's';
  name = '';
  get secret(): string {
    return this.#secret;
  }
}

@Serializable()
export class Money implements ISerializable {
  amount = 0;
  currency = 'EUR';
  constructor(info?: SerializationInfo, _context?: StreamingContext) {
    if (info instanceof SerializationInfo) {
      this.amount = info.getValue('amount');
      this.currency = info.getValue('currency');
    }
  }
  getObjectData(info: SerializationInfo, _context: StreamingContext): void {
    info.addValue('amount', this.amount);
    info.addValue('currency', this.currency);
  }
}

/** Not compiled: handled by a surrogate only. */
export class Vec {
  constructor(
    public x = 0,
    public y = 0,
  ) {}
}

const vecSurrogate: ISerializationSurrogate = {
  getObjectData(o: object, info: SerializationInfo): void {
    const v = o as Vec;
    info.addValue('x', v.x);
    info.addValue('y', v.y);
  },
  setObjectData(o: object, info: SerializationInfo): object {
    const v = o as Vec;
    v.x = info.getValue('x');
    v.y = info.getValue('y');
    return v;
  },
};

/** IObjectReference: stands for the next handle of its chain (replacement chains: fixups). */
@Serializable()
export class Handle {
  next: Handle | null = null;
  getRealObject(_context: StreamingContext): object {
    return this.next ?? this;
  }
}

/** Not compiled: its surrogate's setObjectData returns the wrapped object instead (surrogate fixups). */
export class Unwrap {
  constructor(public inner: unknown = null) {}
}

const unwrapSurrogate: ISerializationSurrogate = {
  getObjectData(o: object, info: SerializationInfo): void {
    info.addValue('inner', (o as Unwrap).inner);
  },
  setObjectData(o: object, info: SerializationInfo): object {
    const inner = info.getValue<unknown>('inner');
    return typeof inner === 'object' && inner !== null ? inner : o;
  },
};

/**
 * Its OnSerializing changes the collection it points at while that may be being written: op 0
 * grows it, 1 shrinks it, 2 leaves it alone (a graph that changes under serialize).
 */
@Serializable()
export class Mutator {
  op = 0;
  target: Map<unknown, unknown> | Set<unknown> | unknown[] | null = null;
  @OnSerializing() protected mutate(_context: StreamingContext): void {
    const t = this.target;
    if (this.op === 2 || t === null) return;
    const grow = this.op === 0;
    if (t instanceof Map) grow ? t.set(`k${t.size}`, t.size) : t.delete(t.keys().next().value);
    else if (t instanceof Set) grow ? t.add(`v${t.size}`) : t.delete(t.values().next().value);
    else if (Array.isArray(t)) grow ? t.push(t.length) : t.pop();
  }
}

function fixtureSelector(): SurrogateSelector {
  const selector = new SurrogateSelector();
  selector.addSurrogate(Vec, new StreamingContext(StreamingContextStates.All), vecSurrogate);
  selector.addSurrogate(Unwrap, new StreamingContext(StreamingContextStates.All), unwrapSurrogate);
  return selector;
}

/** A formatter that knows every fixture type (Vec and Unwrap through their surrogates). */
export function makeFormatter(options: BinaryFormatterOptions = {}): BinaryFormatter {
  return new BinaryFormatter({ surrogateSelector: fixtureSelector(), ...options });
}

/** The same for JSON. */
export function makeJsonFormatter(options: FormatterOptions = {}): JsonFormatter {
  return new JsonFormatter({ surrogateSelector: fixtureSelector(), ...options });
}

/** Valid graphs covering every tag, shared and cyclic references, deferred (deep) bodies. */
export function sampleGraphs(): unknown[] {
  const a = new Node('a');
  const b = new Node(a);
  a.next = b;
  b.next = a;
  const h = new Holder();
  h.items = [1, -5, 300, 2 ** 40, 1.5, 'str', 'héllo 日本 🎉', 'lone \uD800', a, b, null, undefined, true, new Date(0), /x+/gi];
  h.items.length = 20; // holes
  h.map.set('k', a).set(a, h).set(3, new Set([1, 'two', a]));
  h.owner = a;
  h.flag = true;
  h.big = -(2n ** 70n) - 3n;
  const d = new Derived();
  d.id = 7;
  d.name = 'derived';
  const plain: Record<string, unknown> = { a: 1, nested: { b: [1, 2, { c: 'd' }] } };
  Object.defineProperty(plain, '__proto__', { value: { polluted: true }, enumerable: true, writable: true, configurable: true });
  const nullProto = Object.assign(Object.create(null) as object, { x: 1 });
  const buf = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
  const err = new TypeError('boom', { cause: new Error('inner') });
  let list: Node | null = null;
  for (let i = 0; i < 600; i++) {
    const n: Node = new Node(i);
    n.next = list;
    list = n;
  }
  const money = new Money();
  money.amount = 12.5;
  return [
    h,
    [a, b, d, money, money, new Point(1, 2), new Point(3.5, -4)],
    plain,
    nullProto,
    { buf, view: new DataView(buf.buffer, 2, 4), f64: new Float64Array([1.5, NaN]), big: new BigInt64Array([-1n]), ab: buf.buffer },
    err,
    list,
    new Vec(1, 2),
    [new Vec(3, 4), new Vec(3, 4)],
    new Map([[1, new Set([new Map()])]]),
    'just a string',
    12345678901234567890n,
  ];
}
