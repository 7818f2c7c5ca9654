import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `pnpm check` is the command a project runs in CI: it writes the schema of the current sources
// and compares it with the approved one in schema/weft-schema.json. The first test runs it as is;
// the others change a copy of src/model.ts in test/.scratch (gitignored) and run the same two
// `weft` commands on the copy, against the same approved schema.
const dir = path.join(__dirname, '..');
// Generous bounds that only catch a hang (no timing assertions): builds are slow on a loaded machine.
const BUILD_TIMEOUT = 5 * 60_000;
const RUN_TIMEOUT = 2 * 60_000;
const TEST_TIMEOUT = 10 * 60_000;
const scratch = path.join(dir, 'test', '.scratch');
const approved = path.join(dir, 'schema', 'weft-schema.json');
const model = fs.readFileSync(path.join(dir, 'src', 'model.ts'), 'utf8');
// The file the `weft` bin of this package runs (node_modules/.bin/weft is a shell wrapper around it).
const cli = path.join(dir, 'node_modules', '@weft', 'transformer', 'dist', 'cli.js');

type Run = { code: number | null; out: string };
const weft = (...args: string[]): Run => {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8', timeout: RUN_TIMEOUT });
  return { code: r.status, out: r.stdout + r.stderr };
};

/** Writes a copy of the project with `edit` applied to src/model.ts, then runs what `pnpm check` runs. */
function checkVariant(name: string, edit: (source: string) => string): Run {
  const root = path.join(scratch, name);
  const edited = edit(model);
  expect(edited, 'the edit did not apply').not.toBe(model);
  fs.mkdirSync(path.join(root, 'src'), { recursive: true });
  fs.writeFileSync(path.join(root, 'src', 'model.ts'), edited);
  // Same compiler options; the nearest package.json is still this example's, so the assembly
  // (and with it every wire identity) is the same as for the real sources.
  fs.copyFileSync(path.join(dir, 'tsconfig.json'), path.join(root, 'tsconfig.json'));
  const current = path.join(root, 'weft-schema.current.json');
  const schema = weft('schema', path.join(root, 'tsconfig.json'), '-o', current);
  expect(schema.code, schema.out).toBe(0);
  return weft('compat', approved, current);
}

const replaceOnce = (source: string, find: string, replacement: string): string => {
  expect(source.split(find).length, `"${find}" occurs exactly once in src/model.ts`).toBe(2);
  return source.replace(find, replacement);
};

beforeAll(() => {
  fs.rmSync(scratch, { recursive: true, force: true });
});
afterAll(() => {
  fs.rmSync(scratch, { recursive: true, force: true });
});

describe('examples/schema-guard', () => {
  it('`pnpm check` passes on the committed model, and the committed schema is what `weft schema` writes', () => {
    // As on a fresh CI checkout: no dist/ yet (weft schema -o creates it).
    fs.rmSync(path.join(dir, 'dist'), { recursive: true, force: true });
    const r = spawnSync('pnpm', ['run', 'check'], { cwd: dir, encoding: 'utf8', timeout: BUILD_TIMEOUT });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('compatible: data written with the old schema can be read by the new one.');
    expect(r.stdout).not.toContain('BREAKING');
    // No drift: the approved file is byte for byte the current output (regenerate with `pnpm schema`).
    expect(fs.readFileSync(path.join(dir, 'dist', 'weft-schema.current.json'), 'utf8')).toBe(fs.readFileSync(approved, 'utf8'));
    const ids = (JSON.parse(fs.readFileSync(approved, 'utf8')) as { types: { identity: string; members: { name: string }[] }[] }).types;
    expect(ids.map((t) => t.identity)).toEqual([
      'schema-guard:billing.Customer',
      'schema-guard:billing.Invoice',
      'schema-guard:billing.LineItem',
      'schema-guard:billing.StoredDocument',
    ]);
    // Inherited members first, #private under its own name, @NonSerialized left out.
    expect(ids[1]!.members.map((m) => m.name)).toEqual(['id', 'createdAt', 'customer', 'items', 'currency', 'notes']);
    expect(ids[0]!.members.map((m) => m.name)).toEqual(['name', 'email', '#taxId']);
  }, TEST_TIMEOUT);

  it('a new required member fails the check and names the member and every type that carries it', () => {
    // Added to the base class: Invoice inherits it, so stored invoices break too.
    const r = checkVariant('required-member', (s) => replaceOnce(s, '  createdAt: Date;\n', '  createdAt: Date;\n  revision = 1;\n'));
    expect(r.code, r.out).toBe(1);
    const breaking = r.out.split('\n').filter((l) => l.startsWith('BREAKING'));
    expect(breaking).toHaveLength(2);
    expect(breaking[0]).toMatch(/^BREAKING +schema-guard:billing\.Invoice: required member "revision" added: old data lacks it \(MISSING_MEMBER\)\. Mark it @OptionalField\(\)/);
    expect(breaking[1]).toMatch(/^BREAKING +schema-guard:billing\.StoredDocument: required member "revision" added/);
    expect(r.out).toContain('2 breaking changes');
  }, TEST_TIMEOUT);

  it('a new @OptionalField member passes, with a note', () => {
    const r = checkVariant('optional-member', (s) =>
      replaceOnce(s, '  @NonSerialized() cachedTotalCents', '  @OptionalField({ versionAdded: 3 }) purchaseOrder?: string;\n  @NonSerialized() cachedTotalCents'),
    );
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/^note +schema-guard:billing\.Invoice: optional member "purchaseOrder" added/m);
    expect(r.out).not.toContain('BREAKING');
    expect(r.out).toContain('compatible:');
  }, TEST_TIMEOUT);

  it('renaming a wire identity fails the check and says how to keep the old name', () => {
    const r = checkVariant('renamed-identity', (s) => replaceOnce(s, "name: 'billing.LineItem'", "name: 'billing.InvoiceLine'"));
    expect(r.code, r.out).toBe(1);
    expect(r.out).toMatch(
      /^BREAKING +schema-guard:billing\.LineItem: identity changed to schema-guard:billing\.InvoiceLine: old data names schema-guard:billing\.LineItem\. Keep the old name with @Serializable\(\{ name: 'billing\.LineItem' \}\)/m,
    );
    expect(r.out).toMatch(/^note +schema-guard:billing\.InvoiceLine: type added$/m);
    expect(r.out).toContain('1 breaking change:');
  }, TEST_TIMEOUT);
});
