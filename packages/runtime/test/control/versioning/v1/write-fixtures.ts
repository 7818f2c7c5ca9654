/** Writes ../fixtures/*.bin from the version-1 classes. Run through ../regen.mjs. */
import { writeFileSync } from 'node:fs';
import { BinaryFormatter } from '@weft/runtime';
import { AddedOptional, AddedRequired, BaseV, Doc, DerivedV, Removed, Reordered, Same, Section, TypeChanged } from './classes.ts';

export function writeFixtures(dir: string): string[] {
  const f = new BinaryFormatter();
  const out: string[] = [];
  const save = (name: string, graph: unknown) => {
    writeFileSync(`${dir}/${name}.bin`, f.serialize(graph));
    out.push(name);
  };
  save('added-optional', Object.assign(new AddedOptional(), { title: 'Dune', pages: 412 }));
  save('removed', Object.assign(new Removed(), { a: 7, legacy: 'old stuff', b: 'kept' }));
  save('reordered', Object.assign(new Reordered(), { x: 1, y: 'two', z: true }));
  save('added-required', Object.assign(new AddedRequired(), { id: 42 }));
  save('type-changed', Object.assign(new TypeChanged(), { count: 'many' }));
  save('same', [Object.assign(new Same(), { n: 1, s: 'a' }), Object.assign(new Same(), { n: 2, s: 'b' })]);
  const doc = new Doc();
  const s1 = Object.assign(new Section(), { heading: 'Intro', doc });
  const s2 = Object.assign(new Section(), { heading: 'Body', doc });
  doc.sections = [s1, s2];
  doc.first = s1;
  doc.draft = false;
  save('doc-graph', doc);
  save('derived', Object.assign(new DerivedV(), { p: 1, q: 2, r: 'three' }));
  void BaseV;
  return out;
}
