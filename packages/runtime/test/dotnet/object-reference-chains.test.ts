import { describe, expect, it } from 'vitest';
import {
  BinaryFormatter,
  type IObjectReference,
  type ISerializable,
  JsonFormatter,
  Serializable,
  SerializationInfo,
  StreamingContext,
} from '@weft/runtime';
import { thrown } from '../helpers';

// IObjectReference: after an object is deserialized, the formatter asks it for the object it
// stands for, and that object replaces it everywhere in the graph. When the answer is itself
// an IObjectReference, it is asked in turn, until a plain object comes back; the number of
// steps is bounded, and a chain that comes back on itself is an error (as .NET reports
// IObjectReference objects that depend on each other).

/** The process-wide singleton, reached in two steps. */
class Registry {
  static readonly instance = new Registry();
  private constructor() {}
}

/** Step 2: an object (not serialized) that forwards to the singleton. */
class Forwarder implements IObjectReference {
  static made = 0;
  constructor() {
    Forwarder.made++;
  }
  getRealObject(_c: StreamingContext): unknown {
    return Registry.instance;
  }
}

/** Step 1: what the stream holds, written through info.setType as the reference's singleton helper. */
@Serializable({ name: 'chain.RegistryHelper' })
class RegistryHelper implements IObjectReference {
  getRealObject(_c: StreamingContext): unknown {
    return new Forwarder();
  }
}

@Serializable({ name: 'chain.RegistryHandle' })
class RegistryHandle implements ISerializable {
  getObjectData(info: SerializationInfo, _c: StreamingContext): void {
    info.setType(RegistryHelper);
  }
}

/** Hands out a chain of `length` further IObjectReference steps, or a loop. */
@Serializable({ name: 'chain.Step' })
class Step implements IObjectReference {
  length = 0;
  loop = false;
  getRealObject(_c: StreamingContext): unknown {
    if (this.loop) {
      const a: IObjectReference = { getRealObject: () => b };
      const b: IObjectReference = { getRealObject: () => a };
      return a;
    }
    let next: unknown = { end: true };
    for (let i = 0; i < this.length; i++) {
      const target = next;
      next = { getRealObject: () => target };
    }
    return next;
  }
}

function step(length: number, loop = false): Step {
  const s = new Step();
  s.length = length;
  s.loop = loop;
  return s;
}

describe.each([
  ['BinaryFormatter', () => new BinaryFormatter()],
  ['JsonFormatter', () => new JsonFormatter()],
] as const)('%s: IObjectReference chains', (_name, make) => {
  const f = make();

  it('getRealObject returning another IObjectReference is resolved until a plain object comes back, everywhere in the graph', () => {
    const handle = new RegistryHandle();
    const before = Forwarder.made;
    const back = f.deserialize(f.serialize({ a: handle, list: [handle, handle] })) as { a: unknown; list: unknown[] };
    expect(back.a).toBe(Registry.instance);
    expect(back.list[0]).toBe(Registry.instance);
    expect(back.list[1]).toBe(Registry.instance);
    expect(Forwarder.made - before).toBe(1); // the helper is read once and resolved once
  });

  it('a long chain is followed to its end', () => {
    expect(f.deserialize(f.serialize([step(98)]))).toEqual([{ end: true }]);
  });

  it('a chain longer than 100 steps is LIMIT_EXCEEDED', () => {
    const e = thrown(() => f.deserialize(f.serialize([step(150)])));
    expect(e.code).toBe('LIMIT_EXCEEDED');
    expect(e.message).toContain('chain.Step');
  });

  it('a chain that loops is a coded error naming the chain, not a hang', () => {
    const e = thrown(() => f.deserialize(f.serialize(step(0, true))));
    expect(e.code).toBe('INVALID_VALUE');
    expect(e.message).toMatch(/IObjectReference chain from chain\.Step loops: chain\.Step → Object → Object → Object/);
  });
});
