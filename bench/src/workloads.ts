/**
 * Workloads, each built from a seeded PRNG so every run (and every child process) builds the
 * same data. Strings are produced through JSON.parse so they are flat, as a network or database
 * layer would hand them over (concatenated "cons" strings encode much slower and would distort).
 * `citm` and `twitter` are real data (`<repo>/../shared/data`, read through JSON.parse too).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
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
} from './model.js';

export type WorkloadName = 'graph' | 'tree' | 'small' | 'numeric' | 'strings' | 'citm' | 'twitter';
export const WORKLOADS: readonly WorkloadName[] = ['graph', 'tree', 'small', 'numeric', 'strings', 'citm', 'twitter'];

export interface Workload {
  name: WorkloadName;
  root: unknown;
  /** the workload has shared references or cycles (peers without identity tracking cannot do it) */
  shared: boolean;
  /** number of objects (class instances + arrays + typed arrays) */
  objects: number;
}

/** mulberry32: small, fast, good enough for data generation */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ['Anna', 'Jörg', 'Zoë', 'Liam', 'Noah', 'Mia', 'Søren', 'Élodie', 'Kenji', 'Olga', 'Ravi', 'Chloé', 'Mateo', 'Ava', 'Lukas'];
const LAST = ['Müller', 'Smith', 'García', 'Kowalski', 'Nguyen', 'Dubois', 'Rossi', 'Tanaka', 'Ivanova', 'Brown', 'Jensen', 'Silva'];
const CITIES = ['Berlin', 'München', 'Paris', 'Kraków', 'São Paulo', 'Tokyo', 'Zürich', 'London', 'Malmö', 'New York'];
const COUNTRIES = ['DE', 'FR', 'PL', 'BR', 'JP', 'CH', 'GB', 'SE', 'US'];
const STREETS = ['Hauptstraße', 'Rue de Rivoli', 'Main St', 'Königsallee', 'Via Roma', 'Baker Street', 'Ulica Długa'];
const STATUS = ['new', 'paid', 'shipped', 'delivered', 'cancelled'];
const TAGS = ['gold', 'silver', 'newsletter', 'b2b', 'returning', 'wholesale', 'eu', 'beta'];
const WORDS = ['lorem', 'ipsum', 'dolor', 'sit', 'amet', 'straße', 'über', 'naïve', 'café', '日本語', 'данные', 'Ελληνικά', 'emoji🎉', 'consectetur', 'adipiscing', 'elit', 'sed', 'do', 'eiusmod', 'tempor'];

const pick = <T>(r: () => number, a: readonly T[]): T => a[Math.floor(r() * a.length)]!;
const int = (r: () => number, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
const money = (r: () => number, lo: number, hi: number): number => Math.round((lo + r() * (hi - lo)) * 100) / 100;

interface OrderPlan {
  customers: number;
  orders: number;
  sharedCustomers: boolean;
  cycles: boolean;
  parents: boolean;
}

/** plain data first, then one JSON round trip (flat strings), then classes */
function orderBook(seed: number, plan: OrderPlan): { root: OrderBook; objects: number } {
  const r = prng(seed);
  // tags and since come from a second generator, so the rest of the data is what it was before they existed
  const rc = prng(seed ^ 0x5eed);
  const customers = Array.from({ length: plan.customers }, (_, i) => ({
    id: 1000 + i,
    name: `${pick(r, FIRST)} ${pick(r, LAST)}`,
    email: `user${i}@example${int(r, 1, 9)}.com`,
    tier: int(r, 0, 3),
    vip: r() < 0.1,
    tags: Array.from({ length: int(rc, 0, 4) }, () => pick(rc, TAGS)),
    // a whole second between 2012 and 2023 (ms since the epoch)
    since: 1_330_000_000_000 + int(rc, 0, 360_000_000) * 1000,
  }));
  const orders = Array.from({ length: plan.orders }, (_, i) => {
    const nLines = int(r, 1, 9);
    const lines = Array.from({ length: nLines }, () => ({ sku: `SKU-${int(r, 10000, 99999)}`, quantity: int(r, 1, 20), unitPrice: money(r, 0.5, 400) }));
    return {
      id: 500000 + i,
      customer: int(r, 0, plan.customers - 1),
      shipTo: { street: `${pick(r, STREETS)} ${int(r, 1, 250)}`, city: pick(r, CITIES), zip: String(int(r, 10000, 99999)), country: pick(r, COUNTRIES) },
      lines,
      parent: plan.parents && i > 10 && r() < 0.1 ? int(r, 0, i - 1) : -1,
      placedAt: 1_700_000_000_000 + int(r, 0, 30_000_000) * 1000,
      status: pick(r, STATUS),
      total: lines.reduce((s, l) => s + l.quantity * l.unitPrice, 0),
    };
  });
  const plain = JSON.parse(JSON.stringify({ customers, orders })) as { customers: typeof customers; orders: typeof orders };
  let objects = 2; // book + orders array
  // customer + its tags array + its Date
  const mkCustomer = (c: (typeof customers)[number]) => ((objects += 3), new Customer(c.id, c.name, c.email, c.tier, c.vip, c.tags.slice(), new Date(c.since)));
  const sharedCustomers = plain.customers.map(mkCustomer);
  const built: Order[] = [];
  for (const p of plain.orders) {
    const customer = plan.sharedCustomers ? sharedCustomers[p.customer]! : mkCustomer(plain.customers[p.customer]!);
    const o = new Order(p.id, customer, new Address(p.shipTo.street, p.shipTo.city, p.shipTo.zip, p.shipTo.country), [], null, p.placedAt, p.status, p.total);
    objects += 3; // order, address, lines array
    for (const l of p.lines) {
      o.lines.push(new OrderLine(plan.cycles ? o : null, l.sku, l.quantity, l.unitPrice));
      objects++;
    }
    built.push(o);
  }
  if (plan.parents) {
    // a parent is always an order without a parent of its own (shallow chains)
    plain.orders.forEach((p, i) => {
      if (p.parent >= 0 && built[p.parent]!.parent === null && built[i]!.parent === null && p.parent !== i) built[i]!.parent = built[p.parent]!;
    });
  }
  return { root: new OrderBook('orders', built), objects };
}

function numeric(seed: number, nSeries: number, nValues: number, nSamples: number): { root: NumericSet; objects: number } {
  const r = prng(seed);
  const series = Array.from({ length: nSeries }, (_, i) => ({
    name: `series-${i}`,
    start: 1_700_000_000 + i * 0.25,
    step: 0.001 * (1 + r()),
    values: Array.from({ length: nValues }, () => (r() - 0.5) * 1e6),
    counts: Array.from({ length: nValues }, () => int(r, -1_000_000, 1_000_000)),
    flags: Array.from({ length: 256 }, () => int(r, 0, 1000)),
    samples: Array.from({ length: nSamples }, (_, k) => ({ t: k * 0.5, x: r() * 100, y: r() * -50, z: r() * 1e-3, weight: r(), code: int(r, 0, 100000) })),
  }));
  const plain = JSON.parse(JSON.stringify(series)) as typeof series;
  let objects = 2;
  const root = new NumericSet(
    plain.map((s) => {
      objects += 5 + s.samples.length;
      return new Series(s.name, s.start, s.step, Float64Array.from(s.values), Int32Array.from(s.counts), s.flags, s.samples.map((x) => new Sample(x.t, x.x, x.y, x.z, x.weight, x.code)));
    }),
  );
  return { root, objects };
}

function strings(seed: number, nDocs: number): { root: Corpus; objects: number } {
  const r = prng(seed);
  const sentence = (n: number) => Array.from({ length: n }, () => pick(r, WORDS)).join(' ');
  const docs = Array.from({ length: nDocs }, (_, i) => ({
    id: i,
    title: sentence(int(r, 2, 6)),
    author: `${pick(r, FIRST)} ${pick(r, LAST)}`,
    lang: pick(r, ['en', 'de', 'fr', 'ja', 'ru']),
    tags: Array.from({ length: int(r, 1, 5) }, () => pick(r, WORDS)),
    // most bodies ASCII-only, some with non-ASCII words; a few long ones
    body: r() < 0.5 ? Array.from({ length: int(r, 20, 400) }, () => pick(r, WORDS.filter((w) => /^[a-z]+$/.test(w)))).join(' ') : sentence(int(r, 20, r() < 0.1 ? 3000 : 300)),
  }));
  const plain = JSON.parse(JSON.stringify(docs)) as typeof docs;
  return { root: new Corpus(plain.map((d) => new Doc(d.id, d.title, d.author, d.lang, d.tags, d.body))), objects: 2 + plain.length * 2 };
}

// ---- real data: <repo>/../shared/data (bench/src or bench/dist → repo → ../shared/data) ----

const here = dirname(fileURLToPath(import.meta.url));
/** the real-world data sets; BENCH_DATA_DIR overrides the default `<repo>/../shared/data` */
export const DATA_DIR = process.env.BENCH_DATA_DIR ? resolve(process.env.BENCH_DATA_DIR) : resolve(here, '..', '..', '..', 'shared', 'data');

function readData(file: string): unknown {
  const path = join(DATA_DIR, file);
  if (!existsSync(path)) {
    throw new Error(
      `workload data ${path} is missing: the citm and twitter workloads read the real-world data sets from <repo>/../shared/data ` +
        `(resolved to ${DATA_DIR}); put ${file} there or set BENCH_DATA_DIR to the directory that holds it`,
    );
  }
  // JSON.parse: flat strings, numbers as doubles (64-bit ids lose precision exactly as every JSON consumer sees them)
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** how many of n items a scale keeps: all of them at scale ≥ 1 (the data has a fixed size), the first n·scale below */
const subset = (n: number, scale: number) => (scale >= 1 ? n : Math.max(1, Math.round(n * scale)));

interface CitmJson {
  areaNames: Record<string, string>;
  audienceSubCategoryNames: Record<string, string>;
  blockNames: Record<string, string>;
  events: Record<string, { description: string | null; id: number; logo: string | null; name: string; subTopicIds: number[]; subjectCode: string | null; subtitle: string | null; topicIds: number[] }>;
  performances: {
    eventId: number;
    id: number;
    logo: string | null;
    name: string | null;
    prices: { amount: number; audienceSubCategoryId: number; seatCategoryId: number }[];
    seatCategories: { areas: { areaId: number; blockIds: number[] }[]; seatCategoryId: number }[];
    seatMapImage: string | null;
    start: number;
    venueCode: string;
  }[];
  seatCategoryNames: Record<string, string>;
  subTopicNames: Record<string, string>;
  subjectNames: Record<string, string>;
  topicNames: Record<string, string>;
  topicSubTopics: Record<string, number[]>;
  venueNames: Record<string, string>;
}

/**
 * citm_catalog.json as classes: every numeric id becomes a reference to one shared object (Area,
 * SeatCategory, AudienceSubCategory, Topic, SubTopic, Venue, Event), each `*Names` map becomes the
 * `name` of those objects, a Performance points to its Event and the Event lists its performances
 * (a cycle). `blockNames` and `subjectNames` are empty in the data, so block ids stay numbers.
 * Below scale 1: the first events (in the file's order) and only their performances; the name
 * tables are kept whole.
 */
function citm(scale: number): { root: Catalog; objects: number } {
  const raw = readData('citm_catalog.json') as CitmJson;
  let objects = 0;
  const lookup = <K, V>(m: Map<K, V>, k: K, what: string): V => {
    const v = m.get(k);
    if (v === undefined) throw new Error(`citm: unknown ${what} ${String(k)}`);
    return v;
  };
  const table = <T>(names: Record<string, string>, make: (id: string, name: string) => T) => {
    const byId = new Map<string, T>();
    for (const [id, name] of Object.entries(names)) byId.set(id, make(id, name));
    objects += byId.size + 1; // the objects and the catalogue's array of them
    return byId;
  };
  const areas = table(raw.areaNames, (id, n) => new Area(Number(id), n));
  const audiences = table(raw.audienceSubCategoryNames, (id, n) => new AudienceSubCategory(Number(id), n));
  const seats = table(raw.seatCategoryNames, (id, n) => new SeatCategory(Number(id), n));
  const subTopics = table(raw.subTopicNames, (id, n) => new SubTopic(Number(id), n));
  const topics = table(raw.topicNames, (id, n) => (objects++, new Topic(Number(id), n, (raw.topicSubTopics[id] ?? []).map((s) => lookup(subTopics, String(s), 'sub-topic')))));
  const venues = table(raw.venueNames, (code, n) => new Venue(code, n));
  const allEvents = Object.values(raw.events);
  const events = allEvents.slice(0, subset(allEvents.length, scale)).map((e) => {
    objects += 4; // event, topics, subTopics, performances
    return new Event(
      e.id,
      e.name,
      e.description,
      e.logo,
      e.subjectCode,
      e.subtitle,
      e.topicIds.map((t) => lookup(topics, String(t), 'topic')),
      e.subTopicIds.map((t) => lookup(subTopics, String(t), 'sub-topic')),
      [],
    );
  });
  const eventById = new Map(events.map((e) => [e.id, e]));
  const performances: Performance[] = [];
  for (const p of raw.performances) {
    const event = eventById.get(p.eventId);
    if (event === undefined) continue; // an event left out below scale 1 (every performance's event exists in the file)
    const prices = p.prices.map((x) => new Price(x.amount, lookup(audiences, String(x.audienceSubCategoryId), 'audience'), lookup(seats, String(x.seatCategoryId), 'seat category')));
    const seatCategories = p.seatCategories.map((sc) => {
      objects += 2 + sc.areas.length * 2; // category, areas array, each AreaBlocks and its blockIds
      return new PerformanceSeatCategory(
        lookup(seats, String(sc.seatCategoryId), 'seat category'),
        sc.areas.map((a) => new AreaBlocks(lookup(areas, String(a.areaId), 'area'), a.blockIds)),
      );
    });
    objects += 3 + prices.length; // performance, prices array + prices, seatCategories array
    const perf = new Performance(p.id, event, p.name, p.logo, prices, seatCategories, p.seatMapImage, p.start, lookup(venues, p.venueCode, 'venue'));
    event.performances.push(perf);
    performances.push(perf);
  }
  objects += 3; // catalogue, events array, performances array
  const list = <T>(m: Map<string, T>) => [...m.values()];
  return { root: new Catalog(list(areas), list(audiences), list(seats), list(subTopics), list(topics), list(venues), events, performances), objects };
}

/**
 * twitter.json as classes (camelCase fields; `protected` becomes `isProtected`). Fields absent
 * from some statuses (retweeted_status, possibly_sensitive, entities.media, profile_banner_url,
 * user.entities.url) are null. Users are NOT shared: the same user appears up to 58 times
 * (identical JSON), and each occurrence stays its own User object, as JSON.parse hands the
 * response over; so twitter is a tree (no identity needed), the real-data counterpart of `tree`,
 * while citm is the real-data graph. Below scale 1: the first statuses.
 */
function twitter(scale: number): { root: SearchResult; objects: number } {
  const raw = readData('twitter.json') as { statuses: any[]; search_metadata: any };
  let objects = 0;
  const count = <T>(x: T): T => (objects++, x);
  const indices = (a: number[]) => count(a);
  const hashtag = (h: any) => count(new Hashtag(h.text, indices(h.indices)));
  const url = (u: any) => count(new Url(u.url, u.expanded_url, u.display_url, indices(u.indices)));
  const urls = (a: any[]) => count(a.map(url));
  const size = (z: any) => count(new MediaSize(z.w, z.h, z.resize));
  const media = (m: any) =>
    count(
      new Media(
        m.id,
        m.id_str,
        indices(m.indices),
        m.media_url,
        m.media_url_https,
        m.url,
        m.display_url,
        m.expanded_url,
        m.type,
        count(new MediaSizes(size(m.sizes.medium), size(m.sizes.small), size(m.sizes.thumb), size(m.sizes.large))),
        m.source_status_id ?? null,
        m.source_status_id_str ?? null,
      ),
    );
  const entities = (e: any) =>
    count(
      new Entities(
        count(e.hashtags.map(hashtag)),
        count(e.symbols.map(hashtag)),
        urls(e.urls),
        count(e.user_mentions.map((m: any) => count(new UserMention(m.screen_name, m.name, m.id, m.id_str, indices(m.indices))))),
        e.media ? count(e.media.map(media)) : null,
      ),
    );
  const user = (u: any) =>
    count(
      new User(
        u.id,
        u.id_str,
        u.name,
        u.screen_name,
        u.location,
        u.description,
        u.url,
        count(new UserEntities(u.entities.url ? count(new UrlEntities(urls(u.entities.url.urls))) : null, count(new UrlEntities(urls(u.entities.description.urls))))),
        u.protected,
        u.followers_count,
        u.friends_count,
        u.listed_count,
        u.created_at,
        u.favourites_count,
        u.utc_offset,
        u.time_zone,
        u.geo_enabled,
        u.verified,
        u.statuses_count,
        u.lang,
        u.contributors_enabled,
        u.is_translator,
        u.is_translation_enabled,
        u.profile_background_color,
        u.profile_background_image_url,
        u.profile_background_image_url_https,
        u.profile_background_tile,
        u.profile_image_url,
        u.profile_image_url_https,
        u.profile_banner_url ?? null,
        u.profile_link_color,
        u.profile_sidebar_border_color,
        u.profile_sidebar_fill_color,
        u.profile_text_color,
        u.profile_use_background_image,
        u.default_profile,
        u.default_profile_image,
        u.following,
        u.follow_request_sent,
        u.notifications,
      ),
    );
  const status = (s: any): Status =>
    count(
      new Status(
        count(new StatusMetadata(s.metadata.result_type, s.metadata.iso_language_code)),
        s.created_at,
        s.id,
        s.id_str,
        s.text,
        s.source,
        s.truncated,
        s.in_reply_to_status_id,
        s.in_reply_to_status_id_str,
        s.in_reply_to_user_id,
        s.in_reply_to_user_id_str,
        s.in_reply_to_screen_name,
        user(s.user),
        s.geo,
        s.coordinates,
        s.place,
        s.contributors,
        s.retweeted_status ? status(s.retweeted_status) : null,
        s.retweet_count,
        s.favorite_count,
        entities(s.entities),
        s.favorited,
        s.retweeted,
        s.possibly_sensitive ?? null,
        s.lang,
      ),
    );
  const m = raw.search_metadata;
  const statuses = count(raw.statuses.slice(0, subset(raw.statuses.length, scale)).map(status));
  const meta = count(new SearchMetadata(m.completed_in, m.max_id, m.max_id_str, m.next_results, m.query, m.refresh_url, m.count, m.since_id, m.since_id_str));
  return { root: count(new SearchResult(statuses, meta)), objects };
}

/**
 * scale 1 = the full-size workload (graph ≈ 50,000 objects); smoke tests use a small scale,
 * the scaling check 10× and 100× of a small base. citm and twitter are real data of a fixed
 * size: scale ≥ 1 is the whole file, below 1 a prefix (see their builders).
 */
export function buildWorkload(name: WorkloadName, scale = 1): Workload {
  const s = (n: number) => Math.max(1, Math.round(n * scale));
  switch (name) {
    case 'graph': {
      const { root, objects } = orderBook(42, { customers: s(800), orders: s(6600), sharedCustomers: true, cycles: true, parents: true });
      return { name, root, shared: true, objects };
    }
    case 'tree': {
      const { root, objects } = orderBook(42, { customers: s(800), orders: s(6600), sharedCustomers: false, cycles: false, parents: false });
      return { name, root, shared: false, objects };
    }
    case 'small': {
      // one order with three lines pointing back to it (a cycle) and its customer (with tags and a
      // Date): the root is the order
      const tags = JSON.parse('["gold","newsletter"]') as string[];
      const c = new Customer(1001, 'Zoë Müller', 'zoe@example.com', 2, true, tags, new Date(Date.UTC(2019, 4, 17, 9, 30, 0)));
      const o = new Order(500001, c, new Address('Hauptstraße 5', 'Berlin', '10115', 'DE'), [], null, 1_700_000_000_000, 'paid', 0);
      const p = JSON.parse(JSON.stringify([['SKU-12345', 2, 19.99], ['SKU-23456', 1, 5.5], ['SKU-34567', 10, 0.99]])) as [string, number, number][];
      for (const [sku, q, price] of p) o.lines.push(new OrderLine(o, sku, q, price));
      o.total = o.lines.reduce((t, l) => t + l.quantity * l.unitPrice, 0);
      // order, customer, tags, Date, address, lines array, 3 lines
      return { name, root: o, shared: true, objects: 9 };
    }
    case 'numeric': {
      const { root, objects } = numeric(7, s(24), 4096, 400);
      return { name, root, shared: false, objects };
    }
    case 'strings': {
      const { root, objects } = strings(11, s(3000));
      return { name, root, shared: false, objects };
    }
    case 'citm': {
      const { root, objects } = citm(scale);
      return { name, root, shared: true, objects };
    }
    case 'twitter': {
      const { root, objects } = twitter(scale);
      return { name, root, shared: false, objects };
    }
  }
}
