import { type ISerializable, Serializable, SerializationInfo, type StreamingContext } from '@weft/runtime';

/** Writes itself through getObjectData and reads itself in the (info, context) constructor. */
@Serializable()
export class MyObject implements ISerializable {
  n1 = 0;
  n2 = 0;
  str: string | null = null;

  constructor();
  constructor(info: SerializationInfo, context: StreamingContext);
  constructor(info?: SerializationInfo, _context?: StreamingContext) {
    if (info) {
      this.n1 = info.getInt32('i');
      this.n2 = info.getInt32('j');
      this.str = info.getString('k');
    }
  }

  getObjectData(info: SerializationInfo, _context: StreamingContext): void {
    info.addValue('i', this.n1);
    info.addValue('j', this.n2);
    info.addValue('k', this.str);
  }
}

/** A subclass chains to its base both ways: super(info, context) and super.getObjectData(). */
@Serializable()
export class ObjectTwo extends MyObject {
  num = 0;

  constructor();
  constructor(info: SerializationInfo, context: StreamingContext);
  constructor(info?: SerializationInfo, context?: StreamingContext) {
    if (info && context) {
      super(info, context);
      this.num = info.getInt32('num');
    } else {
      super();
    }
  }

  override getObjectData(info: SerializationInfo, context: StreamingContext): void {
    super.getObjectData(info, context);
    info.addValue('num', this.num);
  }
}
