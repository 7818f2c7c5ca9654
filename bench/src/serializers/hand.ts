/**
 * The practical upper bound (= 1.0 in every ratio): a hand-written codec specialised for exactly
 * these classes, the way a careful human writes it. Integers as zigzag varints, doubles as
 * float64, strings UTF-8, typed arrays as raw bytes, booleans packed into bit sets, nullable
 * strings/arrays without an extra byte. Identity is tracked only for the classes that can be
 * shared (Customer, Order; in citm Area, SeatCategory, AudienceSubCategory, Topic, SubTopic,
 * Venue, Event, Performance); a back-reference to the object being written (OrderLine.order,
 * Performance.event) costs one byte and no lookup.
 *
 * Nothing is allocated per call that need not be (see README.md, "The baseline", for the
 * measured alternatives): one writer and one reader live as long as the codec; identity tables
 * are never cleared (IdentityTable); the reader's back-reference tables are arrays reused with a
 * count; the output is copied into an ArrayBuffer of its own (Writer.finish in ../bytes.ts).
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
import { Reader, Writer } from '../bytes.js';
import type { SerializerCase } from './types.js';

// reference tags of shareable objects
const NULL = 0;
const NEW = 1;
const REF = 2;
const PARENT = 3; // the object whose members are being written (OrderLine.order, Performance.event)

/** how many objects a table scans linearly before it switches to the WeakMap */
const SCAN = 8;

/**
 * Identity of one shareable class during one serialize call: object → id 0, 1, 2, … in the
 * order first met. The first SCAN objects are kept in a small array and found by a linear scan
 * (the `small` workload has one customer and one order: no hashing at all); from the SCAN+1st on
 * they go into a WeakMap that is never cleared: its values are ids offset by a per-call base
 * that only grows, so an entry is valid iff value ≥ this call's base and entries of earlier
 * calls are simply stale. No Map.clear (which allocates a new table on a grown Map) and no
 * rehashing while it grows again each call; the WeakMap holds nothing alive. The array slots
 * used are reset at the end of the call, so the table holds no object either.
 * Measured against Map.clear per call, a Map cleared only when non-empty, the WeakMap alone and
 * the scan switching to a Map: README.md, "The baseline".
 */
class IdentityTable {
  private scan: (object | undefined)[] = new Array<object | undefined>(SCAN).fill(undefined);
  private n = 0;
  private map = new WeakMap<object, number>();
  /** ids in the map are base + local id; `next` is the next absolute id */
  private base = 0;
  private next = 0;

  /** local id of o in this call, or -1 */
  find(o: object): number {
    const n = this.n;
    if (n <= SCAN) {
      const a = this.scan;
      for (let i = 0; i < n; i++) if (a[i] === o) return i;
      return -1;
    }
    const v = this.map.get(o);
    return v !== undefined && v >= this.base ? v - this.base : -1;
  }

  /** registers o (not yet registered) under the next local id */
  add(o: object): void {
    const n = this.n;
    if (n < SCAN) this.scan[n] = o;
    else {
      if (n === SCAN) {
        // switch to the map: a fresh id range (values stay small integers; a new map past 2^30)
        if (this.next > 0x3fffffff) {
          this.map = new WeakMap();
          this.next = 0;
        }
        this.base = this.next;
        for (let i = 0; i < SCAN; i++) this.map.set(this.scan[i]!, this.next++);
      }
      this.map.set(o, this.next++);
    }
    this.n = n + 1;
  }

  /** end of a call: forget this call's objects (only the scan slots used are written) */
  end(): void {
    const used = this.n < SCAN ? this.n : SCAN;
    for (let i = 0; i < used; i++) this.scan[i] = undefined;
    this.n = 0;
  }
}

/** the reader's id → object table for one shareable class: an array reused with a count */
class Refs<T> {
  private a: T[] = [];
  private n = 0;
  add(o: T): void {
    this.a[this.n++] = o;
  }
  get(id: number): T {
    if (id >= this.n) throw new Error(`hand codec: reference ${id} to an object not read yet`);
    return this.a[id]!;
  }
  /** end of a call: release this call's objects (only the slots used are written) */
  end(): void {
    const a = this.a;
    for (let i = 0; i < this.n; i++) a[i] = undefined as T;
    this.n = 0;
  }
}

export class HandWriter extends Writer {
  customers = new IdentityTable();
  orders = new IdentityTable();
  areas = new IdentityTable();
  seatCategories = new IdentityTable();
  audiences = new IdentityTable();
  subTopics = new IdentityTable();
  topics = new IdentityTable();
  venues = new IdentityTable();
  events = new IdentityTable();
  performances = new IdentityTable();

  /** writes REF + id and returns true if o was written before in this call, else registers it and writes NEW */
  private ref(t: IdentityTable, o: object): boolean {
    const id = t.find(o);
    if (id >= 0) {
      this.u8(REF);
      this.varint(id);
      return true;
    }
    t.add(o);
    this.u8(NEW);
    return false;
  }

  end(): void {
    this.customers.end();
    this.orders.end();
    this.areas.end();
    this.seatCategories.end();
    this.audiences.end();
    this.subTopics.end();
    this.topics.end();
    this.venues.end();
    this.events.end();
    this.performances.end();
  }

  ints(a: number[]): void {
    this.varint(a.length);
    for (let i = 0; i < a.length; i++) this.int(a[i]!);
  }

  strs(a: string[]): void {
    this.varint(a.length);
    for (let i = 0; i < a.length; i++) this.str(a[i]!);
  }

  /** a number or null: one tag byte, then the float64 */
  f64OrNull(x: number | null): void {
    if (x === null) return this.u8(0);
    this.u8(1);
    this.f64(x);
  }

  // ---- orders (graph, tree, small) ----

  customer(c: Customer | null): void {
    if (c === null) return this.u8(NULL);
    if (this.ref(this.customers, c)) return;
    this.int(c.id);
    this.str(c.name);
    this.str(c.email);
    this.int(c.tier);
    this.u8(c.vip ? 1 : 0);
    this.strs(c.tags);
    this.f64(c.since.getTime());
  }

  address(a: Address | null): void {
    if (a === null) return this.u8(NULL);
    this.u8(NEW);
    this.str(a.street);
    this.str(a.city);
    this.str(a.zip);
    this.str(a.country);
  }

  order(o: Order | null, current: Order | null): void {
    if (o === null) return this.u8(NULL);
    if (o === current) return this.u8(PARENT);
    if (this.ref(this.orders, o)) return;
    this.int(o.id);
    this.customer(o.customer);
    this.address(o.shipTo);
    this.order(o.parent, null);
    this.f64(o.placedAt);
    this.str(o.status);
    this.f64(o.total);
    const lines = o.lines;
    this.varint(lines.length);
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!;
      this.order(l.order, o);
      this.str(l.sku);
      this.int(l.quantity);
      this.f64(l.unitPrice);
    }
  }

  book(b: OrderBook): void {
    this.str(b.name);
    const orders = b.orders;
    this.varint(orders.length);
    for (let i = 0; i < orders.length; i++) this.order(orders[i]!, null);
  }

  // ---- numeric, strings ----

  typed(a: Float64Array | Int32Array): void {
    this.varint(a.length);
    this.bytes(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  }

  numeric(n: NumericSet): void {
    this.varint(n.series.length);
    for (const s of n.series) {
      this.str(s.name);
      this.f64(s.start);
      this.f64(s.step);
      this.typed(s.values);
      this.typed(s.counts);
      this.ints(s.flags);
      const samples = s.samples;
      this.varint(samples.length);
      this.ensure(samples.length * 45);
      for (let i = 0; i < samples.length; i++) {
        const x = samples[i]!;
        this.f64(x.t);
        this.f64(x.x);
        this.f64(x.y);
        this.f64(x.z);
        this.f64(x.weight);
        this.int(x.code);
      }
    }
  }

  corpus(c: Corpus): void {
    this.varint(c.docs.length);
    for (const d of c.docs) {
      this.int(d.id);
      this.str(d.title);
      this.str(d.author);
      this.str(d.lang);
      this.strs(d.tags);
      this.str(d.body);
    }
  }

  // ---- citm ----

  area(a: Area): void {
    if (this.ref(this.areas, a)) return;
    this.int(a.id);
    this.str(a.name);
  }

  seatCategory(s: SeatCategory): void {
    if (this.ref(this.seatCategories, s)) return;
    this.int(s.id);
    this.str(s.name);
  }

  audience(a: AudienceSubCategory): void {
    if (this.ref(this.audiences, a)) return;
    this.int(a.id);
    this.str(a.name);
  }

  subTopic(s: SubTopic): void {
    if (this.ref(this.subTopics, s)) return;
    this.int(s.id);
    this.str(s.name);
  }

  topic(t: Topic): void {
    if (this.ref(this.topics, t)) return;
    this.int(t.id);
    this.str(t.name);
    const subs = t.subTopics;
    this.varint(subs.length);
    for (let i = 0; i < subs.length; i++) this.subTopic(subs[i]!);
  }

  venue(v: Venue): void {
    if (this.ref(this.venues, v)) return;
    this.str(v.code);
    this.str(v.name);
  }

  event(e: Event): void {
    if (this.ref(this.events, e)) return;
    this.int(e.id);
    this.str(e.name);
    this.strOrNull(e.description);
    this.strOrNull(e.logo);
    this.strOrNull(e.subjectCode);
    this.strOrNull(e.subtitle);
    const topics = e.topics;
    this.varint(topics.length);
    for (let i = 0; i < topics.length; i++) this.topic(topics[i]!);
    const subs = e.subTopics;
    this.varint(subs.length);
    for (let i = 0; i < subs.length; i++) this.subTopic(subs[i]!);
    const perfs = e.performances;
    this.varint(perfs.length);
    for (let i = 0; i < perfs.length; i++) this.performance(perfs[i]!, e);
  }

  performance(p: Performance, current: Event | null): void {
    if (this.ref(this.performances, p)) return;
    this.int(p.id);
    if (p.event === current) this.u8(PARENT);
    else this.event(p.event);
    this.strOrNull(p.name);
    this.strOrNull(p.logo);
    const prices = p.prices;
    this.varint(prices.length);
    for (let i = 0; i < prices.length; i++) {
      const x = prices[i]!;
      this.int(x.amount);
      this.audience(x.audienceSubCategory);
      this.seatCategory(x.seatCategory);
    }
    const cats = p.seatCategories;
    this.varint(cats.length);
    for (let i = 0; i < cats.length; i++) {
      const c = cats[i]!;
      this.seatCategory(c.seatCategory);
      const areas = c.areas;
      this.varint(areas.length);
      for (let k = 0; k < areas.length; k++) {
        const a = areas[k]!;
        this.area(a.area);
        this.ints(a.blockIds);
      }
    }
    this.strOrNull(p.seatMapImage);
    this.f64(p.start);
    this.venue(p.venue);
  }

  catalog(c: Catalog): void {
    const list = <T>(a: T[], write: (x: T) => void) => {
      this.varint(a.length);
      for (let i = 0; i < a.length; i++) write(a[i]!);
    };
    list(c.areas, (x) => this.area(x));
    list(c.audienceSubCategories, (x) => this.audience(x));
    list(c.seatCategories, (x) => this.seatCategory(x));
    list(c.subTopics, (x) => this.subTopic(x));
    list(c.topics, (x) => this.topic(x));
    list(c.venues, (x) => this.venue(x));
    list(c.events, (x) => this.event(x));
    list(c.performances, (x) => this.performance(x, null));
  }

  // ---- twitter (a tree: no identity) ----

  hashtags(a: Hashtag[]): void {
    this.varint(a.length);
    for (let i = 0; i < a.length; i++) {
      this.str(a[i]!.text);
      this.ints(a[i]!.indices);
    }
  }

  urls(a: Url[]): void {
    this.varint(a.length);
    for (let i = 0; i < a.length; i++) {
      const u = a[i]!;
      this.str(u.url);
      this.str(u.expandedUrl);
      this.str(u.displayUrl);
      this.ints(u.indices);
    }
  }

  mediaSize(z: MediaSize): void {
    this.int(z.w);
    this.int(z.h);
    this.str(z.resize);
  }

  entities(e: Entities): void {
    this.hashtags(e.hashtags);
    this.hashtags(e.symbols);
    this.urls(e.urls);
    const ms = e.userMentions;
    this.varint(ms.length);
    for (let i = 0; i < ms.length; i++) {
      const m = ms[i]!;
      this.str(m.screenName);
      this.str(m.name);
      this.f64(m.id);
      this.str(m.idStr);
      this.ints(m.indices);
    }
    const media = e.media;
    // nullable array: varint(length + 1), 0 = null
    if (media === null) return this.u8(0);
    this.varint(media.length + 1);
    for (let i = 0; i < media.length; i++) {
      const m = media[i]!;
      this.f64(m.id);
      this.str(m.idStr);
      this.ints(m.indices);
      this.str(m.mediaUrl);
      this.str(m.mediaUrlHttps);
      this.str(m.url);
      this.str(m.displayUrl);
      this.str(m.expandedUrl);
      this.str(m.type);
      this.mediaSize(m.sizes.medium);
      this.mediaSize(m.sizes.small);
      this.mediaSize(m.sizes.thumb);
      this.mediaSize(m.sizes.large);
      this.f64OrNull(m.sourceStatusId);
      this.strOrNull(m.sourceStatusIdStr);
    }
  }

  user(u: User): void {
    this.f64(u.id); // user ids exceed int32
    this.str(u.idStr);
    this.str(u.name);
    this.str(u.screenName);
    this.str(u.location);
    this.str(u.description);
    this.strOrNull(u.url);
    const ue = u.entities;
    if (ue.url === null) this.u8(0);
    else {
      this.u8(1);
      this.urls(ue.url.urls);
    }
    this.urls(ue.description.urls);
    // the 13 booleans as one bit set
    this.varint(
      (u.isProtected ? 1 : 0) |
        (u.geoEnabled ? 2 : 0) |
        (u.verified ? 4 : 0) |
        (u.contributorsEnabled ? 8 : 0) |
        (u.isTranslator ? 16 : 0) |
        (u.isTranslationEnabled ? 32 : 0) |
        (u.profileBackgroundTile ? 64 : 0) |
        (u.profileUseBackgroundImage ? 128 : 0) |
        (u.defaultProfile ? 256 : 0) |
        (u.defaultProfileImage ? 512 : 0) |
        (u.following ? 1024 : 0) |
        (u.followRequestSent ? 2048 : 0) |
        (u.notifications ? 4096 : 0),
    );
    this.int(u.followersCount);
    this.int(u.friendsCount);
    this.int(u.listedCount);
    this.str(u.createdAt);
    this.int(u.favouritesCount);
    if (u.utcOffset === null) this.u8(0);
    else {
      this.u8(1);
      this.int(u.utcOffset);
    }
    this.strOrNull(u.timeZone);
    this.int(u.statusesCount);
    this.str(u.lang);
    this.str(u.profileBackgroundColor);
    this.str(u.profileBackgroundImageUrl);
    this.str(u.profileBackgroundImageUrlHttps);
    this.str(u.profileImageUrl);
    this.str(u.profileImageUrlHttps);
    this.strOrNull(u.profileBannerUrl);
    this.str(u.profileLinkColor);
    this.str(u.profileSidebarBorderColor);
    this.str(u.profileSidebarFillColor);
    this.str(u.profileTextColor);
  }

  status(s: Status): void {
    if (s.geo !== null || s.coordinates !== null || s.place !== null || s.contributors !== null) {
      // the data has none: their shape is not modelled, so they are not written (see model.ts)
      throw new TypeError('hand codec: Status.geo/coordinates/place/contributors must be null');
    }
    this.str(s.metadata.resultType);
    this.str(s.metadata.isoLanguageCode);
    this.str(s.createdAt);
    this.f64(s.id); // 64-bit ids: a double, as JSON.parse read them
    this.str(s.idStr);
    this.str(s.text);
    this.str(s.source);
    // truncated, favorited, retweeted and possiblySensitive (null / false / true) in one byte
    const ps = s.possiblySensitive === null ? 0 : s.possiblySensitive ? 2 : 1;
    this.u8((s.truncated ? 1 : 0) | (s.favorited ? 2 : 0) | (s.retweeted ? 4 : 0) | (ps << 3));
    this.f64OrNull(s.inReplyToStatusId);
    this.strOrNull(s.inReplyToStatusIdStr);
    this.f64OrNull(s.inReplyToUserId);
    this.strOrNull(s.inReplyToUserIdStr);
    this.strOrNull(s.inReplyToScreenName);
    this.user(s.user);
    if (s.retweetedStatus === null) this.u8(0);
    else {
      this.u8(1);
      this.status(s.retweetedStatus);
    }
    this.int(s.retweetCount);
    this.int(s.favoriteCount);
    this.entities(s.entities);
    this.str(s.lang);
  }

  search(r: SearchResult): void {
    const st = r.statuses;
    this.varint(st.length);
    for (let i = 0; i < st.length; i++) this.status(st[i]!);
    const m = r.searchMetadata;
    this.f64(m.completedIn);
    this.f64(m.maxId);
    this.str(m.maxIdStr);
    this.str(m.nextResults);
    this.str(m.query);
    this.str(m.refreshUrl);
    this.int(m.count);
    this.f64(m.sinceId);
    this.str(m.sinceIdStr);
  }
}

export class HandReader extends Reader {
  customers = new Refs<Customer>();
  orders = new Refs<Order>();
  areas = new Refs<Area>();
  seatCategories = new Refs<SeatCategory>();
  audiences = new Refs<AudienceSubCategory>();
  subTopics = new Refs<SubTopic>();
  topics = new Refs<Topic>();
  venues = new Refs<Venue>();
  events = new Refs<Event>();
  performances = new Refs<Performance>();

  end(): void {
    this.customers.end();
    this.orders.end();
    this.areas.end();
    this.seatCategories.end();
    this.audiences.end();
    this.subTopics.end();
    this.topics.end();
    this.venues.end();
    this.events.end();
    this.performances.end();
  }

  ints(): number[] {
    const n = this.varint();
    const a = new Array<number>(n);
    for (let i = 0; i < n; i++) a[i] = this.int();
    return a;
  }

  strs(): string[] {
    const n = this.varint();
    const a = new Array<string>(n);
    for (let i = 0; i < n; i++) a[i] = this.str();
    return a;
  }

  f64OrNull(): number | null {
    return this.u8() === 0 ? null : this.f64();
  }

  // ---- orders ----

  customer(): Customer | null {
    const tag = this.u8();
    if (tag === NULL) return null;
    if (tag === REF) return this.customers.get(this.varint());
    const id = this.int();
    const name = this.str();
    const email = this.str();
    const tier = this.int();
    const vip = this.u8() === 1;
    const tags = this.strs();
    const c = new Customer(id, name, email, tier, vip, tags, new Date(this.f64()));
    this.customers.add(c);
    return c;
  }

  address(): Address | null {
    if (this.u8() === NULL) return null;
    return new Address(this.str(), this.str(), this.str(), this.str());
  }

  order(current: Order | null): Order | null {
    const tag = this.u8();
    if (tag === NULL) return null;
    if (tag === PARENT) return current;
    if (tag === REF) return this.orders.get(this.varint());
    // registered before its fields are read, so references inside resolve
    const o = new Order(0, null as unknown as Customer, null as unknown as Address, [], null, 0, '', 0);
    this.orders.add(o);
    o.id = this.int();
    o.customer = this.customer()!;
    o.shipTo = this.address()!;
    o.parent = this.order(null);
    o.placedAt = this.f64();
    o.status = this.str();
    o.total = this.f64();
    const n = this.varint();
    const lines = new Array<OrderLine>(n);
    for (let i = 0; i < n; i++) lines[i] = new OrderLine(this.order(o), this.str(), this.int(), this.f64());
    o.lines = lines;
    return o;
  }

  book(): OrderBook {
    const name = this.str();
    const n = this.varint();
    const orders = new Array<Order>(n);
    for (let i = 0; i < n; i++) orders[i] = this.order(null)!;
    return new OrderBook(name, orders);
  }

  // ---- numeric, strings ----

  f64s(): Float64Array {
    const n = this.varint();
    const a = new Float64Array(n);
    new Uint8Array(a.buffer).set(this.bytes(n * 8));
    return a;
  }

  i32s(): Int32Array {
    const n = this.varint();
    const a = new Int32Array(n);
    new Uint8Array(a.buffer).set(this.bytes(n * 4));
    return a;
  }

  numeric(): NumericSet {
    const n = this.varint();
    const series = new Array<Series>(n);
    for (let k = 0; k < n; k++) {
      const name = this.str();
      const start = this.f64();
      const step = this.f64();
      const values = this.f64s();
      const counts = this.i32s();
      const flags = this.ints();
      const ns = this.varint();
      const samples = new Array<Sample>(ns);
      for (let i = 0; i < ns; i++) samples[i] = new Sample(this.f64(), this.f64(), this.f64(), this.f64(), this.f64(), this.int());
      series[k] = new Series(name, start, step, values, counts, flags, samples);
    }
    return new NumericSet(series);
  }

  corpus(): Corpus {
    const n = this.varint();
    const docs = new Array<Doc>(n);
    for (let k = 0; k < n; k++) {
      const id = this.int();
      const title = this.str();
      const author = this.str();
      const lang = this.str();
      const tags = this.strs();
      docs[k] = new Doc(id, title, author, lang, tags, this.str());
    }
    return new Corpus(docs);
  }

  // ---- citm ----

  /** NEW → undefined (the caller reads the object), REF → the object read before */
  private refOr<T>(refs: Refs<T>): T | undefined {
    const tag = this.u8();
    if (tag === REF) return refs.get(this.varint());
    if (tag !== NEW) throw new Error(`hand codec: bad reference tag ${tag}`);
    return undefined;
  }

  area(): Area {
    const r = this.refOr(this.areas);
    if (r !== undefined) return r;
    const a = new Area(this.int(), this.str());
    this.areas.add(a);
    return a;
  }

  seatCategory(): SeatCategory {
    const r = this.refOr(this.seatCategories);
    if (r !== undefined) return r;
    const s = new SeatCategory(this.int(), this.str());
    this.seatCategories.add(s);
    return s;
  }

  audience(): AudienceSubCategory {
    const r = this.refOr(this.audiences);
    if (r !== undefined) return r;
    const a = new AudienceSubCategory(this.int(), this.str());
    this.audiences.add(a);
    return a;
  }

  subTopic(): SubTopic {
    const r = this.refOr(this.subTopics);
    if (r !== undefined) return r;
    const s = new SubTopic(this.int(), this.str());
    this.subTopics.add(s);
    return s;
  }

  topic(): Topic {
    const r = this.refOr(this.topics);
    if (r !== undefined) return r;
    const t = new Topic(this.int(), this.str(), []);
    this.topics.add(t);
    const n = this.varint();
    const subs = new Array<SubTopic>(n);
    for (let i = 0; i < n; i++) subs[i] = this.subTopic();
    t.subTopics = subs;
    return t;
  }

  venue(): Venue {
    const r = this.refOr(this.venues);
    if (r !== undefined) return r;
    const v = new Venue(this.str(), this.str());
    this.venues.add(v);
    return v;
  }

  event(): Event {
    const r = this.refOr(this.events);
    if (r !== undefined) return r;
    // registered before its members are read: its performances point back to it
    const e = new Event(0, '', null, null, null, null, [], [], []);
    this.events.add(e);
    e.id = this.int();
    e.name = this.str();
    e.description = this.strOrNull();
    e.logo = this.strOrNull();
    e.subjectCode = this.strOrNull();
    e.subtitle = this.strOrNull();
    const nt = this.varint();
    const topics = new Array<Topic>(nt);
    for (let i = 0; i < nt; i++) topics[i] = this.topic();
    e.topics = topics;
    const ns = this.varint();
    const subs = new Array<SubTopic>(ns);
    for (let i = 0; i < ns; i++) subs[i] = this.subTopic();
    e.subTopics = subs;
    const np = this.varint();
    const perfs = new Array<Performance>(np);
    for (let i = 0; i < np; i++) perfs[i] = this.performance(e);
    e.performances = perfs;
    return e;
  }

  performance(current: Event | null): Performance {
    const r = this.refOr(this.performances);
    if (r !== undefined) return r;
    const p = new Performance(0, null as unknown as Event, null, null, [], [], null, 0, null as unknown as Venue);
    this.performances.add(p);
    p.id = this.int();
    if (this.buf[this.pos] === PARENT) {
      this.pos++;
      p.event = current!;
    } else p.event = this.event();
    p.name = this.strOrNull();
    p.logo = this.strOrNull();
    const np = this.varint();
    const prices = new Array<Price>(np);
    for (let i = 0; i < np; i++) prices[i] = new Price(this.int(), this.audience(), this.seatCategory());
    p.prices = prices;
    const nc = this.varint();
    const cats = new Array<PerformanceSeatCategory>(nc);
    for (let i = 0; i < nc; i++) {
      const seat = this.seatCategory();
      const na = this.varint();
      const areas = new Array<AreaBlocks>(na);
      for (let k = 0; k < na; k++) areas[k] = new AreaBlocks(this.area(), this.ints());
      cats[i] = new PerformanceSeatCategory(seat, areas);
    }
    p.seatCategories = cats;
    p.seatMapImage = this.strOrNull();
    p.start = this.f64();
    p.venue = this.venue();
    return p;
  }

  catalog(): Catalog {
    const list = <T>(read: () => T): T[] => {
      const n = this.varint();
      const a = new Array<T>(n);
      for (let i = 0; i < n; i++) a[i] = read();
      return a;
    };
    const areas = list(() => this.area());
    const audiences = list(() => this.audience());
    const seats = list(() => this.seatCategory());
    const subTopics = list(() => this.subTopic());
    const topics = list(() => this.topic());
    const venues = list(() => this.venue());
    const events = list(() => this.event());
    const performances = list(() => this.performance(null));
    return new Catalog(areas, audiences, seats, subTopics, topics, venues, events, performances);
  }

  // ---- twitter ----

  hashtags(): Hashtag[] {
    const n = this.varint();
    const a = new Array<Hashtag>(n);
    for (let i = 0; i < n; i++) a[i] = new Hashtag(this.str(), this.ints());
    return a;
  }

  urls(): Url[] {
    const n = this.varint();
    const a = new Array<Url>(n);
    for (let i = 0; i < n; i++) a[i] = new Url(this.str(), this.str(), this.str(), this.ints());
    return a;
  }

  mediaSize(): MediaSize {
    return new MediaSize(this.int(), this.int(), this.str());
  }

  entities(): Entities {
    const hashtags = this.hashtags();
    const symbols = this.hashtags();
    const urls = this.urls();
    const nm = this.varint();
    const mentions = new Array<UserMention>(nm);
    for (let i = 0; i < nm; i++) mentions[i] = new UserMention(this.str(), this.str(), this.f64(), this.str(), this.ints());
    const nmedia = this.varint();
    let media: Media[] | null = null;
    if (nmedia > 0) {
      media = new Array<Media>(nmedia - 1);
      for (let i = 0; i < nmedia - 1; i++) {
        media[i] = new Media(
          this.f64(),
          this.str(),
          this.ints(),
          this.str(),
          this.str(),
          this.str(),
          this.str(),
          this.str(),
          this.str(),
          new MediaSizes(this.mediaSize(), this.mediaSize(), this.mediaSize(), this.mediaSize()),
          this.f64OrNull(),
          this.strOrNull(),
        );
      }
    }
    return new Entities(hashtags, symbols, urls, mentions, media);
  }

  user(): User {
    const id = this.f64();
    const idStr = this.str();
    const name = this.str();
    const screenName = this.str();
    const location = this.str();
    const description = this.str();
    const url = this.strOrNull();
    const urlEntities = this.u8() === 0 ? null : new UrlEntities(this.urls());
    const entities = new UserEntities(urlEntities, new UrlEntities(this.urls()));
    const f = this.varint();
    const followers = this.int();
    const friends = this.int();
    const listed = this.int();
    const createdAt = this.str();
    const favourites = this.int();
    const utcOffset = this.u8() === 0 ? null : this.int();
    const timeZone = this.strOrNull();
    const statuses = this.int();
    const lang = this.str();
    return new User(
      id,
      idStr,
      name,
      screenName,
      location,
      description,
      url,
      entities,
      (f & 1) !== 0,
      followers,
      friends,
      listed,
      createdAt,
      favourites,
      utcOffset,
      timeZone,
      (f & 2) !== 0,
      (f & 4) !== 0,
      statuses,
      lang,
      (f & 8) !== 0,
      (f & 16) !== 0,
      (f & 32) !== 0,
      this.str(),
      this.str(),
      this.str(),
      (f & 64) !== 0,
      this.str(),
      this.str(),
      this.strOrNull(),
      this.str(),
      this.str(),
      this.str(),
      this.str(),
      (f & 128) !== 0,
      (f & 256) !== 0,
      (f & 512) !== 0,
      (f & 1024) !== 0,
      (f & 2048) !== 0,
      (f & 4096) !== 0,
    );
  }

  status(): Status {
    const metadata = new StatusMetadata(this.str(), this.str());
    const createdAt = this.str();
    const id = this.f64();
    const idStr = this.str();
    const text = this.str();
    const source = this.str();
    const flags = this.u8();
    const ps = flags >> 3;
    const replyStatusId = this.f64OrNull();
    const replyStatusIdStr = this.strOrNull();
    const replyUserId = this.f64OrNull();
    const replyUserIdStr = this.strOrNull();
    const replyScreenName = this.strOrNull();
    const user = this.user();
    const retweeted = this.u8() === 0 ? null : this.status();
    const retweetCount = this.int();
    const favoriteCount = this.int();
    const entities = this.entities();
    return new Status(
      metadata,
      createdAt,
      id,
      idStr,
      text,
      source,
      (flags & 1) !== 0,
      replyStatusId,
      replyStatusIdStr,
      replyUserId,
      replyUserIdStr,
      replyScreenName,
      user,
      null,
      null,
      null,
      null,
      retweeted,
      retweetCount,
      favoriteCount,
      entities,
      (flags & 2) !== 0,
      (flags & 4) !== 0,
      ps === 0 ? null : ps === 2,
      this.str(),
    );
  }

  search(): SearchResult {
    const n = this.varint();
    const statuses = new Array<Status>(n);
    for (let i = 0; i < n; i++) statuses[i] = this.status();
    return new SearchResult(statuses, new SearchMetadata(this.f64(), this.f64(), this.str(), this.str(), this.str(), this.str(), this.int(), this.f64(), this.str()));
  }
}

export const handCase: SerializerCase = {
  id: 'hand',
  label: 'hand-written codec',
  skip: () => false,
  async create(w) {
    const out = new HandWriter();
    const r = new HandReader();
    const write = (root: unknown): void => {
      switch (w.name) {
        case 'graph':
        case 'tree':
          return out.book(root as OrderBook);
        case 'small':
          return out.order(root as Order, null);
        case 'numeric':
          return out.numeric(root as NumericSet);
        case 'strings':
          return out.corpus(root as Corpus);
        case 'citm':
          return out.catalog(root as Catalog);
        case 'twitter':
          return out.search(root as SearchResult);
      }
    };
    const read = (): unknown => {
      switch (w.name) {
        case 'graph':
        case 'tree':
          return r.book();
        case 'small':
          return r.order(null);
        case 'numeric':
          return r.numeric();
        case 'strings':
          return r.corpus();
        case 'citm':
          return r.catalog();
        case 'twitter':
          return r.search();
      }
    };
    return {
      serialize(root) {
        try {
          write(root);
        } catch (e) {
          out.pos = 0; // drop a partial frame
          throw e;
        } finally {
          out.end();
        }
        return out.finish();
      },
      deserialize(data) {
        r.reset(data as Uint8Array);
        try {
          return read();
        } finally {
          r.end();
        }
      },
    };
  },
};
