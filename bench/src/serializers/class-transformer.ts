/**
 * class-transformer + JSON (tree and twitter only: it has no identity tracking and recurses
 * forever on cycles). Its @Type metadata is attached by calling the decorators by hand on the
 * shared model classes, which is exactly what the legacy-decorator syntax compiles to.
 */
import 'reflect-metadata';
import {
  Address,
  Customer,
  Entities,
  Hashtag,
  Media,
  MediaSize,
  MediaSizes,
  Order,
  OrderBook,
  OrderLine,
  SearchMetadata,
  SearchResult,
  Status,
  StatusMetadata,
  Url,
  UrlEntities,
  User,
  UserEntities,
  UserMention,
} from '../model.js';
import type { SerializerCase } from './types.js';

let typesAttached = false;

export const classTransformerCase: SerializerCase = {
  id: 'class-transformer',
  label: 'class-transformer + JSON',
  skip: (w) =>
    w === 'tree' || w === 'twitter'
      ? false
      : w === 'graph' || w === 'small' || w === 'citm'
        ? 'no identity tracking: cycles recurse forever'
        : 'object trees only (tree, twitter; issue 6)',
  async create(w) {
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
      attach(Customer, 'since', Date);
      attach(SearchResult, 'statuses', Status);
      attach(SearchResult, 'searchMetadata', SearchMetadata);
      attach(Status, 'metadata', StatusMetadata);
      attach(Status, 'user', User);
      attach(Status, 'retweetedStatus', Status);
      attach(Status, 'entities', Entities);
      attach(User, 'entities', UserEntities);
      attach(UserEntities, 'url', UrlEntities);
      attach(UserEntities, 'description', UrlEntities);
      attach(UrlEntities, 'urls', Url);
      attach(Entities, 'hashtags', Hashtag);
      attach(Entities, 'symbols', Hashtag);
      attach(Entities, 'urls', Url);
      attach(Entities, 'userMentions', UserMention);
      attach(Entities, 'media', Media);
      attach(Media, 'sizes', MediaSizes);
      for (const k of ['medium', 'small', 'thumb', 'large']) attach(MediaSizes, k, MediaSize);
    }
    const rootClass: new (...args: any[]) => object = w.name === 'twitter' ? SearchResult : OrderBook;
    return {
      serialize: (root) => JSON.stringify(ct.instanceToPlain(root)),
      deserialize: (data) => ct.plainToInstance(rootClass, JSON.parse(data as string) as object),
    };
  },
};
