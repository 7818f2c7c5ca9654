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
    /** 0–4 short tags (flat strings) */
    public tags: string[],
    /** customer since (always a Date of its own, never shared) */
    public since: Date,
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

// ---- citm_catalog.json (/work/shared/data): ids resolved to shared objects, Event <-> Performance cycles ----

/** citm `areaNames` entry; shared by every performance seat category that lists the area */
@Serializable()
export class Area {
  constructor(
    public id: number,
    public name: string,
  ) {}
}

/** citm `seatCategoryNames` entry; shared by prices and performance seat categories */
@Serializable()
export class SeatCategory {
  constructor(
    public id: number,
    public name: string,
  ) {}
}

/** citm `audienceSubCategoryNames` entry; shared by prices */
@Serializable()
export class AudienceSubCategory {
  constructor(
    public id: number,
    public name: string,
  ) {}
}

/** citm `subTopicNames` entry; shared by events and topics */
@Serializable()
export class SubTopic {
  constructor(
    public id: number,
    public name: string,
  ) {}
}

/** citm `topicNames` entry with its `topicSubTopics`; shared by events */
@Serializable()
export class Topic {
  constructor(
    public id: number,
    public name: string,
    public subTopics: SubTopic[],
  ) {}
}

/** citm `venueNames` entry; shared by performances */
@Serializable()
export class Venue {
  constructor(
    public code: string,
    public name: string,
  ) {}
}

/** citm `events` entry; `performances` lists the performances whose `event` is this one (a cycle) */
@Serializable()
export class Event {
  constructor(
    public id: number,
    public name: string,
    public description: string | null,
    public logo: string | null,
    public subjectCode: string | null,
    public subtitle: string | null,
    public topics: Topic[],
    public subTopics: SubTopic[],
    public performances: Performance[],
  ) {}
}

/** citm price: amount in cents, shared audience and seat category */
@Serializable()
export class Price {
  constructor(
    public amount: number,
    public audienceSubCategory: AudienceSubCategory,
    public seatCategory: SeatCategory,
  ) {}
}

/** citm seat category area: the shared Area and its block ids (numbers; `blockNames` is empty in the data) */
@Serializable()
export class AreaBlocks {
  constructor(
    public area: Area,
    public blockIds: number[],
  ) {}
}

/** citm performance seat category: the shared SeatCategory and the areas it covers */
@Serializable()
export class PerformanceSeatCategory {
  constructor(
    public seatCategory: SeatCategory,
    public areas: AreaBlocks[],
  ) {}
}

/** citm `performances` entry; `event` is the shared Event (which lists this performance) */
@Serializable()
export class Performance {
  constructor(
    public id: number,
    public event: Event,
    public name: string | null,
    public logo: string | null,
    public prices: Price[],
    public seatCategories: PerformanceSeatCategory[],
    public seatMapImage: string | null,
    /** ms since the epoch, as in the data */
    public start: number,
    public venue: Venue,
  ) {}
}

/** the catalogue: the name tables as arrays of shared objects, then events and performances */
@Serializable()
export class Catalog {
  constructor(
    public areas: Area[],
    public audienceSubCategories: AudienceSubCategory[],
    public seatCategories: SeatCategory[],
    public subTopics: SubTopic[],
    public topics: Topic[],
    public venues: Venue[],
    public events: Event[],
    public performances: Performance[],
  ) {}
}

// ---- twitter.json (/work/shared/data): a tree of statuses (see workloads.ts on users) ----

@Serializable()
export class SearchMetadata {
  constructor(
    public completedIn: number,
    public maxId: number,
    public maxIdStr: string,
    public nextResults: string,
    public query: string,
    public refreshUrl: string,
    public count: number,
    public sinceId: number,
    public sinceIdStr: string,
  ) {}
}

@Serializable()
export class StatusMetadata {
  constructor(
    public resultType: string,
    public isoLanguageCode: string,
  ) {}
}

/** a hashtag or a symbol ($cashtag): the same shape */
@Serializable()
export class Hashtag {
  constructor(
    public text: string,
    public indices: number[],
  ) {}
}

@Serializable()
export class Url {
  constructor(
    public url: string,
    public expandedUrl: string,
    public displayUrl: string,
    public indices: number[],
  ) {}
}

@Serializable()
export class UserMention {
  constructor(
    public screenName: string,
    public name: string,
    /** user ids fit in a double exactly (below 2^53) but not in an int32 */
    public id: number,
    public idStr: string,
    public indices: number[],
  ) {}
}

@Serializable()
export class MediaSize {
  constructor(
    public w: number,
    public h: number,
    public resize: string,
  ) {}
}

@Serializable()
export class MediaSizes {
  constructor(
    public medium: MediaSize,
    public small: MediaSize,
    public thumb: MediaSize,
    public large: MediaSize,
  ) {}
}

@Serializable()
export class Media {
  constructor(
    /** a 64-bit id as JSON.parse reads it (a double, not exact: idStr is the exact one) */
    public id: number,
    public idStr: string,
    public indices: number[],
    public mediaUrl: string,
    public mediaUrlHttps: string,
    public url: string,
    public displayUrl: string,
    public expandedUrl: string,
    public type: string,
    public sizes: MediaSizes,
    public sourceStatusId: number | null,
    public sourceStatusIdStr: string | null,
  ) {}
}

@Serializable()
export class Entities {
  constructor(
    public hashtags: Hashtag[],
    public symbols: Hashtag[],
    public urls: Url[],
    public userMentions: UserMention[],
    /** absent in most statuses: null */
    public media: Media[] | null,
  ) {}
}

@Serializable()
export class UrlEntities {
  constructor(public urls: Url[]) {}
}

@Serializable()
export class UserEntities {
  constructor(
    /** absent unless the profile has a url: null */
    public url: UrlEntities | null,
    public description: UrlEntities,
  ) {}
}

@Serializable()
export class User {
  constructor(
    public id: number,
    public idStr: string,
    public name: string,
    public screenName: string,
    public location: string,
    public description: string,
    public url: string | null,
    public entities: UserEntities,
    /** `protected` in the data (a reserved word for a parameter property) */
    public isProtected: boolean,
    public followersCount: number,
    public friendsCount: number,
    public listedCount: number,
    public createdAt: string,
    public favouritesCount: number,
    public utcOffset: number | null,
    public timeZone: string | null,
    public geoEnabled: boolean,
    public verified: boolean,
    public statusesCount: number,
    public lang: string,
    public contributorsEnabled: boolean,
    public isTranslator: boolean,
    public isTranslationEnabled: boolean,
    public profileBackgroundColor: string,
    public profileBackgroundImageUrl: string,
    public profileBackgroundImageUrlHttps: string,
    public profileBackgroundTile: boolean,
    public profileImageUrl: string,
    public profileImageUrlHttps: string,
    /** absent for some users: null */
    public profileBannerUrl: string | null,
    public profileLinkColor: string,
    public profileSidebarBorderColor: string,
    public profileSidebarFillColor: string,
    public profileTextColor: string,
    public profileUseBackgroundImage: boolean,
    public defaultProfile: boolean,
    public defaultProfileImage: boolean,
    public following: boolean,
    public followRequestSent: boolean,
    public notifications: boolean,
  ) {}
}

@Serializable()
export class Status {
  constructor(
    public metadata: StatusMetadata,
    public createdAt: string,
    /** a 64-bit id as JSON.parse reads it (a double); idStr is exact */
    public id: number,
    public idStr: string,
    public text: string,
    public source: string,
    public truncated: boolean,
    public inReplyToStatusId: number | null,
    public inReplyToStatusIdStr: string | null,
    public inReplyToUserId: number | null,
    public inReplyToUserIdStr: string | null,
    public inReplyToScreenName: string | null,
    public user: User,
    /** always null in the data (geo, coordinates, place, contributors) */
    public geo: unknown,
    public coordinates: unknown,
    public place: unknown,
    public contributors: unknown,
    /** the retweeted status (one level: never a retweet of a retweet in the data), or null */
    public retweetedStatus: Status | null,
    public retweetCount: number,
    public favoriteCount: number,
    public entities: Entities,
    public favorited: boolean,
    public retweeted: boolean,
    /** absent in most statuses: null */
    public possiblySensitive: boolean | null,
    public lang: string,
  ) {}
}

@Serializable()
export class SearchResult {
  constructor(
    public statuses: Status[],
    public searchMetadata: SearchMetadata,
  ) {}
}

export const ORDER_CLASSES = [OrderBook, Order, OrderLine, Customer, Address] as const;
export const NUMERIC_CLASSES = [NumericSet, Series, Sample] as const;
export const STRING_CLASSES = [Corpus, Doc] as const;
export const CITM_CLASSES = [Catalog, Event, Performance, Price, PerformanceSeatCategory, AreaBlocks, Area, SeatCategory, AudienceSubCategory, Topic, SubTopic, Venue] as const;
export const TWITTER_CLASSES = [
  SearchResult,
  SearchMetadata,
  Status,
  StatusMetadata,
  User,
  UserEntities,
  UrlEntities,
  Entities,
  Hashtag,
  Url,
  UserMention,
  Media,
  MediaSizes,
  MediaSize,
] as const;
export const ALL_CLASSES = [...ORDER_CLASSES, ...NUMERIC_CLASSES, ...STRING_CLASSES, ...CITM_CLASSES, ...TWITTER_CLASSES] as const;
