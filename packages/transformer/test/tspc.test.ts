import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCRATCH } from './helpers';

// The user path of API.md §8: a project with { "transform": "@weft/transformer" } in its
// tsconfig plugins, compiled by ts-patch's tspc, on TypeScript 6.0 and 5.9.
const root = path.resolve(__dirname, '../../..');
const tspc = path.join(root, 'node_modules/ts-patch/bin/tspc.js');
const versions = {
  '6.0': path.join(root, 'node_modules/typescript'),
  '5.9': path.join(root, 'node_modules/typescript-5.9'),
};

function project(name: string, files: Record<string, string>, module = 'NodeNext'): string {
  const dir = path.join(SCRATCH, `tspc-${name}-${process.pid}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: `tspc-${name}`, type: module === 'CommonJS' ? 'commonjs' : 'module' }));
  fs.writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022', module, moduleResolution: module === 'CommonJS' ? 'Node10' : 'NodeNext', strict: true, outDir: 'dist', rootDir: 'src',
        skipLibCheck: true, types: [], lib: ['ES2022', 'DOM'], plugins: [{ transform: '@weft/transformer' }], ignoreDeprecations: undefined,
      },
      include: ['src'],
    }),
  );
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, 'src', file), text);
  return dir;
}

function tspcIn(dir: string, version: keyof typeof versions) {
  return spawnSync(process.execPath, [tspc, '-p', 'tsconfig.json'], { cwd: dir, encoding: 'utf8', timeout: 120_000, env: { ...process.env, TSP_COMPILER_TS_PATH: versions[version] } });
}

const good = `import { BinaryFormatter, Serializable } from '@weft/runtime';
@Serializable()
class Point { #tag = 'p'; constructor(public x: number, public y: number) {} get tag() { return this.#tag; } }
const f = new BinaryFormatter();
const p = f.deserialize<Point>(f.serialize(new Point(3, 4)));
console.log(p instanceof Point, p.x + p.y, p.tag);
`;

const bad = `import { Serializable } from '@weft/runtime';
@Serializable()
export class Job {
  onDone: () => void = () => {};
}
`;

describe.each(Object.keys(versions) as (keyof typeof versions)[])('tspc on TypeScript %s', (version) => {
  it('builds a project and the output round-trips', () => {
    const dir = project(`good-${version}`, { 'main.ts': good });
    const res = tspcIn(dir, version);
    expect(res.status, res.stdout + res.stderr).toBe(0);
    const out = spawnSync(process.execPath, ['dist/main.js'], { cwd: dir, encoding: 'utf8' });
    expect(out.stdout.trim()).toBe('true 7 p');
  });

  it('builds a CommonJS project (type: commonjs, module nodenext) whose output requires the ESM runtime', () => {
    const dir = project(`cjs-${version}`, { 'main.ts': good }, 'NodeNext');
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: `tspc-cjs-${version}`, type: 'commonjs' }));
    const res = tspcIn(dir, version);
    expect(res.status, res.stdout + res.stderr).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'dist/main.js'), 'utf8')).toMatch(/require\("@weft\/runtime\/internal"\)/);
    const out = spawnSync(process.execPath, ['dist/main.js'], { cwd: dir, encoding: 'utf8' });
    expect(out.stdout.trim(), out.stderr).toBe('true 7 p');
  });

  it('reports weft misuse as a TypeScript error with file and line, and fails the build', () => {
    const dir = project(`bad-${version}`, { 'job.ts': bad });
    const res = tspcIn(dir, version);
    expect(res.status).not.toBe(0);
    expect(res.stdout).toMatch(/src\/job\.ts\(4,11\): error TS91001: weft: Member "onDone" of @Serializable class Job has type a function type/);
  });
});
