import { describe, expect, it } from 'vitest';
import { Diagnostics } from '../src/diagnostics';
import { compile } from './helpers';

// One test per catalogued diagnostic code: each misuse is reported as a TypeScript error with
// its stable code, on the right file and line, on the checker path (ts-patch) and, where the
// syntax suffices, on the per-file path (bundler) too.
const header = `import { DotNetName, DotNetType, NonSerialized, OnDeserialized, OnDeserializing, OnSerializing, OptionalField, Serializable, SerializationInfo, StreamingContext, type ISerializable } from '@weft/runtime';
import type { Double, Int32, List } from '@weft/runtime/dotnet';\n`;

function diags(body: string, opts: { checker?: boolean; extra?: Record<string, string> } = {}) {
  return compile(header + body, { checker: opts.checker ?? true, extra: opts.extra }).diagnostics;
}

/** 1-based line of the first line containing `marker` (header is line 1). */
function lineOf(body: string, marker: string): number {
  return (header + body).split('\n').findIndex((l) => l.includes(marker)) + 1;
}

describe('weft diagnostics catalogue', () => {
  it('codes are unique and stable', () => {
    const codes = Object.values(Diagnostics).map((d) => d.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(Diagnostics.UnserializableMemberType.code).toBe(91001);
    expect(Diagnostics.UnmarkedMemberClass.code).toBe(91010);
    expect(Diagnostics.OptionalFieldInitializer.code).toBe(91011);
    expect(Diagnostics.DotNetNameArgument.code).toBe(91012);
    expect(Diagnostics.DotNetNameNotSerialized.code).toBe(91013);
    expect(Diagnostics.NetTypeUnknown.code).toBe(91014);
    expect(Diagnostics.DotNetTypeArgument.code).toBe(91015);
    expect(Diagnostics.DotNetTypeNotSerialized.code).toBe(91016);
    expect(Diagnostics.DotNetOption.code).toBe(91017);
    expect(Diagnostics.IdentityOption.code).toBe(91018);
  });

  describe('91001 UnserializableMemberType', () => {
    const body = `@Serializable()
class Job {
  onDone: () => void = () => {}; // FN
  key: symbol = Symbol(); // SYM
  cache = new WeakMap<object, number>(); // WEAK
  pending: Promise<number> | null = null; // PROMISE
  @NonSerialized() ok: () => void = () => {};
  fine: string | number = 1;
}`;
    it('checker path: function, symbol, WeakMap, Promise', () => {
      const d = diags(body);
      expect(d.map((x) => [x.code, x.line])).toEqual([
        [91001, lineOf(body, '// FN')],
        [91001, lineOf(body, '// SYM')],
        [91001, lineOf(body, '// WEAK')],
        [91001, lineOf(body, '// PROMISE')],
      ]);
      expect(d[0]!.message).toMatch(/Member "onDone" of @Serializable class Job .*function/);
      expect(d[0]!.file).toBe('main.ts');
    });
    it('per-file path: the annotations that syntax shows', () => {
      const d = diags(body, { checker: false });
      expect(d.map((x) => x.line)).toEqual([lineOf(body, '// FN'), lineOf(body, '// SYM'), lineOf(body, '// PROMISE')]);
      expect(d.every((x) => x.code === 91001)).toBe(true);
    });
  });

  it('91002 UnmarkedBaseClass (same file, and across files with the checker)', () => {
    const body = `class Plain { a = 1; }
@Serializable()
class Child extends Plain { b = 2; } // CHILD`;
    for (const checker of [true, false]) {
      const d = diags(body, { checker });
      expect(d.map((x) => [x.code, x.line])).toEqual([[91002, lineOf(body, '// CHILD')]]);
      expect(d[0]!.message).toMatch(/Child extends Plain, which is not marked @Serializable/);
    }
    const cross = diags(`import { Base } from './base';\n@Serializable()\nclass Child extends Base {}`, { extra: { 'base.ts': 'export class Base { x = 1; }\n' } });
    expect(cross.map((x) => x.code)).toEqual([91002]);
  });

  it('91003 DuplicateIdentity across files of one program', () => {
    const other = `import { Serializable } from '@weft/runtime';\n@Serializable({ name: 'Thing' })\nexport class Other { a = 1; }\n`;
    const body = `import './other';\n@Serializable({ name: 'Thing' })\nclass Thing { b = 1; } // DUP`;
    const d = diags(body, { extra: { 'other.ts': other } });
    expect(d.map((x) => x.code)).toEqual([91003]);
    expect(d[0]!.message).toMatch(/"fixture-app:Thing"/);
  });

  it('91004 MisplacedDecorator: field markers on methods, callbacks on fields, markers in unmarked classes, static fields', () => {
    const body = `@Serializable()
class A {
  @NonSerialized() run(): void {} // M1
  @OnSerializing() field = 1; // M2
  @NonSerialized() static counter = 0; // M3
}
class B {
  @NonSerialized() x = 1; // M4
}`;
    const d = diags(body);
    expect(d.map((x) => [x.code, x.line])).toEqual([
      [91004, lineOf(body, '// M1')],
      [91004, lineOf(body, '// M2')],
      [91004, lineOf(body, '// M3')],
      [91004, lineOf(body, '// M4')],
    ]);
    expect(d[3]!.message).toMatch(/class B is not marked @Serializable/);
  });

  it('91004 MisplacedDecorator: @DotNetName on a static field or a method, as the other field markers', () => {
    const body = `@Serializable()
class A {
  @DotNetName('m_run') run(): void {} // M1
  @DotNetName('s_count') static counter = 0; // M2
  @DotNetName('m_ok') ok = 1;
}`;
    for (const checker of [true, false]) {
      const d = diags(body, { checker });
      expect(d.map((x) => [x.code, x.line])).toEqual([
        [91004, lineOf(body, '// M1')],
        [91004, lineOf(body, '// M2')],
      ]);
      expect(d[0]!.message).toContain('@DotNetName() cannot be applied here: methods are never serialized');
      expect(d[1]!.message).toContain('static fields are never serialized');
    }
  });

  it('91004 MisplacedDecorator: @DotNetType on a static field or a method, as the other field markers', () => {
    const body = `@Serializable()
class A {
  @DotNetType('int') run(): void {} // M1
  @DotNetType('int') static counter = 0; // M2
  @DotNetType('int') ok = 1;
}`;
    for (const checker of [true, false]) {
      const d = diags(body, { checker });
      expect(d.map((x) => [x.code, x.line])).toEqual([
        [91004, lineOf(body, '// M1')],
        [91004, lineOf(body, '// M2')],
      ]);
      expect(d[0]!.message).toContain('@DotNetType() cannot be applied here: methods are never serialized');
    }
  });

  it('91005 MissingDeserializationConstructor', () => {
    const body = `@Serializable()
class Money implements ISerializable { // MONEY
  cents = 0;
  getObjectData(info: SerializationInfo, _c: StreamingContext): void { info.addValue('c', this.cents); }
}
@Serializable()
class Ok implements ISerializable {
  constructor(info?: SerializationInfo, _c?: StreamingContext) { void info; }
  getObjectData(): void {}
}
@Serializable()
class Inherits extends Ok {}
@Serializable()
class Singleton implements ISerializable {
  getObjectData(info: SerializationInfo): void { info.setType(Ok); }
}`;
    const d = diags(body);
    expect(d.map((x) => [x.code, x.line])).toEqual([[91005, lineOf(body, '// MONEY')]]);
  });

  it('91006 BadCallbackSignature', () => {
    const body = `@Serializable()
class C {
  @OnDeserialized() noParam(): void {} // S1
  @OnSerializing() wrongType(ctx: string): void { void ctx; } // S2
  @OnDeserialized() returns(ctx: StreamingContext): number { void ctx; return 1; } // S3
  @OnSerializing() async later(ctx: StreamingContext): Promise<void> { void ctx; } // S4
}`;
    const d = diags(body);
    expect(d.map((x) => [x.code, x.line])).toEqual([
      [91006, lineOf(body, '// S1')],
      [91006, lineOf(body, '// S2')],
      [91006, lineOf(body, '// S3')],
      [91006, lineOf(body, '// S4')],
    ]);
  });

  it('91007 DuplicateCallback', () => {
    const body = `@Serializable()
class C {
  @OnDeserialized() first(c: StreamingContext): void { void c; }
  @OnDeserialized() second(c: StreamingContext): void { void c; } // DUP
}`;
    const d = diags(body);
    expect(d.map((x) => [x.code, x.line])).toEqual([[91007, lineOf(body, '// DUP')]]);
    expect(d[0]!.message).toMatch(/first and second/);
  });

  it('91008 UnsupportedMemberName', () => {
    const body = `const key = 'dyn' as string;
@Serializable()
class C {
  [key]: number = 1; // COMPUTED
  ['literal']: number = 2;
}`;
    const d = diags(body, { checker: false });
    expect(d.map((x) => [x.code, x.line])).toEqual([[91008, lineOf(body, '// COMPUTED')]]);
  });

  it('91009 AnonymousClass', () => {
    const body = `export default @Serializable() class { a = 1; } // ANON`;
    const d = diags(body, { checker: false });
    expect(d.map((x) => [x.code, x.line])).toEqual([[91009, lineOf(body, '// ANON')]]);
  });

  it('91010 UnmarkedMemberClass (checker only), silenced by // @weft-ignore', () => {
    const body = `class Engine { hp = 1; }
@Serializable()
class Car {
  engine: Engine = new Engine(); // ENGINE
  spares: Engine[] = []; // SPARES
  // @weft-ignore: a surrogate handles Engine
  backup: Engine | null = null;
}`;
    const d = diags(body);
    expect(d.map((x) => [x.code, x.line])).toEqual([
      [91010, lineOf(body, '// ENGINE')],
      [91010, lineOf(body, '// SPARES')],
    ]);
    expect(diags(body, { checker: false })).toEqual([]);
  });

  it('91011 OptionalFieldInitializer: old data leaves the member undefined, so the default belongs in @OnDeserializing', () => {
    const body = `@Serializable()
class Book {
  title = '';
  @OptionalField({ versionAdded: 2 }) author: string = 'unknown'; // AUTHOR
  @OptionalField() pages = 0; // PAGES
  @OptionalField() note: string | undefined = undefined;
  @OptionalField() isbn?: string;
  @OptionalField() edition!: number;
  @OnDeserializing() private defaults(_c: StreamingContext): void { this.edition = 1; }
}`;
    for (const checker of [true, false]) {
      const d = diags(body, { checker });
      expect(d.map((x) => [x.code, x.line])).toEqual([
        [91011, lineOf(body, '// AUTHOR')],
        [91011, lineOf(body, '// PAGES')],
      ]);
      expect(d[0]!.message).toContain('Member "author" of @Serializable class Book');
      expect(d[0]!.message).toContain('@OnDeserializing()');
    }
  });

  it('91012 DotNetNameArgument: the .NET name must be one non-empty string literal', () => {
    const body = `const dyn = 'm_dyn';
@Serializable()
class Point {
  @DotNetName('') a = 1; // EMPTY
  @DotNetName(dyn) b = 2; // VARIABLE
  @DotNetName(\`m_\${dyn}\`) c = 3; // TEMPLATE
  @DotNetName(\`\`) d = 4; // EMPTYTEMPLATE
  @DotNetName('m_x') x = 0;
  @DotNetName(\`m_y\`) y = 0;
  @DotNetName("Base+z") z = 0;
  constructor(@DotNetName(String(1)) public w = 0) {} // PARAM
}`;
    for (const checker of [true, false]) {
      const d = diags(body, { checker });
      expect(d.map((x) => [x.code, x.line])).toEqual([
        [91012, lineOf(body, '// EMPTY')],
        [91012, lineOf(body, '// VARIABLE')],
        [91012, lineOf(body, '// TEMPLATE')],
        [91012, lineOf(body, '// EMPTYTEMPLATE')],
        [91012, lineOf(body, '// PARAM')],
      ]);
      expect(d[0]!.message).toContain('@DotNetName() on member "a" of @Serializable class Point needs one argument, a non-empty string literal');
      expect(d[4]!.message).toContain('member "w"');
    }
    // the valid ones are emitted, the rejected ones carry no netName
    const js = compile(header + body, { checker: false }).js;
    for (const ok of ['{ name: "x", kind: 1, netName: "m_x" }', '{ name: "y", kind: 1, netName: "m_y" }', '{ name: "z", kind: 1, netName: "Base+z" }', '{ name: "a", kind: 1 }']) expect(js).toContain(ok);
    expect(js).not.toContain('DotNetName(');
  });

  it('91013 DotNetNameNotSerialized: a @NonSerialized member is never written, so it has no .NET name', () => {
    const body = `@Serializable()
class Cache {
  @NonSerialized() @DotNetName('m_hits') hits = 0; // HITS
  @DotNetName('_misses') @NonSerialized() misses = 0; // MISSES
  @NonSerialized() plain = 0;
  @DotNetName('m_size') size = 0;
}`;
    for (const checker of [true, false]) {
      const d = diags(body, { checker });
      expect(d.map((x) => [x.code, x.line])).toEqual([
        [91013, lineOf(body, '// HITS')],
        [91013, lineOf(body, '// MISSES')],
      ]);
      expect(d[0]!.message).toContain('Member "hits" of @Serializable class Cache is @NonSerialized()');
    }
  });

  it('91014 NetTypeUnknown: every member of a dotnet class needs a .NET type, and number has none', () => {
    const body = `interface Shape { w: Int32 }
@Serializable({ dotnet: true })
class Invoice {
  count: number = 0; // NUMBER
  ratio = 0.5; // LITERAL
  made = new Date(); // UNTYPED
  shape: Shape | null = null; // SHAPE
  scores: Map<string, number> = new Map(); // SCORES
  id: Int32 = 0;
  name: string = '';
  open = true;
  lines: List<Double> = [];
  @DotNetType('double') total: number = 0;
  @NonSerialized() cache: number = 0;
}
@Serializable({ dotnet: true })
class Money implements ISerializable {
  cents: number = 0;
  constructor(info?: SerializationInfo) { void info; }
  getObjectData(info: SerializationInfo): void { info.addValue('cents', this.cents); }
}
@Serializable({ dotnet: false })
class Plain { count: number = 0; }`;
    for (const checker of [true, false]) {
      const d = diags(body, { checker });
      expect(d.map((x) => [x.code, x.line])).toEqual([
        [91014, lineOf(body, '// NUMBER')],
        [91014, lineOf(body, '// LITERAL')],
        [91014, lineOf(body, '// UNTYPED')],
        [91014, lineOf(body, '// SHAPE')],
        [91014, lineOf(body, '// SCORES')],
      ]);
      expect(d[0]!.message).toBe(
        'weft: Member "count" of @Serializable({ dotnet: true }) class Invoice has type number, and number has no single .NET type. ' +
          "Annotate it with a type from '@weft/runtime/dotnet' such as Int32 or Double, or add @DotNetType('double').",
      );
      expect(d[1]!.message).toContain('Member "ratio" of @Serializable({ dotnet: true }) class Invoice has no type annotation and holds a number, and number has no single .NET type.');
      expect(d[2]!.message).toContain('Member "made" of @Serializable({ dotnet: true }) class Invoice has no type annotation to take its .NET type from.');
      expect(d[3]!.message).toContain('has type Shape | null, which names no .NET type.');
      expect(d[4]!.message).toContain('has type Map<string, number>, and number has no single .NET type.');
    }
  });

  it('91015 DotNetTypeArgument: one string literal that names a .NET type', () => {
    const body = `const dyn = 'int';
@Serializable({ dotnet: true })
class Grid {
  @DotNetType('integer') a: number = 0; // UNKNOWN
  @DotNetType('') b: number = 0; // EMPTY
  @DotNetType(dyn) c: number = 0; // VARIABLE
  @DotNetType('int', 'long') d: number = 0; // TWO
  @DotNetType('string?') e: string = ''; // NULLABLE
  @DotNetType('int[,]') cells: number[][] = [];
  @DotNetType(\`Dictionary<string, List<double>>\`) rows = new Map<string, number[]>();
}`;
    for (const checker of [true, false]) {
      const d = diags(body, { checker });
      expect(d.map((x) => [x.code, x.line])).toEqual([
        [91015, lineOf(body, '// UNKNOWN')],
        [91015, lineOf(body, '// EMPTY')],
        [91015, lineOf(body, '// VARIABLE')],
        [91015, lineOf(body, '// TWO')],
        [91015, lineOf(body, '// NULLABLE')],
      ]);
      expect(d[0]!.message).toMatch(/^weft: @DotNetType\('integer'\) on member "a" of @Serializable class Grid names no \.NET type weft knows\. It takes one string literal: .*'int\[\]'.*'List<T>'.*'int\?'/);
      expect(d[2]!.message).toContain('@DotNetType(dyn) on member "c"');
      expect(d[3]!.message).toContain("@DotNetType('int', 'long') on member \"d\"");
    }
  });

  it('91016 DotNetTypeNotSerialized: a @NonSerialized member is never written, so it has no .NET type', () => {
    const body = `@Serializable()
class Cache {
  @NonSerialized() @DotNetType('int') hits = 0; // HITS
  @DotNetType('int') @NonSerialized() misses = 0; // MISSES
  @DotNetType('int') size = 0;
}`;
    for (const checker of [true, false]) {
      const d = diags(body, { checker });
      expect(d.map((x) => [x.code, x.line])).toEqual([
        [91016, lineOf(body, '// HITS')],
        [91016, lineOf(body, '// MISSES')],
      ]);
      expect(d[0]!.message).toContain('Member "hits" of @Serializable class Cache is @NonSerialized() and is never written, so @DotNetType() would type nothing.');
    }
  });

  it('91017 DotNetOption: dotnet is read at build time, so it must be a boolean literal', () => {
    const body = `const asDotNet = true as boolean;
@Serializable({ dotnet: asDotNet }) // OPTION
class Order { total: number = 0; }
@Serializable({ dotnet: false })
class Note { text: number = 0; }`;
    for (const checker of [true, false]) {
      const d = diags(body, { checker });
      expect(d.map((x) => [x.code, x.line])).toEqual([[91017, lineOf(body, '// OPTION')]]);
      expect(d[0]!.message).toContain('@Serializable() option dotnet of class Order is asDotNet');
    }
  });

  it('91018 IdentityOption: name and assembly are read at build time, so they must be string literals', () => {
    const body = `const SHOP = 'Shop, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null';
@Serializable({ name: 'Shop.Order', assembly: SHOP }) // ASSEMBLY
class Order { total = 0; }
@Serializable({ name: \`Shop.\${'Line'}\` }) // NAME
class Line { sku = ''; }
@Serializable({ name: \`Shop.Note\`, assembly: 'Shop' })
class Note { text = ''; }`;
    for (const checker of [true, false]) {
      const d = diags(body, { checker });
      expect(d.map((x) => [x.code, x.line])).toEqual([
        [91018, lineOf(body, '// ASSEMBLY')],
        [91018, lineOf(body, '// NAME')],
      ]);
      expect(d[0]!.message).toContain('@Serializable() option assembly of class Order is SHOP; the transformer reads it at build time, so it must be a string literal.');
      expect(d[0]!.message).toMatch(/registered as assembly "[^"]+"/);
      expect(d[1]!.message).toContain('registered as name "Line"');
    }
  });

  it('valid code produces no diagnostics', () => {
    const body = `@Serializable()
class Fine {
  a = 1; b?: string; c: Map<string, Date> = new Map(); d: Fine | null = null; #e = 1n;
  @OnDeserialized() private done(ctx: StreamingContext): void { void ctx; }
}
@Serializable({ dotnet: true })
class Net { id: Int32 = 0; name: string | null = null; fine: Fine | null = null; @DotNetType('double[]') values: number[] = []; }`;
    expect(diags(body)).toEqual([]);
    expect(diags(body, { checker: false })).toEqual([]);
  });
});
