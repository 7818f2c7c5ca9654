import { describe, expect, it } from 'vitest';
import { BinaryFormatter, DotNetName, KnownLayouts, NonSerialized, OptionalField, Serializable } from '@weft/runtime';
import { metaOfConstructor } from '../src/engine/registry';
import { layoutFingerprint } from '../src/wire/type-layouts';

// @DotNetName('m_value'): the member's name in .NET streams (MS-NRBF), carried in the compiled
// class's MemberDecl.netName for the MS-NRBF reader. weft's own formats keep the property name.
@Serializable({ name: 'dotnetname.Counter' })
class Counter {
  @DotNetName('m_value') value = 0;
  label = '';
  @OptionalField({ versionAdded: 2 }) @DotNetName('_items') items: string[] | undefined;
  @DotNetName('m_secret') #secret = 1;
  @NonSerialized() cache: number | undefined;
  constructor(public owner = '') {}
  secret(): number {
    return this.#secret;
  }
}

@Serializable({ name: 'dotnetname.Named' })
class Named extends Counter {
  @DotNetName('Counter+label') shadow = '';
}

describe('@DotNetName', () => {
  it("puts the .NET name in the registered ClassInfo's member declarations, only on decorated members", () => {
    const members = metaOfConstructor(Counter)!.info.members;
    expect(members.map((m) => [m.name, m.netName])).toEqual([
      ['value', 'm_value'],
      ['label', undefined],
      ['items', '_items'],
      ['#secret', 'm_secret'],
      ['owner', undefined],
    ]);
    expect(members[1]).not.toHaveProperty('netName');
    expect(members[2]).toMatchObject({ optional: true, versionAdded: 2, netName: '_items' });
    // own members only: the subclass's info names its own member, the base keeps its own
    expect(metaOfConstructor(Named)!.info.members).toEqual([{ name: 'shadow', kind: 2, netName: 'Counter+label' }]);
  });

  it('changes nothing in weft\'s own format: same layout, property names on the wire, round-trips', () => {
    const meta = metaOfConstructor(Counter)!;
    const byPropertyNames = layoutFingerprint(meta.assembly, 'dotnetname.Counter', ['value', 'label', 'items', '#secret', 'owner'].map((name) => ({ name, kind: 0 })));
    expect(KnownLayouts.fingerprintOf(Counter)).toBe([...byPropertyNames].reverse().map((b) => b.toString(16).padStart(2, '0')).join(''));
    const f = new BinaryFormatter();
    const c = new Counter('ann');
    c.value = 7;
    c.items = ['x'];
    const bytes = f.serialize(c);
    const text = new TextDecoder('latin1').decode(bytes);
    expect(text).toContain('value');
    expect(text).not.toContain('m_value');
    const back = f.deserialize<Counter>(bytes);
    expect(back).toBeInstanceOf(Counter);
    expect([back.value, back.items, back.owner, back.secret()]).toEqual([7, ['x'], 'ann', 1]);
  });

  it('is a no-op decorator at run time (what remains when the transformer does not run)', () => {
    const dec = DotNetName('m_value');
    expect(dec(undefined, { kind: 'field', name: 'value' })).toBeUndefined();
    expect(dec({}, 'value')).toBeUndefined();
  });
});
