/**
 * The prototype-restoring pass a user adds after a class-blind decoder (v8.deserialize,
 * msgpackr records): it knows the model and re-attaches each class's prototype in place.
 * Shared objects are visited once per reference (setPrototypeOf is idempotent); cycles are not
 * followed (lines' back-references point to an order already restored through the orders array).
 */
import { Address, Corpus, Customer, Doc, NumericSet, Order, OrderBook, OrderLine, Sample, Series } from '../model.js';
import type { WorkloadName } from '../workloads.js';

const set = Object.setPrototypeOf;

function order(o: Order): void {
  if (Object.getPrototypeOf(o) === Order.prototype) return;
  set(o, Order.prototype);
  if (o.customer !== null && Object.getPrototypeOf(o.customer) !== Customer.prototype) set(o.customer, Customer.prototype);
  if (o.shipTo !== null) set(o.shipTo, Address.prototype);
  for (const l of o.lines) set(l, OrderLine.prototype);
  if (o.parent !== null) order(o.parent);
}

export function restorePrototypes(w: WorkloadName, root: unknown): unknown {
  switch (w) {
    case 'graph':
    case 'tree': {
      const b = set(root, OrderBook.prototype) as OrderBook;
      for (const o of b.orders) order(o);
      return b;
    }
    case 'small': {
      order(root as Order);
      for (const l of (root as Order).lines) if (l.order !== null) order(l.order);
      return root;
    }
    case 'numeric': {
      const n = set(root, NumericSet.prototype) as NumericSet;
      for (const s of n.series) {
        set(s, Series.prototype);
        for (const x of s.samples) set(x, Sample.prototype);
      }
      return n;
    }
    case 'strings': {
      const c = set(root, Corpus.prototype) as Corpus;
      for (const d of c.docs) set(d, Doc.prototype);
      return c;
    }
  }
}
