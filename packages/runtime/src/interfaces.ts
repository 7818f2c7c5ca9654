import type { SerializationInfo } from './serialization-info.js';
import type { StreamingContext } from './streaming-context.js';

/**
 * Written only through getObjectData; read by the class's deserialization constructor
 * `constructor(info: SerializationInfo, context: StreamingContext)` (own or inherited).
 * The transformer reports a class that implements this without such a constructor.
 *
 * An object read through its constructor is fully usable only once the whole graph is read:
 * a value the constructor takes from the SerializationInfo may still be a stand-in for an
 * object that is itself being constructed (a cycle back to it, or to an ancestor). The
 * formatter replaces stand-ins in serialized fields, arrays, maps, sets, plain objects and the
 * SerializationInfo itself before any callback runs, but not in structures the constructor
 * builds from them (an index, a cache): build those in IDeserializationCallback.onDeserialization.
 */
export interface ISerializable {
  getObjectData(info: SerializationInfo, context: StreamingContext): void;
}

/** Runs after the whole graph is read (after the @OnDeserialized methods). */
export interface IDeserializationCallback {
  onDeserialization(sender: unknown): void;
}

/** A deserialized object that stands for another: the formatter uses getRealObject's result everywhere. */
export interface IObjectReference {
  getRealObject(context: StreamingContext): unknown;
}
