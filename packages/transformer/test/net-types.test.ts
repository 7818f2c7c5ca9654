import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeClass } from '../src/analyze';
import { assemblyOf } from '../src/assembly';
import type { WeftDiagnosticError } from '../src/diagnostics';
import { findWeftImports, weftDecorators } from '../src/markers';
import type { NetType } from '../src/model';
import { parseDotNetType } from '../src/net-types';
import { SCRATCH, TYPESCRIPTS, compile } from './helpers';

// Each member's .NET type as the transformer models it (MemberModel.net), with a type checker
// (ts-patch, `weft schema`) and without (the bundler plugin, one file at a time).

const RUNTIME_SRC = path.resolve(__dirname, '../../runtime/src');
let counter = 0;

interface Analyzed {
  /** class → member → .NET type */
  nets: Record<string, Record<string, NetType | undefined>>;
  codes: number[];
  /** TypeScript's own errors in the fixture files */
  tsErrors: string[];
}

/**
 * Analyzes every @Serializable class of main.ts. `runtime`: 'source' resolves weft's modules to
 * the runtime's source (as this repo's tsconfig paths do); a directory path puts that directory
 * at node_modules/@weft/runtime (an installed package).
 */
function analyze(files: Record<string, string>, opts: { checker: boolean; version?: keyof typeof TYPESCRIPTS; runtime?: 'source' | { installed: Record<string, string> } }): Analyzed {
  const tsi = TYPESCRIPTS[opts.version ?? '6.0'] as unknown as typeof import('typescript');
  const dir = path.join(SCRATCH, `net${process.pid}_${counter++}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'net-fixture', type: 'module' }));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  const runtime = opts.runtime ?? 'source';
  if (runtime !== 'source') {
    for (const [name, text] of Object.entries(runtime.installed)) {
      const file = path.join(dir, 'node_modules/@weft/runtime', name);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
    }
  }
  const fileNames = Object.keys(files).map((n) => path.join(dir, n));
  let sources: import('typescript').SourceFile[];
  let checker: import('typescript').TypeChecker | undefined;
  const tsErrors: string[] = [];
  if (opts.checker) {
    const program = tsi.createProgram(fileNames, {
      target: tsi.ScriptTarget.ES2022,
      module: tsi.ModuleKind.ESNext,
      moduleResolution: tsi.ModuleResolutionKind.Bundler,
      strict: true,
      skipLibCheck: true,
      types: [],
      lib: ['lib.es2022.d.ts'],
      noEmit: true,
      paths: runtime === 'source' ? { '@weft/runtime': [`${RUNTIME_SRC}/index.ts`], '@weft/runtime/dotnet': [`${RUNTIME_SRC}/dotnet.ts`] } : undefined,
    });
    sources = fileNames.map((f) => program.getSourceFile(f)!);
    for (const sf of sources) for (const d of program.getSemanticDiagnostics(sf)) tsErrors.push(tsi.flattenDiagnosticMessageText(d.messageText, '\n'));
    checker = program.getTypeChecker();
  } else {
    sources = fileNames.map((f) => tsi.createSourceFile(f, fs.readFileSync(f, 'utf8'), tsi.ScriptTarget.ES2022, true));
  }
  const main = sources[0]!;
  const imports = findWeftImports(tsi, main)!;
  const nets: Analyzed['nets'] = {};
  const codes: number[] = [];
  const report = (err: WeftDiagnosticError) => codes.push(err.entry.code);
  for (const node of main.statements.filter(tsi.isClassDeclaration)) {
    const marker = weftDecorators(tsi, node, imports).find((d) => d.name === 'Serializable');
    if (!marker) continue;
    const model = analyzeClass({ ts: tsi, checker, imports, assemblyOf: (f) => assemblyOf(f.fileName), report }, node, marker.args);
    nets[model.className] = Object.fromEntries(model.members.map((m) => [m.name, m.net]));
  }
  return { nets, codes, tsErrors };
}

describe('@DotNetType grammar', () => {
  const accepted: [string, NetType][] = [
    ['int', 'Int32'],
    ['bool', 'Boolean'],
    ['byte', 'Byte'],
    ['sbyte', 'SByte'],
    ['char', 'Char'],
    ['short', 'Int16'],
    ['ushort', 'UInt16'],
    ['uint', 'UInt32'],
    ['long', 'Int64'],
    ['ulong', 'UInt64'],
    ['float', 'Single'],
    ['double', 'Double'],
    ['decimal', 'Decimal'],
    ['string', 'String'],
    ['object', 'Object'],
    ['Int32', 'Int32'],
    ['System.Int32', 'Int32'],
    ['System.DateTime', 'DateTime'],
    ['TimeSpan', 'TimeSpan'],
    ['System.Guid', 'Guid'],
    ['System.String', 'String'],
    ['System.Object', 'Object'],
    ['Hashtable', 'Hashtable'],
    ['System.Collections.Hashtable', 'Hashtable'],
    ['System.Collections.ArrayList', 'ArrayList'],
    ['int[]', { array: 'Int32' }],
    ['double[,]', { array: 'Double', rank: 2 }],
    ['byte[,,]', { array: 'Byte', rank: 3 }],
    ['int[][]', { array: { array: 'Int32' } }],
    // C# order: the first rank specifier is the outer array
    ['int[][,]', { array: { array: 'Int32', rank: 2 } }],
    ['int?', { nullable: 'Int32' }],
    ['System.DateTime?', { nullable: 'DateTime' }],
    ['int?[]', { array: { nullable: 'Int32' } }],
    ['Nullable<long>', { nullable: 'Int64' }],
    ['System.Nullable<System.Guid>', { nullable: 'Guid' }],
    ['List<int>', { list: 'Int32' }],
    ['System.Collections.Generic.List<string>', { list: 'String' }],
    ['List<List<int>>', { list: { list: 'Int32' } }],
    ['List<int>[]', { array: { list: 'Int32' } }],
    ['Dictionary<string, object>', { dictionary: ['String', 'Object'] }],
    ['HashSet<Guid>', { hashset: 'Guid' }],
    ['System.Collections.Generic.HashSet<int[]>', { hashset: { array: 'Int32' } }],
    ['System.Collections.Generic.Dictionary<string,List<int?>>', { dictionary: ['String', { list: { nullable: 'Int32' } }] }],
    ['  Dictionary < string , int [ , ] >  ', { dictionary: ['String', { array: 'Int32', rank: 2 }] }],
  ];
  it.each(accepted)('%j', (text, expected) => {
    expect(parseDotNetType(text)).toEqual(expected);
  });

  const rejected = ['', ' ', 'integer', 'Int', 'INT', 'System.int', 'Collections.Hashtable', 'System.List<int>', 'string?', 'int[]?', 'List<int>?', 'Nullable<string>',
    'List', 'List<>', 'List<int', 'List<int, int>', 'Dictionary<string>', 'HashSet<int, int>', 'int[', 'int]', 'int[;]', 'int int', 'Person', 'int.', 'System.Int32, mscorlib'];
  it.each(rejected)('rejects %j', (text) => {
    expect(parseDotNetType(text)).toBeUndefined();
  });
});

const dotnetTypes = `import { DotNetType, Serializable } from '@weft/runtime';
import type { Byte, SByte, Int16, UInt16, Int32, UInt32, Int64, UInt64, Single, Double, Char, TimeSpan, Guid, Nullable, List, Dictionary, Hashtable, ArrayList } from '@weft/runtime/dotnet';
import { DateTime, Decimal, type Int32 as Whole } from '@weft/runtime/dotnet';
import * as dn from '@weft/runtime/dotnet';
import type { Age } from './types';
import { Line } from './line';
`;

describe('.NET types of a dotnet class, with and without a type checker', () => {
  const main = `${dotnetTypes}
type Count = Int32;
type Counts = List<Count>;
@Serializable({ name: 'shop.Local' }) class Local { a: string = ''; }
@Serializable({ dotnet: true })
class All {
  byte!: Byte; sbyte!: SByte; int16!: Int16; uint16!: UInt16; int32!: Int32; uint32!: UInt32; int64!: Int64; uint64!: UInt64;
  single!: Single; double!: Double; char!: Char; timeSpan!: TimeSpan; guid!: Guid; dateTime!: DateTime; decimal!: Decimal;
  hashtable!: Hashtable; arrayList!: ArrayList; renamed!: Whole; qualified!: dn.Int64;
  list!: List<Int32>; dict!: Dictionary<string, Double>; nullable!: Nullable<Int32>; nullableDate!: Nullable<DateTime>;
  string!: string; boolean!: boolean; bigint!: bigint; unknown!: unknown; any!: any; object!: object; date!: Date;
  u8!: Uint8Array; i8!: Int8Array; i16!: Int16Array; u16!: Uint16Array; i32!: Int32Array; u32!: Uint32Array;
  f32!: Float32Array; f64!: Float64Array; i64!: BigInt64Array; u64!: BigUint64Array;
  strings!: string[]; readonlyInts!: readonly Int32[]; arrayOf!: Array<Date>; readonlyArrayOf!: ReadonlyArray<boolean>;
  jagged!: Int32[][]; map!: Map<string, Int32>; readonlyMap!: ReadonlyMap<Int64, string>; set!: Set<Guid>; readonlySet!: ReadonlySet<Int32>;
  listOfClasses!: List<Local>;
  optional?: Int32; orNull!: Int32 | null | undefined; parenthesized!: (Int32 | null)[];
  self!: All | null; local!: Local; count!: Count; counts!: Counts;
  @DotNetType('int[,]') grid!: number[][];
  @DotNetType('long') overrides!: string;
  age!: Age; line!: Line | null; lines!: Line[];
  text = ''; template = \`t\`; flag = false; serial = 0n; negative = -1n;
}`;
  const types = `import type { Int32 } from '@weft/runtime/dotnet';\ntype Years = Int32;\nexport type Age = Years;\n`;
  const line = `import { Serializable } from '@weft/runtime';\n@Serializable({ name: 'shop.Line', assembly: 'Shop' })\nexport class Line { sku: string = ''; }\n`;
  const both = (net: NetType): [NetType, NetType] => [net, net];
  // member → [with a checker, without]
  const expected: Record<string, [NetType | undefined, NetType | undefined]> = {
    byte: both('Byte'), sbyte: both('SByte'), int16: both('Int16'), uint16: both('UInt16'), int32: both('Int32'), uint32: both('UInt32'),
    int64: both('Int64'), uint64: both('UInt64'), single: both('Single'), double: both('Double'), char: both('Char'), timeSpan: both('TimeSpan'),
    guid: both('Guid'), dateTime: both('DateTime'), decimal: both('Decimal'), hashtable: both('Hashtable'), arrayList: both('ArrayList'),
    renamed: both('Int32'), qualified: both('Int64'),
    list: both({ list: 'Int32' }), dict: both({ dictionary: ['String', 'Double'] }), nullable: both({ nullable: 'Int32' }), nullableDate: both({ nullable: 'DateTime' }),
    string: both('String'), boolean: both('Boolean'), bigint: both('Int64'), unknown: both('Object'), any: both('Object'), object: both('Object'), date: both('DateTime'),
    u8: both({ array: 'Byte' }), i8: both({ array: 'SByte' }), i16: both({ array: 'Int16' }), u16: both({ array: 'UInt16' }), i32: both({ array: 'Int32' }),
    u32: both({ array: 'UInt32' }), f32: both({ array: 'Single' }), f64: both({ array: 'Double' }), i64: both({ array: 'Int64' }), u64: both({ array: 'UInt64' }),
    strings: both({ array: 'String' }), readonlyInts: both({ array: 'Int32' }), arrayOf: both({ array: 'DateTime' }), readonlyArrayOf: both({ array: 'Boolean' }),
    jagged: both({ array: { array: 'Int32' } }), map: both({ dictionary: ['String', 'Int32'] }), readonlyMap: both({ dictionary: ['Int64', 'String'] }),
    set: both({ hashset: 'Guid' }), readonlySet: both({ hashset: 'Int32' }), listOfClasses: both({ list: { class: 'shop.Local', assembly: 'net-fixture' } }),
    optional: both('Int32'), orNull: both('Int32'), parenthesized: both({ array: 'Int32' }),
    self: both({ class: 'All', assembly: 'net-fixture' }), local: both({ class: 'shop.Local', assembly: 'net-fixture' }),
    count: both('Int32'), counts: both({ list: 'Int32' }),
    grid: both({ array: 'Int32', rank: 2 }), overrides: both('Int64'),
    // another file's types: only a checker sees into them; without one, an imported name is a
    // class known by that name only, which the runtime finds among registered classes (or refuses)
    age: ['Int32', { class: 'Age', assembly: '' }],
    line: [{ class: 'shop.Line', assembly: 'Shop' }, { class: 'Line', assembly: '' }],
    lines: [{ array: { class: 'shop.Line', assembly: 'Shop' } }, { array: { class: 'Line', assembly: '' } }],
    // unannotated: a literal initializer
    text: both('String'), template: both('String'), flag: both('Boolean'), serial: both('Int64'), negative: both('Int64'),
  };

  for (const version of Object.keys(TYPESCRIPTS) as (keyof typeof TYPESCRIPTS)[]) {
    for (const checker of [true, false]) {
      it(`TypeScript ${version}, ${checker ? 'with' : 'without'} a checker`, () => {
        const r = analyze({ 'main.ts': main, 'types.ts': types, 'line.ts': line }, { checker, version });
        expect(r.tsErrors).toEqual([]);
        expect(r.codes).toEqual([]);
        expect(Object.keys(r.nets.All!)).toEqual(Object.keys(expected));
        for (const [member, nets] of Object.entries(expected)) expect(r.nets.All![member], member).toEqual(nets[checker ? 0 : 1]);
      });
    }
  }
});

describe('members with no single .NET type', () => {
  const main = `${dotnetTypes}
interface Shape { w: Int32 }
class Plain { x: Int32 = 0; }
type Box<T> = T;
enum Color { Red }
@Serializable({ dotnet: true })
class Bad {
  number!: number; numbers!: Int32[] | number[]; either!: string | Int32; nullableString!: Nullable<string>; set!: Set<number>;
  shape!: Shape; plain!: Plain; generic!: Box<Int32>; color!: Color; tuple!: [Int32, Int32]; literal!: 'a' | 'b';
  mapOfNumbers!: Map<string, number>; untyped = 0; fn!: () => void; made = new Date(); nothing;
}`;
  for (const checker of [true, false]) {
    it(`have none, and each is reported (${checker ? 'with' : 'without'} a checker)`, () => {
      const r = analyze({ 'main.ts': main, 'types.ts': 'export type Age = number;\n', 'line.ts': 'export class Line {}\n' }, { checker });
      expect(r.nets.Bad).toEqual(Object.fromEntries(Object.keys(r.nets.Bad!).map((k) => [k, undefined])));
      expect(Object.keys(r.nets.Bad!)).toHaveLength(16);
      // (also 91001 for the function type, and with a checker 91010 for the unmarked class Plain)
      expect(r.codes.filter((c) => c === 91014)).toHaveLength(16);
    });
  }
});

describe('classes that are not dotnet record a .NET type only where the code names one', () => {
  const main = `${dotnetTypes}
type Count = Int32;
@Serializable()
class Plain {
  id: Int32 = 0; ids: Int32[] = []; byName: Map<string, Int32> = new Map(); count: Count = 0; age!: Age; when: DateTime | null = null;
  @DotNetType('long') serial = 0;
  name = ''; label: string = ''; total: number = 0; at: Date = new Date(); bytes = new Uint8Array(); line: Line | null = null; me: Plain | null = null; plainTs: string[] = [];
}`;
  const types = `import type { Int32 } from '@weft/runtime/dotnet';\nexport type Age = Int32;\n`;
  const line = `import { Serializable } from '@weft/runtime';\n@Serializable() export class Line {}\n`;
  for (const checker of [true, false]) {
    it(checker ? 'with a checker' : 'without a checker', () => {
      const r = analyze({ 'main.ts': main, 'types.ts': types, 'line.ts': line }, { checker });
      expect(r.codes).toEqual([]);
      expect(r.nets.Plain).toEqual({
        id: 'Int32', ids: { array: 'Int32' }, byName: { dictionary: ['String', 'Int32'] }, count: 'Int32', age: checker ? 'Int32' : undefined, when: 'DateTime',
        serial: 'Int64',
        name: undefined, label: undefined, total: undefined, at: undefined, bytes: undefined, line: undefined, me: undefined, plainTs: undefined,
      });
    });
  }
});

describe('the checker follows weft types however the user reaches them', () => {
  const barrel = `export type { Int32 as Whole, List } from '@weft/runtime/dotnet';\nexport { DateTime } from '@weft/runtime/dotnet';\n`;
  const main = `import { Serializable } from '@weft/runtime';
import { type Whole, type List, DateTime as When } from './barrel';
import type * as models from './models';
@Serializable({ dotnet: true })
class Reexported { whole!: Whole; list!: List<Whole>; when!: When; order!: models.Order; }`;
  const models = `import { Serializable } from '@weft/runtime';\n@Serializable({ assembly: 'Models' }) export class Order {}\n`;
  const expected = { whole: 'Int32', list: { list: 'Int32' }, when: 'DateTime', order: { class: 'Order', assembly: 'Models' } };

  it("re-exported from a user module, resolved to the runtime's source", () => {
    const r = analyze({ 'main.ts': main, 'barrel.ts': barrel, 'models.ts': models }, { checker: true });
    expect(r.tsErrors).toEqual([]);
    expect(r.codes).toEqual([]);
    expect(r.nets.Reexported).toEqual(expected);
  });

  it('re-exported from an installed @weft/runtime (node_modules, declaration files)', () => {
    const installed = {
      'package.json': JSON.stringify({ name: '@weft/runtime', type: 'module', exports: { '.': { types: './dist/index.d.ts' }, './dotnet': { types: './dist/dotnet.d.ts' } } }),
      'dist/index.d.ts': 'export declare function Serializable(options?: { dotnet?: boolean; assembly?: string }): (c: unknown, ctx: unknown) => void;\n',
      'dist/dotnet.d.ts': "export type Int32 = number;\nexport type List<T> = T[];\nexport { DateTime } from './values.js';\n",
      'dist/values.d.ts': 'export declare class DateTime { private constructor(); }\n',
    };
    const r = analyze({ 'main.ts': main, 'barrel.ts': barrel, 'models.ts': models }, { checker: true, runtime: { installed } });
    expect(r.tsErrors).toEqual([]);
    expect(r.nets.Reexported).toEqual(expected);
  });

  it('without a checker, an imported name is a class known by that name only; an imported generic is left alone (neither reported)', () => {
    const r = analyze({ 'main.ts': main, 'barrel.ts': barrel, 'models.ts': models }, { checker: false });
    expect(r.codes).toEqual([]);
    expect(r.nets.Reexported).toEqual({
      whole: { class: 'Whole', assembly: '' },
      list: undefined,
      when: { class: 'DateTime', assembly: '' },
      order: { class: 'Order', assembly: '' },
    });
  });

  it('a type alias cycle ends as unknown', () => {
    const r = analyze({ 'main.ts': `${dotnetTypes}\ntype Nested = Nested[];\n@Serializable({ dotnet: true }) class Loop { n!: Nested; }` , 'types.ts': 'export type Age = 1;\n', 'line.ts': 'export class Line {}\n' }, { checker: true });
    expect(r.nets.Loop).toEqual({ n: undefined });
    expect(r.codes).toEqual([91014]);
  });
});

describe('generated code', () => {
  const source = `import { Serializable } from '@weft/runtime';
import type { Int32, Dictionary } from '@weft/runtime/dotnet';
import { Customer } from './customer';
@Serializable({ dotnet: true })
export class Order {
  id: Int32 = 0;
  customer: Customer | null = null;
  grid: Int32[][] = [];
  totals: Dictionary<string, Int32> = new Map();
}
@Serializable()
export class Note { text = ''; at: Date = new Date(); }`;
  const customer = `import { Serializable } from '@weft/runtime';\n@Serializable({ name: 'shop.Customer' }) export class Customer {}\n`;

  it('declares each member\'s .NET type; other classes\' members stay as they were', () => {
    const { js, diagnostics } = compile(source, { checker: true, extra: { 'customer.ts': customer } });
    expect(diagnostics).toEqual([]);
    expect(js).toMatch(/\{ name: "id"(, kind: \d)?, net: "Int32" \}/);
    expect(js).toMatch(/\{ name: "customer", kind: 5, net: \{ class: "shop.Customer", assembly: "fixture-app" \} \}/);
    expect(js).toMatch(/\{ name: "grid", kind: 6, net: \{ array: \{ array: "Int32" \} \} \}/);
    expect(js).toMatch(/\{ name: "totals"(, kind: \d)?, net: \{ dictionary: \["String", "Int32"\] \} \}/);
    expect(js).toContain('{ name: "text", kind: 2 },');
    expect(js).toContain('{ name: "at", kind: 5 }\n');
  });
});
