import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DotNetName,
  type ISerializationSurrogate,
  MemoryStream,
  NrbfFormatter,
  OnDeserialized,
  Serializable,
  SerializationBinder,
  SerializationInfo,
  StreamingContext,
  StreamingContextStates,
  SurrogateSelector,
} from '@weft/runtime';
import { thrown } from '../helpers';
import { PT, msg, mt } from './nrbf-writer.js';

/**
 * How .NET names find TypeScript classes and members (NRBF.md, "Type and member mapping"),
 * on real Mono payloads (mono-corpus/README.md): the binder sees .NET's own strings, exact
 * and simple-name matches, backing fields, `Base+field`, @DotNetName, surrogates for
 * uncompiled classes, unknown types as errors or records, and weft's checks (missing
 * members, kinds, callbacks) unchanged.
 */

const DIR = new URL('./mono-corpus/', import.meta.url);
const payload = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`${name}.bin`, DIR)));
/** The n-th graph of a multi-graph payload. */
function nth(name: string, n: number, f: NrbfFormatter): unknown {
  const s = new MemoryStream(payload(name));
  for (let i = 0; i < n; i++) f.deserialize(s);
  return f.deserialize(s);
}
const CORPUS_ASSEMBLY = 'WeftCorpus, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null';

let events: string[] = [];

@Serializable({ name: 'Dept' })
class Dept {
  Name!: string;
  Head!: Staffer;
  Staff!: Staffer[];
  Roster!: Staffer[];
  @OnDeserialized() done(_context: StreamingContext): void {
    events.push(`Dept ${this.Name} read`);
  }
}

@Serializable({ name: 'Staffer' })
class Staffer {
  Name!: string;
  Department!: Dept;
  Manager!: Staffer | null;
}

/** Only the derived class is modelled: Base's private field arrives as `Base+name`. */
@Serializable({ name: 'WeftCorpus.Derived', assembly: 'WeftCorpus' })
class FlatDerived {
  name!: string;
  score!: number;
  id!: number;
  @DotNetName('Base+name') baseName!: string;
}

/** Requires a member the stream lacks. */
@Serializable()
class WithNonSerialized {
  Kept!: string;
  Added!: number;
  Missing!: string;
}

/** Declares Value as bigint, but .NET wrote an Int32. */
@Serializable()
class Node {
  Value!: bigint;
  Next!: Node | null;
}

/** Not compiled by weft: read through a surrogate chosen by its simple name. */
class Leaf {
  label = '';
}

describe('NrbfFormatter type and member mapping', () => {
  it('the binder sees .NET assembly and type names, and its classes are used', () => {
    const seen: [string, string][] = [];
    class Binder extends SerializationBinder {
      override bindToType(assemblyName: string, typeName: string): Function | undefined {
        seen.push([assemblyName, typeName]);
        return typeName === 'WeftCorpus.Department' ? Dept : typeName === 'WeftCorpus.Employee' ? Staffer : undefined;
      }
    }
    events = [];
    const d = new NrbfFormatter({ binder: new Binder() }).deserialize<Dept>(payload('graph'));
    expect(seen).toContainEqual([CORPUS_ASSEMBLY, 'WeftCorpus.Department']);
    expect(seen).toContainEqual([CORPUS_ASSEMBLY, 'WeftCorpus.Employee']);
    expect(d).toBeInstanceOf(Dept);
    expect(d.Head).toBeInstanceOf(Staffer);
    expect(d.Head.Department).toBe(d);
    expect(events).toEqual(['Dept Engineering read']);
  });

  it('an exact @Serializable({ name, assembly }) match, and @DotNetName for a base class field', () => {
    const d = new NrbfFormatter().deserialize<FlatDerived>(payload('inheritance'));
    expect(d).toBeInstanceOf(FlatDerived);
    expect({ ...d }).toEqual({ name: 'derived-name', score: 2.5, id: 7, baseName: 'base-name' });
  });

  it('an unmapped type is UNKNOWN_TYPE naming it, with what to do', () => {
    const e = thrown(() => new NrbfFormatter().deserialize(payload('graph')));
    expect(e.code).toBe('UNKNOWN_TYPE');
    expect(e.message).toContain('"WeftCorpus.Department"');
    expect(e.message).toContain('"Department"');
    expect(e.message).toContain("unknownTypes: 'record'");
    expect(e.typeName).toBe('WeftCorpus.Department');
    expect(e.offset).toBeGreaterThan(0);
  });

  it("unknownTypes: 'record' reads unmapped types as null-prototype records, keeping identity", () => {
    const d = new NrbfFormatter({ unknownTypes: 'record' }).deserialize<Record<string, any>>(payload('graph'));
    expect(Object.getPrototypeOf(d)).toBeNull();
    expect(d.$type).toBe('WeftCorpus.Department');
    expect(d.$assembly).toBe(CORPUS_ASSEMBLY);
    expect(d.Head.$type).toBe('WeftCorpus.Employee');
    expect(d.Head.Department).toBe(d);
    expect(d.Staff[0]).toBe(d.Head);
    expect(d.Roster).toHaveLength(2);
  });

  it('a surrogate reads an uncompiled class the stream names by its simple name', () => {
    const surrogate: ISerializationSurrogate = {
      getObjectData() {},
      setObjectData(obj: Leaf, info: SerializationInfo) {
        obj.label = info.getString('Label')!;
        return obj;
      },
    };
    const selector = new SurrogateSelector();
    selector.addSurrogate(Leaf, new StreamingContext(StreamingContextStates.All), surrogate);
    const leaf = nth('multi', 2, new NrbfFormatter({ surrogateSelector: selector }));
    expect(leaf).toBeInstanceOf(Leaf);
    expect((leaf as Leaf).label).toBe('multi leaf');
  });

  it('a required member the stream lacks is MISSING_MEMBER', () => {
    const e = thrown(() => new NrbfFormatter().deserialize(payload('nonserialized-optional')));
    expect(e.code).toBe('MISSING_MEMBER');
    expect(e.message).toContain('"Missing"');
    expect(e.message).toContain('@OptionalField()');
  });

  it('a member declared bigint that .NET wrote as Int32 is TYPE_MISMATCH', () => {
    const e = thrown(() => new NrbfFormatter().deserialize(payload('linked-list-deep')));
    expect(e.code).toBe('TYPE_MISMATCH');
    expect(e.message).toContain('"Value"');
    expect(e.message).toContain('bigint');
  });

  it('reads several graphs of one stream in order, and rejects bytes after a lone message', () => {
    const f = new NrbfFormatter({ unknownTypes: 'record' });
    const s = new MemoryStream(payload('multi'));
    const graphs: unknown[] = [];
    while (s.position < s.length) graphs.push(f.deserialize(s));
    expect(graphs[0]).toBe('first graph');
    expect(graphs[1]).toEqual([1, 2, 3]);
    expect((graphs[2] as { Label: string }).Label).toBe('multi leaf');
    expect(graphs[3]).not.toBe(graphs[2]);
    expect(thrown(() => f.deserialize(payload('multi'))).code).toBe('TRAILING_BYTES');
  });

  it("never matches the runtime's own DateTime and Decimal classes by simple name", () => {
    const bytes = msg().library(2, 'Lib').cmt(1, 'Ns.Decimal', [['x', mt.prim(PT.Int32)]], 2).i32(1).end().bytes;
    expect(thrown(() => new NrbfFormatter().deserialize(bytes)).code).toBe('UNKNOWN_TYPE');
  });

  it('refuses a bad option and does not write yet', () => {
    expect(thrown(() => new NrbfFormatter({ unknownTypes: 'guess' as never })).code).toBe('INVALID_ARGUMENT');
    expect(thrown(() => new NrbfFormatter().serialize({})).code).toBe('NOT_SERIALIZABLE');
  });
});

// (registered by their decorators; the tests reach them only through the streams)
void [WithNonSerialized, Node];
