/**
 * The classes every serializer in the bench moves. One definition, compiled by weft's
 * transformer (tspc for `pnpm bench`, the Vite plugin under vitest); every peer uses these same
 * classes through its own mechanism (extensions, schemas, glue, prototype restoring passes).
 */
import { Serializable } from '@weft/runtime';

@Serializable()
export class Customer {
  constructor(
    public id: number,
    public name: string,
    public email: string,
    public tier: number,
    public vip: boolean,
  ) {}
}

@Serializable()
export class Address {
  constructor(
    public street: string,
    public city: string,
    public zip: string,
    public country: string,
  ) {}
}

@Serializable()
export class OrderLine {
  constructor(
    /** back-reference to the owning order: a true cycle in the graph workload, null in the tree */
    public order: Order | null,
    public sku: string,
    public quantity: number,
    public unitPrice: number,
  ) {}
}

@Serializable()
export class Order {
  constructor(
    public id: number,
    public customer: Customer,
    public shipTo: Address,
    public lines: OrderLine[],
    /** an earlier order this one amends (graph workload only) */
    public parent: Order | null,
    public placedAt: number,
    public status: string,
    public total: number,
  ) {}
}

@Serializable()
export class OrderBook {
  constructor(
    public name: string,
    public orders: Order[],
  ) {}
}

@Serializable()
export class Series {
  constructor(
    public name: string,
    public start: number,
    public step: number,
    public values: Float64Array,
    public counts: Int32Array,
    public flags: number[],
    public samples: Sample[],
  ) {}
}

@Serializable()
export class Sample {
  constructor(
    public t: number,
    public x: number,
    public y: number,
    public z: number,
    public weight: number,
    public code: number,
  ) {}
}

@Serializable()
export class NumericSet {
  constructor(public series: Series[]) {}
}

@Serializable()
export class Doc {
  constructor(
    public id: number,
    public title: string,
    public author: string,
    public lang: string,
    public tags: string[],
    public body: string,
  ) {}
}

@Serializable()
export class Corpus {
  constructor(public docs: Doc[]) {}
}

export const ORDER_CLASSES = [OrderBook, Order, OrderLine, Customer, Address] as const;
export const NUMERIC_CLASSES = [NumericSet, Series, Sample] as const;
export const STRING_CLASSES = [Corpus, Doc] as const;
export const ALL_CLASSES = [...ORDER_CLASSES, ...NUMERIC_CLASSES, ...STRING_CLASSES] as const;
