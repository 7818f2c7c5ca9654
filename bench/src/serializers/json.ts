/**
 * JSON.stringify/parse with the glue a careful user writes to keep identity and classes:
 * shared customers go into a table and are referenced by index, a parent order by index, a
 * line's back-reference to its order is dropped and re-linked, typed arrays become arrays,
 * and every object is re-created with `new Class(...)` on the way back.
 */
import { Address, Corpus, Customer, Doc, NumericSet, Order, OrderBook, OrderLine, Sample, Series } from '../model.js';
import type { Workload } from '../workloads.js';
import type { SerializerCase } from './types.js';

interface OrderDto {
  id: number;
  c: number;
  shipTo: { street: string; city: string; zip: string; country: string };
  lines: { sku: string; quantity: number; unitPrice: number; back: 0 | 1 }[];
  parent: number;
  placedAt: number;
  status: string;
  total: number;
}

function ordersToDto(orders: Order[]) {
  const customers: Customer[] = [];
  const cIndex = new Map<Customer, number>();
  const oIndex = new Map<Order, number>();
  orders.forEach((o, i) => oIndex.set(o, i));
  const dto: OrderDto[] = orders.map((o) => {
    let c = cIndex.get(o.customer);
    if (c === undefined) {
      c = customers.length;
      cIndex.set(o.customer, c);
      customers.push(o.customer);
    }
    const parent = o.parent === null ? -1 : oIndex.get(o.parent);
    if (parent === undefined) throw new Error('json glue: parent order is not in the book');
    return {
      id: o.id,
      c,
      shipTo: o.shipTo,
      lines: o.lines.map((l) => {
        if (l.order !== null && l.order !== o) throw new Error('json glue: line points to another order');
        return { sku: l.sku, quantity: l.quantity, unitPrice: l.unitPrice, back: l.order === o ? 1 : 0 };
      }),
      parent,
      placedAt: o.placedAt,
      status: o.status,
      total: o.total,
    } as OrderDto;
  });
  return { customers, orders: dto };
}

function ordersFromDto(d: { customers: Customer[]; orders: OrderDto[] }): Order[] {
  const customers = d.customers.map((c) => new Customer(c.id, c.name, c.email, c.tier, c.vip));
  const orders = d.orders.map((o) => {
    const a = o.shipTo;
    const order = new Order(o.id, customers[o.c]!, new Address(a.street, a.city, a.zip, a.country), [], null, o.placedAt, o.status, o.total);
    order.lines = o.lines.map((l) => new OrderLine(l.back ? order : null, l.sku, l.quantity, l.unitPrice));
    return order;
  });
  d.orders.forEach((o, i) => {
    if (o.parent >= 0) orders[i]!.parent = orders[o.parent]!;
  });
  return orders;
}

function toDto(w: Workload['name'], root: unknown): unknown {
  switch (w) {
    case 'graph':
    case 'tree': {
      const b = root as OrderBook;
      return { name: b.name, ...ordersToDto(b.orders) };
    }
    case 'small':
      return ordersToDto([root as Order]);
    case 'numeric':
      return (root as NumericSet).series.map((s) => ({ ...s, values: Array.from(s.values), counts: Array.from(s.counts) }));
    case 'strings':
      return (root as Corpus).docs;
  }
}

function fromDto(w: Workload['name'], d: any): unknown {
  switch (w) {
    case 'graph':
    case 'tree':
      return new OrderBook(d.name, ordersFromDto(d));
    case 'small':
      return ordersFromDto(d)[0];
    case 'numeric':
      return new NumericSet(
        (d as any[]).map(
          (s) => new Series(s.name, s.start, s.step, Float64Array.from(s.values), Int32Array.from(s.counts), s.flags, s.samples.map((x: Sample) => new Sample(x.t, x.x, x.y, x.z, x.weight, x.code))),
        ),
      );
    case 'strings':
      return new Corpus((d as Doc[]).map((x) => new Doc(x.id, x.title, x.author, x.lang, x.tags, x.body)));
  }
}

export const jsonCase: SerializerCase = {
  id: 'json',
  label: 'JSON + glue',
  skip: () => false,
  async create(w) {
    return {
      serialize: (root) => JSON.stringify(toDto(w.name, root)),
      deserialize: (data) => fromDto(w.name, JSON.parse(data as string)),
    };
  },
};
