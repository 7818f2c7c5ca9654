import { describe, expect, it } from 'vitest';
import { BinaryFormatter, OnSerializing, Serializable, StreamingContext } from '@weft/runtime';
import { Address, Holder } from './fixtures/shop';

// The writer stamps instances of compiled root classes in a hidden generated slot instead of a
// Map lookup. These tests pin that the stamps are invisible and can never alias two objects.
const f = new BinaryFormatter();
const rt = <T>(v: T): T => f.deserialize<T>(f.serialize(v));

describe('identity stamps', () => {
  it('leave no visible trace on user objects', () => {
    const a = new Address('x', 'y');
    const before = Reflect.ownKeys(a);
    f.serialize([a, a]);
    expect(Reflect.ownKeys(a)).toEqual(before);
    expect(Object.getOwnPropertySymbols(a)).toEqual([]);
    expect(a).toEqual(new Address('x', 'y'));
  });

  it('stale stamps from earlier graphs never alias objects of a later graph', () => {
    const objs = Array.from({ length: 50 }, (_, i) => new Address(String(i), 'c'));
    f.serialize(objs); // stamps 0..50
    const shuffled = [...objs].reverse();
    const back = rt(shuffled.slice(0, 25));
    expect(new Set(back).size).toBe(25);
    expect(back.map((a) => a.street)).toEqual(shuffled.slice(0, 25).map((a) => a.street));
  });

  it('a spread copy is a different object', () => {
    const a = new Address('x', 'y');
    f.serialize(a);
    const copy = Object.assign(Object.create(Address.prototype) as Address, { ...a });
    const back = rt([a, copy, a]);
    expect(back[0]).toBe(back[2]);
    expect(back[0]).not.toBe(back[1]);
  });

  it('deserialized instances (made without their constructor) keep identity when written again', () => {
    const a = new Address('x', 'y');
    const once = rt([a, a, new Holder(a)]);
    const twice = rt(once);
    expect(twice[0]).toBe(twice[1]);
    expect((twice[2] as Holder).value).toBe(twice[0]);
  });

  it('frozen instances are tracked too', () => {
    const a = Object.freeze(new Address('x', 'y'));
    const back = rt([a, a]);
    expect(back[0]).toBe(back[1]);
  });

  it('a serialize nested in a callback does not disturb the outer graph', () => {
    const inner = new BinaryFormatter();
    const shared = new Address('s', 't');
    @Serializable()
    class Nester {
      bytes: Uint8Array | null = null;
      constructor(public target: Address) {}
      @OnSerializing() snap(_c: StreamingContext): void {
        this.bytes = inner.serialize([this.target, new Address('other', 'o')]);
      }
    }
    const back = rt([shared, new Nester(shared), shared, new Nester(shared)]);
    expect(back[0]).toBe(back[2]);
    expect((back[1] as Nester).target).toBe(back[0]);
    expect((back[3] as Nester).target).toBe(back[0]);
    const nested = inner.deserialize<Address[]>((back[1] as Nester).bytes!);
    expect(nested[0]!.street).toBe('s');
  });
});
