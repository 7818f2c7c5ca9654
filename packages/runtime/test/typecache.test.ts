import { describe, expect, it } from 'vitest';
import { BinaryFormatter, Serializable, SerializationBinder } from '@weft/runtime';
import { thrown } from './helpers';

// The reader keeps resolved TypeDefs across graphs and the writer keeps each class's encoded
// TypeDef. These tests pin that a cached resolution is only reused when it is still right.
@Serializable({ name: 'cache.Item' })
class Item {
  constructor(
    public id: number,
    public label: string,
  ) {}
}

@Serializable({ name: 'cache.ItemV2' })
class ItemV2 {
  id = 0;
  label = '';
  extra = 'default';
}

describe('TypeDef caches', () => {
  it('a stream of small messages reads the same as fresh reads', () => {
    const f = new BinaryFormatter();
    for (let i = 0; i < 50; i++) {
      const back = f.deserialize<Item>(f.serialize(new Item(i, `n${i}`)));
      expect(back).toBeInstanceOf(Item);
      expect([back.id, back.label]).toEqual([i, `n${i}`]);
    }
  });

  it('a binder set after earlier reads takes effect', () => {
    const f = new BinaryFormatter();
    const bytes = f.serialize(new Item(1, 'a'));
    expect(f.deserialize(bytes)).toBeInstanceOf(Item);
    f.binder = new (class extends SerializationBinder {
      override bindToType(_a: string, name: string) {
        return name === 'cache.Item' ? ItemV2 : undefined;
      }
    })();
    const e = thrown(() => f.deserialize(bytes));
    expect(e.code).toBe('MISSING_MEMBER'); // ItemV2 requires "extra", which Item's bytes lack
    expect(e.message).toContain('"extra"');
    f.binder = null;
    expect(f.deserialize(bytes)).toBeInstanceOf(Item);
  });

  it('the same identity with another layout in the next message is resolved again', () => {
    const f = new BinaryFormatter();
    const good = f.serialize(new Item(7, 'x'));
    expect(f.deserialize<Item>(good).id).toBe(7);
    // Same type name, but member "label" renamed to "lbl": a different TypeDef tail.
    const text = Buffer.from(good).toString('latin1');
    const at = text.indexOf('label');
    // at - 1: the ShortString tag that holds the length (0x20 | 5)
    const renamed = new Uint8Array([...good.subarray(0, at - 1), 0x20 | 3, ...Buffer.from('lbl'), ...good.subarray(at + 5)]);
    new DataView(renamed.buffer).setUint32(4, renamed.length - 8, true);
    expect(thrown(() => f.deserialize(renamed)).code).toBe('MISSING_MEMBER');
    expect(f.deserialize<Item>(good).label).toBe('x');
  });

  it('the writer reuses encoded TypeDefs but not under a binder that renames', () => {
    const f = new BinaryFormatter();
    const plain = f.serialize(new Item(1, 'a'));
    f.binder = new (class extends SerializationBinder {
      override bindToName() {
        return { typeName: 'renamed.Item' };
      }
    })();
    const renamed = Buffer.from(f.serialize(new Item(1, 'a'))).toString('latin1');
    expect(renamed).toContain('renamed.Item');
    f.binder = null;
    expect(f.serialize(new Item(1, 'a'))).toEqual(plain);
  });

  it('a type index that holds another layout in the next message is resolved again (slot cache)', () => {
    const f = new BinaryFormatter();
    const a = f.serialize(new Item(1, 'a'));
    const b = f.serialize(Object.assign(new ItemV2(), { id: 2, label: 'b' }));
    for (let i = 0; i < 4; i++) {
      // type index 0 alternates between two classes
      expect(f.deserialize(a)).toBeInstanceOf(Item);
      const v2 = f.deserialize<ItemV2>(b);
      expect(v2).toBeInstanceOf(ItemV2);
      expect(v2.extra).toBe('default');
    }
  });

  it('a graph that fails after its TypeDefs leaves no slot behind', () => {
    const f = new BinaryFormatter();
    const good = f.serialize(new Item(3, 'c'));
    // Same TypeDef, then a member value that is a bad tag: the read fails after the type resolved.
    const bad = good.slice();
    bad[bad.length - 2] = 0x1f; // the ShortString tag of label's value "c"
    expect(thrown(() => f.deserialize(bad)).code).toBe('INVALID_TAG');
    expect(f.deserialize<Item>(good).label).toBe('c');
    // and a binder still takes effect over a TypeDef that hit the slot cache before
    f.binder = new (class extends SerializationBinder {
      override bindToType() {
        return ItemV2;
      }
    })();
    expect(thrown(() => f.deserialize(good)).code).toBe('MISSING_MEMBER');
  });
});
