// The classes both processes share. Nothing here knows about Redis or bytes: weft's transformer
// generates each class's codec at build time (see dist/model.js after `pnpm run build`).
import { Serializable } from '@weft/runtime';

/** What the producer caches: a small shop whose orders share their customers. */
@Serializable()
export class Shop {
  readonly customers: Customer[] = [];
  readonly orders: Order[] = [];
  constructor(
    public name: string,
    public updatedAt: Date,
  ) {}
  customer(name: string, email: string): Customer {
    const c = new Customer(name, email);
    this.customers.push(c);
    return c;
  }
  order(id: number, customer: Customer, placedAt: Date, paymentToken: string): Order {
    const o = new Order(id, customer, placedAt, paymentToken);
    this.orders.push(o);
    return o;
  }
  byEmail(email: string): Customer | undefined {
    return this.customers.find((c) => c.email === email);
  }
}

@Serializable()
export class Customer {
  /** A cycle: customer -> orders -> order.customer -> the same customer. */
  readonly orders: Order[] = [];
  constructor(
    public name: string,
    public email: string,
  ) {}
}

@Serializable()
export class Order {
  readonly lines: OrderLine[] = [];
  readonly tags = new Map<string, string>();
  /** ES #private: reachable only because the codec is generated inside the class body */
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
    this.lines.push(new OrderLine(sku, quantity, unitCents));
    return this;
  }
  get totalCents(): number {
    return this.lines.reduce((sum, l) => sum + l.quantity * l.unitCents, 0);
  }
  hasToken(token: string): boolean {
    return this.#paymentToken === token;
  }
}

@Serializable()
export class OrderLine {
  constructor(
    public sku: string,
    public quantity: number,
    public unitCents: number,
  ) {}
}

/** A unit of work on the queue: "invoice this customer from the shop cached under cacheKey". */
@Serializable()
export class InvoiceJob {
  constructor(
    public id: number,
    public cacheKey: string,
    public customerEmail: string,
    public requestedAt: Date,
  ) {}
}

/** The last message on the queue: the worker exits after it. */
@Serializable()
export class Stop {
  reason = 'no more jobs';
}

/** The worker's answer to a job: its lines point back at it (a cycle through the results list). */
@Serializable()
export class Invoice {
  readonly lines: InvoiceLine[] = [];
  constructor(
    public jobId: number,
    public customerName: string,
    /** process id of the worker, to show that another process did the work */
    public worker: number,
  ) {}
  addLine(orderId: number, cents: number): void {
    this.lines.push(new InvoiceLine(this, orderId, cents));
  }
  get totalCents(): number {
    return this.lines.reduce((sum, l) => sum + l.cents, 0);
  }
}

@Serializable()
export class InvoiceLine {
  constructor(
    public invoice: Invoice,
    public orderId: number,
    public cents: number,
  ) {}
}

/** The worker's answer when a job, or the queue entry itself, could not be read. */
@Serializable()
export class JobFailed {
  constructor(
    /** the job's id, or -1 when the queue entry itself was unreadable */
    public jobId: number,
    /** SerializationException.code, e.g. TRUNCATED */
    public code: string,
    public message: string,
  ) {}
}

/**
 * The invoice the worker is expected to write for `customer`: one line per order. The producer
 * checks the worker's answer against its own copy of the shop.
 */
export function invoiceFor(jobId: number, customer: Customer, worker: number): Invoice {
  const invoice = new Invoice(jobId, customer.name, worker);
  for (const o of customer.orders) invoice.addLine(o.id, o.totalCents);
  return invoice;
}

/** The demo's data: two customers, three orders; Ann's two orders share her Customer object. */
export function makeShop(): Shop {
  const shop = new Shop('Teahouse Online', new Date('2026-05-01T08:00:00Z'));
  const ann = shop.customer('Ann Lee', 'ann@example.com');
  const bob = shop.customer('Bob Stone', 'bob@example.com');
  shop.order(1001, ann, new Date('2026-04-20T10:15:00Z'), 'tok_1001').add('green tea', 2, 450).add('cups', 4, 300).tags.set('channel', 'web');
  shop.order(1002, bob, new Date('2026-04-21T09:30:00Z'), 'tok_1002').add('teapot', 1, 2500).tags.set('channel', 'app');
  shop.order(1003, ann, new Date('2026-04-22T18:05:00Z'), 'tok_1003').add('black tea', 3, 520).tags.set('coupon', 'WELCOME10');
  return shop;
}
