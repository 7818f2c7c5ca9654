import { asSerializationException } from '../errors.js';
import type { StreamingContext } from '../streaming-context.js';

/**
 * Runs a user callback (OnSerializing, OnDeserialized, ...) and turns whatever it throws into a
 * SerializationException (CALLBACK_FAILED unless it threw one itself) naming the type and the
 * callback. The one place both directions call user callbacks through.
 */
export function callUser(cb: (o: any, c: StreamingContext) => void, o: object, context: StreamingContext, type: string, what: string): void {
  try {
    cb(o, context);
  } catch (e) {
    throw asSerializationException(e, `${type} ${what} callback`);
  }
}

