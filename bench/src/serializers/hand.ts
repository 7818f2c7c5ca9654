/**
 * The practical upper bound: a hand-written codec specialised for exactly these classes, the
 * way a careful human writes it. Integers as zigzag varints, doubles as float64, strings UTF-8,
 * typed arrays as raw bytes. Identity (Map) only for the classes that can be shared
 * (Customer, Order); lines pointing back to the order being written cost one byte.
 */
import { Address, Corpus, Customer, Doc, NumericSet, Order, OrderBook, OrderLine, Sample, Series } from '../model.js';
import { Reader, Writer } from '../bytes.js';
import type { SerializerCase } from './types.js';

const NULL = 0;
const NEW = 1;
const REF = 2;
const PARENT = 3; // OrderLine.order === the order whose lines are being written

class HandWriter extends Writer {
  customers = new Map<Customer, number>();
  orders = new Map<Order, number>();

  reset(): void {
    this.customers.clear();
    this.orders.clear();
  }

  customer(c: Customer | null): void {
    if (c === null) return this.u8(NULL);
    const id = this.customers.get(c);
    if (id !== undefined) {
      this.u8(REF);
      this.varint(id);
      return;
    }
    this.customers.set(c, this.customers.size);
    this.u8(NEW);
    this.int(c.id);
    this.str(c.name);
    this.str(c.email);
    this.int(c.tier);
    this.u8(c.vip ? 1 : 0);
  }

  address(a: Address | null): void {
    if (a === null) return this.u8(NULL);
    this.u8(NEW);
    this.str(a.street);
    this.str(a.city);
    this.str(a.zip);
    this.str(a.country);
  }

  order(o: Order | null, current: Order | null): void {
    if (o === null) return this.u8(NULL);
    if (o === current) return this.u8(PARENT);
    const id = this.orders.get(o);
    if (id !== undefined) {
      this.u8(REF);
      this.varint(id);
      return;
    }
    this.orders.set(o, this.orders.size);
    this.u8(NEW);
    this.int(o.id);
    this.customer(o.customer);
    this.address(o.shipTo);
    this.order(o.parent, null);
    this.f64(o.placedAt);
    this.str(o.status);
    this.f64(o.total);
    const lines = o.lines;
    this.varint(lines.length);
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!;
      this.order(l.order, o);
      this.str(l.sku);
      this.int(l.quantity);
      this.f64(l.unitPrice);
    }
  }

  book(b: OrderBook): void {
    this.str(b.name);
    const orders = b.orders;
    this.varint(orders.length);
    for (let i = 0; i < orders.length; i++) this.order(orders[i]!, null);
  }

  typed(a: Float64Array | Int32Array): void {
    this.varint(a.length);
    this.bytes(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  }

  numeric(n: NumericSet): void {
    this.varint(n.series.length);
    for (const s of n.series) {
      this.str(s.name);
      this.f64(s.start);
      this.f64(s.step);
      this.typed(s.values);
      this.typed(s.counts);
      this.varint(s.flags.length);
      for (let i = 0; i < s.flags.length; i++) this.int(s.flags[i]!);
      const samples = s.samples;
      this.varint(samples.length);
      this.ensure(samples.length * 45);
      for (let i = 0; i < samples.length; i++) {
        const x = samples[i]!;
        this.f64(x.t);
        this.f64(x.x);
        this.f64(x.y);
        this.f64(x.z);
        this.f64(x.weight);
        this.int(x.code);
      }
    }
  }

  corpus(c: Corpus): void {
    this.varint(c.docs.length);
    for (const d of c.docs) {
      this.int(d.id);
      this.str(d.title);
      this.str(d.author);
      this.str(d.lang);
      this.varint(d.tags.length);
      for (let i = 0; i < d.tags.length; i++) this.str(d.tags[i]!);
      this.str(d.body);
    }
  }
}

class HandReader extends Reader {
  customers: Customer[] = [];
  orders: Order[] = [];

  customer(): Customer | null {
    const tag = this.u8();
    if (tag === NULL) return null;
    if (tag === REF) return this.customers[this.varint()]!;
    const c = new Customer(this.int(), this.str(), this.str(), this.int(), this.u8() === 1);
    this.customers.push(c);
    return c;
  }

  address(): Address | null {
    if (this.u8() === NULL) return null;
    return new Address(this.str(), this.str(), this.str(), this.str());
  }

  order(current: Order | null): Order | null {
    const tag = this.u8();
    if (tag === NULL) return null;
    if (tag === PARENT) return current;
    if (tag === REF) return this.orders[this.varint()]!;
    // registered before its fields are read, so references inside resolve
    const o = new Order(0, null as unknown as Customer, null as unknown as Address, [], null, 0, '', 0);
    this.orders.push(o);
    o.id = this.int();
    o.customer = this.customer()!;
    o.shipTo = this.address()!;
    o.parent = this.order(null);
    o.placedAt = this.f64();
    o.status = this.str();
    o.total = this.f64();
    const n = this.varint();
    const lines = new Array<OrderLine>(n);
    for (let i = 0; i < n; i++) lines[i] = new OrderLine(this.order(o), this.str(), this.int(), this.f64());
    o.lines = lines;
    return o;
  }

  book(): OrderBook {
    const name = this.str();
    const n = this.varint();
    const orders = new Array<Order>(n);
    for (let i = 0; i < n; i++) orders[i] = this.order(null)!;
    return new OrderBook(name, orders);
  }

  f64s(): Float64Array {
    const n = this.varint();
    const a = new Float64Array(n);
    new Uint8Array(a.buffer).set(this.bytes(n * 8));
    return a;
  }

  i32s(): Int32Array {
    const n = this.varint();
    const a = new Int32Array(n);
    new Uint8Array(a.buffer).set(this.bytes(n * 4));
    return a;
  }

  numeric(): NumericSet {
    const n = this.varint();
    const series = new Array<Series>(n);
    for (let k = 0; k < n; k++) {
      const name = this.str();
      const start = this.f64();
      const step = this.f64();
      const values = this.f64s();
      const counts = this.i32s();
      const nf = this.varint();
      const flags = new Array<number>(nf);
      for (let i = 0; i < nf; i++) flags[i] = this.int();
      const ns = this.varint();
      const samples = new Array<Sample>(ns);
      for (let i = 0; i < ns; i++) samples[i] = new Sample(this.f64(), this.f64(), this.f64(), this.f64(), this.f64(), this.int());
      series[k] = new Series(name, start, step, values, counts, flags, samples);
    }
    return new NumericSet(series);
  }

  corpus(): Corpus {
    const n = this.varint();
    const docs = new Array<Doc>(n);
    for (let k = 0; k < n; k++) {
      const id = this.int();
      const title = this.str();
      const author = this.str();
      const lang = this.str();
      const nt = this.varint();
      const tags = new Array<string>(nt);
      for (let i = 0; i < nt; i++) tags[i] = this.str();
      docs[k] = new Doc(id, title, author, lang, tags, this.str());
    }
    return new Corpus(docs);
  }
}

export const handCase: SerializerCase = {
  id: 'hand',
  label: 'hand-written codec',
  skip: () => false,
  async create(w) {
    const out = new HandWriter();
    return {
      serialize(root) {
        out.reset();
        if (w.name === 'graph' || w.name === 'tree') out.book(root as OrderBook);
        else if (w.name === 'small') out.order(root as Order, null);
        else if (w.name === 'numeric') out.numeric(root as NumericSet);
        else out.corpus(root as Corpus);
        return out.finish();
      },
      deserialize(data) {
        const r = new HandReader(data as Uint8Array);
        if (w.name === 'graph' || w.name === 'tree') return r.book();
        if (w.name === 'small') return r.order(null);
        if (w.name === 'numeric') return r.numeric();
        return r.corpus();
      },
    };
  },
};
