/**
 * Workloads, each built from a seeded PRNG so every run (and every child process) builds the
 * same data. Strings are produced through JSON.parse so they are flat, as a network or database
 * layer would hand them over (concatenated "cons" strings encode much slower and would distort).
 */
import { Address, Corpus, Customer, Doc, NumericSet, Order, OrderBook, OrderLine, Sample, Series } from './model.js';

export type WorkloadName = 'graph' | 'tree' | 'small' | 'numeric' | 'strings';
export const WORKLOADS: readonly WorkloadName[] = ['graph', 'tree', 'small', 'numeric', 'strings'];

export interface Workload {
  name: WorkloadName;
  root: unknown;
  /** the workload has shared references or cycles (peers without identity tracking cannot do it) */
  shared: boolean;
  /** number of objects (class instances + arrays + typed arrays) */
  objects: number;
}

/** mulberry32: small, fast, good enough for data generation */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ['Anna', 'Jörg', 'Zoë', 'Liam', 'Noah', 'Mia', 'Søren', 'Élodie', 'Kenji', 'Olga', 'Ravi', 'Chloé', 'Mateo', 'Ava', 'Lukas'];
const LAST = ['Müller', 'Smith', 'García', 'Kowalski', 'Nguyen', 'Dubois', 'Rossi', 'Tanaka', 'Ivanova', 'Brown', 'Jensen', 'Silva'];
const CITIES = ['Berlin', 'München', 'Paris', 'Kraków', 'São Paulo', 'Tokyo', 'Zürich', 'London', 'Malmö', 'New York'];
const COUNTRIES = ['DE', 'FR', 'PL', 'BR', 'JP', 'CH', 'GB', 'SE', 'US'];
const STREETS = ['Hauptstraße', 'Rue de Rivoli', 'Main St', 'Königsallee', 'Via Roma', 'Baker Street', 'Ulica Długa'];
const STATUS = ['new', 'paid', 'shipped', 'delivered', 'cancelled'];
const WORDS = ['lorem', 'ipsum', 'dolor', 'sit', 'amet', 'straße', 'über', 'naïve', 'café', '日本語', 'данные', 'Ελληνικά', 'emoji🎉', 'consectetur', 'adipiscing', 'elit', 'sed', 'do', 'eiusmod', 'tempor'];

const pick = <T>(r: () => number, a: readonly T[]): T => a[Math.floor(r() * a.length)]!;
const int = (r: () => number, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
const money = (r: () => number, lo: number, hi: number): number => Math.round((lo + r() * (hi - lo)) * 100) / 100;

interface OrderPlan {
  customers: number;
  orders: number;
  sharedCustomers: boolean;
  cycles: boolean;
  parents: boolean;
}

/** plain data first, then one JSON round trip (flat strings), then classes */
function orderBook(seed: number, plan: OrderPlan): { root: OrderBook; objects: number } {
  const r = prng(seed);
  const customers = Array.from({ length: plan.customers }, (_, i) => ({
    id: 1000 + i,
    name: `${pick(r, FIRST)} ${pick(r, LAST)}`,
    email: `user${i}@example${int(r, 1, 9)}.com`,
    tier: int(r, 0, 3),
    vip: r() < 0.1,
  }));
  const orders = Array.from({ length: plan.orders }, (_, i) => {
    const nLines = int(r, 1, 9);
    const lines = Array.from({ length: nLines }, () => ({ sku: `SKU-${int(r, 10000, 99999)}`, quantity: int(r, 1, 20), unitPrice: money(r, 0.5, 400) }));
    return {
      id: 500000 + i,
      customer: int(r, 0, plan.customers - 1),
      shipTo: { street: `${pick(r, STREETS)} ${int(r, 1, 250)}`, city: pick(r, CITIES), zip: String(int(r, 10000, 99999)), country: pick(r, COUNTRIES) },
      lines,
      parent: plan.parents && i > 10 && r() < 0.1 ? int(r, 0, i - 1) : -1,
      placedAt: 1_700_000_000_000 + int(r, 0, 30_000_000) * 1000,
      status: pick(r, STATUS),
      total: lines.reduce((s, l) => s + l.quantity * l.unitPrice, 0),
    };
  });
  const plain = JSON.parse(JSON.stringify({ customers, orders })) as { customers: typeof customers; orders: typeof orders };
  let objects = 2; // book + orders array
  const mkCustomer = (c: (typeof customers)[number]) => (objects++, new Customer(c.id, c.name, c.email, c.tier, c.vip));
  const sharedCustomers = plain.customers.map(mkCustomer);
  const built: Order[] = [];
  for (const p of plain.orders) {
    const customer = plan.sharedCustomers ? sharedCustomers[p.customer]! : mkCustomer(plain.customers[p.customer]!);
    const o = new Order(p.id, customer, new Address(p.shipTo.street, p.shipTo.city, p.shipTo.zip, p.shipTo.country), [], null, p.placedAt, p.status, p.total);
    objects += 3; // order, address, lines array
    for (const l of p.lines) {
      o.lines.push(new OrderLine(plan.cycles ? o : null, l.sku, l.quantity, l.unitPrice));
      objects++;
    }
    built.push(o);
  }
  if (plan.parents) {
    // a parent is always an order without a parent of its own (shallow chains)
    plain.orders.forEach((p, i) => {
      if (p.parent >= 0 && built[p.parent]!.parent === null && built[i]!.parent === null && p.parent !== i) built[i]!.parent = built[p.parent]!;
    });
  }
  return { root: new OrderBook('orders', built), objects };
}

function numeric(seed: number, nSeries: number, nValues: number, nSamples: number): { root: NumericSet; objects: number } {
  const r = prng(seed);
  const series = Array.from({ length: nSeries }, (_, i) => ({
    name: `series-${i}`,
    start: 1_700_000_000 + i * 0.25,
    step: 0.001 * (1 + r()),
    values: Array.from({ length: nValues }, () => (r() - 0.5) * 1e6),
    counts: Array.from({ length: nValues }, () => int(r, -1_000_000, 1_000_000)),
    flags: Array.from({ length: 256 }, () => int(r, 0, 1000)),
    samples: Array.from({ length: nSamples }, (_, k) => ({ t: k * 0.5, x: r() * 100, y: r() * -50, z: r() * 1e-3, weight: r(), code: int(r, 0, 100000) })),
  }));
  const plain = JSON.parse(JSON.stringify(series)) as typeof series;
  let objects = 2;
  const root = new NumericSet(
    plain.map((s) => {
      objects += 5 + s.samples.length;
      return new Series(s.name, s.start, s.step, Float64Array.from(s.values), Int32Array.from(s.counts), s.flags, s.samples.map((x) => new Sample(x.t, x.x, x.y, x.z, x.weight, x.code)));
    }),
  );
  return { root, objects };
}

function strings(seed: number, nDocs: number): { root: Corpus; objects: number } {
  const r = prng(seed);
  const sentence = (n: number) => Array.from({ length: n }, () => pick(r, WORDS)).join(' ');
  const docs = Array.from({ length: nDocs }, (_, i) => ({
    id: i,
    title: sentence(int(r, 2, 6)),
    author: `${pick(r, FIRST)} ${pick(r, LAST)}`,
    lang: pick(r, ['en', 'de', 'fr', 'ja', 'ru']),
    tags: Array.from({ length: int(r, 1, 5) }, () => pick(r, WORDS)),
    // most bodies ASCII-only, some with non-ASCII words; a few long ones
    body: r() < 0.5 ? Array.from({ length: int(r, 20, 400) }, () => pick(r, WORDS.filter((w) => /^[a-z]+$/.test(w)))).join(' ') : sentence(int(r, 20, r() < 0.1 ? 3000 : 300)),
  }));
  const plain = JSON.parse(JSON.stringify(docs)) as typeof docs;
  return { root: new Corpus(plain.map((d) => new Doc(d.id, d.title, d.author, d.lang, d.tags, d.body))), objects: 2 + plain.length * 2 };
}

/**
 * scale 1 = the full-size workload (graph ≈ 50,000 objects); smoke tests use a small scale,
 * the scaling check 10× and 100× of a small base.
 */
export function buildWorkload(name: WorkloadName, scale = 1): Workload {
  const s = (n: number) => Math.max(1, Math.round(n * scale));
  switch (name) {
    case 'graph': {
      const { root, objects } = orderBook(42, { customers: s(800), orders: s(6600), sharedCustomers: true, cycles: true, parents: true });
      return { name, root, shared: true, objects };
    }
    case 'tree': {
      const { root, objects } = orderBook(42, { customers: s(800), orders: s(6600), sharedCustomers: false, cycles: false, parents: false });
      return { name, root, shared: false, objects };
    }
    case 'small': {
      // one order with three lines pointing back to it (a cycle) and its customer: the root is the order
      const c = new Customer(1001, 'Zoë Müller', 'zoe@example.com', 2, true);
      const o = new Order(500001, c, new Address('Hauptstraße 5', 'Berlin', '10115', 'DE'), [], null, 1_700_000_000_000, 'paid', 0);
      const p = JSON.parse(JSON.stringify([['SKU-12345', 2, 19.99], ['SKU-23456', 1, 5.5], ['SKU-34567', 10, 0.99]])) as [string, number, number][];
      for (const [sku, q, price] of p) o.lines.push(new OrderLine(o, sku, q, price));
      o.total = o.lines.reduce((t, l) => t + l.quantity * l.unitPrice, 0);
      return { name, root: o, shared: true, objects: 6 };
    }
    case 'numeric': {
      const { root, objects } = numeric(7, s(24), 4096, 400);
      return { name, root, shared: false, objects };
    }
    case 'strings': {
      const { root, objects } = strings(11, s(3000));
      return { name, root, shared: false, objects };
    }
  }
}
