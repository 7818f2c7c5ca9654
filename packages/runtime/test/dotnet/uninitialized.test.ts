import { describe, expect, it } from 'vitest';
import { BinaryFormatter, FormatterServices, JsonFormatter, NonSerialized, OptionalField, Serializable, deepClone } from '@weft/runtime';

// .NET creates a deserialized object uninitialized (FormatterServices.GetUninitializedObject):
// no constructor and no field initializer runs; serialized fields get the stream's values and
// everything else keeps its default. weft does the same for every class — with #private fields,
// `accessor` fields, or a base that has them, whose instances the runtime must make through the
// class's (guarded) constructor — and `accessor` fields round-trip.

let created = 0;
let expensive = 0;
function compute(): number {
  expensive++;
  return 42;
}

/** #private fields: instances are made through the guarded constructor. */
@Serializable({ name: 'uninit.Ticket' })
class Ticket {
  id = ++created; // an initializer with a side effect: must not run on deserialize
  #seat = 'none';
  @NonSerialized() cache: number | undefined = compute();
  @OptionalField() note: string | undefined;
  constructor(
    seat: string,
    public readonly session: string = 'live',
  ) {
    this.#seat = seat;
  }
  get seat(): string {
    return this.#seat;
  }
}

/** No #private of its own, but its base has: made through the base's guarded constructor. */
@Serializable({ name: 'uninit.VipTicket' })
class VipTicket extends Ticket {
  lounge = `lounge-${++created}`;
  @NonSerialized() perks: string[] = ['welcome drink'];
}

/** `accessor` fields: a #private storage slot behind a getter and setter. */
@Serializable({ name: 'uninit.Post' })
class Post {
  accessor title = '';
  accessor #views = 0;
  @NonSerialized() accessor draft = compute();
  accessor next: Post | null = null;
  view(): number {
    return ++this.#views;
  }
  get views(): number {
    return this.#views;
  }
}

@Serializable({ name: 'uninit.PinnedPost' })
class PinnedPost extends Post {
  accessor pinnedBy = 'admin';
}

describe.each([
  ['BinaryFormatter', () => new BinaryFormatter()],
  ['JsonFormatter', () => new JsonFormatter()],
] as const)('%s: deserialized objects start uninitialized', (_name, make) => {
  const f = make();

  it('no field initializer runs for a class with #private fields; @NonSerialized fields stay undefined', () => {
    const t = new Ticket('12A');
    const bytes = f.serialize([t, t]);
    const [createdBefore, expensiveBefore] = [created, expensive];
    const [back, again] = f.deserialize(bytes) as Ticket[];
    expect([created, expensive]).toEqual([createdBefore, expensiveBefore]);
    expect(again).toBe(back);
    expect(back).toBeInstanceOf(Ticket);
    expect(back!.id).toBe(t.id);
    expect(back!.seat).toBe('12A');
    expect(back!.cache).toBeUndefined();
    expect(back!.session).toBe('live'); // a parameter property is a field: read from the stream
    expect(back!.note).toBeUndefined();
  });

  it('the same for a subclass whose base has #private fields', () => {
    const v = new VipTicket('1A');
    const bytes = f.serialize(v);
    const [createdBefore, expensiveBefore] = [created, expensive];
    const back = f.deserialize<VipTicket>(bytes);
    expect([created, expensive]).toEqual([createdBefore, expensiveBefore]);
    expect(back).toBeInstanceOf(VipTicket);
    expect([back.id, back.seat, back.lounge]).toEqual([v.id, '1A', v.lounge]);
    expect(back.perks).toBeUndefined();
    expect(back.cache).toBeUndefined();
  });

  it('accessor fields, public and #private, own and inherited, round-trip with shared references and cycles', () => {
    const p = new PinnedPost();
    p.title = 'Hello';
    p.view();
    p.view();
    p.pinnedBy = 'ann';
    const q = new Post();
    q.title = 'Next';
    p.next = q;
    q.next = p;
    const expensiveBefore = expensive;
    const back = f.deserialize<PinnedPost>(f.serialize(p));
    expect(expensive).toBe(expensiveBefore);
    expect(back).toBeInstanceOf(PinnedPost);
    expect([back.title, back.views, back.pinnedBy]).toEqual(['Hello', 2, 'ann']);
    expect(back.draft).toBeUndefined();
    expect(back.next).toBeInstanceOf(Post);
    expect(back.next!.title).toBe('Next');
    expect(back.next!.next).toBe(back);
    // The accessors still work on the restored object.
    back.title = 'Changed';
    expect(back.view()).toBe(3);
    expect(back.title).toBe('Changed');
  });
});

describe('also outside the formatters', () => {
  it('FormatterServices.getUninitializedObject and deepClone run no initializer', () => {
    const [createdBefore, expensiveBefore] = [created, expensive];
    const blank = FormatterServices.getUninitializedObject(Ticket);
    expect(blank).toBeInstanceOf(Ticket);
    // Not even the guarded constructor's parameter property assignment survives.
    expect([blank.id, blank.cache, blank.session]).toEqual([undefined, undefined, undefined]);
    expect([created, expensive]).toEqual([createdBefore, expensiveBefore]);
    const t = new Ticket('3C');
    const c = deepClone(t);
    expect([c.id, c.seat]).toEqual([t.id, '3C']);
    expect(created).toBe(createdBefore + 1);
  });

  it('user code constructing the class still runs every initializer', () => {
    const before = created;
    const v = new VipTicket('2B');
    expect(created).toBe(before + 2);
    expect([v.cache, v.perks, v.session]).toEqual([42, ['welcome drink'], 'live']);
    const p = new Post();
    expect([p.title, p.views, p.draft, p.next]).toEqual(['', 0, 42, null]);
  });
});
