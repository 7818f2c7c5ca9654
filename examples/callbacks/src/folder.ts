import {
  type IDeserializationCallback,
  NonSerialized,
  OnDeserialized,
  OnDeserializing,
  OnSerialized,
  OnSerializing,
  Serializable,
  type StreamingContext,
} from '@weft/runtime';

/** Every callback of every object writes one line here, so the order can be printed. */
export const log: string[] = [];

/** Base class callbacks run too, before the subclass's. */
@Serializable()
export class Item {
  name: string;
  constructor(name: string) {
    this.name = name;
  }
  @OnSerializing() protected itemSerializing(_c: StreamingContext): void {
    log.push(`OnSerializing   ${this.name} (Item)`);
  }
  @OnDeserialized() protected itemDeserialized(_c: StreamingContext): void {
    log.push(`OnDeserialized  ${this.name} (Item)`);
  }
}

@Serializable()
export class Folder extends Item implements IDeserializationCallback {
  children: Item[] = [];
  /** how many items are below: derived data, rebuilt once the whole graph is there */
  @NonSerialized() total = 0;

  add(...items: Item[]): this {
    this.children.push(...items);
    return this;
  }

  @OnSerializing() private serializing(c: StreamingContext): void {
    log.push(`OnSerializing   ${this.name} (context state ${c.state})`);
  }
  @OnSerialized() private serialized(_c: StreamingContext): void {
    log.push(`OnSerialized    ${this.name}`);
  }
  @OnDeserializing() private deserializing(_c: StreamingContext): void {
    // fields are not set yet: the name is still undefined here
    log.push(`OnDeserializing (name is ${String(this.name)})`);
  }
  @OnDeserialized() private deserialized(_c: StreamingContext): void {
    log.push(`OnDeserialized  ${this.name}`);
  }
  onDeserialization(_sender: unknown): void {
    this.total = this.children.reduce((n, c) => n + 1 + (c instanceof Folder ? c.total : 0), 0);
    log.push(`onDeserialization ${this.name}: ${this.total} items below`);
  }
}
