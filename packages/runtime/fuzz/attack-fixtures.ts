// Classes for fuzz/attacks.mjs (the denial-of-service measurement harness). attacks.mjs compiles
// this file with @weft/transformer's transformSource at start, rewriting the '@weft/runtime'
// import to the runtime copy under test (--runtime), so these classes register with that copy.
// Nothing here is used by the tests.
import {
  type IObjectReference,
  type ISerializable,
  NonSerialized,
  OnSerializing,
  Serializable,
  SerializationInfo,
  StreamingContext,
} from '@weft/runtime';

/** custom-memberless-5m, typedef-cache-retention: an ISerializable that writes no entries. */
@Serializable({ name: 'attack.Empty' })
export class Empty implements ISerializable {
  constructor(_info?: SerializationInfo, _context?: StreamingContext) {}
  getObjectData(_info: SerializationInfo, _context: StreamingContext): void {}
}

/**
 * fixups-objref-chain: an IObjectReference that stands for the object in its member `next`
 * (or for itself when it has none, e.g. while it is still an unfilled deferred shell).
 */
@Serializable({ name: 'attack.Handle' })
export class Handle implements IObjectReference {
  next: unknown = null;
  getRealObject(_context: StreamingContext): unknown {
    return this.next ?? this;
  }
}

/** fixups-plain-control: a plain linked-list node. */
@Serializable({ name: 'attack.Link' })
export class Link {
  next: unknown = null;
}

/** mutate-during-serialize: runs `hook` (not serialized) from @OnSerializing. */
@Serializable({ name: 'attack.Mutator' })
export class Mutator {
  label = 'mutator';
  @NonSerialized() hook: (() => void) | null = null;
  @OnSerializing() protected beforeWrite(_context: StreamingContext): void {
    this.hook?.();
  }
}

/** throw-null-proto: getObjectData throws an object with no prototype (no toString, no Symbol.toPrimitive). */
@Serializable({ name: 'attack.NullThrower' })
export class NullThrower implements ISerializable {
  constructor(_info?: SerializationInfo, _context?: StreamingContext) {}
  getObjectData(_info: SerializationInfo, _context: StreamingContext): void {
    throw Object.create(null) as object;
  }
}

/** worst-class-0: a compiled class with no members (one byte per instance on the wire). */
@Serializable({ name: 'attack.Nothing' })
export class Nothing {}
