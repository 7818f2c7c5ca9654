import type { SerializationInfo } from './serialization-info.js';
import type { StreamingContext } from './streaming-context.js';

/**
 * Written only through getObjectData; read by the class's deserialization constructor
 * `constructor(info: SerializationInfo, context: StreamingContext)` (own or inherited).
 * The transformer reports a class that implements this without such a constructor.
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
