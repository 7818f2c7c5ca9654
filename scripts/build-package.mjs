#!/usr/bin/env node
// A package's clean build, for `prepack`: compile into a fresh sibling folder, then swap it in
// for dist/ with two renames. The tarball never ships a stale file from a deleted source, and
// a process reading dist/ meanwhile (a test of another example) never sees it half-written.
//
//   node scripts/build-package.mjs packages/runtime [packages/transformer ...]   (in order)
import { spawnSync } from 'node:child_process';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
for (const dir of process.argv.slice(2)) {
  const pkg = path.resolve(dir);
  const next = path.join(pkg, '.dist-next');
  const old = path.join(pkg, '.dist-old');
  rmSync(next, { recursive: true, force: true });
  rmSync(old, { recursive: true, force: true });
  const res = spawnSync(process.execPath, [tsc, '-p', path.join(pkg, 'tsconfig.build.json'), '--outDir', next], { stdio: 'inherit' });
  if (res.status !== 0) {
    rmSync(next, { recursive: true, force: true });
    console.error(`build-package: tsc failed in ${pkg}`);
    process.exit(res.status ?? 1);
  }
  const dist = path.join(pkg, 'dist');
  if (existsSync(dist)) renameSync(dist, old);
  renameSync(next, dist);
  rmSync(old, { recursive: true, force: true });
  console.log(`build-package: ${path.relative(process.cwd(), dist) || dist} rebuilt`);
}
