import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

// `node --import @weft/transformer/register app.ts`, as a user runs it: real Node processes in
// fixture projects inside the workspace (so they resolve @weft/runtime and @weft/transformer
// through node_modules), against the built package (pnpm build first).
const pkg = path.resolve(__dirname, '..');
const fixtures = path.join(__dirname, 'register/fixtures');
const REGISTER = '@weft/transformer/register';

function node(fixture: string, args: string[], input?: string) {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const res = spawnSync(process.execPath, args, { cwd: path.join(fixtures, fixture), encoding: 'utf8', timeout: 60_000, env, input });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr, all: `exit ${res.status}\n${res.stdout}\n${res.stderr}` };
}

const run = (fixture: string, ...args: string[]) => node(fixture, ['--import', REGISTER, ...args]);

const ROUND_TRIP = 'true true ann:A-1:true:true,bob:B-2:true:true';

beforeAll(() => {
  for (const name of ['register', 'register-hooks']) {
    const built = path.join(pkg, 'dist', `${name}.js`);
    expect(fs.existsSync(built), `${built} is missing: run pnpm --filter @weft/transformer run build`).toBe(true);
    expect(fs.statSync(built).mtimeMs, `${built} is older than its source: rebuild`).toBeGreaterThanOrEqual(fs.statSync(path.join(pkg, 'src', `${name}.ts`)).mtimeMs);
  }
});

describe('node --import @weft/transformer/register', () => {
  it('runs an ES module project: ./model.js finds model.ts, and a cyclic graph with #private fields round-trips', () => {
    const res = run('esm', 'app.ts');
    expect(res.status, res.all).toBe(0);
    expect(res.stdout.trim()).toBe(`esm ${ROUND_TRIP}`);
  });

  it('runs a CommonJS project: imports compile to require(), require() shares the instance, require.main is the entry', () => {
    const res = run('cjs', 'app.ts');
    expect(res.status, res.all).toBe(0);
    expect(res.stdout.trim()).toBe(`cjs true true ${ROUND_TRIP}`);
  });

  it('also works as node --require', () => {
    const res = node('cjs', ['--require', REGISTER, 'app.ts']);
    expect(res.status, res.all).toBe(0);
    expect(res.stdout.trim()).toBe(`cjs true true ${ROUND_TRIP}`);
  });

  it('loads a .cts file of an ES module package by import (named exports) and by require, as one instance', () => {
    const res = run('esm', 'mixed.ts');
    expect(res.status, res.all).toBe(0);
    expect(res.stdout.trim()).toBe('counter 2 3 true');
  });

  it('gives an ES module named exports of a CommonJS .ts file', () => {
    const res = run(
      'cjs',
      '--input-type=module',
      '-e',
      "import { Team, Member } from './model.ts'; import m from './model.ts'; console.log(new Team('x').name, typeof Member, m.Team === Team);",
    );
    expect(res.status, res.all).toBe(0);
    expect(res.stdout.trim()).toBe('x function true');
  });

  it('import() of a .ts file from plain node -e, from --input-type=module and from the REPL', () => {
    const cjsEval = run('esm', '-e', "import('./model.ts').then((m) => console.log(typeof m.Team, new m.Team('t').name))");
    expect(cjsEval.status, cjsEval.all).toBe(0);
    expect(cjsEval.stdout.trim()).toBe('function t');
    const esmEval = run('esm', '--input-type=module', '-e', "const { Member, Team } = await import('./model.ts'); console.log(new Member('m', new Team('t'), 'b').badge)");
    expect(esmEval.status, esmEval.all).toBe(0);
    expect(esmEval.stdout.trim()).toBe('b');
    const repl = node('cjs', ['--import', REGISTER, '-i'], "const m = await import('./model.ts'); console.log('repl', typeof m.Team, new m.Team('t').name);\n");
    expect(repl.stdout, repl.all).toContain('repl function t');
  });

  it.each(['esm', 'cjs'])('%s: weft misuse fails the run with file(line,col) and the TS91001 code', (fixture) => {
    const res = run(fixture, 'broken.ts');
    expect(res.status, res.all).not.toBe(0);
    expect(res.stderr).toMatch(/job\.ts\(5,11\): error TS91001: weft: Member "onDone" of @Serializable class Job has type a function type/);
    expect(res.stdout).toBe('');
  });

  it('reports a TypeScript syntax error with file(line,col)', () => {
    const res = run('esm', 'syntax.ts');
    expect(res.status, res.all).not.toBe(0);
    expect(res.stderr).toMatch(/syntax\.ts\(2,24\): error TS1109: Expression expected/);
  });

  it.each(['esm', 'cjs'])('%s: stack traces point at .ts lines (inline source maps)', (fixture) => {
    const res = run(fixture, 'throws.ts');
    expect(res.status, res.all).not.toBe(0);
    expect(res.stderr).toContain('Error: boom');
    const file = path.join(fixtures, fixture, 'throws.ts');
    expect(res.stderr, res.all).toContain(`at fail (${file}:8:9)`);
    expect(res.stderr, res.all).toContain(`${file}:11:1`);
  });

  it('follows experimentalDecorators from tsconfig.json (through extends)', () => {
    const res = run('legacy', 'app.ts');
    expect(res.status, res.all).toBe(0);
    // legacy property decorators get (prototype, name); standard ones would log "undefined:object"
    expect(res.stdout.trim()).toBe('object:string true 7');
  });

  it('compiles .tsx with the jsx settings of tsconfig.json and resolves extensionless imports', () => {
    const res = run('jsx', 'app.tsx');
    expect(res.status, res.all).toBe(0);
    expect(res.stdout.trim()).toBe('<p>hello <b class="who">weft</b>!</p>');
  });
});
