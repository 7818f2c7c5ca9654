import { NonSerialized, OptionalField, Serializable } from '@weft/runtime';

/**
 * The stored documents of a small billing service. Invoices are written with BinaryFormatter and
 * kept for years, so every change to these classes must still read the bytes already on disk.
 * schema/weft-schema.json is the approved wire layout; `pnpm check` compares the classes below
 * against it (see README.md).
 */

/** Common base of every stored document: its members travel first, before the subclass's own. */
@Serializable({ name: 'billing.StoredDocument' })
export abstract class StoredDocument {
  id: string;
  createdAt: Date;

  constructor(id: string, createdAt: Date) {
    this.id = id;
    this.createdAt = createdAt;
  }
}

@Serializable({ name: 'billing.Customer' })
export class Customer {
  name: string;
  email: string;
  /** A true #private field travels too, under its own name "#taxId". */
  #taxId: string;

  constructor(name: string, email: string, taxId: string) {
    this.name = name;
    this.email = email;
    this.#taxId = taxId;
  }

  get taxId(): string {
    return this.#taxId;
  }
}

@Serializable({ name: 'billing.LineItem' })
export class LineItem {
  description: string;
  quantity: number;
  unitPriceCents: number;

  constructor(description: string, quantity: number, unitPriceCents: number) {
    this.description = description;
    this.quantity = quantity;
    this.unitPriceCents = unitPriceCents;
  }

  get totalCents(): number {
    return this.quantity * this.unitPriceCents;
  }
}

@Serializable({ name: 'billing.Invoice' })
export class Invoice extends StoredDocument {
  customer: Customer;
  items: LineItem[];
  currency: string;
  /** Added in version 2 of the service: invoices stored by version 1 have no notes. */
  @OptionalField({ versionAdded: 2 }) notes?: string;
  /** Derived from the items, never stored. */
  @NonSerialized() cachedTotalCents = 0;

  constructor(id: string, createdAt: Date, customer: Customer, items: LineItem[], currency: string) {
    super(id, createdAt);
    this.customer = customer;
    this.items = items;
    this.currency = currency;
  }
}
