/**
 * Fury JS (@furyjs/fury 0.5.9-beta, the only Fury/Fory JavaScript package on npm) with
 * reference tracking on. It decodes to plain objects (classes lost), and its schema language
 * cannot describe a recursive type (a tag-only Type.object fails, Type.any rejects plain
 * objects), so Order.parent and OrderLine.order are declared through a shallow "OrderRef"
 * description: Fury's ref tracking does not resolve those to the full orders (identity lost).
 * The fidelity column shows both.
 */
import type { SerializerCase } from './types.js';

export const furyCase: SerializerCase = {
  id: 'fury',
  label: 'Fury JS 0.5.9-beta (refTracking)',
  skip: () => false,
  async create(w) {
    const mod = (await import('@furyjs/fury')) as any;
    const Fury = mod.default?.default ?? mod.default;
    const Type = mod.Type ?? mod.default?.Type;
    const fury = new Fury({ refTracking: true });
    const Customer = Type.object('Customer', { id: Type.int32(), name: Type.string(), email: Type.string(), tier: Type.int32(), vip: Type.bool() });
    const Address = Type.object('Address', { street: Type.string(), city: Type.string(), zip: Type.string(), country: Type.string() });
    const OrderRef = Type.object('OrderRef', { id: Type.int32() });
    const Line = Type.object('OrderLine', { order: OrderRef, sku: Type.string(), quantity: Type.int32(), unitPrice: Type.double() });
    const Order = Type.object('Order', {
      id: Type.int32(),
      customer: Customer,
      shipTo: Address,
      lines: Type.array(Line),
      parent: OrderRef,
      placedAt: Type.double(),
      status: Type.string(),
      total: Type.double(),
    });
    const Sample = Type.object('Sample', { t: Type.double(), x: Type.double(), y: Type.double(), z: Type.double(), weight: Type.double(), code: Type.int32() });
    const Series = Type.object('Series', {
      name: Type.string(),
      start: Type.double(),
      step: Type.double(),
      values: Type.doubleTypedArray(),
      counts: Type.intTypedArray(),
      flags: Type.array(Type.int32()),
      samples: Type.array(Sample),
    });
    const Doc = Type.object('Doc', { id: Type.int32(), title: Type.string(), author: Type.string(), lang: Type.string(), tags: Type.array(Type.string()), body: Type.string() });
    const root =
      w.name === 'graph' || w.name === 'tree'
        ? Type.object('OrderBook', { name: Type.string(), orders: Type.array(Order) })
        : w.name === 'small'
          ? Order
          : w.name === 'numeric'
            ? Type.object('NumericSet', { series: Type.array(Series) })
            : Type.object('Corpus', { docs: Type.array(Doc) });
    const { serialize, deserialize } = fury.registerSerializer(root);
    return {
      serialize: (r) => serialize(r),
      deserialize: (data) => deserialize(data as Uint8Array),
    };
  },
};
