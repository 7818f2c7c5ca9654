/**
 * msgpackr, two ways:
 *  - msgpackr-ext: structuredClone (identity + cycles) and one extension per class (write returns
 *    the field values as an array, read calls `new Class(...)`), as msgpackr's README suggests.
 *  - msgpackr-records: records mode (shape-shared maps) with a prototype-restoring pass, no
 *    extensions; only for workloads without sharing (tree, numeric, strings).
 * msgpackr's extensions are process-global, so the two variants never run in one process
 * (the runner uses a child per case; the smoke tests use one test file per variant).
 */
import { Address, Corpus, Customer, Doc, NumericSet, Order, OrderBook, OrderLine, Sample, Series } from '../model.js';
import { restorePrototypes } from './restore.js';
import type { SerializerCase } from './types.js';

type Ext = { Class: Function; type: number; write(o: any): unknown; read(d: any): unknown };

const extensions: Ext[] = [
  { Class: Customer, type: 1, write: (c: Customer) => [c.id, c.name, c.email, c.tier, c.vip], read: (d: any[]) => new Customer(d[0], d[1], d[2], d[3], d[4]) },
  { Class: Address, type: 2, write: (a: Address) => [a.street, a.city, a.zip, a.country], read: (d: any[]) => new Address(d[0], d[1], d[2], d[3]) },
  { Class: OrderLine, type: 3, write: (l: OrderLine) => [l.order, l.sku, l.quantity, l.unitPrice], read: (d: any[]) => new OrderLine(d[0], d[1], d[2], d[3]) },
  {
    Class: Order,
    type: 4,
    write: (o: Order) => [o.id, o.customer, o.shipTo, o.lines, o.parent, o.placedAt, o.status, o.total],
    read: (d: any[]) => new Order(d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]),
  },
  { Class: OrderBook, type: 5, write: (b: OrderBook) => [b.name, b.orders], read: (d: any[]) => new OrderBook(d[0], d[1]) },
  { Class: NumericSet, type: 6, write: (n: NumericSet) => n.series, read: (d: any[]) => new NumericSet(d) },
  {
    Class: Series,
    type: 7,
    write: (s: Series) => [s.name, s.start, s.step, s.values, s.counts, s.flags, s.samples],
    read: (d: any[]) => new Series(d[0], d[1], d[2], d[3], d[4], d[5], d[6]),
  },
  { Class: Sample, type: 8, write: (x: Sample) => [x.t, x.x, x.y, x.z, x.weight, x.code], read: (d: any[]) => new Sample(d[0], d[1], d[2], d[3], d[4], d[5]) },
  { Class: Corpus, type: 9, write: (c: Corpus) => c.docs, read: (d: any[]) => new Corpus(d) },
  { Class: Doc, type: 10, write: (x: Doc) => [x.id, x.title, x.author, x.lang, x.tags, x.body], read: (d: any[]) => new Doc(d[0], d[1], d[2], d[3], d[4], d[5]) },
];

let registered: 'ext' | 'records' | undefined;

export const msgpackrExtCase: SerializerCase = {
  id: 'msgpackr-ext',
  label: 'msgpackr structuredClone + ext',
  skip: () => false,
  async create() {
    if (registered === 'records') throw new Error('msgpackr: extensions are process-global; run msgpackr-ext in its own process');
    registered = 'ext';
    const { Packr, addExtension } = await import('msgpackr');
    for (const e of extensions) addExtension(e);
    const p = new Packr({ structuredClone: true });
    return {
      serialize: (root) => p.pack(root),
      deserialize: (data) => p.unpack(data as Uint8Array),
    };
  },
};

export const msgpackrRecordsCase: SerializerCase = {
  id: 'msgpackr-records',
  label: 'msgpackr records + restore',
  skip: (w) => (w === 'graph' || w === 'small' ? 'records mode has no identity tracking (shared references/cycles)' : false),
  async create(w) {
    if (registered === 'ext') throw new Error('msgpackr: extensions are process-global; run msgpackr-records in its own process');
    registered = 'records';
    const { Packr } = await import('msgpackr');
    const p = new Packr({ useRecords: true, moreTypes: true });
    return {
      serialize: (root) => p.pack(root),
      deserialize: (data) => restorePrototypes(w.name, p.unpack(data as Uint8Array)),
    };
  },
};
