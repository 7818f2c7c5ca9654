import { describe, expect, it } from 'vitest';
import {
  BinaryFormatter,
  type IObjectReference,
  type ISerializable,
  OnDeserialized,
  Serializable,
  SerializationException,
  SerializationInfo,
  StreamingContext,
  StreamingContextStates,
} from '@weft/runtime';

const f = new BinaryFormatter();
const rt = <T>(v: T, fm = f): T => fm.deserialize<T>(fm.serialize(v));

/**
 * The classic singleton: getObjectData writes it as a SingletonHelper (a plain class with no
 * fields), whose getRealObject hands back the process's one instance.
 */
@Serializable({ name: 'oref.Singleton' })
class Singleton implements ISerializable {
  private static readonly theOne = new Singleton();
  name = 'Jeff';
  created = new Date();
  static getSingleton(): Singleton {
    return Singleton.theOne;
  }
  private constructor();
  /** never called: the stream holds a SingletonHelper (required by WEFT 91005 all the same) */
  private constructor(info: SerializationInfo, context: StreamingContext);
  private constructor(_info?: SerializationInfo, _context?: StreamingContext) {}
  getObjectData(info: SerializationInfo, _context: StreamingContext): void {
    info.setType(SingletonHelper);
  }
}

let helperContexts: StreamingContext[] = [];

@Serializable({ name: 'oref.SingletonHelper' })
class SingletonHelper implements IObjectReference {
  getRealObject(context: StreamingContext): unknown {
    helperContexts.push(context);
    return Singleton.getSingleton();
  }
}

/** A singleton-by-key: the helper carries the key (filled by name from the SerializationInfo). */
@Serializable({ name: 'oref.Currency' })
class Currency implements ISerializable {
  static readonly all = new Map<string, Currency>();
  readonly code: string;
  private constructor(code: string);
  private constructor(info: SerializationInfo, context: StreamingContext);
  private constructor(code: string | SerializationInfo) {
    this.code = typeof code === 'string' ? code : '';
    Currency.all.set(this.code, this);
  }
  static of(code: string): Currency {
    return Currency.all.get(code) ?? new Currency(code);
  }
  getObjectData(info: SerializationInfo): void {
    info.setType(CurrencyRef);
    info.addValue('code', this.code);
  }
}

@Serializable({ name: 'oref.CurrencyRef' })
class CurrencyRef implements IObjectReference {
  code = '';
  getRealObject(): unknown {
    return Currency.of(this.code);
  }
}

/** A @Serializable class that is itself an IObjectReference, and is referenced before it is replaced. */
@Serializable({ name: 'oref.Token' })
class Token implements IObjectReference {
  name = '';
  holder: Holder | null = null;
  getRealObject(): unknown {
    return Object.assign(new Resolved(), { name: `resolved ${this.name}`, holder: this.holder });
  }
}

@Serializable({ name: 'oref.Resolved' })
class Resolved {
  name = '';
  holder: Holder | null = null;
  @OnDeserialized() protected never(_c: StreamingContext): void {
    throw new Error('objects made by getRealObject are not deserialized');
  }
}

@Serializable({ name: 'oref.Holder' })
class Holder {
  token: unknown = null;
  tokens: unknown[] = [];
  byName = new Map<string, unknown>();
  set = new Set<unknown>();
  plain: Record<string, unknown> = {};
}

/** An IObjectReference with callbacks of its own: they run on the helper, not on its replacement. */
let helperLog: string[] = [];

@Serializable({ name: 'oref.CallbackRef' })
class CallbackRef implements IObjectReference {
  #key = '';
  withKey(k: string): this {
    this.#key = k;
    return this;
  }
  @OnDeserialized() protected done(_c: StreamingContext): void {
    helperLog.push(`OnDeserialized on ${this.constructor.name} ${this.#key}`);
  }
  onDeserialization(): void {
    helperLog.push(`onDeserialization on ${this.constructor.name}`);
  }
  getRealObject(): unknown {
    return Currency.of(this.#key);
  }
}

/** getRealObject that throws / returns a primitive. */
@Serializable({ name: 'oref.BadRef' })
class BadRef implements IObjectReference {
  mode = 'throw';
  getRealObject(): unknown {
    if (this.mode === 'throw') throw new Error('cannot resolve');
    return 42;
  }
}

/** An ISerializable type whose constructor-built object is itself an IObjectReference. */
@Serializable({ name: 'oref.Lazy' })
class Lazy implements ISerializable, IObjectReference {
  key: string;
  constructor(key: string);
  constructor(info: SerializationInfo, context: StreamingContext);
  constructor(a: string | SerializationInfo) {
    this.key = typeof a === 'string' ? a : a.getString('key')!;
  }
  getObjectData(info: SerializationInfo): void {
    info.addValue('key', this.key);
  }
  getRealObject(): unknown {
    return Currency.of(this.key);
  }
}

describe('IObjectReference and info.setType (issue 4)', () => {
  it('singleton: an array with two references comes back as two references to the one instance', () => {
    const a1 = [Singleton.getSingleton(), Singleton.getSingleton()];
    expect(a1[0]).toBe(a1[1]);
    helperContexts = [];
    const bytes = f.serialize(a1);
    const a2 = f.deserialize<Singleton[]>(bytes);
    expect(a2[0]).toBe(a2[1]);
    expect(a2[0]).toBe(a1[0]);
    expect(a2[0]).toBe(Singleton.getSingleton());
    // written once (as a SingletonHelper), resolved once
    expect(helperContexts.length).toBe(1);
    expect(new TextDecoder('latin1').decode(bytes)).toContain('SingletonHelper');
  });

  it('getRealObject receives the formatter context', () => {
    const ctx = new StreamingContext(StreamingContextStates.CrossMachine, 'x');
    helperContexts = [];
    rt([Singleton.getSingleton()], new BinaryFormatter({ context: ctx }));
    expect(helperContexts).toEqual([ctx]);
  });

  it('setType to a plain class with fields: the helper is filled by name, then replaced', () => {
    const usd = Currency.of('USD');
    const eur = Currency.of('EUR');
    const back = rt({ a: usd, b: eur, c: usd, list: [eur, usd] });
    expect(back.a).toBe(usd);
    expect(back.b).toBe(eur);
    expect(back.c).toBe(usd);
    expect(back.list[0]).toBe(eur);
    expect(back.list[1]).toBe(usd);
  });

  it('references read before the replacement was known are fixed up everywhere (fields, arrays, maps, sets, plain objects)', () => {
    const t = Object.assign(new Token(), { name: 't' });
    const h = new Holder();
    t.holder = h;
    h.token = t;
    h.tokens = [t, t];
    h.byName.set('t', t);
    h.set.add(t);
    h.plain = { t };
    // the root is the token: the holder and all its references to the token are read inside it
    const back = rt(t) as unknown as Resolved;
    expect(back).toBeInstanceOf(Resolved);
    expect(back.name).toBe('resolved t');
    const hb = back.holder!;
    expect(hb.token).toBe(back);
    expect(hb.tokens[0]).toBe(back);
    expect(hb.tokens[1]).toBe(back);
    expect(hb.byName.get('t')).toBe(back);
    expect([...hb.set][0]).toBe(back);
    expect(hb.plain.t).toBe(back);
  });

  it("an IObjectReference's own callbacks run on it (not on the object that replaced it)", () => {
    helperLog = [];
    const back = rt({ c: new CallbackRef().withKey('JPY') });
    expect(back.c).toBe(Currency.of('JPY'));
    expect(helperLog).toEqual(['OnDeserialized on CallbackRef JPY', 'onDeserialization on CallbackRef']);
  });

  it('an ISerializable object that is an IObjectReference is replaced too', () => {
    const back = rt([new Lazy('CHF'), new Lazy('CHF')]);
    expect(back[0]).toBe(Currency.of('CHF'));
    expect(back[1]).toBe(Currency.of('CHF'));
  });

  it('getRealObject that throws, or returns a non-object, is a SerializationException', () => {
    let err: unknown;
    try {
      rt(new BadRef());
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SerializationException);
    expect((err as SerializationException).code).toBe('CALLBACK_FAILED');
    expect((err as SerializationException).message).toContain('cannot resolve');
    try {
      rt(Object.assign(new BadRef(), { mode: 'primitive' }));
      err = undefined;
    } catch (e) {
      err = e;
    }
    expect((err as SerializationException).code).toBe('INVALID_VALUE');
  });
});
