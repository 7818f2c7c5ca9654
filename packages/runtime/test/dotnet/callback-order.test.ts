import { describe, expect, it } from 'vitest';
import {
  BinaryFormatter,
  type IDeserializationCallback,
  type ISerializable,
  JsonFormatter,
  OnDeserialized,
  OnDeserializing,
  Serializable,
  SerializationInfo,
  StreamingContext,
} from '@weft/runtime';

// The reference's rules for deserialization callbacks, around ISerializable objects too:
// - OnDeserializing runs on the new object before its fields are set: for an ISerializable
//   object, before the deserialization constructor reads the SerializationInfo, so what the
//   constructor reads wins over a default OnDeserializing sets.
// - OnDeserialized runs in reverse of the order objects started being deserialized: a collection
//   starts before its items, so its OnDeserialized runs after theirs (the Dictionary rule).
// - IDeserializationCallback.onDeserialization runs once the whole graph is done: after every
//   OnDeserialized.

const log: string[] = [];

@Serializable({ name: 'order.Setting' })
class Setting implements ISerializable {
  value!: string; // set by the constructor (and first by OnDeserializing on deserialize)
  fromDefaultsOnly: string | undefined;
  constructor(value: string);
  constructor(info: SerializationInfo, context: StreamingContext);
  constructor(a: string | SerializationInfo, _c?: StreamingContext) {
    if (a instanceof SerializationInfo) {
      log.push(`Setting(info) sees value=${String(this.value)}`);
      this.value = a.getString('value') ?? '';
    } else this.value = a;
  }
  @OnDeserializing() protected defaults(_c: StreamingContext): void {
    log.push('Setting.OnDeserializing');
    this.value = 'default';
    this.fromDefaultsOnly = 'set before the constructor';
  }
  getObjectData(info: SerializationInfo, _c: StreamingContext): void {
    info.addValue('value', this.value);
  }
}

@Serializable({ name: 'order.BaseRecord' })
class BaseRecord implements ISerializable {
  base = '';
  constructor();
  constructor(info: SerializationInfo, context: StreamingContext);
  constructor(info?: SerializationInfo, _c?: StreamingContext) {
    if (info) {
      log.push('BaseRecord(info)');
      this.base = info.getString('base') ?? '';
    }
  }
  @OnDeserializing() protected baseDeserializing(_c: StreamingContext): void {
    log.push('BaseRecord.OnDeserializing');
  }
  getObjectData(info: SerializationInfo, _c: StreamingContext): void {
    info.addValue('base', this.base);
  }
}

@Serializable({ name: 'order.DerivedRecord' })
class DerivedRecord extends BaseRecord {
  derived = '';
  constructor();
  constructor(info: SerializationInfo, context: StreamingContext);
  constructor(info?: SerializationInfo, c?: StreamingContext) {
    if (info) {
      super(info, c!);
      log.push('DerivedRecord(info)');
      this.derived = info.getString('derived') ?? '';
    } else super();
  }
  @OnDeserializing() protected derivedDeserializing(_c: StreamingContext): void {
    log.push('DerivedRecord.OnDeserializing');
  }
  override getObjectData(info: SerializationInfo, c: StreamingContext): void {
    super.getObjectData(info, c);
    info.addValue('derived', this.derived);
  }
}

@Serializable({ name: 'order.Item' })
class Item {
  key = '';
  ready = false;
  constructor(key = '') {
    this.key = key;
  }
  @OnDeserialized() protected done(_c: StreamingContext): void {
    log.push(`Item ${this.key}.OnDeserialized`);
    this.ready = true;
  }
}

/** A Dictionary-like ISerializable collection: it indexes its items once they are complete. */
@Serializable({ name: 'order.Index' })
class Index implements ISerializable, IDeserializationCallback {
  items: Item[] = [];
  byKey = new Map<string, Item>();
  allReadyWhenIndexed = false;
  constructor();
  constructor(info: SerializationInfo, context: StreamingContext);
  constructor(info?: SerializationInfo, _c?: StreamingContext) {
    if (info) this.items = info.getValue<Item[]>('items');
  }
  @OnDeserialized() protected rebuild(_c: StreamingContext): void {
    log.push('Index.OnDeserialized');
    this.allReadyWhenIndexed = this.items.every((i) => i.ready);
    for (const i of this.items) this.byKey.set(i.key, i);
  }
  onDeserialization(_sender: unknown): void {
    log.push('Index.onDeserialization');
  }
  getObjectData(info: SerializationInfo, _c: StreamingContext): void {
    info.addValue('items', this.items);
  }
}

/** A plain holder that starts before the Index it holds and listens for the end of the graph. */
@Serializable({ name: 'order.Holder' })
class Holder implements IDeserializationCallback {
  index: Index | null = null;
  tail: Item | null = null;
  @OnDeserialized() protected done(_c: StreamingContext): void {
    log.push('Holder.OnDeserialized');
  }
  onDeserialization(_sender: unknown): void {
    log.push('Holder.onDeserialization');
  }
}

describe.each([
  ['BinaryFormatter', () => new BinaryFormatter()],
  ['JsonFormatter', () => new JsonFormatter()],
] as const)('%s: callback order around ISerializable objects', (_name, make) => {
  const f = make();
  const roundTrip = <T>(v: T): T => {
    const bytes = f.serialize(v);
    log.length = 0;
    return f.deserialize(bytes) as T;
  };

  it('OnDeserializing runs before the deserialization constructor reads, and does not overwrite what it reads', () => {
    const back = roundTrip(new Setting('from the stream'));
    expect(log).toEqual(['Setting.OnDeserializing', 'Setting(info) sees value=default']);
    expect(back.value).toBe('from the stream');
    expect(back.fromDefaultsOnly).toBe('set before the constructor');
  });

  it('OnDeserializing of a base and a derived ISerializable class both run, base first, before either constructor body', () => {
    const r = new DerivedRecord();
    r.base = 'b';
    r.derived = 'd';
    const back = roundTrip(r);
    expect(log).toEqual(['BaseRecord.OnDeserializing', 'DerivedRecord.OnDeserializing', 'BaseRecord(info)', 'DerivedRecord(info)']);
    expect([back.base, back.derived]).toEqual(['b', 'd']);
  });

  it("an ISerializable collection's OnDeserialized runs after those of the objects it holds", () => {
    const index = new Index();
    index.items = [new Item('a'), new Item('b')];
    const back = roundTrip(index);
    expect(log.filter((l) => l.endsWith('OnDeserialized'))).toEqual(['Item b.OnDeserialized', 'Item a.OnDeserialized', 'Index.OnDeserialized']);
    expect(back.allReadyWhenIndexed).toBe(true);
    expect(back.byKey.get('b')).toBe(back.items[1]);
  });

  it('IDeserializationCallback runs after every OnDeserialized, outer objects last', () => {
    const holder = new Holder();
    holder.index = new Index();
    holder.index.items = [new Item('x')];
    holder.tail = new Item('y'); // read after the Index: its OnDeserialized runs first
    roundTrip(holder);
    expect(log).toEqual([
      'Item y.OnDeserialized',
      'Item x.OnDeserialized',
      'Index.OnDeserialized',
      'Holder.OnDeserialized',
      'Index.onDeserialization',
      'Holder.onDeserialization',
    ]);
  });
});
