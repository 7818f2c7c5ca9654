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
    expect(() => p.transform(file('B'), '/app/src/b.ts')).toThrow(/\/app\/src\/b\.ts:3:\d+ - error WEFT91003: weft: Wire identity "Shared" of class B is already used by class A/);
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
    expect(() => p.transform(order, '/app/src/order.ts')).toThrow(/\/app\/src\/order\.ts:8:10 - error WEFT91014: weft: Member "total" .* number has no single \.NET type/);
    const out = p.transform(order.replace('  total: number = 0;\n', ''), '/app/src/order.ts');
    expect(out?.code).toContain('{ name: "id", net: "Int32" },');
    expect(out?.code).toContain('{ name: "customer", net: { class: "Customer", assembly: "" } }\n');
  });

  it('reports misuse as an error naming file, line and code', () => {
    const p = weft();
    const bad = `import { Serializable } from '@weft/runtime';\n@Serializable()\nclass Job {\n  run: () => void = () => {};\n}\n`;
    expect(() => p.transform(bad, '/app/src/job.ts')).toThrow(/\/app\/src\/job\.ts:4:8 - error WEFT91001/);
  });
});
