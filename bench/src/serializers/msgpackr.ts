/**
 * msgpackr, two ways:
 *  - msgpackr-ext: structuredClone (identity + cycles) and one extension per class (write returns
 *    the field values as an array, read calls `new Class(...)`), as msgpackr's README suggests.
 *  - msgpackr-records: records mode (shape-shared maps) with a prototype-restoring pass, no
 *    extensions; only for workloads without sharing (tree, numeric, strings, twitter).
 * Dates are msgpack timestamps in both (msgpackr's built-in Date support).
 * msgpackr's extensions are process-global, so the two variants never run in one process
 * (the runner uses a child per case; the smoke tests use one test file per variant).
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
import { restorePrototypes } from './restore.js';
import type { SerializerCase } from './types.js';

type Ext = { Class: Function; type: number; write(o: any): unknown; read(d: any): unknown };

const extensions: Ext[] = [
  {
    Class: Customer,
    type: 1,
    write: (c: Customer) => [c.id, c.name, c.email, c.tier, c.vip, c.tags, c.since],
    read: (d: any[]) => new Customer(d[0], d[1], d[2], d[3], d[4], d[5], d[6]),
  },
  { Class: Address, type: 2, write: (a: Address) => [a.street, a.city, a.zip, a.country], read: (d: any[]) => new Address(d[0], d[1], d[2], d[3]) },
  { Class: OrderLine, type: 3, write: (l: OrderLine) => [l.order, l.sku, l.quantity, l.unitPrice], read: (d: any[]) => new OrderLine(d[0], d[1], d[2], d[3]) },
  {
    Class: Order,
    type: 4,
    write: (o: Order) => [o.id, o.customer, o.shipTo, o.lines, o.parent, o.placedAt, o.status, o.total],
    read: (d: any[]) => new Order(d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]),
  },
  { Class: OrderBook, type: 5, write: (b: OrderBook) => [b.name, b.orders], read: (d: any[]) => new OrderBook(d[0], d[1]) },
  { Class: NumericSet, type: 6, write: (n: NumericSet) => n.series, read: (d: any[]) => new NumericSet(d) },
  {
    Class: Series,
    type: 7,
    write: (s: Series) => [s.name, s.start, s.step, s.values, s.counts, s.flags, s.samples],
    read: (d: any[]) => new Series(d[0], d[1], d[2], d[3], d[4], d[5], d[6]),
  },
  { Class: Sample, type: 8, write: (x: Sample) => [x.t, x.x, x.y, x.z, x.weight, x.code], read: (d: any[]) => new Sample(d[0], d[1], d[2], d[3], d[4], d[5]) },
  { Class: Corpus, type: 9, write: (c: Corpus) => c.docs, read: (d: any[]) => new Corpus(d) },
  { Class: Doc, type: 10, write: (x: Doc) => [x.id, x.title, x.author, x.lang, x.tags, x.body], read: (d: any[]) => new Doc(d[0], d[1], d[2], d[3], d[4], d[5]) },
  // citm
  { Class: Area, type: 11, write: (x: Area) => [x.id, x.name], read: (d: any[]) => new Area(d[0], d[1]) },
  { Class: SeatCategory, type: 12, write: (x: SeatCategory) => [x.id, x.name], read: (d: any[]) => new SeatCategory(d[0], d[1]) },
  { Class: AudienceSubCategory, type: 13, write: (x: AudienceSubCategory) => [x.id, x.name], read: (d: any[]) => new AudienceSubCategory(d[0], d[1]) },
  { Class: SubTopic, type: 14, write: (x: SubTopic) => [x.id, x.name], read: (d: any[]) => new SubTopic(d[0], d[1]) },
  { Class: Topic, type: 15, write: (x: Topic) => [x.id, x.name, x.subTopics], read: (d: any[]) => new Topic(d[0], d[1], d[2]) },
  { Class: Venue, type: 16, write: (x: Venue) => [x.code, x.name], read: (d: any[]) => new Venue(d[0], d[1]) },
  {
    Class: Event,
    type: 17,
    write: (x: Event) => [x.id, x.name, x.description, x.logo, x.subjectCode, x.subtitle, x.topics, x.subTopics, x.performances],
    read: (d: any[]) => new Event(d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8]),
  },
  { Class: Price, type: 18, write: (x: Price) => [x.amount, x.audienceSubCategory, x.seatCategory], read: (d: any[]) => new Price(d[0], d[1], d[2]) },
  { Class: AreaBlocks, type: 19, write: (x: AreaBlocks) => [x.area, x.blockIds], read: (d: any[]) => new AreaBlocks(d[0], d[1]) },
  { Class: PerformanceSeatCategory, type: 20, write: (x: PerformanceSeatCategory) => [x.seatCategory, x.areas], read: (d: any[]) => new PerformanceSeatCategory(d[0], d[1]) },
  {
    Class: Performance,
    type: 21,
    write: (x: Performance) => [x.id, x.event, x.name, x.logo, x.prices, x.seatCategories, x.seatMapImage, x.start, x.venue],
    read: (d: any[]) => new Performance(d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8]),
  },
  {
    Class: Catalog,
    type: 22,
    write: (x: Catalog) => [x.areas, x.audienceSubCategories, x.seatCategories, x.subTopics, x.topics, x.venues, x.events, x.performances],
    read: (d: any[]) => new Catalog(d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]),
  },
  // twitter
  {
    Class: SearchMetadata,
    type: 23,
    write: (x: SearchMetadata) => [x.completedIn, x.maxId, x.maxIdStr, x.nextResults, x.query, x.refreshUrl, x.count, x.sinceId, x.sinceIdStr],
    read: (d: any[]) => new SearchMetadata(d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8]),
  },
  { Class: StatusMetadata, type: 24, write: (x: StatusMetadata) => [x.resultType, x.isoLanguageCode], read: (d: any[]) => new StatusMetadata(d[0], d[1]) },
  { Class: Hashtag, type: 25, write: (x: Hashtag) => [x.text, x.indices], read: (d: any[]) => new Hashtag(d[0], d[1]) },
  { Class: Url, type: 26, write: (x: Url) => [x.url, x.expandedUrl, x.displayUrl, x.indices], read: (d: any[]) => new Url(d[0], d[1], d[2], d[3]) },
  { Class: UserMention, type: 27, write: (x: UserMention) => [x.screenName, x.name, x.id, x.idStr, x.indices], read: (d: any[]) => new UserMention(d[0], d[1], d[2], d[3], d[4]) },
  { Class: MediaSize, type: 28, write: (x: MediaSize) => [x.w, x.h, x.resize], read: (d: any[]) => new MediaSize(d[0], d[1], d[2]) },
  { Class: MediaSizes, type: 29, write: (x: MediaSizes) => [x.medium, x.small, x.thumb, x.large], read: (d: any[]) => new MediaSizes(d[0], d[1], d[2], d[3]) },
  {
    Class: Media,
    type: 30,
    write: (x: Media) => [x.id, x.idStr, x.indices, x.mediaUrl, x.mediaUrlHttps, x.url, x.displayUrl, x.expandedUrl, x.type, x.sizes, x.sourceStatusId, x.sourceStatusIdStr],
    read: (d: any[]) => new Media(d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10], d[11]),
  },
  { Class: Entities, type: 31, write: (x: Entities) => [x.hashtags, x.symbols, x.urls, x.userMentions, x.media], read: (d: any[]) => new Entities(d[0], d[1], d[2], d[3], d[4]) },
  { Class: UrlEntities, type: 32, write: (x: UrlEntities) => x.urls, read: (d: any[]) => new UrlEntities(d) },
  { Class: UserEntities, type: 33, write: (x: UserEntities) => [x.url, x.description], read: (d: any[]) => new UserEntities(d[0], d[1]) },
  {
    Class: User,
    type: 34,
    write: (u: User) => [
      u.id,
      u.idStr,
      u.name,
      u.screenName,
      u.location,
      u.description,
      u.url,
      u.entities,
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
    ],
    read: (d: any[]) =>
      new User(
        d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10], d[11], d[12], d[13], d[14], d[15], d[16], d[17], d[18], d[19],
        d[20], d[21], d[22], d[23], d[24], d[25], d[26], d[27], d[28], d[29], d[30], d[31], d[32], d[33], d[34], d[35], d[36], d[37], d[38], d[39],
      ),
  },
  {
    Class: Status,
    type: 35,
    write: (s: Status) => [
      s.metadata,
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
      s.user,
      s.geo,
      s.coordinates,
      s.place,
      s.contributors,
      s.retweetedStatus,
      s.retweetCount,
      s.favoriteCount,
      s.entities,
      s.favorited,
      s.retweeted,
      s.possiblySensitive,
      s.lang,
    ],
    read: (d: any[]) =>
      new Status(d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10], d[11], d[12], d[13], d[14], d[15], d[16], d[17], d[18], d[19], d[20], d[21], d[22], d[23], d[24]),
  },
  { Class: SearchResult, type: 36, write: (x: SearchResult) => [x.statuses, x.searchMetadata], read: (d: any[]) => new SearchResult(d[0], d[1]) },
];

let registered: 'ext' | 'records' | undefined;

export const msgpackrExtCase: SerializerCase = {
  id: 'msgpackr-ext',
  label: 'msgpackr structuredClone + ext',
  skip: () => false,
  async create() {
    if (registered === 'records') throw new Error('msgpackr: extensions are process-global; run msgpackr-ext in its own process');
    registered = 'ext';
    const { Packr, addExtension } = await import('msgpackr');
    for (const e of extensions) addExtension(e);
    const p = new Packr({ structuredClone: true });
    return {
      serialize: (root) => p.pack(root),
      deserialize: (data) => p.unpack(data as Uint8Array),
    };
  },
};

export const msgpackrRecordsCase: SerializerCase = {
  id: 'msgpackr-records',
  label: 'msgpackr records + restore',
  skip: (w) => (w === 'graph' || w === 'small' || w === 'citm' ? 'records mode has no identity tracking (shared references/cycles)' : false),
  async create(w) {
    if (registered === 'ext') throw new Error('msgpackr: extensions are process-global; run msgpackr-records in its own process');
    registered = 'records';
    const { Packr } = await import('msgpackr');
    const p = new Packr({ useRecords: true, moreTypes: true });
    return {
      serialize: (root) => p.pack(root),
      deserialize: (data) => restorePrototypes(w.name, p.unpack(data as Uint8Array)),
    };
  },
};
