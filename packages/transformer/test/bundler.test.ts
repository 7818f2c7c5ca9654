import { describe, expect, it } from 'vitest';
import { weft } from '../src/bundler';

const file = (name: string) => `import { Serializable } from '@weft/runtime';\n@Serializable({ name: 'Shared' })\nexport class ${name} { a = 1; }\n`;

describe('bundler plugin', () => {
  it('transforms marked classes and leaves other files alone', () => {
    const p = weft();
    p.configResolved({ command: 'build' });
    p.buildStart();
    const out = p.transform(file('A'), '/app/src/a.ts');
    expect(out?.code).toContain('__weft.registerClass(A');
    expect(out?.map).toBeTruthy();
    expect(p.transform('export const x = 1;\n', '/app/src/plain.ts')).toBeNull();
    expect(p.transform(file('A'), '/app/node_modules/lib/a.ts')).toBeNull();
    expect(p.transform(file('A'), '/app/src/a.js')).toBeNull();
  });

  it('a build reports duplicate wire identities across files, with file and line', () => {
    const p = weft();
    p.configResolved({ command: 'build' });
    p.buildStart();
    p.transform(file('A'), '/app/src/a.ts');
    expect(() => p.transform(file('B'), '/app/src/b.ts')).toThrow(/^\/app\/src\/b\.ts:3:\d+ - error TS91003: weft: Wire identity "Shared" of class B is already used by class A/);
  });

  it('a dev server or Vitest run (one module graph per test file) does not compare files', () => {
    const p = weft();
    p.configResolved({ command: 'serve' });
    p.buildStart();
    p.transform(file('A'), '/app/test/a.test.ts');
    expect(p.transform(file('B'), '/app/test/b.test.ts')?.code).toContain('registerClass(B');
  });

  it('reads .NET member types one file at a time: a class imported from another file is known by its name, which the runtime resolves', () => {
    const order = `import { Serializable } from '@weft/runtime';
import type { Int32 } from '@weft/runtime/dotnet';
import { Customer } from './customer';
@Serializable({ dotnet: true })
export class Order {
  id: Int32 = 0;
  customer: Customer | null = null;
  total: number = 0;
}
`;
    const p = weft();
    expect(() => p.transform(order, '/app/src/order.ts')).toThrow(/^\/app\/src\/order\.ts:8:10 - error TS91014: weft: Member "total" .* number has no single \.NET type/);
    const out = p.transform(order.replace('  total: number = 0;\n', ''), '/app/src/order.ts');
    expect(out?.code).toContain('{ name: "id", net: "Int32" },');
    expect(out?.code).toContain('{ name: "customer", net: { class: "Customer", assembly: "" } } ]');
  });

  it('reports misuse as an error naming file, line and code', () => {
    const p = weft();
    const bad = `import { Serializable } from '@weft/runtime';\n@Serializable()\nclass Job {\n  run: () => void = () => {};\n}\n`;
    expect(() => p.transform(bad, '/app/src/job.ts')).toThrow(/^\/app\/src\/job\.ts:4:8 - error TS91001: weft: /);
  });
});

describe('bundler plugin (Vite/Rollup): JSX files and positions', () => {
  const tsx = `import { Serializable } from '@weft/runtime';

interface Props {
  title: string;
}

@Serializable()
export class Card {
  title = '';
}

export const view = (p: Props) => <section title={p.title}>{p.title}</section>;
`;

  it('a .tsx file with JSX and a @Serializable class: JSX is kept for Vite\'s own esbuild step, on its own line', () => {
    const out = weft().transform(tsx, '/app/src/card.tsx?v=1');
    expect(out?.code).toContain('__weft.registerClass(Card');
    const lines = out!.code.split('\n');
    expect(lines[11]).toBe('export const view = (p) => <section title={p.title}>{p.title}</section>;');
    expect(JSON.parse(out!.map!).sources).toEqual(['card.tsx']);
  });

  it('.jsx files are transformed by default; .js files and node_modules are not', () => {
    const jsx = "import { Serializable } from '@weft/runtime';\n@Serializable()\nexport class A { a = 1; }\nexport const v = <b>{1}</b>;\n";
    expect(weft().transform(jsx, '/app/src/a.jsx')?.code).toContain('<b>{1}</b>');
    expect(weft().transform(jsx, '/app/src/a.js')).toBeNull();
    expect(weft().transform(jsx, '/app/node_modules/lib/a.jsx')).toBeNull();
  });

  it('a weft error in a .tsx file: tsc\'s form with TS91001, and Rollup\'s loc and frame at the user\'s line', () => {
    const bad = tsx.replace("  title = '';\n", "  title = '';\n  onClick: () => void = () => {};\n");
    let err: (Error & { loc?: unknown; frame?: string; id?: string }) | undefined;
    try {
      weft().transform(bad, '/app/src/card.tsx');
    } catch (e) {
      err = e as typeof err;
    }
    expect(err?.message).toBe(
      '/app/src/card.tsx:10:12 - error TS91001: weft: Member "onClick" of @Serializable class Card has type a function type, which can never be serialized. Mark it @NonSerialized() or change its type.',
    );
    expect(err?.message).not.toContain('WEFT');
    expect(err?.id).toBe('/app/src/card.tsx');
    expect(err?.loc).toEqual({ file: '/app/src/card.tsx', line: 10, column: 11 });
    expect(err?.frame).toBe(" 8: export class Card {\n 9:   title = '';\n10:   onClick: () => void = () => {};\n               ^\n11: }");
  });

  it('a syntax error TypeScript would repair silently (f(1 2) as f(1, 2)) is reported as TS1005 where it was written', () => {
    const broken = tsx.replace('export const view', 'export const pair = Math.max(1 2);\nexport const view');
    expect(() => weft().transform(broken, '/app/src/card.tsx')).toThrow(/^\/app\/src\/card\.tsx:12:32 - error TS1005: ',' expected\.$/);
  });
});
