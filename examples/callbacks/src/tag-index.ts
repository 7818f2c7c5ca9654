import {
  type ISerializable,
  NonSerialized,
  OnDeserialized,
  OnDeserializing,
  Serializable,
  SerializationInfo,
  type StreamingContext,
} from '@weft/runtime';
import { log } from './folder.js';

/** A tag whose lookup key is derived after it is read. */
@Serializable()
export class Tag {
  name: string;
  @NonSerialized() key: string | undefined;
  constructor(name: string) {
    this.name = name;
    this.key = name.toLowerCase();
  }
  @OnDeserialized() protected deriveKey(_c: StreamingContext): void {
    this.key = this.name.toLowerCase();
    log.push(`OnDeserialized  tag ${this.name}`);
  }
}

/**
 * A Dictionary-like ISerializable collection: it writes its tags through getObjectData and
 * rebuilds its index in OnDeserialized — which runs after every tag's OnDeserialized, so
 * each key exists by then (the reference's Dictionary rule).
 */
@Serializable()
export class TagIndex implements ISerializable {
  tags: Tag[];
  source!: string; // set by the constructor, or first by OnDeserializing
  @NonSerialized() byKey = new Map<string, Tag>();
  constructor(tags: Tag[]);
  constructor(info: SerializationInfo, context: StreamingContext);
  constructor(a: Tag[] | SerializationInfo, _c?: StreamingContext) {
    if (a instanceof SerializationInfo) {
      // OnDeserializing has run already: `source` holds its default, and what is read here wins.
      log.push(`TagIndex(info): source is "${this.source}" before reading`);
      this.tags = a.getValue<Tag[]>('tags');
      this.source = a.getString('source') ?? this.source;
    } else {
      this.tags = a;
      this.source = 'created';
      for (const t of a) this.byKey.set(t.key!, t);
    }
  }
  @OnDeserializing() protected defaults(_c: StreamingContext): void {
    this.source = 'default';
    log.push('OnDeserializing TagIndex');
  }
  @OnDeserialized() protected rebuild(_c: StreamingContext): void {
    for (const t of this.tags) this.byKey.set(t.key!, t);
    log.push(`OnDeserialized  TagIndex: ${this.byKey.size} keys`);
  }
  getObjectData(info: SerializationInfo, _c: StreamingContext): void {
    info.addValue('tags', this.tags);
    info.addValue('source', this.source);
  }
}
