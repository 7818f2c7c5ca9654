/**
 * Version-tolerant deserialization against real old bytes: ./versioning/fixtures/*.bin were
 * written by the "version 1" classes in ./versioning/v1 (regenerate with
 * `node packages/runtime/test/control/versioning/regen.mjs`). The classes below are version 2.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import {
  BinaryFormatter,
  OnDeserialized,
  OnDeserializing,
  OptionalField,
  Serializable,
  StreamingContext,
} from '@weft/runtime';
import { metaOfConstructor } from '../../src/engine/registry.ts';
import { thrown } from '../helpers';

const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`./versioning/fixtures/${name}.bin`, import.meta.url)));
const f = new BinaryFormatter();


let deserializedAuthor: string | undefined;

@Serializable({ name: 'versioning.AddedOptional' })
class AddedOptional {
  title: string = '';
  pages: number = 0;
  @OptionalField({ versionAdded: 2 }) author!: string; // its default is set in @OnDeserializing (TS91011)
  @OnDeserializing() protected defaults(_c: StreamingContext): void {
    // runs before the stream's values are set: old data keeps this default
    this.author = 'unknown';
  }
  @OnDeserialized() protected check(_c: StreamingContext): void {
    deserializedAuthor = this.author;
  }
}

@Serializable({ name: 'versioning.Removed' })
class Removed {
  a: number = 0;
  b: string = '';
}

@Serializable({ name: 'versioning.Reordered' })
class Reordered {
  z: boolean = false;
  x: number = 0;
  y: string = '';
}

@Serializable({ name: 'versioning.AddedRequired' })
class AddedRequired {
  id: number = 0;
  owner: string = '';
}

@Serializable({ name: 'versioning.TypeChanged' })
class TypeChanged {
  count: number = 0;
}

@Serializable({ name: 'versioning.Same' })
class Same {
  n: number = 0;
  s: string = '';
}

@Serializable({ name: 'versioning.Section' })
class Section {
  heading: string = '';
  doc: Doc | null = null;
  @OptionalField() tags: string[] | undefined;
}

@Serializable({ name: 'versioning.Doc' })
class Doc {
  sections: Section[] = [];
  first: Section | null = null;
}

@Serializable({ name: 'versioning.BaseV' })
class BaseV {
  q: number = 0;
  p: number = 0;
}

@Serializable({ name: 'versioning.DerivedV' })
class DerivedV extends BaseV {
  r: string = '';
  @OptionalField() s: string | undefined;
}

describe('version-tolerant reading of version-1 fixtures (issue 3)', () => {
  it('added @OptionalField: absent in old data, defaulted by OnDeserializing, visible to OnDeserialized', () => {
    deserializedAuthor = undefined;
    const o = f.deserialize<AddedOptional>(fixture('added-optional'));
    expect(o).toBeInstanceOf(AddedOptional);
    expect(o).toMatchObject({ title: 'Dune', pages: 412, author: 'unknown' });
    expect(deserializedAuthor).toBe('unknown');
    // new data carries the member, and the stream's value wins over the OnDeserializing default
    const again = f.deserialize<AddedOptional>(f.serialize(Object.assign(new AddedOptional(), { title: 't', author: 'Herbert' })));
    expect(again.author).toBe('Herbert');
  });

  it('removed member: the stream value is skipped, the rest is mapped by name', () => {
    const o = f.deserialize<Removed>(fixture('removed'));
    expect(o).toBeInstanceOf(Removed);
    expect(o.a).toBe(7);
    expect(o.b).toBe('kept');
    expect(Object.keys(o)).not.toContain('legacy');
  });

  it('reordered members are matched by name', () => {
    const o = f.deserialize<Reordered>(fixture('reordered'));
    expect({ x: o.x, y: o.y, z: o.z }).toEqual({ x: 1, y: 'two', z: true });
  });

  it('added required member: MISSING_MEMBER naming the member and the type', () => {
    const e = thrown(() => f.deserialize(fixture('added-required')));
    expect(e.code).toBe('MISSING_MEMBER');
    expect(e.message).toContain('"owner"');
    expect(e.message).toContain(`versioning.${AddedRequired.name}`);
  });

  it('changed member type: TYPE_MISMATCH naming the member, type and both kinds', () => {
    const e = thrown(() => f.deserialize(fixture('type-changed')));
    expect(e.code).toBe('TYPE_MISMATCH');
    expect(e.message).toContain('"count"');
    expect(e.message).toContain(TypeChanged.name);
    expect(e.message).toContain('number');
    expect(e.message).toContain('string');
  });

  it('a graph (shared refs, back references) across versions: removed and added members inside', () => {
    const d = f.deserialize<Doc>(fixture('doc-graph'));
    expect(d).toBeInstanceOf(Doc);
    expect(d.sections.map((s) => s.heading)).toEqual(['Intro', 'Body']);
    expect(d.first).toBe(d.sections[0]);
    expect(d.sections[1]!.doc).toBe(d);
    expect(d.sections[0]!.tags).toBeUndefined();
    expect('draft' in d).toBe(false);
  });

  it('inherited members: base reordered, derived gained an optional member', () => {
    const d = f.deserialize<DerivedV>(fixture('derived'));
    expect(d).toBeInstanceOf(DerivedV);
    expect(d).toBeInstanceOf(BaseV);
    expect({ p: d.p, q: d.q, r: d.r, s: d.s }).toEqual({ p: 1, q: 2, r: 'three', s: undefined });
  });

  it('same layout as the stream: the generated fast path runs, no per-member mapping (ClassInfo.set is never called)', () => {
    const meta = metaOfConstructor(Same)!;
    const set = vi.spyOn(meta.info, 'set');
    const read = f.deserialize<Same[]>(fixture('same'));
    expect(read.map((o) => [o.n, o.s])).toEqual([[1, 'a'], [2, 'b']]);
    expect(read[0]).toBeInstanceOf(Same);
    expect(set).not.toHaveBeenCalled();
    set.mockRestore();

    // ...whereas a differing layout goes member by member through the accessor table
    const rset = vi.spyOn(metaOfConstructor(Reordered)!.info, 'set');
    f.deserialize(fixture('reordered'));
    expect(rset).toHaveBeenCalledTimes(3);
    rset.mockRestore();
  });

  it('the fixtures are real version-1 bytes: the stream layout differs from version 2', () => {
    // (guards against someone regenerating the fixtures from the v2 classes)
    const text = new TextDecoder('latin1').decode(fixture('removed'));
    expect(text).toContain('legacy');
    expect(new TextDecoder('latin1').decode(fixture('doc-graph'))).toContain('draft');
  });
});
