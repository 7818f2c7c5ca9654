import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BinaryFormatter, JsonFormatter, MemoryStream, Serializable } from '@weft/runtime';
import { Base } from './fixtures/layout/src/base.js';
import { Leaf, Middle } from './fixtures/layout/src/model.js';

// These tests run the built command (pnpm run build first), exactly as a user runs `weft`.
const here = path.dirname(fileURLToPath(import.meta.url));
const cli = path.resolve(here, '../../dist/cli.js');
const fixtures = path.join(here, 'fixtures');

function weft(args: string[], input?: Uint8Array | string): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { input, encoding: 'utf8', timeout: 120_000 }); // a hang guard, not a time limit
  return { code: r.status, out: r.stdout, err: r.stderr };
}

@Serializable({ name: 'cli.Customer' })
class Customer {
  constructor(
    public id: number,
    public name: string,
  ) {}
}

@Serializable({ name: 'cli.Order' })
class Order {
  constructor(
    public id: number,
    public customer: Customer,
  ) {}
}

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-cli-'));
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('weft --help and usage errors', () => {
  it('prints help with the exit codes', () => {
    const r = weft(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('weft inspect FILE|-');
    expect(r.out).toContain('Exit codes:');
    expect(weft(['compat', '--help']).out).toContain('required member was added');
    expect(weft(['help', 'schema']).out).toContain('Usage: weft schema');
  });

  it('usage errors exit 2 and say what to do', () => {
    const r = weft(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('weft --help');
    expect(weft([]).code).toBe(2);
    expect(weft(['inspect']).code).toBe(2);
    expect(weft(['inspect', 'x', '--bogus']).code).toBe(2);
    expect(weft(['compat', 'a.json']).code).toBe(2);
  });
});

describe('weft inspect', () => {
  const f = new BinaryFormatter();
  const c = new Customer(1, 'Ada');
  const ms = new MemoryStream();
  f.serialize(ms, [new Order(10, c), new Order(11, c)]);
  f.serialize(ms, { when: new Date(0), n: 5n, hole: [1, , 3] });
  const data = ms.toArray();

  it('prints every graph of a file as text: types, members, ids and references', () => {
    const file = path.join(tmp, 'orders.bin');
    fs.writeFileSync(file, data);
    const r = weft(['inspect', file]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('graph 1 ');
    expect(r.out).toContain('graph 2 ');
    expect(r.out).toMatch(/cli\.Order\s+\{ id: number, customer: (any|object) \}/);
    expect(r.out).toContain('#2 @weft/transformer:cli.Customer');
    expect(r.out).toContain('customer: → #2');
    expect(r.out).toContain('name: "Ada"');
    expect(r.out).toContain('n: 5n');
    expect(r.out).toContain('[1]: <empty>');
  });

  it('--json prints weft JSON documents that JsonFormatter reads back', () => {
    const r = weft(['inspect', '-', '--json'], data);
    expect(r.code).toBe(0);
    const docs = r.out.split(/\n(?=\{)/);
    expect(docs).toHaveLength(2);
    const json = new JsonFormatter();
    const orders = json.deserialize<Order[]>(docs[0]!);
    expect(orders[0]).toBeInstanceOf(Order);
    expect(orders[1]!.customer).toBe(orders[0]!.customer);
    expect(JSON.parse(docs[1]!).root.n).toEqual({ $bigint: '5' });
  });

  it('invalid data exits 1 with the offset and code; a missing file exits 3', () => {
    const r = weft(['inspect', '-'], data.subarray(0, data.length - 3));
    expect(r.code).toBe(1);
    expect(r.out).toContain('graph 1 ');
    expect(r.err).toMatch(/graph 2 \(starting at byte \d+\) is not valid weft data at byte \d+: TRUNCATED/);
    const garbage = weft(['inspect', '-'], new Uint8Array([0x57, 0x46, 1, 0, 2, 0, 0, 0, 0x1f, 0x1f]));
    expect(garbage.code).toBe(1);
    expect(garbage.err).toContain('INVALID_TAG');
    expect(weft(['inspect', '-'], '{"$weft":1}').err).toContain('weft JSON');
    const missing = weft(['inspect', path.join(tmp, 'nope.bin')]);
    expect(missing.code).toBe(3);
    expect(missing.err).toContain('does not exist');
  });
});

describe('weft inspect of .NET BinaryFormatter (MS-NRBF) streams', () => {
  const corpus = path.resolve(here, '../../../runtime/test/nrbf/mono-corpus');
  const bin = (name: string): string => path.join(corpus, `${name}.bin`);

  it('detects NRBF by its header and prints the record tree: types, typed members, references', () => {
    const r = weft(['inspect', bin('graph')]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^graph 1 \(bytes 0\.\.845, 846 bytes\): \.NET BinaryFormatter \(MS-NRBF\) message, root #1\n/);
    expect(r.out).toContain('#2 WeftCorpus, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null');
    expect(r.out).toContain('#1 WeftCorpus.Department (WeftCorpus) [ClassWithMembersAndTypes]');
    expect(r.out).toContain('Name: String = "Engineering"');
    expect(r.out).toContain('Head: #4 WeftCorpus.Employee (WeftCorpus) [ClassWithMembersAndTypes]');
    // the cycle: every employee's Department is the root, printed once
    expect(r.out.match(/Department: Class WeftCorpus\.Department = → #1$/gm)).toHaveLength(3);
    expect(r.out).toContain('Manager: Class WeftCorpus.Employee = → #4');
    expect(r.out).toContain('_size: Int32 = 2');
    // standard input works the same
    expect(weft(['inspect', '-'], fs.readFileSync(bin('graph'))).out).toBe(r.out);
  });

  it('prints every message of a stream and the shape of each array', () => {
    const multi = weft(['inspect', bin('multi')]);
    expect(multi.code).toBe(0);
    expect(multi.out.match(/^graph \d+ /gm)).toEqual(['graph 1 ', 'graph 2 ', 'graph 3 ', 'graph 4 ']);
    expect(multi.out).toContain('#1 "first graph"');
    expect(multi.out).toContain('#1 WeftCorpus.Leaf (WeftCorpus) [ClassWithMembersAndTypes]');
    const arrays = weft(['inspect', bin('arrays')]);
    expect(arrays.code).toBe(0);
    expect(arrays.out).toContain('Grid: #8 Array of Int32: Rectangular, rank 2, lengths [2, 3], lowerBounds [0, 0] [BinaryArray]');
    expect(arrays.out).toContain('[1,2]: 6');
    expect(arrays.out).toContain('Offset: #10 Array of Int32: SingleOffset, rank 1, lengths [3], lowerBounds [5] [BinaryArray]');
    expect(arrays.out).toMatch(/^ +\[5\]: 50$/m);
    expect(arrays.out).toContain('[2]: 1234567890123 (Int64)');
  });

  it('--json prints one JSON document per message: records by id, root id, libraries, tagged values', () => {
    const r = weft(['inspect', bin('multi'), '--json']);
    expect(r.code).toBe(0);
    const docs = r.out.split(/\n(?=\{)/).map((d) => JSON.parse(d) as Record<string, any>);
    expect(docs).toHaveLength(4);
    expect(docs.map((d) => d.graph)).toEqual([1, 2, 3, 4]);
    expect(docs[0]).toMatchObject({ format: 'MS-NRBF', rootId: 1, root: { ref: 1 }, records: { 1: { kind: 'string', value: 'first graph' } } });
    expect(docs[1]!.records['1']).toMatchObject({ kind: 'array', elements: { primitive: 'Int32', values: [1, 2, 3] } });
    const graph = JSON.parse(weft(['inspect', '-', '--json'], fs.readFileSync(bin('graph'))).out) as Record<string, any>;
    expect(graph.libraries).toEqual({ 2: 'WeftCorpus, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null' });
    expect(graph.records['1']).toMatchObject({ kind: 'class', typeName: 'WeftCorpus.Department' });
    expect(graph.records['4'].members[1]).toMatchObject({ name: 'Department', value: { ref: 1 } });
    const prims = JSON.parse(weft(['inspect', bin('primitives'), '--json']).out) as Record<string, any>;
    const int64 = (prims.records['1'].members as { name: string; value: unknown }[]).find((m) => m.name === 'Int64Min');
    expect(int64!.value).toEqual({ primitive: 'Int64', value: '-9223372036854775808' });
  });

  it('invalid NRBF data exits 1 with the graph, the offset and the code, after the messages that could be read', () => {
    const data = fs.readFileSync(bin('multi'));
    const cut = weft(['inspect', '-'], data.subarray(0, data.length - 5));
    expect(cut.code).toBe(1);
    expect(cut.out.match(/^graph \d+ /gm)).toEqual(['graph 1 ', 'graph 2 ', 'graph 3 ']);
    expect(cut.err).toMatch(/^weft: graph 4 \(starting at byte 216\) is not valid \.NET BinaryFormatter \(MS-NRBF\) data at byte \d+: INVALID_LENGTH: /);
    expect(cut.err).not.toContain('(at byte');
    const graph = Buffer.from(fs.readFileSync(bin('graph')));
    graph[17] = 0x63; // the root's record type byte: no record type
    const bad = weft(['inspect', '-', '--json'], graph);
    expect(bad.code).toBe(1);
    expect(bad.out).toBe('');
    expect(bad.err).toMatch(/^weft: graph 1 \(starting at byte 0\) is not valid \.NET BinaryFormatter \(MS-NRBF\) data at byte 17: INVALID_TAG: record type 99 is not allowed/);
    const header = weft(['inspect', '-'], new Uint8Array([0, 1, 0, 0, 0]));
    expect(header.code).toBe(1);
    expect(header.err).toContain('is not valid .NET BinaryFormatter (MS-NRBF) data');
  });

  it('help says inspect reads MS-NRBF', () => {
    expect(weft(['--help']).out).toContain('.NET BinaryFormatter (MS-NRBF)');
    expect(weft(['inspect', '--help']).out).toContain('MS-NRBF');
  });
});

describe('weft inspect of compact-mode frames', () => {
  it('reads them with --layouts from weft schema; without, names the first type and says what to pass', () => {
    const data = new BinaryFormatter({ layouts: 'fingerprint' }).serialize([new Leaf(), new Middle()]);
    const file = path.join(tmp, 'compact.bin');
    fs.writeFileSync(file, data);
    const bare = weft(['inspect', file]);
    expect(bare.code).toBe(1);
    expect(bare.err).toContain('UNKNOWN_LAYOUT');
    expect(bare.err).toMatch(/type "layout\.(Leaf|Middle)"/);
    expect(bare.err).toContain('--layouts');
    const schemaFile = path.join(tmp, 'layout-schema.json');
    expect(weft(['schema', path.join(fixtures, 'layout', 'tsconfig.json'), '-o', schemaFile]).code).toBe(0);
    const r = weft(['inspect', file, '--layouts', schemaFile]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('cli-layout-fixture:layout.Leaf');
    // the same text as the self-describing frame of the same graph (the schema's kinds come
    // from the type checker, which calls `extra: Date` an object where this test's build says any)
    const full = path.join(tmp, 'full.bin');
    fs.writeFileSync(full, new BinaryFormatter().serialize([new Leaf(), new Middle()]));
    const norm = (text: string) => text.replace(/\d+ bytes/g, '').replace(/bytes \d+\.\.\d+/, '').replace(/: object\b/g, ': any');
    expect(norm(r.out)).toBe(norm(weft(['inspect', full]).out));
    const bad = weft(['inspect', file, '--layouts', path.join(fixtures, 'v1', 'tsconfig.json')]);
    expect(bad.code).toBe(3);
  });
});

describe('weft schema and weft compat', () => {
  it('writes the wire layout of every serializable type from the TypeScript sources', () => {
    const r = weft(['schema', path.join(fixtures, 'v1', 'tsconfig.json')]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.out) as { weftSchema: number; types: { identity: string; base: string | null; members: { name: string; kind: string; declaredType: string; optional: boolean; declaredBy: string }[] }[] };
    expect(schema.weftSchema).toBe(1);
    expect(schema.types.map((t) => t.identity)).toEqual(['cli-fixture:Base', 'cli-fixture:Derived', 'cli-fixture:Dropped', 'cli-fixture:Order', 'cli-fixture:shop.Customer']);
    const customer = schema.types.find((t) => t.identity === 'cli-fixture:shop.Customer')!;
    expect(customer.members.map((m) => m.name)).toEqual(['id', 'name', '#secret']);
    const derived = schema.types.find((t) => t.identity === 'cli-fixture:Derived')!;
    expect(derived.base).toBe('cli-fixture:Base');
    expect(derived.members.map((m) => `${m.declaredBy}.${m.name}`)).toEqual(['Base.a', 'Derived.b']);
    const order = schema.types.find((t) => t.identity === 'cli-fixture:Order')!;
    expect(order.members.find((m) => m.name === 'customer')!.declaredType).toBe('Customer');
    expect(order.members.find((m) => m.name === 'lines')!.declaredType).toBe('string[]');
  });

  it('lists each member under the name the writer gives it, with the type of its own declaration', () => {
    const r = weft(['schema', path.join(fixtures, 'layout', 'tsconfig.json')]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.out) as { types: { identity: string; members: { name: string; declaredType: string; declaredBy: string }[] }[] };
    const leaf = schema.types.find((t) => t.identity === 'cli-layout-fixture:layout.Leaf')!;
    expect(leaf.members.map((m) => `${m.declaredBy}:${m.name}:${m.declaredType}`)).toEqual([
      'Base:id:number',
      'Base:#secret:string',
      'Base:quoted key:string',
      'Base:42:number',
      'Base:computed:boolean',
      'Base:note:string | undefined',
      'Base:owner:string',
      'Base:count:bigint',
      'Middle:Middle.#secret:number',
      'Middle:extra:Date',
      'Leaf:layout.Leaf.#secret:bigint',
      'Leaf:list:Middle[]',
    ]);
    // The same classes, compiled by weft and written by the runtime: every type's member list
    // on the wire is the one the schema promises.
    const doc = JSON.parse(new JsonFormatter().serializeToString([new Leaf(), new Middle(), new Base()])) as { types: Record<string, { assembly: string; name: string; members: [string, string][] }> };
    const written = Object.values(doc.types).filter((t) => t.assembly === 'cli-layout-fixture');
    expect(written).toHaveLength(3);
    for (const t of written) {
      const promised = schema.types.find((s) => s.identity === `${t.assembly}:${t.name}`)!;
      expect(t.members.map(([name]) => name), t.name).toEqual(promised.members.map((m) => m.name));
    }
  });

  it("lists each member's .NET type: all of a dotnet class's, elsewhere where the code names one", () => {
    const r = weft(['schema', path.join(fixtures, 'dotnet', 'tsconfig.json')]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.out) as { types: { identity: string; members: { name: string; net?: unknown }[] }[] };
    const nets = (identity: string) => schema.types.find((t) => t.identity === identity)!.members.map((m) => [m.name, m.net]);
    expect(nets('Shop:Shop.Order')).toEqual([
      ['id', 'Int32'],
      ['note', 'String'],
      ['lines', { list: { class: 'Shop.Line', assembly: 'Shop' } }],
    ]);
    expect(nets('Shop:Shop.Line')).toEqual([
      ['quantity', 'Int32'],
      ['price', undefined],
    ]);
  });

  it('compat exits 1 on every change that breaks old data, 0 when compatible', () => {
    const v1 = path.join(tmp, 'v1.json');
    const v2 = path.join(tmp, 'v2.json');
    expect(weft(['schema', path.join(fixtures, 'v1', 'tsconfig.json'), '-o', v1]).code).toBe(0);
    expect(weft(['schema', path.join(fixtures, 'v2', 'tsconfig.json'), '--out', v2]).code).toBe(0);
    const r = weft(['compat', v1, v2]);
    expect(r.code).toBe(1);
    const breaking = r.out.split('\n').filter((l) => l.startsWith('BREAKING'));
    expect(breaking).toHaveLength(4);
    expect(r.out).toContain('required member "email" added');
    expect(r.out).toContain('member "id" changed kind from number');
    expect(r.out).toContain('identity changed to cli-fixture:shop.Derived');
    expect(r.out).toContain('type removed: old data containing cli-fixture:Dropped');
    expect(r.out).toMatch(/note +cli-fixture:shop\.Customer: optional member "phone" added/);
    expect(weft(['compat', v1, v1]).code).toBe(0);
    // Going back from v2 to v1: removed members are only notes, the renamed identity and the kind still break.
    const back = weft(['compat', v2, v1]);
    expect(back.code).toBe(1);
    expect(back.out).toContain('identity changed to cli-fixture:Derived');
    expect(back.out).toMatch(/note +cli-fixture:shop\.Customer: member "email" removed/);
    expect(back.out).toContain('2 breaking changes');
  });

  it('compat: an @OptionalField member that became required breaks data stored without it', () => {
    const member = (optional: boolean) => ({ name: 'notes', kind: 'string', declaredType: 'string', optional, versionAdded: optional ? 2 : null, declaredBy: 'Doc' });
    const schema = (optional: boolean) => ({ weftSchema: 1, types: [{ identity: 'a:Doc', assembly: 'a', name: 'Doc', class: 'Doc', file: 'doc.ts', kind: 'fields', base: null, members: [member(optional)] }] });
    const before = path.join(tmp, 'optional.json');
    const after = path.join(tmp, 'required.json');
    fs.writeFileSync(before, JSON.stringify(schema(true)));
    fs.writeFileSync(after, JSON.stringify(schema(false)));
    const r = weft(['compat', before, after]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^BREAKING +a:Doc: member "notes" is no longer @OptionalField\(\)/m);
    // The other way round (required -> optional) accepts more data: compatible.
    expect(weft(['compat', after, before]).code).toBe(0);
  });

  it('compat: object, array and object[] members hold objects alike (a change among them is a note); to number breaks', () => {
    const schema = (kind: string, declaredType: string) => ({
      weftSchema: 1,
      types: [{ identity: 'a:Doc', assembly: 'a', name: 'Doc', class: 'Doc', file: 'doc.ts', kind: 'fields', base: null, members: [{ name: 'parts', kind, declaredType, optional: false, versionAdded: null, declaredBy: 'Doc' }] }],
    });
    const file = (name: string, kind: string, declaredType: string) => {
      const p = path.join(tmp, `${name}.json`);
      fs.writeFileSync(p, JSON.stringify(schema(kind, declaredType)));
      return p;
    };
    const object = file('kind-object', 'object', 'Part');
    const objects = file('kind-objects', 'object[]', 'Part[]');
    const array = file('kind-array', 'array', 'number[]');
    const number = file('kind-number', 'number', 'number');
    for (const [a, b] of [[object, objects], [objects, array], [array, object]] as const) {
      const r = weft(['compat', a, b]);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/note +a:Doc: member "parts" changed kind from .* read member by member/);
    }
    expect(weft(['compat', objects, number]).code).toBe(1);
  });

  it('unreadable inputs exit 3 with a hint', () => {
    const bad = path.join(tmp, 'bad.json');
    fs.writeFileSync(bad, '{"not":"a schema"}');
    const r = weft(['compat', bad, bad]);
    expect(r.code).toBe(3);
    expect(r.err).toContain('weft schema');
    expect(weft(['schema', path.join(tmp, 'none', 'tsconfig.json')]).code).toBe(3);
  });
});
