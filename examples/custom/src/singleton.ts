import { type IObjectReference, type ISerializable, Serializable, SerializationInfo, type StreamingContext } from '@weft/runtime';

/** One instance per process. It is written as a SingletonHelper, which resolves to that instance. */
@Serializable()
export class Singleton implements ISerializable {
  private static readonly theOne = new Singleton();
  name = 'Jeff';
  created = new Date();

  static get instance(): Singleton {
    return Singleton.theOne;
  }

  private constructor();
  /** Never called (the stream holds a SingletonHelper); weft asks for it on every ISerializable class. */
  private constructor(info: SerializationInfo, context: StreamingContext);
  private constructor(_info?: SerializationInfo, _context?: StreamingContext) {}

  getObjectData(info: SerializationInfo, _context: StreamingContext): void {
    info.setType(SingletonHelper);
  }
}

@Serializable()
export class SingletonHelper implements IObjectReference {
  getRealObject(_context: StreamingContext): unknown {
    return Singleton.instance;
  }
}
