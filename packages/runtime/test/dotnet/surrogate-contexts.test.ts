import { describe, expect, it } from 'vitest';
import {
  BinaryFormatter,
  type ISerializationSurrogate,
  JsonFormatter,
  StreamingContext,
  StreamingContextStates as S,
  SurrogateSelector,
} from '@weft/runtime';
import { thrown } from '../helpers';

// .NET's SurrogateSelector rule: a surrogate registered for some StreamingContextStates is used
// only when those states cover all of the formatter's context states. So a surrogate added for
// Persistence alone does not serve a formatter whose context is All (which includes Remoting,
// CrossProcess, ...), and one type may have a surrogate per context.

/** A class the transformer never saw: only a surrogate can write it. */
class Temperature {
  constructor(public celsius: number) {}
}

function surrogate(label: string): ISerializationSurrogate {
  return {
    getObjectData(t: Temperature, info) {
      info.addValue('via', label);
      info.addValue('c', t.celsius);
    },
    setObjectData(t: Temperature, info) {
      t.celsius = info.getDouble('c');
      (t as Temperature & { via?: string }).via = info.getString('via')!;
    },
  };
}

const ctx = (state: S, extra?: unknown) => new StreamingContext(state, extra);

describe('surrogate context matching: the registered states must cover the asked ones', () => {
  it('getSurrogate follows the covering rule', () => {
    const sel = new SurrogateSelector();
    const persistence = surrogate('persistence');
    sel.addSurrogate(Temperature, ctx(S.Persistence), persistence);
    expect(sel.getSurrogate(Temperature, ctx(S.Persistence))).toBe(persistence);
    expect(sel.getSurrogate(Temperature, ctx(S.All))).toBe(null); // overlap is not enough
    expect(sel.getSurrogate(Temperature, ctx(S.Persistence | S.File))).toBe(null);
    expect(sel.getSurrogate(Temperature, ctx(S.File))).toBe(null);

    const wide = new SurrogateSelector();
    const all = surrogate('all');
    wide.addSurrogate(Temperature, ctx(S.All), all);
    expect(wide.getSurrogate(Temperature, ctx(S.Persistence))).toBe(all);
    expect(wide.getSurrogate(Temperature, ctx(S.Persistence | S.File))).toBe(all);
  });

  it('the narrowest covering registration wins; a registration naming a context object serves only that object', () => {
    const sel = new SurrogateSelector();
    const all = surrogate('all');
    const file = surrogate('file');
    sel.addSurrogate(Temperature, ctx(S.All), all);
    sel.addSurrogate(Temperature, ctx(S.File | S.Persistence), file);
    expect(sel.getSurrogate(Temperature, ctx(S.File))).toBe(file);
    expect(sel.getSurrogate(Temperature, ctx(S.Remoting))).toBe(all);
    const tenant = { id: 7 };
    const forTenant = surrogate('tenant');
    sel.addSurrogate(Temperature, ctx(S.File, tenant), forTenant);
    expect(sel.getSurrogate(Temperature, ctx(S.File, tenant))).toBe(forTenant);
    expect(sel.getSurrogate(Temperature, ctx(S.File, { id: 7 }))).toBe(file);
  });

  describe.each([
    ['BinaryFormatter', (sel: SurrogateSelector) => new BinaryFormatter({ surrogateSelector: sel })],
    ['JsonFormatter', (sel: SurrogateSelector) => new JsonFormatter({ surrogateSelector: sel })],
  ] as const)('%s', (_name, make) => {
    it('a Persistence-only surrogate does not serve the default All context, on either side', () => {
      const sel = new SurrogateSelector();
      sel.addSurrogate(Temperature, ctx(S.Persistence), surrogate('persistence'));
      const f = make(sel);
      expect(thrown(() => f.serialize(new Temperature(20))).code).toBe('NOT_SERIALIZABLE');
      f.context = ctx(S.Persistence);
      const bytes = f.serialize(new Temperature(20));
      f.context = ctx(S.All);
      expect(thrown(() => f.deserialize(bytes)).code).toBe('UNKNOWN_TYPE');
      f.context = ctx(S.Persistence);
      expect(f.deserialize<Temperature>(bytes).celsius).toBe(20);
    });

    it('two surrogates for one type under different contexts are each used under their own, by one reused formatter', () => {
      const sel = new SurrogateSelector();
      sel.addSurrogate(Temperature, ctx(S.Persistence), surrogate('persistence'));
      sel.addSurrogate(Temperature, ctx(S.Remoting), surrogate('remoting'));
      const f = make(sel);
      for (const [state, label] of [[S.Persistence, 'persistence'], [S.Remoting, 'remoting'], [S.Persistence, 'persistence']] as const) {
        f.context = ctx(state);
        const back = f.deserialize<Temperature & { via: string }>(f.serialize(new Temperature(state)));
        expect([back.via, back.celsius]).toEqual([label, state]);
      }
    });
  });
});
