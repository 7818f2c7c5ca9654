import { describe, expect, it } from 'vitest';
import {
  BinaryFormatter,
  type ISerializable,
  JsonFormatter,
  Serializable,
  SerializationBinder,
  SerializationException,
  SerializationInfo,
  StreamingContext,
} from '@weft/runtime';

// The reference's binder scenario: version 1 of a program wrote a type field by field; version
// 2 maps it (BindToType) onto a type that implements ISerializable. The formatter then hands the
// stream's members to the deserialization constructor as a SerializationInfo, by name, and a
// getter for a name the stream lacks throws, so the constructor can fall back to a default.

/** Version 1, as it was written: plain fields. */
@Serializable({ name: 'v1.Customer' })
class CustomerV1 {
  name = '';
  visits = 0;
  #secret = 's';
  tags: string[] = [];
  friend: CustomerV1 | null = null;
  get secret(): string {
    return this.#secret;
  }
  setSecret(s: string): void {
    this.#secret = s;
  }
}

/** Version 2: ISerializable, with a member version 1 never had. */
@Serializable({ name: 'v2.Customer' })
class CustomerV2 implements ISerializable {
  name: string;
  visits: number;
  tier: string;
  tags: string[] | null;
  friend: CustomerV2 | null;
  /** what the constructor saw, for the assertions */
  seen: string[] = [];
  constructor(name: string);
  constructor(info: SerializationInfo, context: StreamingContext);
  constructor(a: string | SerializationInfo, _context?: StreamingContext) {
    if (a instanceof SerializationInfo) {
      this.seen = [...a].map((e) => e.name);
      this.name = a.getString('name') ?? '';
      this.visits = a.getInt32('visits');
      this.tags = a.getValue<string[] | null>('tags');
      this.friend = a.getValue<CustomerV2 | null>('friend');
      try {
        this.tier = a.getString('tier') ?? 'basic';
      } catch (e) {
        // Written by version 1: no "tier". The getter throws; the default applies.
        if (!(e instanceof SerializationException) || e.code !== 'MEMBER_NOT_FOUND') throw e;
        this.tier = 'basic';
      }
    } else {
      this.name = a;
      this.visits = 0;
      this.tier = 'gold';
      this.tags = [];
      this.friend = null;
    }
  }
  getObjectData(info: SerializationInfo, _context: StreamingContext): void {
    info.addValue('name', this.name);
    info.addValue('visits', this.visits);
    info.addValue('tier', this.tier);
    info.addValue('tags', this.tags);
    info.addValue('friend', this.friend);
  }
}

/** A plain version-3 class that reads version-2 (ISerializable) data by member name. */
@Serializable({ name: 'v3.Customer' })
class CustomerV3 {
  name = '';
  visits = 0;
  tier = '';
  tags: string[] | null = null;
  friend: CustomerV3 | null = null;
}

class Ver1ToVer2 extends SerializationBinder {
  override bindToType(_assembly: string, typeName: string): Function | undefined {
    if (typeName === 'v1.Customer') return CustomerV2;
    if (typeName === 'v2.Customer') return CustomerV3;
    return undefined;
  }
}

function version1Graph(): CustomerV1[] {
  const ann = new CustomerV1();
  ann.name = 'Ann';
  ann.visits = 3;
  ann.tags = ['vip'];
  ann.setSecret('hidden');
  const bob = new CustomerV1();
  bob.name = 'Bob';
  bob.visits = 1;
  ann.friend = bob;
  bob.friend = ann; // a cycle through the constructor-made objects
  return [ann, bob, ann];
}

describe.each([
  ['BinaryFormatter', () => new BinaryFormatter(), (b: SerializationBinder) => new BinaryFormatter({ binder: b })],
  ['JsonFormatter', () => new JsonFormatter(), (b: SerializationBinder) => new JsonFormatter({ binder: b })],
] as const)('%s: member-by-member data into an ISerializable class through a binder', (_name, plain, withBinder) => {
  it('the deserialization constructor gets the stream members by name; a missing name throws and the default applies', () => {
    const bytes = plain().serialize(version1Graph());
    const back = withBinder(new Ver1ToVer2()).deserialize(bytes) as CustomerV2[];
    const [ann, bob, again] = back;
    expect(ann).toBeInstanceOf(CustomerV2);
    expect(bob).toBeInstanceOf(CustomerV2);
    expect(again).toBe(ann); // identity survives
    expect(ann!.seen).toEqual(['name', 'visits', '#secret', 'tags', 'friend']);
    expect([ann!.name, ann!.visits, ann!.tier, ann!.tags]).toEqual(['Ann', 3, 'basic', ['vip']]);
    // The cycle ann → bob → ann ends at the constructed objects, never at a stand-in.
    expect(ann!.friend).toBe(bob);
    expect(bob!.friend).toBe(ann);
  });

  it('the reverse direction, ISerializable data into a plain class by member name, still works', () => {
    const v2 = new CustomerV2('Cy');
    v2.friend = v2;
    const back = withBinder(new Ver1ToVer2()).deserialize(plain().serialize(v2)) as CustomerV3;
    expect(back).toBeInstanceOf(CustomerV3);
    expect([back.name, back.tier, back.visits]).toEqual(['Cy', 'gold', 0]);
    expect(back.friend).toBe(back);
  });
});
