// The classes of a small shop. Nothing here knows about bytes: weft's transformer generates
// each class's codec at build time (see dist/model.js after `pnpm run build`).
import { NonSerialized, Serializable } from '@weft/runtime';

@Serializable()
export class Customer {
  readonly orders: Order[] = [];
  @NonSerialized() lastSeen: Date | undefined = new Date();
  constructor(public name: string, public email: string) {}
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
  add(product: string, quantity: number, unitPrice: number): this {
    this.lines.push(new OrderLine(this, product, quantity, unitPrice));
    return this;
  }
  get total(): number {
    return this.lines.reduce((sum, l) => sum + l.quantity * l.unitPrice, 0);
  }
  hasToken(token: string): boolean {
    return this.#paymentToken === token;
  }
}

@Serializable()
export class OrderLine {
  constructor(
    public order: Order, // back-reference: a cycle line -> order -> lines -> line
    public product: string,
    public quantity: number,
    public unitPrice: number,
  ) {}
}

/** A subclass held where an Order is expected comes back as the subclass. */
@Serializable()
export class GiftOrder extends Order {
  message = '';
}
