import { describe, expect, it } from 'vitest';
import { BinaryFormatter, MemoryStream, Serializable } from '@weft/runtime';
import { Address, Customer, Holder, Line, ListNode, Order, RushOrder, Unmarked, UnmarkedSubclass } from './fixtures/shop';
import { thrown } from './helpers';

const f = new BinaryFormatter();
const rt = <T>(v: T): T => f.deserialize<T>(f.serialize(v));


function shop() {
  const ann = new Customer('Ann', new Address('1 Main St', 'Springfield'));
  const bob = new Customer('Bob', ann.address); // shared address
  const o1 = new Order(1, ann);
  o1.addLine('apple', 3, 0.5);
  o1.addLine('pear', 1, 0.75);
  const o2 = new RushOrder(2, ann, 5);
  o2.addLine('cake', 1, 12);
  o2.parent = o1;
  const o3 = new Order(3, bob);
  return { ann, bob, orders: [o1, o2, o3] };
}

describe('class graphs (API.md §3)', () => {
  it('restores classes with their prototype and without running constructors', () => {
    const back = rt(new Address('a', 'b'));
    expect(back).toBeInstanceOf(Address);
    expect(back).toEqual(new Address('a', 'b'));
  });

  it('keeps shared references and cycles', () => {
    const { orders } = rt(shop());
    const [o1, o2, o3] = orders as [Order, RushOrder, Order];
    expect(o1.customer).toBe(o2.customer); // shared customer
    expect(o1.customer.orders[0]).toBe(o1); // cycle customer <-> order
    expect(o1.lines[0]!.order).toBe(o1); // back-reference line -> order
    expect(o2.parent).toBe(o1);
    expect(o3.customer.address).toBe(o1.customer.address); // shared address across customers
    expect(o1.customer.orders).toHaveLength(2);
    expect(o1.customer.orders[1]).toBe(o2);
  });

  it('restores a subclass held in a base-typed field or array (polymorphism)', () => {
    const { orders } = rt(shop());
    const rush = orders[1]!;
    expect(rush).toBeInstanceOf(RushOrder);
    expect(rush).toBeInstanceOf(Order);
    expect((rush as RushOrder).courier).toBe('bike');
    expect(rush.total()).toBe(17);
    const h = rt(new Holder(rush));
    expect(h.value).toBeInstanceOf(RushOrder);
  });

  it('serializes public, protected, private and ES #private fields, own and inherited', () => {
    const { orders } = rt(shop());
    const [o1, o2] = orders as [Order, RushOrder];
    expect(o1.audit).toEqual(['add apple', 'add pear']);
    expect(o1.note).toBe('n/a');
    expect(o1.state).toBe('open');
    expect(o2.surcharge).toBe(5); // subclass #private
    expect(o2.audit).toEqual(['add cake']); // base #private on a subclass instance
    expect(o1.total()).toBeCloseTo(2.25);
  });

  it('skips @NonSerialized fields: undefined after deserialization', () => {
    const c = new Customer('Ann', new Address('x', 'y'));
    expect(c.sessionToken).toBe('secret-token');
    const bytes = f.serialize(c);
    // Neither the member's name nor its value is on the wire (the same search finds what is written).
    const text = new TextDecoder('latin1').decode(bytes);
    expect(text).toContain('Ann');
    expect(text).toContain('address');
    expect(text).not.toContain('sessionToken');
    expect(text).not.toContain('secret-token');
    const back = f.deserialize<Customer>(bytes);
    expect(back.sessionToken).toBeUndefined();
    expect(Object.keys(back)).not.toContain('sessionToken');
  });

  it('writes several graphs one after another into one stream and reads them in order', () => {
    const s = new MemoryStream();
    const a = shop();
    f.serialize(s, a.orders[0]);
    f.serialize(s, 'second');
    f.serialize(s, a);
    s.position = 0;
    const first = f.deserialize<Order>(s);
    expect(first).toBeInstanceOf(Order);
    expect(f.deserialize(s)).toBe('second');
    const third = f.deserialize<ReturnType<typeof shop>>(s);
    expect(third.orders[0]!.customer).toBe(third.ann);
    expect(s.position).toBe(s.length);
    expect(thrown(() => f.deserialize(s)).code).toBe('TRUNCATED');
  });

  it('is atomic: a failed serialize writes nothing to the stream', () => {
    const s = new MemoryStream();
    f.serialize(s, 1);
    const before = s.toArray();
    const bad = shop();
    (bad.orders[2] as unknown as { lines: unknown[] }).lines.push(new Unmarked());
    expect(thrown(() => f.serialize(s, bad)).code).toBe('NOT_SERIALIZABLE');
    expect(s.toArray()).toEqual(before);
    // and the formatter still works afterwards
    f.serialize(s, 'ok');
    s.position = 0;
    expect(f.deserialize(s)).toBe(1);
    expect(f.deserialize(s)).toBe('ok');
  });

  it('rejects instances of unmarked classes and unmarked subclasses, naming the class and the path', () => {
    const e1 = thrown(() => f.serialize(new Holder(new Unmarked())));
    expect(e1.code).toBe('NOT_SERIALIZABLE');
    expect(e1.message).toMatch(/Unmarked/);
    expect(e1.message).toMatch(/Holder\.value/);
    const e2 = thrown(() => f.serialize([new UnmarkedSubclass('a', 'b')]));
    expect(e2.code).toBe('NOT_SERIALIZABLE');
    expect(e2.message).toMatch(/UnmarkedSubclass extends the serializable class Address/);
  });

  it('a deep linked list of 1,000,000 nodes round-trips without overflowing the stack', () => {
    const head = new ListNode(0);
    let cur = head;
    for (let i = 1; i < 1_000_000; i++) {
      const n = new ListNode(i);
      cur.next = n;
      cur = n;
    }
    const back = rt(head);
    let count = 0;
    let inOrder = true;
    for (let p: ListNode | null = back; p; p = p.next) {
      if (p.value !== count) inOrder = false;
      count++;
    }
    expect(count).toBe(1_000_000);
    expect(inOrder).toBe(true);
    expect(back).toBeInstanceOf(ListNode);
  });

  it('deep nesting through arrays and plain objects also stays off the JS stack', () => {
    let nested: unknown = 'bottom';
    for (let i = 0; i < 200_000; i++) nested = i % 2 ? [nested] : { n: nested };
    let back = rt(nested);
    let depth = 0;
    while (typeof back === 'object') {
      back = Array.isArray(back) ? back[0] : (back as { n: unknown }).n;
      depth++;
    }
    expect(depth).toBe(200_000);
    expect(back).toBe('bottom');
  });

  it('cycles through deferred objects keep identity (a ring of 5,000 nodes)', () => {
    const head = new ListNode(0);
    let cur = head;
    for (let i = 1; i < 5000; i++) {
      cur.next = new ListNode(i);
      cur = cur.next;
    }
    cur.next = head;
    const back = rt(head);
    let p = back;
    for (let i = 0; i < 5000; i++) p = p.next!;
    expect(p).toBe(back);
  });

  it('a class used without the transformer fails with instructions to enable it', () => {
    // Decorators that really run mean the transformer did not compile this class.
    const decorate = Serializable() as (c: Function, ctx?: unknown) => void;
    class Plain {
      a = 1;
    }
    decorate(Plain, { kind: 'class', name: 'Plain' });
    const e = thrown(() => f.serialize(new Plain()));
    expect(e.code).toBe('NOT_COMPILED');
    expect(e.message).toMatch(/@weft\/transformer/);
    expect(e.message).toMatch(/tsconfig/);
  });

  it('reads with an unknown type name fail with UNKNOWN_TYPE', () => {
    const bytes = f.serialize(new Address('a', 'b'));
    // Flip a character of the type name "Address" inside the TypeDef.
    const text = new TextDecoder().decode(bytes);
    const at = text.indexOf('Address');
    const copy = bytes.slice();
    copy[at] = 'X'.charCodeAt(0);
    expect(thrown(() => f.deserialize(copy)).code).toBe('UNKNOWN_TYPE');
  });

  it('writes each type layout once per graph: 1,000 instances cost one TypeDef', () => {
    const one = f.serialize([new Line(null as never, 'a', 1, 1)]).length;
    const many = f.serialize(Array.from({ length: 1000 }, () => new Line(null as never, 'a', 1, 1))).length;
    // per instance: class tag, null, "a" (2+1), 1, 1 => 7 bytes
    expect(many - one).toBeLessThanOrEqual(999 * 7 + 4);
  });

  it('abstract base classes: abstract members are not fields, concrete subclasses round-trip', () => {
    @Serializable()
    abstract class Shape {
      abstract readonly sides: number;
      constructor(public name: string) {}
    }
    @Serializable()
    class Square extends Shape {
      readonly sides = 4;
      constructor(public size: number) {
        super('square');
      }
    }
    const back = rt<Shape>(new Square(3));
    expect(back).toBeInstanceOf(Square);
    expect(back.sides).toBe(4);
    expect((back as Square).size).toBe(3);
    expect(back.name).toBe('square');
  });

  it('bytes are deterministic for the same graph', () => {
    expect(f.serialize(shop())).toEqual(f.serialize(shop()));
  });

  it('Line instances referencing orders across graphs are independent copies', () => {
    const s = shop();
    const a = rt(s.orders[0]!);
    const b = rt(s.orders[0]!);
    expect(a).not.toBe(b);
    expect(a.lines[0]).toBeInstanceOf(Line);
    expect(a.lines[0]!.order).toBe(a);
  });
});
