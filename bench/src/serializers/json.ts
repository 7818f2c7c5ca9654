/**
 * JSON.stringify/parse with the glue a careful user writes to keep identity and classes:
 * shared customers go into a table and are referenced by index, a parent order by index, a
 * line's back-reference to its order is dropped and re-linked, typed arrays become arrays,
 * Dates go out as ISO strings, and every object is re-created with `new Class(...)` on the way
 * back. citm: every shared object is referenced by its index in the catalogue's tables (events
 * and performances too, which breaks the cycle). twitter: the class graph is stringified as it
 * is (a tree) and rebuilt class by class.
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
import type { Workload } from '../workloads.js';
import type { SerializerCase } from './types.js';

interface OrderDto {
  id: number;
  c: number;
  shipTo: { street: string; city: string; zip: string; country: string };
  lines: { sku: string; quantity: number; unitPrice: number; back: 0 | 1 }[];
  parent: number;
  placedAt: number;
  status: string;
  total: number;
}

function ordersToDto(orders: Order[]) {
  const customers: Customer[] = [];
  const cIndex = new Map<Customer, number>();
  const oIndex = new Map<Order, number>();
  orders.forEach((o, i) => oIndex.set(o, i));
  const dto: OrderDto[] = orders.map((o) => {
    let c = cIndex.get(o.customer);
    if (c === undefined) {
      c = customers.length;
      cIndex.set(o.customer, c);
      customers.push(o.customer);
    }
    const parent = o.parent === null ? -1 : oIndex.get(o.parent);
    if (parent === undefined) throw new Error('json glue: parent order is not in the book');
    return {
      id: o.id,
      c,
      shipTo: o.shipTo,
      lines: o.lines.map((l) => {
        if (l.order !== null && l.order !== o) throw new Error('json glue: line points to another order');
        return { sku: l.sku, quantity: l.quantity, unitPrice: l.unitPrice, back: l.order === o ? 1 : 0 };
      }),
      parent,
      placedAt: o.placedAt,
      status: o.status,
      total: o.total,
    } as OrderDto;
  });
  return { customers, orders: dto };
}

function ordersFromDto(d: { customers: Customer[]; orders: OrderDto[] }): Order[] {
  // Customer.since went out as Date.toJSON's ISO string; new Date(iso) restores the exact time
  const customers = d.customers.map((c) => new Customer(c.id, c.name, c.email, c.tier, c.vip, c.tags, new Date(c.since as unknown as string)));
  const orders = d.orders.map((o) => {
    const a = o.shipTo;
    const order = new Order(o.id, customers[o.c]!, new Address(a.street, a.city, a.zip, a.country), [], null, o.placedAt, o.status, o.total);
    order.lines = o.lines.map((l) => new OrderLine(l.back ? order : null, l.sku, l.quantity, l.unitPrice));
    return order;
  });
  d.orders.forEach((o, i) => {
    if (o.parent >= 0) orders[i]!.parent = orders[o.parent]!;
  });
  return orders;
}

// ---- citm: tables of shared objects, references by index ----

function indexOf<T>(list: readonly T[]): Map<T, number> {
  const m = new Map<T, number>();
  for (let i = 0; i < list.length; i++) m.set(list[i]!, i);
  return m;
}

function at<T>(m: Map<T, number>, x: T, what: string): number {
  const i = m.get(x);
  if (i === undefined) throw new Error(`json glue: a ${what} is not in the catalogue's table`);
  return i;
}

function catalogToDto(c: Catalog) {
  const areas = indexOf(c.areas);
  const audiences = indexOf(c.audienceSubCategories);
  const seats = indexOf(c.seatCategories);
  const subTopics = indexOf(c.subTopics);
  const topics = indexOf(c.topics);
  const venues = indexOf(c.venues);
  const events = indexOf(c.events);
  const perfs = indexOf(c.performances);
  return {
    // Area, AudienceSubCategory, SeatCategory, SubTopic, Venue: {id|code, name} as they are
    areas: c.areas,
    audienceSubCategories: c.audienceSubCategories,
    seatCategories: c.seatCategories,
    subTopics: c.subTopics,
    topics: c.topics.map((t) => ({ id: t.id, name: t.name, subTopics: t.subTopics.map((s) => at(subTopics, s, 'sub-topic')) })),
    venues: c.venues,
    events: c.events.map((e) => ({
      id: e.id,
      name: e.name,
      description: e.description,
      logo: e.logo,
      subjectCode: e.subjectCode,
      subtitle: e.subtitle,
      topics: e.topics.map((t) => at(topics, t, 'topic')),
      subTopics: e.subTopics.map((s) => at(subTopics, s, 'sub-topic')),
      performances: e.performances.map((p) => at(perfs, p, 'performance')),
    })),
    performances: c.performances.map((p) => ({
      id: p.id,
      event: at(events, p.event, 'event'),
      name: p.name,
      logo: p.logo,
      prices: p.prices.map((x) => ({ amount: x.amount, audience: at(audiences, x.audienceSubCategory, 'audience'), seat: at(seats, x.seatCategory, 'seat category') })),
      seatCategories: p.seatCategories.map((sc) => ({
        seat: at(seats, sc.seatCategory, 'seat category'),
        areas: sc.areas.map((a) => ({ area: at(areas, a.area, 'area'), blockIds: a.blockIds })),
      })),
      seatMapImage: p.seatMapImage,
      start: p.start,
      venue: at(venues, p.venue, 'venue'),
    })),
  };
}

type CatalogDto = ReturnType<typeof catalogToDto>;

function catalogFromDto(d: CatalogDto): Catalog {
  const areas = d.areas.map((a) => new Area(a.id, a.name));
  const audiences = d.audienceSubCategories.map((a) => new AudienceSubCategory(a.id, a.name));
  const seats = d.seatCategories.map((s) => new SeatCategory(s.id, s.name));
  const subTopics = d.subTopics.map((s) => new SubTopic(s.id, s.name));
  const topics = d.topics.map((t) => new Topic(t.id, t.name, t.subTopics.map((i) => subTopics[i]!)));
  const venues = d.venues.map((v) => new Venue(v.code, v.name));
  const events = d.events.map((e) => new Event(e.id, e.name, e.description, e.logo, e.subjectCode, e.subtitle, e.topics.map((i) => topics[i]!), e.subTopics.map((i) => subTopics[i]!), []));
  const perfs = d.performances.map(
    (p) =>
      new Performance(
        p.id,
        events[p.event]!,
        p.name,
        p.logo,
        p.prices.map((x) => new Price(x.amount, audiences[x.audience]!, seats[x.seat]!)),
        p.seatCategories.map((sc) => new PerformanceSeatCategory(seats[sc.seat]!, sc.areas.map((a) => new AreaBlocks(areas[a.area]!, a.blockIds)))),
        p.seatMapImage,
        p.start,
        venues[p.venue]!,
      ),
  );
  d.events.forEach((e, i) => (events[i]!.performances = e.performances.map((k) => perfs[k]!)));
  return new Catalog(areas, audiences, seats, subTopics, topics, venues, events, perfs);
}

// ---- twitter: the classes' own fields (a tree), rebuilt with new ----

/* the parsed JSON has exactly the classes' fields */
type Plain<T> = { [K in keyof T]: T[K] extends (infer E)[] ? Plain<E>[] : T[K] extends object | null ? Plain<NonNullable<T[K]>> | Extract<T[K], null> : T[K] };

const urlFrom = (u: Plain<Url>) => new Url(u.url, u.expandedUrl, u.displayUrl, u.indices);
const urlsFrom = (u: Plain<UrlEntities>) => new UrlEntities(u.urls.map(urlFrom));
const hashtagFrom = (h: Plain<Hashtag>) => new Hashtag(h.text, h.indices);
const sizeFrom = (z: Plain<MediaSize>) => new MediaSize(z.w, z.h, z.resize);

function userFrom(u: Plain<User>): User {
  return new User(
    u.id,
    u.idStr,
    u.name,
    u.screenName,
    u.location,
    u.description,
    u.url,
    new UserEntities(u.entities.url === null ? null : urlsFrom(u.entities.url), urlsFrom(u.entities.description)),
    u.isProtected,
    u.followersCount,
    u.friendsCount,
    u.listedCount,
    u.createdAt,
    u.favouritesCount,
    u.utcOffset,
    u.timeZone,
    u.geoEnabled,
    u.verified,
    u.statusesCount,
    u.lang,
    u.contributorsEnabled,
    u.isTranslator,
    u.isTranslationEnabled,
    u.profileBackgroundColor,
    u.profileBackgroundImageUrl,
    u.profileBackgroundImageUrlHttps,
    u.profileBackgroundTile,
    u.profileImageUrl,
    u.profileImageUrlHttps,
    u.profileBannerUrl,
    u.profileLinkColor,
    u.profileSidebarBorderColor,
    u.profileSidebarFillColor,
    u.profileTextColor,
    u.profileUseBackgroundImage,
    u.defaultProfile,
    u.defaultProfileImage,
    u.following,
    u.followRequestSent,
    u.notifications,
  );
}

function entitiesFrom(e: Plain<Entities>): Entities {
  return new Entities(
    e.hashtags.map(hashtagFrom),
    e.symbols.map(hashtagFrom),
    e.urls.map(urlFrom),
    e.userMentions.map((m) => new UserMention(m.screenName, m.name, m.id, m.idStr, m.indices)),
    e.media === null
      ? null
      : e.media.map(
          (m) =>
            new Media(
              m.id,
              m.idStr,
              m.indices,
              m.mediaUrl,
              m.mediaUrlHttps,
              m.url,
              m.displayUrl,
              m.expandedUrl,
              m.type,
              new MediaSizes(sizeFrom(m.sizes.medium), sizeFrom(m.sizes.small), sizeFrom(m.sizes.thumb), sizeFrom(m.sizes.large)),
              m.sourceStatusId,
              m.sourceStatusIdStr,
            ),
        ),
  );
}

function statusFrom(s: Plain<Status>): Status {
  return new Status(
    new StatusMetadata(s.metadata.resultType, s.metadata.isoLanguageCode),
    s.createdAt,
    s.id,
    s.idStr,
    s.text,
    s.source,
    s.truncated,
    s.inReplyToStatusId,
    s.inReplyToStatusIdStr,
    s.inReplyToUserId,
    s.inReplyToUserIdStr,
    s.inReplyToScreenName,
    userFrom(s.user),
    s.geo,
    s.coordinates,
    s.place,
    s.contributors,
    s.retweetedStatus === null ? null : statusFrom(s.retweetedStatus),
    s.retweetCount,
    s.favoriteCount,
    entitiesFrom(s.entities),
    s.favorited,
    s.retweeted,
    s.possiblySensitive,
    s.lang,
  );
}

function searchFrom(d: Plain<SearchResult>): SearchResult {
  const m = d.searchMetadata;
  return new SearchResult(d.statuses.map(statusFrom), new SearchMetadata(m.completedIn, m.maxId, m.maxIdStr, m.nextResults, m.query, m.refreshUrl, m.count, m.sinceId, m.sinceIdStr));
}

function toDto(w: Workload['name'], root: unknown): unknown {
  switch (w) {
    case 'graph':
    case 'tree': {
      const b = root as OrderBook;
      return { name: b.name, ...ordersToDto(b.orders) };
    }
    case 'small':
      return ordersToDto([root as Order]);
    case 'numeric':
      return (root as NumericSet).series.map((s) => ({ ...s, values: Array.from(s.values), counts: Array.from(s.counts) }));
    case 'strings':
      return (root as Corpus).docs;
    case 'citm':
      return catalogToDto(root as Catalog);
    case 'twitter':
      return root; // a tree of the classes' own fields
  }
}

function fromDto(w: Workload['name'], d: any): unknown {
  switch (w) {
    case 'graph':
    case 'tree':
      return new OrderBook(d.name, ordersFromDto(d));
    case 'small':
      return ordersFromDto(d)[0];
    case 'numeric':
      return new NumericSet(
        (d as any[]).map(
          (s) => new Series(s.name, s.start, s.step, Float64Array.from(s.values), Int32Array.from(s.counts), s.flags, s.samples.map((x: Sample) => new Sample(x.t, x.x, x.y, x.z, x.weight, x.code))),
        ),
      );
    case 'strings':
      return new Corpus((d as Doc[]).map((x) => new Doc(x.id, x.title, x.author, x.lang, x.tags, x.body)));
    case 'citm':
      return catalogFromDto(d as CatalogDto);
    case 'twitter':
      return searchFrom(d as Plain<SearchResult>);
  }
}

export const jsonCase: SerializerCase = {
  id: 'json',
  label: 'JSON + glue',
  skip: () => false,
  async create(w) {
    return {
      serialize: (root) => JSON.stringify(toDto(w.name, root)),
      deserialize: (data) => fromDto(w.name, JSON.parse(data as string)),
    };
  },
};
