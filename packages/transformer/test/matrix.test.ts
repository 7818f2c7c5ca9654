import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TYPESCRIPTS, compile, run } from './helpers';

const fixture = fs.readFileSync(path.join(__dirname, 'fixtures/roundtrip.ts'), 'utf8');
const expected = { cls: true, secret: 42, own: 'own', label: 'a', id: 1, cache: true, restored: true, cycle: true, initializers: 0 };

// TypeScript 5.9 and 6.0 × ES2020 / ES2022 / ESNext × ESM / CommonJS × legacy / standard decorators,
// each compiled with a real ts.Program (the ts-patch path) and run in a fresh Node process.
describe.each(Object.keys(TYPESCRIPTS) as (keyof typeof TYPESCRIPTS)[])('TypeScript %s', (version) => {
  const tsi = TYPESCRIPTS[version];
  const cases: [string, number, number, boolean][] = [];
  for (const [tn, target] of [['ES2020', tsi.ScriptTarget.ES2020], ['ES2022', tsi.ScriptTarget.ES2022], ['ESNext', tsi.ScriptTarget.ESNext]] as const) {
    for (const [mn, mod] of [['ESM', tsi.ModuleKind.ESNext], ['CommonJS', tsi.ModuleKind.CommonJS]] as const) {
      for (const legacy of [false, true]) cases.push([`${tn} ${mn} ${legacy ? 'experimentalDecorators' : 'standard decorators'}`, target, mod, legacy]);
    }
  }
  it.each(cases)('%s: compiles cleanly and round-trips', (_name, target, module, experimentalDecorators) => {
    const c = compile(fixture, { ts: tsi as never, target, module, experimentalDecorators });
    expect(c.tsErrors).toEqual([]);
    expect(c.diagnostics).toEqual([]);
    expect(c.js).not.toMatch(/@Serializable|__decorate\(\[\s*\(0, runtime_1\.Serializable\)/);
    expect(JSON.parse(run(c))).toEqual(expected);
  });

  // Node 20 has no native `accessor`: TypeScript lowers it below ESNext (to #private storage).
  const accessors = `
import { BinaryFormatter, NonSerialized, Serializable } from '@weft/runtime';
let made = 0;
@Serializable()
class Note {
  accessor title = 'untitled';
  accessor #stars = 0;
  @NonSerialized() accessor stamp = ++made;
  star() { return ++this.#stars; }
  get stars() { return this.#stars; }
}
@Serializable()
class Pinned extends Note { accessor by = 'admin'; }
const n = new Pinned();
n.title = 'hello'; n.star(); n.by = 'ann';
const before = made;
const f = new BinaryFormatter();
const back = f.deserialize<Pinned>(f.serialize(n));
console.log(JSON.stringify({ cls: back instanceof Pinned, title: back.title, stars: back.stars, by: back.by, stamp: back.stamp ?? null, made: made - before }));
`;
  for (const [tn, target] of [['ES2020', tsi.ScriptTarget.ES2020], ['ES2022', tsi.ScriptTarget.ES2022]] as const) {
    for (const legacy of [false, true]) {
      it(`accessor fields round-trip, ${tn} ${legacy ? 'experimentalDecorators' : 'standard decorators'}`, () => {
        const c = compile(accessors, { ts: tsi as never, target, experimentalDecorators: legacy });
        expect(c.tsErrors).toEqual([]);
        expect(c.diagnostics).toEqual([]);
        expect(JSON.parse(run(c))).toEqual({ cls: true, title: 'hello', stars: 1, by: 'ann', stamp: null, made: 0 });
      });
    }
  }

  it('the per-file path (bundler / isolatedModules) gives the same result', () => {
    const c = compile(fixture, { ts: tsi as never, checker: false });
    expect(c.diagnostics).toEqual([]);
    expect(JSON.parse(run(c))).toEqual(expected);
  });
});

describe('generated code hygiene', () => {
  const c = compile(fixture, { checker: true });
  it('uses no eval, new Function or Object.keys', () => {
    expect(c.js).not.toMatch(/\beval\(|new Function|Object\.keys/);
  });
  it('removes weft decorators and keeps other code', () => {
    expect(c.js).not.toMatch(/NonSerialized\(\)|OnDeserialized\(\)/);
    expect(c.js).toMatch(/registerClass\(Derived/);
  });
});

describe('a @Serializable class that also has a third-party class decorator', () => {
  const source = `
import { BinaryFormatter, Serializable } from '@weft/runtime';
function tracked<T extends new (...a: any[]) => object>(value: T, _ctx?: unknown): T {
  return class extends value { tracked = true; } as T;
}
@Serializable()
@tracked
class Point { constructor(public x: number, public y: number) {} }
const f = new BinaryFormatter();
const back = f.deserialize<any>(f.serialize(new Point(1, 2)));
console.log(JSON.stringify({ proto: Object.getPrototypeOf(back) === Object.getPrototypeOf(new Point(0, 0)), x: back.x, y: back.y, tracked: back.tracked, isPoint: back instanceof Point }));
`;
  // A decorated class whose base is not serializable (a class expression, which no diagnostic
  // sees): the base must not be mistaken for the class as written, nor the class told to mark itself.
  const unmarkedBase = `
import { BinaryFormatter, Serializable, SerializationException } from '@weft/runtime';
function tag<T>(value: T, _ctx?: unknown): T { return value; }
const PlainBase = class { a = 1; };
@Serializable()
@tag
class Child extends PlainBase { b = 2; }
class Other extends PlainBase {}
const f = new BinaryFormatter();
const message = (v: unknown) => { try { f.serialize(v); return 'ok'; } catch (e) { return (e as SerializationException).message; } };
console.log(JSON.stringify({ child: message(new Child()), other: message(new Other()) }));
`;
  for (const legacy of [false, true]) {
    it(`a decorated class with an unmarked base is told to mark the base (${legacy ? 'legacy' : 'standard'} decorators)`, () => {
      const c = compile(unmarkedBase, { experimentalDecorators: legacy });
      expect(c.diagnostics).toEqual([]);
      const out = JSON.parse(run(c)) as { child: string; other: string };
      expect(out.child).toMatch(/class Child extends PlainBase, which is not marked @Serializable\(\): mark the base class too/);
      expect(out.other).toMatch(/an instance of class Other is not serializable: mark the class @Serializable\(\)/);
    });
  }

  for (const legacy of [false, true]) {
    it(`registers the constructor instances really have (${legacy ? 'legacy' : 'standard'} decorators)`, () => {
      const c = compile(source, { experimentalDecorators: legacy });
      expect(c.diagnostics).toEqual([]);
      const out = JSON.parse(run(c));
      // The replacement's own field initializer does not run: constructors are not run on read.
      expect(out).toEqual({ proto: true, x: 1, y: 2, isPoint: true });
    });
  }
});
