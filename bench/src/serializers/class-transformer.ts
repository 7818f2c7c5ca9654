/**
 * class-transformer + JSON (tree only: it has no identity tracking and recurses forever on
 * cycles). Its @Type metadata is attached by calling the decorators by hand on the shared model
 * classes, which is exactly what the legacy-decorator syntax compiles to.
 */
import 'reflect-metadata';
import { Address, Customer, Order, OrderBook, OrderLine } from '../model.js';
import type { SerializerCase } from './types.js';

let typesAttached = false;

export const classTransformerCase: SerializerCase = {
  id: 'class-transformer',
  label: 'class-transformer + JSON',
  skip: (w) => (w === 'tree' ? false : w === 'graph' || w === 'small' ? 'no identity tracking: cycles recurse forever' : 'tree only (issue 6)'),
  async create() {
    const ct = await import('class-transformer');
    if (!typesAttached) {
      typesAttached = true;
      const attach = (cls: Function, prop: string, type: Function) => (ct.Type(() => type) as (t: object, k: string) => void)(cls.prototype, prop);
      attach(OrderBook, 'orders', Order);
      attach(Order, 'customer', Customer);
      attach(Order, 'shipTo', Address);
      attach(Order, 'lines', OrderLine);
      attach(Order, 'parent', Order);
      attach(OrderLine, 'order', Order);
    }
    return {
      serialize: (root) => JSON.stringify(ct.instanceToPlain(root)),
      deserialize: (data) => ct.plainToInstance(OrderBook, JSON.parse(data as string) as object),
    };
  },
};
