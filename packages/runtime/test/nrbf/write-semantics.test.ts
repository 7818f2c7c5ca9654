import { describe, expect, it } from 'vitest';
import {
  DateTime,
  DateTimeKind,
  DotNetName,
  type IObjectReference,
  type ISerializable,
  type ISerializationSurrogate,
  MemoryStream,
  NrbfFormatter,
  type NrbfClassRecord,
  OnDeserialized,
  OnSerialized,
  OnSerializing,
  Serializable,
  SerializationBinder,
  SerializationInfo,
  StreamingContext,
  StreamingContextStates,
  SurrogateSelector,
  decodeNrbf,
} from '@weft/runtime';
import type { ArrayList, Dictionary, HashSet, Hashtable, Int32, List, Nullable } from '@weft/runtime/dotnet';
import type { InstanceView } from './canonical.js';
import { FixedNode } from './write-fixtures.js';

/**
 * NrbfFormatter.serialize runs weft's semantics (the graph engine's ObjectWriter): callbacks,
 * ISerializable, SetType singletons, surrogates, the binder, several graphs per stream, any
 * depth. Each test writes .NET records and reads them back with NrbfFormatter, and where the
 * records themselves matter looks at them with decodeNrbf.
 */

@Serializable({ name: 'Tests.Node', assembly: 'Tests, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null', dotnet: true })
class Node {
  Value: Int32 = 0;
  Next: Node | null = null;
  When: Nullable<DateTime> = null;
}

@Serializable({ name: 'Tests.Holder', assembly: 'Tests, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null', dotnet: true })
class Holder {
  Ints: List<Int32> = [];
  Nodes: List<Node | null> = [];
  Counts: Dictionary<string, Int32> = new Map();
  ById: Dictionary<Int32, Node> = new Map();
  Table: Hashtable = new Map();
  Tags: HashSet<string> = new Set();
  Items: ArrayList = [];
  Anything: unknown = null;
  Bytes: Uint8Array = new Uint8Array(0);
  Stamp: Date = new Date(0);
}

const events: string[] = [];

@Serializable({ name: 'Tests.WithCallbacks', assembly: 'Tests, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null', dotnet: true })
class WithCallbacks {
  Count: Int32 = 0;
  @OnSerializing() before(_c: StreamingContext): void {
    events.push(`serializing ${this.Count}`);
    this.Count++;
  }
  @OnSerialized() after(_c: StreamingContext): void {
    events.push(`serialized ${this.Count}`);
  }
  @OnDeserialized() read(_c: StreamingContext): void {
    events.push(`deserialized ${this.Count}`);
  }
}

/** The process's one Settings: written as a SettingsReference (SetType) that gives it back. */
@Serializable({ name: 'Tests.Settings', assembly: 'Tests, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null', dotnet: true })
class Settings implements ISerializable {
  static readonly Instance = new Settings();
  Version: Int32 = 3;
  constructor();
  constructor(info: SerializationInfo, context: StreamingContext);
  constructor(_info?: SerializationInfo, _context?: StreamingContext) {}
  getObjectData(info: SerializationInfo): void {
    info.setType(SettingsReference);
    info.addValue('version', this.Version);
  }
}

@Serializable({ name: 'Tests.SettingsReference', assembly: 'Tests, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null', dotnet: true })
class SettingsReference implements ISerializable, IObjectReference {
  constructor(_info: SerializationInfo, _context: StreamingContext) {}
  getObjectData(): void {}
  getRealObject(): unknown {
    return Settings.Instance;
  }
}

@Serializable({ name: 'Tests.Pair', assembly: 'Tests, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null', dotnet: true })
class Pair {
  First: Settings | null = null;
  Second: Settings | null = null;
}

/** Not serializable: written through a surrogate. */
class Point {
  constructor(
    public x: number,
    public y: number,
  ) {}
}

@Serializable({ name: 'Tests.Shape', assembly: 'Tests, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null', dotnet: true })
class Shape {
  Corner: unknown = null;
}

@Serializable({ name: 'Tests.Named', assembly: 'Tests, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null', dotnet: true })
class Named {
  @DotNetName('<Name>k__BackingField') Name = '';
  #secret: Int32 = 0;
  get secret(): number {
    return this.#secret;
  }
  set secret(v: number) {
    this.#secret = v;
  }
}

/**
 * Classes imported from another file: vitest compiles each file alone (the bundler plugin), so the
 * transformer knows them by their name only, and the writer finds the registered class.
 */
@Serializable({ name: 'Tests.Wrapper', assembly: 'Tests, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null', dotnet: true })
class Wrapper {
  node: FixedNode | null = null;
  nodes: List<FixedNode> = [];
}

@Serializable({ name: 'Tests.WithInterface', assembly: 'Tests, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null', dotnet: true })
class WithInterface {
  view: InstanceView | null = null;
}

/** ISerializable entries with the .NET types .NET's AddValue(name, value, Type) would give them. */
@Serializable({ name: 'Tests.Typed', assembly: 'Tests, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null', dotnet: true })
class Typed implements ISerializable {
  ids: number[] = [1, 2, 3];
  constructor();
  constructor(info: SerializationInfo, context: StreamingContext);
  constructor(info?: SerializationInfo, _context?: StreamingContext) {
    if (info !== undefined) this.ids = info.getValue<number[]>('ids');
  }
  getObjectData(info: SerializationInfo): void {
    info.addValue('ids', this.ids, { array: 'Int32' });
    info.addValue('count', 3, 'Int64');
    info.addValue('ratio', 2, 'Double');
    info.addValue('boxed', 5n, 'Object');
    info.addValue('inferred', 2);
  }
}

@Serializable({ name: 'Tests.BadTyped', assembly: 'Tests, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null', dotnet: true })
class BadTyped implements ISerializable {
  constructor();
  constructor(info: SerializationInfo, context: StreamingContext);
  constructor(_info?: SerializationInfo, _context?: StreamingContext) {}
  getObjectData(info: SerializationInfo): void {
    info.addValue('count', 2.5, 'Int64');
  }
}

const rootRecord = (bytes: Uint8Array): NrbfClassRecord => decodeNrbf(bytes)[0]!.root as NrbfClassRecord;

describe('NrbfFormatter.serialize', () => {
  it('writes .NET collections from arrays, Maps and Sets, as the members declare them', () => {
    const shared = Object.assign(new Node(), { Value: 7 });
    const h = Object.assign(new Holder(), {
      Ints: [1, 2, 3],
      Nodes: [shared, null, shared],
      Counts: new Map([['a', 1], ['b', 2]]),
      ById: new Map([[1, shared], [2, shared]]),
      Table: new Map<unknown, unknown>([['k', 1], [2, 'two'], [3n, null]]),
      Tags: new Set(['red', 'blue']),
      Items: [1, 'x', null, 2.5],
      Anything: 42,
      Bytes: new Uint8Array([1, 2, 255]),
      Stamp: new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6)),
    });
    const bytes = new NrbfFormatter().serialize(h);
    const rec = rootRecord(bytes);
    const typeOf = (member: string): string => (rec.values[rec.memberNames.indexOf(member)] as NrbfClassRecord).typeName;
    expect(typeOf('Ints')).toMatch(/^System\.Collections\.Generic\.List`1\[\[System\.Int32, mscorlib/);
    expect(typeOf('Counts')).toMatch(/^System\.Collections\.Generic\.Dictionary`2\[\[System\.String, mscorlib.*\],\[System\.Int32, mscorlib/);
    expect(typeOf('Table')).toBe('System.Collections.Hashtable');
    expect(typeOf('Tags')).toMatch(/^System\.Collections\.Generic\.HashSet`1/);
    expect(typeOf('Items')).toBe('System.Collections.ArrayList');

    const back = new NrbfFormatter().deserialize<Holder>(bytes);
    expect(back).toBeInstanceOf(Holder);
    expect(back.Ints).toEqual([1, 2, 3]);
    expect(back.Nodes[0]).toBeInstanceOf(Node);
    expect(back.Nodes[0]).toBe(back.Nodes[2]);
    expect(back.Nodes[1]).toBeNull();
    expect([...back.Counts]).toEqual([['a', 1], ['b', 2]]);
    expect(back.ById.get(1)).toBe(back.Nodes[0]);
    expect(back.ById.get(2)).toBe(back.Nodes[0]);
    expect([...back.Table]).toEqual([['k', 1], [2, 'two'], [3n, null]]);
    expect(back.Tags).toEqual(new Set(['red', 'blue']));
    expect(back.Items).toEqual([1, 'x', null, 2.5]);
    expect(back.Anything).toBe(42);
    expect(back.Bytes).toEqual(new Uint8Array([1, 2, 255]));
    // a Date is written as a Utc DateTime, which reads back as a DateTime
    expect(back.Stamp).toEqual(new DateTime(BigInt(Date.UTC(2024, 0, 2, 3, 4, 5, 6)) * 10_000n + 621_355_968_000_000_000n, DateTimeKind.Utc));
  });

  it('an `object` member holds each primitive with its own .NET type (MemberPrimitiveTyped)', () => {
    const cases: [unknown, string][] = [[5, 'Int32'], [2.5, 'Double'], [-0, 'Double'], [2 ** 31, 'Double'], [5n, 'Int64'], [1n << 63n, 'UInt64'], [true, 'Boolean']];
    for (const [v, type] of cases) {
      const bytes = new NrbfFormatter().serialize(Object.assign(new Shape(), { Corner: v }));
      const rec = rootRecord(bytes);
      expect(rec.memberTypes![0]).toEqual({ binaryType: 'Object' });
      expect(rec.values[0], String(v)).toMatchObject({ kind: 'primitive', primitiveType: type });
      expect(new NrbfFormatter().deserialize<Shape>(bytes).Corner).toBe(v);
    }
  });

  it('runs OnSerializing before the object is written and OnSerialized after the graph', () => {
    events.length = 0;
    const o = Object.assign(new WithCallbacks(), { Count: 1 });
    const back = new NrbfFormatter().deserialize<WithCallbacks>(new NrbfFormatter().serialize(o));
    expect(events).toEqual(['serializing 1', 'serialized 2', 'deserialized 2']);
    expect(back.Count).toBe(2);
  });

  it('writes a SetType singleton as its reference type, which reads back as the one instance', () => {
    const bytes = new NrbfFormatter().serialize(Object.assign(new Pair(), { First: Settings.Instance, Second: Settings.Instance }));
    const rec = rootRecord(bytes);
    const first = rec.values[0] as NrbfClassRecord;
    expect(first.typeName).toBe('Tests.SettingsReference');
    expect(first.memberNames).toEqual(['version']);
    expect(rec.values[1]).toBe(first);
    const back = new NrbfFormatter().deserialize<Pair>(bytes);
    expect(back.First).toBe(Settings.Instance);
    expect(back.Second).toBe(Settings.Instance);
  });

  it('writes through a surrogate, and the binder renames types', () => {
    const surrogate: ISerializationSurrogate = {
      getObjectData(o: object, info: SerializationInfo) {
        info.addValue('x', (o as Point).x);
        info.addValue('y', (o as Point).y);
      },
      setObjectData(o: object, info: SerializationInfo) {
        return Object.assign(o, { x: info.getInt32('x'), y: info.getInt32('y') });
      },
    };
    const selector = new SurrogateSelector();
    selector.addSurrogate(Point, new StreamingContext(StreamingContextStates.All), surrogate);
    const binder = new (class extends SerializationBinder {
      override bindToName(type: Function) {
        return type === Shape ? { assemblyName: 'Other, Version=2.0.0.0, Culture=neutral, PublicKeyToken=null', typeName: 'Other.Shape' } : undefined;
      }
      override bindToType(): Function | undefined {
        return undefined;
      }
    })();
    const f = new NrbfFormatter({ surrogateSelector: selector, binder });
    const bytes = f.serialize(Object.assign(new Shape(), { Corner: new Point(3, 4) }));
    const graph = decodeNrbf(bytes)[0]!;
    const rec = graph.root as NrbfClassRecord;
    expect(rec.typeName).toBe('Other.Shape');
    expect(rec.libraryName).toBe('Other, Version=2.0.0.0, Culture=neutral, PublicKeyToken=null');
    const corner = rec.values[0] as NrbfClassRecord;
    expect(corner.memberNames).toEqual(['x', 'y']);
    expect(corner.values).toEqual([3, 4]);
  });

  it('names members as .NET does: @DotNetName, and #private by its name', () => {
    const n = Object.assign(new Named(), { Name: 'n' });
    n.secret = 5;
    const rec = rootRecord(new NrbfFormatter().serialize(n));
    expect(rec.memberNames).toEqual(['<Name>k__BackingField', 'secret']);
    const back = new NrbfFormatter().deserialize<Named>(new NrbfFormatter().serialize(n));
    expect([back.Name, back.secret]).toEqual(['n', 5]);
  });

  it('a class imported from another file is found by its name (the bundler plugin sees one file at a time)', () => {
    const rec = rootRecord(new NrbfFormatter().serialize(Object.assign(new Wrapper(), { nodes: [new FixedNode('n', 1)] })));
    // null: the member's declared class, as .NET names it
    expect(rec.memberTypes![0]).toEqual({ binaryType: 'Class', typeName: 'WeftCorpus.FixedNode', libraryName: 'WeftCorpus, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null' });
    expect((rec.values[1] as NrbfClassRecord).typeName).toBe('System.Collections.Generic.List`1[[WeftCorpus.FixedNode, WeftCorpus, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null]]');
    // a type of another file that is no registered class fails, naming the member and what to do
    expect(() => new NrbfFormatter().serialize(new WithInterface())).toThrow(
      expect.objectContaining({ code: 'NO_DOTNET_TYPE', message: expect.stringContaining('Tests.WithInterface.view has the type InstanceView, imported from another file') }),
    );
  });

  it('an ISerializable entry is written as the .NET type addValue gives it, else as its value\'s', () => {
    const bytes = new NrbfFormatter().serialize(new Typed());
    const rec = rootRecord(bytes);
    expect(rec.memberNames).toEqual(['ids', 'count', 'ratio', 'boxed', 'inferred']);
    expect(rec.memberTypes).toEqual([
      { binaryType: 'PrimitiveArray', primitiveType: 'Int32' },
      { binaryType: 'Primitive', primitiveType: 'Int64' },
      { binaryType: 'Primitive', primitiveType: 'Double' },
      { binaryType: 'Object' },
      { binaryType: 'Primitive', primitiveType: 'Int32' },
    ]);
    expect(rec.values.slice(1, 3)).toEqual([3n, 2]);
    expect(new NrbfFormatter().deserialize<Typed>(bytes).ids).toEqual([1, 2, 3]);
    // checked like a member's value, the message naming the entry
    expect(() => new NrbfFormatter().serialize(new BadTyped())).toThrow(
      expect.objectContaining({ code: 'VALUE_OUT_OF_RANGE', message: expect.stringContaining('Tests.BadTyped.count is declared Int64') }),
    );
    // a .NET type that is no NetType is refused by addValue
    const info = new SerializationInfo(Typed);
    expect(() => info.addValue('x', 1, 'Integer' as 'Int32')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringContaining(`the .NET type of "x" must be a NetType`) }));
    expect(() => info.addValue('y', 1, { array: 'Int32', rank: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('writes several graphs to one stream, each its own message', () => {
    const stream = new MemoryStream();
    const f = new NrbfFormatter();
    const node = Object.assign(new Node(), { Value: 1 });
    f.serialize(stream, node);
    f.serialize(stream, 'text');
    f.serialize(stream, node);
    expect(decodeNrbf(stream.toArray())).toHaveLength(3);
    stream.position = 0;
    const a = f.deserialize<Node>(stream);
    expect(f.deserialize(stream)).toBe('text');
    const b = f.deserialize<Node>(stream);
    expect(a.Value).toBe(1);
    expect(b.Value).toBe(1);
    expect(a).not.toBe(b);
    expect(stream.position).toBe(stream.length);
  });

  it('writes a list of 10,000 nodes, their DateTimes past the inline depth included', () => {
    let head: Node | null = null;
    for (let i = 10_000; i >= 1; i--) head = Object.assign(new Node(), { Value: i, Next: head, When: new DateTime(BigInt(i)) });
    const back = new NrbfFormatter({ limits: { maxDepth: 20_000 } }).deserialize<Node>(new NrbfFormatter().serialize(head));
    let n = 0;
    let sum = 0;
    for (let p: Node | null = back; p !== null; p = p.Next) {
      n++;
      sum += p.Value;
      expect(p.When!.ticks).toBe(BigInt(p.Value));
    }
    expect([n, sum]).toEqual([10_000, 50_005_000]);
  });

  it('a shared DateTime instance is one value in each place it is written', () => {
    const when = new DateTime(5n, DateTimeKind.Local);
    const a = Object.assign(new Node(), { When: when });
    const b = Object.assign(new Node(), { When: when, Next: a });
    const back = new NrbfFormatter().deserialize<Node>(new NrbfFormatter().serialize(b));
    expect(back.When).toEqual(when);
    expect(back.Next!.When).toEqual(when);
  });
});
