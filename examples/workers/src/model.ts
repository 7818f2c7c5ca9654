// The classes both threads import: the main thread's module graph and the worker's each load this
// file, so both threads' registries know the same classes (weft's transformer generates each
// class's codec at build time; see dist/model.js after `pnpm run build`).
import { Serializable } from '@weft/runtime';

@Serializable({ name: 'workers.Customer' })
export class Customer {
  readonly orders: Order[] = []; // Customer -> orders -> Order -> customer: a cycle
  /** The sum of this customer's order totals, set by the worker: right only if orders share this one object. */
  balanceCents = 0;
  constructor(
    public id: number,
    public name: string,
  ) {}
}

@Serializable({ name: 'workers.OrderLine' })
export class OrderLine {
  constructor(
    public order: Order, // back-reference: line -> order -> lines -> line
    public sku: string,
    public quantity: number,
    public unitCents: number,
  ) {}
}

@Serializable({ name: 'workers.Order' })
export class Order {
  readonly lines: OrderLine[] = [];
  readonly tags = new Map<string, string>();
  status: 'new' | 'priced' = 'new';
  totalCents = 0;
  pricedAt: Date | null = null;
  /** ES #private: reachable only because the codec is generated inside the class body. */
  #paymentToken: string;
  constructor(
    public id: number,
    public customer: Customer,
    public placedAt: Date,
    paymentToken: string,
  ) {
    this.#paymentToken = paymentToken;
    customer.orders.push(this);
  }
  add(sku: string, quantity: number, unitCents: number): this {
    this.lines.push(new OrderLine(this, sku, quantity, unitCents));
    return this;
  }
  /** A method: missing on a structured clone, which keeps data but not prototypes. */
  lineTotalCents(): number {
    return this.lines.reduce((sum, l) => sum + l.quantity * l.unitCents, 0);
  }
  hasToken(token: string): boolean {
    return this.#paymentToken === token;
  }
  /** Whether `o` has this class's #private slot (a structured clone never has: private fields are not properties). */
  static hasPrivateSlot(o: object): boolean {
    return #paymentToken in o;
  }
}

/** What the main thread sends: orders of a few customers (each customer shared by several orders). */
@Serializable({ name: 'workers.Batch' })
export class Batch {
  totalCents = 0;
  constructor(
    public id: number,
    public customers: Customer[],
    public orders: Order[],
  ) {}
}

/** What the worker found on arrival: every field true for weft; the class-related ones false for a structured clone. */
@Serializable({ name: 'workers.Findings' })
export class Findings {
  constructor(
    public classes: boolean,
    public methods: boolean,
    public privateFields: boolean,
    public sharedCustomers: boolean,
    public cycles: boolean,
    public mapAndDate: boolean,
  ) {}
}

/** What the worker sends back: the batch it priced (mutated in place) and what it found on arrival. */
@Serializable({ name: 'workers.Reply' })
export class Reply {
  constructor(
    public batch: Batch,
    public findings: Findings,
    public threadId: number,
  ) {}
}

/**
 * The transfer list for bytes from `serialize(graph)`: their ArrayBuffer, which holds exactly these
 * bytes (serialize allocates a fresh one per call). Refuses a view into a larger or shared buffer,
 * whose transfer would move (and detach) memory that is not part of the message.
 */
export function transferList(bytes: Uint8Array): ArrayBuffer[] {
  const buffer = bytes.buffer;
  if (!(buffer instanceof ArrayBuffer) || bytes.byteOffset !== 0 || bytes.byteLength !== buffer.byteLength) {
    throw new Error(`FAIL: these bytes are a view (offset ${bytes.byteOffset}, ${bytes.byteLength} of ${buffer.byteLength} bytes): copy them with slice() before transferring`);
  }
  return [buffer];
}

export const paymentToken = (orderId: number): string => `tok_${orderId.toString(36)}`;
export const PRICED_AT = new Date('2026-01-02T03:04:05.000Z');

/** A batch of `orderCount` orders, 3 lines each, over `orderCount / 10` customers (at least 2). */
export function makeBatch(id: number, orderCount: number): Batch {
  const customers: Customer[] = [];
  const customerCount = Math.max(2, Math.floor(orderCount / 10));
  for (let c = 0; c < customerCount; c++) customers.push(new Customer(c, `customer ${c}`));
  const orders: Order[] = [];
  for (let k = 0; k < orderCount; k++) {
    const o = new Order(k, customers[k % customerCount]!, new Date(Date.UTC(2026, 0, 1) + k * 60_000), paymentToken(k));
    o.add(`sku-${k % 7}`, 1 + (k % 3), 199 + k).add('sku-tea', 2, 450).add('sku-cup', 1 + (k % 5), 300);
    o.tags.set('channel', k % 2 === 0 ? 'web' : 'store');
    orders.push(o);
  }
  return new Batch(id, customers, orders);
}

/**
 * What the worker checks on arrival. Runs the same on a deserialized graph and on a structured
 * clone, so the two paths do the same work; it calls methods only where they exist.
 */
export function inspect(batch: Batch): Findings {
  const orders = batch.orders;
  let classes = batch instanceof Batch;
  let methods = true;
  let privateFields = true;
  let cycles = true;
  let mapAndDate = true;
  for (const o of orders) {
    classes &&= o instanceof Order && o.customer instanceof Customer && o.lines.every((l) => l instanceof OrderLine);
    methods &&= typeof o.lineTotalCents === 'function' && typeof o.hasToken === 'function';
    privateFields &&= Order.hasPrivateSlot(o) && o.hasToken(paymentToken(o.id));
    cycles &&= o.lines.every((l) => l.order === o) && o.customer.orders.includes(o);
    mapAndDate &&= o.tags instanceof Map && o.tags.get('channel') === (o.id % 2 === 0 ? 'web' : 'store') && o.placedAt instanceof Date && o.placedAt.getTime() === Date.UTC(2026, 0, 1) + o.id * 60_000;
  }
  // Order k belongs to customer k % count: those orders must hold the very object in batch.customers.
  const sharedCustomers = orders.length > 0 && orders.every((o, k) => o.customer === batch.customers[k % batch.customers.length]);
  return new Findings(classes, methods, privateFields, sharedCustomers, cycles, mapAndDate);
}

/**
 * The worker's work: prices every order and mutates the graph in place (status, total, a Map
 * entry, a Date, each customer's balance through the shared Customer objects). Reads fields only,
 * so it runs the same on a structured clone.
 */
export function price(batch: Batch, worker: string): void {
  for (const c of batch.customers) c.balanceCents = 0;
  let total = 0;
  for (const o of batch.orders) {
    let sum = 0;
    for (const l of o.lines) sum += l.quantity * l.unitCents;
    o.totalCents = sum;
    o.status = 'priced';
    o.pricedAt = new Date(PRICED_AT.getTime());
    o.tags.set('pricedBy', worker);
    o.customer.balanceCents += sum;
    total += sum;
  }
  batch.totalCents = total;
}

/** The batch total the main thread expects, computed locally. */
export function expectedTotal(batch: Batch): number {
  return batch.orders.reduce((sum, o) => sum + o.lineTotalCents(), 0);
}
