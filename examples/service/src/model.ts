import { NonSerialized, OnDeserialized, Serializable, type StreamingContext } from '@weft/runtime';

/** The messages both processes share: ordinary classes, compiled by @weft/transformer. */
@Serializable({ name: 'service.Customer' })
export class Customer {
  constructor(
    public id: number,
    public name: string,
  ) {}
}

@Serializable({ name: 'service.OrderLine' })
export class OrderLine {
  constructor(
    public order: Order,
    public sku: string,
    public quantity: number,
    public unitCents: number,
  ) {}
}

@Serializable({ name: 'service.Order' })
export class Order {
  lines: OrderLine[] = [];
  placed = new Date(0);
  constructor(
    public id: number,
    public customer: Customer,
  ) {}
  add(sku: string, quantity: number, unitCents: number): this {
    this.lines.push(new OrderLine(this, sku, quantity, unitCents));
    return this;
  }
}

/** One unit of work: price every order of a batch (orders of one customer share the Customer object). */
@Serializable({ name: 'service.Job' })
export class Job {
  /** Set on arrival, never sent. */
  @NonSerialized() receivedAt: number | undefined;
  constructor(
    public id: number,
    public orders: Order[],
  ) {}
  @OnDeserialized() arrived(_c: StreamingContext): void {
    this.receivedAt = Date.now();
  }
}

@Serializable({ name: 'service.JobResult' })
export class JobResult {
  constructor(
    public jobId: number,
    public totalCents: bigint,
    public orderCount: number,
    /** how many distinct Customer objects the worker saw: shared references must survive the wire */
    public distinctCustomers: number,
    public worker: number,
  ) {}
}

/** Tells the worker to close the connection. */
@Serializable({ name: 'service.Stop' })
export class Stop {
  reason = 'done';
}

export function price(job: Job): JobResult {
  let total = 0n;
  const customers = new Set<Customer>();
  for (const o of job.orders) {
    customers.add(o.customer);
    for (const l of o.lines) {
      if (l.order !== o) throw new Error(`line of order ${o.id} lost its back-reference`);
      total += BigInt(l.quantity) * BigInt(l.unitCents);
    }
  }
  return new JobResult(job.id, total, job.orders.length, customers.size, process.pid);
}
