#!/usr/bin/env node
// The README's test command: build, type-check, run every vitest suite, then print the plain
// closing line "N passed, M failed" that CI reads. Exit code is non-zero on any failure.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';

const run = (cmd, args) => {
  console.log(`\n$ ${cmd} ${args.join(' ')}`);
  return spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' }).status ?? 1;
};

let failedSteps = 0;
if (run('pnpm', ['run', 'build']) !== 0) failedSteps++;
if (run('pnpm', ['run', 'typecheck']) !== 0) failedSteps++;

const results = '.vitest-results.json';
rmSync(results, { force: true });
const extra = process.argv.slice(2);
const status = run('pnpm', ['exec', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${results}`, ...extra]);
let passed = 0;
let failed = 0;
try {
  const json = JSON.parse(readFileSync(results, 'utf8'));
  passed = json.numPassedTests;
  failed = json.numFailedTests + (json.numRuntimeErrorTests ?? 0);
  // A suite that failed to load counts as a failure even when it has no tests.
  for (const f of json.testResults ?? []) if (f.status === 'failed' && (f.assertionResults ?? []).length === 0) failed++;
} catch {
  failed++;
}
failed += failedSteps;
if (status !== 0 && failed === 0) failed = 1;
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
