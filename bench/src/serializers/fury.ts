/**
 * Fury JS (@furyjs/fury 0.5.9-beta, the only Fury/Fory JavaScript package on npm) with
 * reference tracking on. It decodes to plain objects (classes lost), and its schema language
 * cannot describe a recursive type (a tag-only Type.object fails, Type.any rejects plain
 * objects), so Order.parent and OrderLine.order are declared through a shallow "OrderRef"
 * description: Fury's ref tracking does not resolve those to the full orders (identity lost).
 * The same holds for citm's Performance.event (a shallow "EventRef"). twitter's
 * Status.retweetedStatus is described one level deep ("RetweetedStatus", whose own
 * retweetedStatus is always null: Type.any()), which is all the data has. Dates are
 * Type.timestamp() (ms precision, comes back as a Date). The fidelity column shows what is lost.
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
    const Customer = Type.object('Customer', {
      id: Type.int32(),
      name: Type.string(),
      email: Type.string(),
      tier: Type.int32(),
      vip: Type.bool(),
      tags: Type.array(Type.string()),
      since: Type.timestamp(),
    });
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
            : w.name === 'strings'
              ? Type.object('Corpus', { docs: Type.array(Doc) })
              : w.name === 'citm'
                ? citmType(Type)
                : twitterType(Type);
    const { serialize, deserialize } = fury.registerSerializer(root);
    return {
      serialize: (r) => serialize(r),
      deserialize: (data) => deserialize(data as Uint8Array),
    };
  },
};

/** citm: Performance.event cannot be the full Event (recursive type), so it is a shallow EventRef */
function citmType(Type: any): unknown {
  const named = (name: string) => Type.object(name, { id: Type.int32(), name: Type.string() });
  const Area = named('Area');
  const SeatCategory = named('SeatCategory');
  const AudienceSubCategory = named('AudienceSubCategory');
  const SubTopic = named('SubTopic');
  const Topic = Type.object('Topic', { id: Type.int32(), name: Type.string(), subTopics: Type.array(SubTopic) });
  const Venue = Type.object('Venue', { code: Type.string(), name: Type.string() });
  const EventRef = Type.object('EventRef', { id: Type.int32() });
  const Price = Type.object('Price', { amount: Type.int32(), audienceSubCategory: AudienceSubCategory, seatCategory: SeatCategory });
  const AreaBlocks = Type.object('AreaBlocks', { area: Area, blockIds: Type.array(Type.int32()) });
  const PerformanceSeatCategory = Type.object('PerformanceSeatCategory', { seatCategory: SeatCategory, areas: Type.array(AreaBlocks) });
  const Performance = Type.object('Performance', {
    id: Type.int32(),
    event: EventRef,
    name: Type.string(),
    logo: Type.string(),
    prices: Type.array(Price),
    seatCategories: Type.array(PerformanceSeatCategory),
    seatMapImage: Type.string(),
    start: Type.double(),
    venue: Venue,
  });
  const Event = Type.object('Event', {
    id: Type.int32(),
    name: Type.string(),
    description: Type.string(),
    logo: Type.string(),
    subjectCode: Type.string(),
    subtitle: Type.string(),
    topics: Type.array(Topic),
    subTopics: Type.array(SubTopic),
    performances: Type.array(Performance),
  });
  return Type.object('Catalog', {
    areas: Type.array(Area),
    audienceSubCategories: Type.array(AudienceSubCategory),
    seatCategories: Type.array(SeatCategory),
    subTopics: Type.array(SubTopic),
    topics: Type.array(Topic),
    venues: Type.array(Venue),
    events: Type.array(Event),
    performances: Type.array(Performance),
  });
}

/** twitter: every field described; ids as doubles (user ids exceed int32, status ids are 64-bit) */
function twitterType(Type: any): unknown {
  const indices = Type.array(Type.int32());
  const Url = Type.object('Url', { url: Type.string(), expandedUrl: Type.string(), displayUrl: Type.string(), indices });
  const UrlEntities = Type.object('UrlEntities', { urls: Type.array(Url) });
  const Hashtag = Type.object('Hashtag', { text: Type.string(), indices });
  const UserMention = Type.object('UserMention', { screenName: Type.string(), name: Type.string(), id: Type.double(), idStr: Type.string(), indices });
  const MediaSize = Type.object('MediaSize', { w: Type.int32(), h: Type.int32(), resize: Type.string() });
  const MediaSizes = Type.object('MediaSizes', { medium: MediaSize, small: MediaSize, thumb: MediaSize, large: MediaSize });
  const Media = Type.object('Media', {
    id: Type.double(),
    idStr: Type.string(),
    indices,
    mediaUrl: Type.string(),
    mediaUrlHttps: Type.string(),
    url: Type.string(),
    displayUrl: Type.string(),
    expandedUrl: Type.string(),
    type: Type.string(),
    sizes: MediaSizes,
    sourceStatusId: Type.double(),
    sourceStatusIdStr: Type.string(),
  });
  const Entities = Type.object('Entities', {
    hashtags: Type.array(Hashtag),
    symbols: Type.array(Hashtag),
    urls: Type.array(Url),
    userMentions: Type.array(UserMention),
    media: Type.array(Media),
  });
  const UserEntities = Type.object('UserEntities', { url: UrlEntities, description: UrlEntities });
  const str = Type.string();
  const bool = Type.bool();
  const i32 = Type.int32();
  const User = Type.object('User', {
    id: Type.double(),
    idStr: str,
    name: str,
    screenName: str,
    location: str,
    description: str,
    url: str,
    entities: UserEntities,
    isProtected: bool,
    followersCount: i32,
    friendsCount: i32,
    listedCount: i32,
    createdAt: str,
    favouritesCount: i32,
    utcOffset: i32,
    timeZone: str,
    geoEnabled: bool,
    verified: bool,
    statusesCount: i32,
    lang: str,
    contributorsEnabled: bool,
    isTranslator: bool,
    isTranslationEnabled: bool,
    profileBackgroundColor: str,
    profileBackgroundImageUrl: str,
    profileBackgroundImageUrlHttps: str,
    profileBackgroundTile: bool,
    profileImageUrl: str,
    profileImageUrlHttps: str,
    profileBannerUrl: str,
    profileLinkColor: str,
    profileSidebarBorderColor: str,
    profileSidebarFillColor: str,
    profileTextColor: str,
    profileUseBackgroundImage: bool,
    defaultProfile: bool,
    defaultProfileImage: bool,
    following: bool,
    followRequestSent: bool,
    notifications: bool,
  });
  const StatusMetadata = Type.object('StatusMetadata', { resultType: str, isoLanguageCode: str });
  const statusFields = (retweeted: unknown) => ({
    metadata: StatusMetadata,
    createdAt: str,
    id: Type.double(),
    idStr: str,
    text: str,
    source: str,
    truncated: bool,
    inReplyToStatusId: Type.double(),
    inReplyToStatusIdStr: str,
    inReplyToUserId: Type.double(),
    inReplyToUserIdStr: str,
    inReplyToScreenName: str,
    user: User,
    geo: Type.any(),
    coordinates: Type.any(),
    place: Type.any(),
    contributors: Type.any(),
    retweetedStatus: retweeted,
    retweetCount: i32,
    favoriteCount: i32,
    entities: Entities,
    favorited: bool,
    retweeted: bool,
    possiblySensitive: bool,
    lang: str,
  });
  const Retweeted = Type.object('RetweetedStatus', statusFields(Type.any()));
  const Status = Type.object('Status', statusFields(Retweeted));
  const SearchMetadata = Type.object('SearchMetadata', {
    completedIn: Type.double(),
    maxId: Type.double(),
    maxIdStr: str,
    nextResults: str,
    query: str,
    refreshUrl: str,
    count: i32,
    sinceId: Type.double(),
    sinceIdStr: str,
  });
  return Type.object('SearchResult', { statuses: Type.array(Status), searchMetadata: SearchMetadata });
}
