/**
 * The prototype-restoring pass a user adds after a class-blind decoder (v8.deserialize,
 * msgpackr records): it knows the model and re-attaches each class's prototype in place.
 * Shared objects are visited once per reference (setPrototypeOf is idempotent); cycles are not
 * followed (lines' back-references point to an order already restored through the orders array;
 * citm's shared objects are all in the catalogue's tables, a performance's event in its events).
 * Dates come back as Dates from both decoders.
 */
import {
  Address,
  Area,
  AreaBlocks,
  AudienceSubCategory,
  Catalog,
  Corpus,
  Customer,
  Doc,
  Entities,
  Event,
  Hashtag,
  Media,
  MediaSize,
  MediaSizes,
  NumericSet,
  Order,
  OrderBook,
  OrderLine,
  Performance,
  PerformanceSeatCategory,
  Price,
  Sample,
  SearchMetadata,
  SearchResult,
  SeatCategory,
  Series,
  Status,
  StatusMetadata,
  SubTopic,
  Topic,
  Url,
  UrlEntities,
  User,
  UserEntities,
  UserMention,
  Venue,
} from '../model.js';
import type { WorkloadName } from '../workloads.js';

const set = Object.setPrototypeOf;

function order(o: Order): void {
  if (Object.getPrototypeOf(o) === Order.prototype) return;
  set(o, Order.prototype);
  if (o.customer !== null && Object.getPrototypeOf(o.customer) !== Customer.prototype) set(o.customer, Customer.prototype);
  if (o.shipTo !== null) set(o.shipTo, Address.prototype);
  for (const l of o.lines) set(l, OrderLine.prototype);
  if (o.parent !== null) order(o.parent);
}

function setAll(list: object[], proto: object): void {
  for (let i = 0; i < list.length; i++) set(list[i]!, proto);
}

function catalog(root: unknown): Catalog {
  const c = set(root, Catalog.prototype) as Catalog;
  setAll(c.areas, Area.prototype);
  setAll(c.audienceSubCategories, AudienceSubCategory.prototype);
  setAll(c.seatCategories, SeatCategory.prototype);
  setAll(c.subTopics, SubTopic.prototype);
  setAll(c.topics, Topic.prototype);
  setAll(c.venues, Venue.prototype);
  setAll(c.events, Event.prototype);
  for (const p of c.performances) {
    set(p, Performance.prototype);
    setAll(p.prices, Price.prototype);
    for (const sc of p.seatCategories) {
      set(sc, PerformanceSeatCategory.prototype);
      setAll(sc.areas, AreaBlocks.prototype);
    }
  }
  return c;
}

function urlEntities(u: UrlEntities): void {
  set(u, UrlEntities.prototype);
  setAll(u.urls, Url.prototype);
}

function status(s: Status): void {
  set(s, Status.prototype);
  set(s.metadata, StatusMetadata.prototype);
  const u = set(s.user, User.prototype) as User;
  set(u.entities, UserEntities.prototype);
  if (u.entities.url !== null) urlEntities(u.entities.url);
  urlEntities(u.entities.description);
  const e = set(s.entities, Entities.prototype) as Entities;
  setAll(e.hashtags, Hashtag.prototype);
  setAll(e.symbols, Hashtag.prototype);
  setAll(e.urls, Url.prototype);
  setAll(e.userMentions, UserMention.prototype);
  if (e.media !== null) {
    for (const m of e.media) {
      set(m, Media.prototype);
      const z = set(m.sizes, MediaSizes.prototype) as MediaSizes;
      set(z.medium, MediaSize.prototype);
      set(z.small, MediaSize.prototype);
      set(z.thumb, MediaSize.prototype);
      set(z.large, MediaSize.prototype);
    }
  }
  if (s.retweetedStatus !== null) status(s.retweetedStatus);
}

export function restorePrototypes(w: WorkloadName, root: unknown): unknown {
  switch (w) {
    case 'graph':
    case 'tree': {
      const b = set(root, OrderBook.prototype) as OrderBook;
      for (const o of b.orders) order(o);
      return b;
    }
    case 'small': {
      order(root as Order);
      for (const l of (root as Order).lines) if (l.order !== null) order(l.order);
      return root;
    }
    case 'numeric': {
      const n = set(root, NumericSet.prototype) as NumericSet;
      for (const s of n.series) {
        set(s, Series.prototype);
        for (const x of s.samples) set(x, Sample.prototype);
      }
      return n;
    }
    case 'strings': {
      const c = set(root, Corpus.prototype) as Corpus;
      for (const d of c.docs) set(d, Doc.prototype);
      return c;
    }
    case 'citm':
      return catalog(root);
    case 'twitter': {
      const r = set(root, SearchResult.prototype) as SearchResult;
      for (const s of r.statuses) status(s);
      set(r.searchMetadata, SearchMetadata.prototype);
      return r;
    }
  }
}
