import type { SerializationInfo } from '../serialization-info.js';
import type { StreamingContext } from '../streaming-context.js';
import { callUser } from './user-code.js';
import type { ClassMeta } from './registry.js';

/**
 * The two moments generated code reports back while the runtime makes an object, so that a
 * deserialized object starts out as .NET's do:
 *
 * - Uninitialized: while the runtime creates an instance through its guarded constructor
 *   (classes whose instances need one: #private fields, `accessor` storage, or a base that
 *   has them), the class's field initializers ask `skipInit(this)` and are skipped.
 * - OnDeserializing before the deserialization constructor reads: an ISerializable class's
 *   constructor calls `deserializing(this)` first thing (after super()), and the runtime runs
 *   OnDeserializing there, on the new object, when it is the one it is constructing.
 */

/** The class whose instance the runtime is making without initializers, or null. */
let building: Function | null = null;

/** Generated field initializers ask this: true while the runtime makes `o` uninitialized. */
export function skipInit(o: object): boolean {
  return building !== null && o instanceof building;
}

/** Runs `make` (which creates an instance of `cls` through its guarded constructor) with initializers skipped. */
export function uninitialized(cls: Function, make: () => object): object {
  const outer = building;
  building = cls;
  try {
    return make();
  } finally {
    building = outer;
  }
}

interface Pending {
  readonly proto: object;
  readonly meta: ClassMeta;
  readonly context: StreamingContext;
  done: boolean;
}

let pending: Pending | null = null;

/**
 * Called by generated code at the start of an ISerializable class's constructor body. When the
 * runtime is constructing exactly this object from a SerializationInfo, its OnDeserializing
 * callbacks (base class first) run now, before the body reads anything.
 */
export function deserializing(o: object): void {
  const p = pending;
  if (p === null || p.done || Object.getPrototypeOf(o) !== p.proto) return;
  p.done = true;
  for (const cb of p.meta.onDeserializing!) callUser(cb, o, p.context, p.meta.name, 'OnDeserializing');
}

/**
 * Calls `meta`'s deserialization constructor with (info, context); OnDeserializing runs inside
 * it (see deserializing), or right after it when the constructor had no hook to call (a class
 * compiled without one cannot run it earlier).
 */
export function constructFromInfo(meta: ClassMeta, info: SerializationInfo, context: StreamingContext): object {
  const args = [info, context];
  if (meta.onDeserializing === null) return Reflect.construct(meta.ctor, args) as object;
  const outer = pending;
  const p: Pending = { proto: meta.ctor.prototype as object, meta, context, done: false };
  pending = p;
  let o: object;
  try {
    o = Reflect.construct(meta.ctor, args) as object;
  } finally {
    pending = outer;
  }
  if (!p.done) for (const cb of meta.onDeserializing) callUser(cb, o, context, meta.name, 'OnDeserializing');
  return o;
}
