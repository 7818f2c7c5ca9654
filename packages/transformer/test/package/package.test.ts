import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * A user's first hour, as a test: pack both packages (their `prepack` builds them), make fresh
 * projects in a temp folder outside the workspace, install the tarballs and the toolchain from
 * the registry with npm (not pnpm), build, run and round-trip a cyclic graph: once as ESM with
 * tspc, once as CommonJS with tspc, once through Vite. The same tarballs go through
 * arethetypeswrong. This is the proof that the README's "Install in your project" works, since
 * nothing is published from here. Needs the npm registry; it reads no clock (bounds only catch a hang).
 */
const ROOT = path.resolve(__dirname, '../../../..');
const PACKAGES = { runtime: path.join(ROOT, 'packages/runtime'), transformer: path.join(ROOT, 'packages/transformer') };
const APP = path.join(__dirname, 'fixtures/app');
// The toolchain a user installs next to weft, at the versions the workspace tests.
const TOOLCHAIN = ['ts-patch@3.3.0', 'typescript@6.0.3', '@types/node@^20.19.0'];
const VITE = 'vite@7.3.8';
// Bounds that only catch a hang: an install on a cold cache on a loaded machine is slow.
const STEP_TIMEOUT = 8 * 60_000;

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-first-hour-'));
const tarballs = { runtime: '', transformer: '' };

/**
 * The environment of a user's shell: without what `pnpm test` and vitest put in it
 * (npm_config_* would reconfigure npm, NODE_ENV=test would change Vite's build).
 */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(npm_|pnpm_|PNPM_|VITEST|NODE_OPTIONS$|NODE_ENV$|TEST$|INIT_CWD$)/i.test(k)) continue;
    env[k] = v;
  }
  return env;
}

/** Runs a step as a user would type it. */
function step(cmd: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, env: userEnv(), encoding: 'utf8', timeout: STEP_TIMEOUT, maxBuffer: 64 << 20 });
}

function ok(res: SpawnSyncReturns<string>, what: string): string {
  const out = `${res.stdout ?? ''}${res.stderr ?? ''}`;
  expect(res.status, `${what} failed (status ${res.status}, ${res.error?.message ?? 'no spawn error'}):\n${out}`).toBe(0);
  return res.stdout;
}

const npmInstall = (args: string[]) => ['install', '--no-audit', '--no-fund', '--loglevel=error', ...args];

/** A fresh project folder: the fixture's sources plus the given package.json and tsconfig.json. */
function project(name: string, pkg: object, tsconfig: object, extra: string[] = []): string {
  const dir = path.join(work, name);
  fs.mkdirSync(dir);
  fs.cpSync(path.join(APP, 'src'), path.join(dir, 'src'), { recursive: true });
  for (const f of extra) fs.copyFileSync(path.join(APP, f), path.join(dir, f));
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', private: true, ...pkg }, null, 2));
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
  return dir;
}

const tspcConfig = {
  compilerOptions: {
    target: 'ES2022',
    module: 'nodenext',
    strict: true,
    outDir: 'dist',
    rootDir: 'src',
    sourceMap: true,
    types: ['node'],
    skipLibCheck: false,
    plugins: [{ transform: '@weft/transformer' }],
  },
  include: ['src'],
};

/** npm install of weft the README's way: the runtime as a dependency, the plugin and toolchain as dev ones. */
function installWeft(dir: string, label: string, more: string[] = []): void {
  ok(step('npm', npmInstall([tarballs.runtime]), dir), 'npm install of the runtime');
  ok(step('npm', npmInstall(['-D', tarballs.transformer, ...TOOLCHAIN, ...more]), dir), 'npm install of the transformer');
}

function expectRoundTrip(stdout: string): void {
  expect(stdout).not.toMatch(/^FAIL/m);
  expect(stdout.match(/^ok /gm)).toHaveLength(7);
  expect(stdout).toMatch(/^round trip verified \(\d+ bytes, 2 orders\)$/m);
}

/** The contents of a tarball, extracted once. */
function extract(tgz: string): string {
  const dir = path.join(work, `x-${path.basename(tgz, '.tgz')}`);
  fs.mkdirSync(dir);
  ok(spawnSync('tar', ['xzf', tgz, '-C', dir], { encoding: 'utf8' }), `tar xzf ${tgz}`);
  return path.join(dir, 'package');
}

function files(dir: string, base = dir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name), base) : [path.relative(base, path.join(dir, e.name))]));
}

/** Every file an `exports` map can resolve to, whatever the conditions. */
function exportTargets(exports: unknown): string[] {
  if (typeof exports === 'string') return [exports];
  if (exports && typeof exports === 'object') return Object.values(exports).flatMap(exportTargets);
  return [];
}

beforeAll(() => {
  // `pnpm pack` runs each package's prepack (a clean build) and turns workspace: ranges into versions.
  for (const name of ['runtime', 'transformer'] as const) {
    const out = ok(step('pnpm', ['pack', '--pack-destination', work], PACKAGES[name]), `pnpm pack of ${name}`);
    const tgz = out.trim().split('\n').pop()!.trim();
    expect(tgz.endsWith('.tgz') && fs.existsSync(tgz), `pnpm pack printed no tarball:\n${out}`).toBe(true);
    tarballs[name] = tgz;
  }
}, STEP_TIMEOUT * 2);

afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

describe('the packed tarballs', () => {
  it('hold the built code, its types, source maps that resolve, a README and a LICENSE, and every file their exports name', () => {
    for (const name of ['runtime', 'transformer'] as const) {
      const dir = extract(tarballs[name]);
      const list = files(dir);
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
      for (const f of ['README.md', 'LICENSE', 'dist/index.js', 'dist/index.d.ts']) expect(list, `${name} tarball lacks ${f}`).toContain(f);
      expect(list.filter((f) => /^(src|test)\//.test(f)), `${name} ships sources or tests`).toEqual([]);
      for (const target of exportTargets(pkg.exports)) expect(list, `${name}'s exports name ${target}, which is not in the tarball`).toContain(target.replace(/^\.\//, ''));
      // Source maps point at src/*.ts, which is not shipped: the sources must be embedded.
      const maps = list.filter((f) => f.endsWith('.js.map'));
      expect(maps.length).toBeGreaterThan(3);
      for (const m of maps) {
        const map = JSON.parse(fs.readFileSync(path.join(dir, m), 'utf8'));
        expect(map.sourcesContent?.length, `${m} has no sourcesContent`).toBe(map.sources.length);
        expect(map.sourcesContent.every((s: unknown) => typeof s === 'string' && s.length > 0), `${m} has an empty source`).toBe(true);
      }
      expect(JSON.stringify(pkg), `${name}'s package.json still says workspace:`).not.toMatch(/workspace:/);
      expect(pkg.license).toBe('MIT');
      expect(fs.readFileSync(path.join(dir, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
      expect(pkg.repository?.url).toMatch(/^git\+https:/);
      expect(pkg.homepage && pkg.bugs?.url && pkg.keywords?.length).toBeTruthy();
      expect(pkg.engines?.node).toBe('>=20.19');
    }
    const runtime = JSON.parse(fs.readFileSync(path.join(PACKAGES.runtime, 'package.json'), 'utf8'));
    const transformer = JSON.parse(fs.readFileSync(path.join(work, 'x-weft-transformer-' + runtime.version, 'package/package.json'), 'utf8'));
    // A range, not an exact version (which made npm ask the registry for a package it does not have).
    expect(transformer.peerDependencies).toEqual({ '@weft/runtime': `^${runtime.version}`, 'ts-patch': '^3.3.0', typescript: '>=5.9 <7' });
    expect(transformer.peerDependenciesMeta).toEqual({ 'ts-patch': { optional: true } });
    expect(transformer.dependencies ?? {}).toEqual({});
  });

  it('pass arethetypeswrong, but for node10 resolution and "CJS resolves to ESM", which our engines floor allows', () => {
    for (const name of ['runtime', 'transformer'] as const) {
      // attw exits before a piped stdout drains: its JSON goes to a file.
      const out = path.join(work, `attw-${name}.json`);
      const fd = fs.openSync(out, 'w');
      const res = spawnSync(process.execPath, [path.join(path.dirname(require.resolve('@arethetypeswrong/cli/package.json', { paths: [ROOT] })), 'dist/index.js'), tarballs[name], '--format', 'json'], { stdio: ['ignore', fd, 'pipe'], encoding: 'utf8', timeout: STEP_TIMEOUT });
      fs.closeSync(fd);
      const report = JSON.parse(fs.readFileSync(out, 'utf8'));
      const problems = Object.values(report.problems as Record<string, { kind: string; entrypoint: string; resolutionKind?: string }[]>).flat();
      const wrong = problems.filter((p) => p.resolutionKind !== 'node10' && p.kind !== 'CJSResolvesToESM');
      expect(wrong, `arethetypeswrong on ${name} (status ${res.status}): ${res.stderr}`).toEqual([]);
      // What we do allow is what we expect: the runtime is ESM-only (CommonJS loads it by require(esm)).
      const cjsToEsm = problems.filter((p) => p.kind === 'CJSResolvesToESM').map((p) => p.entrypoint);
      expect(cjsToEsm).toEqual(name === 'runtime' ? ['.', './dotnet', './internal', './tooling'] : []);
      expect(Object.keys(report.analysis.entrypoints)).toContain(name === 'runtime' ? './dotnet' : './vite');
    }
  });
});

describe("a user's first hour: npm, a fresh project, the packed tarballs", () => {
  it('ESM: tspc builds it, node runs it (and the register hook without a build), a cyclic graph of classes round-trips', () => {
    const dir = project('esm-app', { type: 'module', scripts: { build: 'tspc -p tsconfig.json' } }, tspcConfig);
    installWeft(dir, 'ESM');
    ok(step('npm', ['run', 'build'], dir), 'tspc build');
    expect(fs.readFileSync(path.join(dir, 'dist/model.js'), 'utf8')).toMatch(/from "@weft\/runtime\/internal"/);
    expectRoundTrip(ok(step(process.execPath, ['dist/main.js'], dir), 'the ESM app'));
    // No build at all: Node's module hook compiles the .ts files as they load.
    expectRoundTrip(ok(step(process.execPath, ['--import', '@weft/transformer/register', 'src/main.ts'], dir), 'the ESM app under the register hook'));
  });

  it('CommonJS ("type": "commonjs", module nodenext): tspc emits require(), Node loads the ESM runtime through require(esm), one copy of it', () => {
    const dir = project('cjs-app', { type: 'commonjs', scripts: { build: 'tspc -p tsconfig.json' } }, tspcConfig);
    installWeft(dir, 'CJS');
    ok(step('npm', ['run', 'build'], dir), 'tspc build');
    const main = fs.readFileSync(path.join(dir, 'dist/main.js'), 'utf8');
    expect(main).toMatch(/require\("@weft\/runtime"\)/);
    expect(fs.readFileSync(path.join(dir, 'dist/model.js'), 'utf8')).toMatch(/require\("@weft\/runtime\/internal"\)/);
    expectRoundTrip(ok(step(process.execPath, ['dist/main.js'], dir), 'the CommonJS app'));
    expectRoundTrip(ok(step(process.execPath, ['--import', '@weft/transformer/register', 'src/main.ts'], dir), 'the CommonJS app under the register hook'));
    // No dual-package hazard: require() and import() reach the same modules, so one registry.
    const same = `const r = require('@weft/runtime'), t = require('@weft/transformer');
      Promise.all([import('@weft/runtime'), import('@weft/transformer'), import('@weft/runtime/internal')]).then(([e, te, internal]) => {
        const one = r.BinaryFormatter === e.BinaryFormatter && r.SerializationException === e.SerializationException && t.default === te.default && typeof internal.registerClass === 'function' && require('@weft/runtime/internal').registerClass === internal.registerClass;
        console.log(one ? 'one copy' : 'two copies'); process.exit(one ? 0 : 1);
      });`;
    expect(ok(step(process.execPath, ['-e', same], dir), 'the one-copy check')).toMatch(/^one copy$/m);
  });

  it('Vite: the plugin typed for nodenext (vite.config.ts type-checks), an SSR build that round-trips', () => {
    const dir = project(
      'vite-app',
      { type: 'module', scripts: { typecheck: 'tsc --noEmit -p tsconfig.json', build: 'vite build' } },
      { compilerOptions: { target: 'ES2022', module: 'nodenext', strict: true, noEmit: true, skipLibCheck: true, types: ['node'] }, include: ['src', 'vite.config.ts'] },
      ['vite.config.ts'],
    );
    installWeft(dir, 'Vite', [VITE]);
    // import weft from '@weft/transformer/vite' is callable under module nodenext (it was TS2349).
    ok(step('npm', ['run', 'typecheck'], dir), 'type-check of vite.config.ts and the app');
    ok(step('npm', ['run', 'build'], dir), 'vite build');
    expect(fs.readFileSync(path.join(dir, 'dist/main.js'), 'utf8')).toMatch(/registerClass\(/);
    expectRoundTrip(ok(step(process.execPath, ['dist/main.js'], dir), 'the Vite-built app'));
  });
});
