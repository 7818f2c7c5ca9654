import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

/**
 * Mono as the real .NET BinaryFormatter for tests: `monoRead(bytes)` hands bytes to the read
 * mode of mono-corpus/Corpus.cs (mono-corpus/README.md, "Read mode") and returns what .NET
 * deserialized, one value per graph, in the conventions of mono-corpus/expected.json.
 *
 * Tests that need Mono wrap themselves in `describe.skipIf(monoSkip)`. Without Mono they are
 * skipped on a developer machine, but not in CI (`CI` set): there `monoSkip` is false, the
 * tests run, and `requireMono()` / `monoRead()` fail them, because .ci/run installs Mono and a
 * CI run that silently skipped the .NET round trip would prove nothing.
 */

const CORPUS_CS = fileURLToPath(new URL('./mono-corpus/Corpus.cs', import.meta.url));
const COMPILE_TIMEOUT_MS = 120_000;
const READ_TIMEOUT_MS = 60_000;

/** Whether `name` is an executable file in a directory of PATH. */
function onPath(name: string): boolean {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    try {
      accessSync(join(dir, name), constants.X_OK);
      return true;
    } catch {
      // not in this directory
    }
  }
  return false;
}

/** `mcs` and `mono` are both on PATH. */
export function monoAvailable(): boolean {
  return onPath('mcs') && onPath('mono');
}

const inCi = (): boolean => {
  const ci = process.env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
};

const MISSING_IN_CI =
  'Mono (mcs and mono) is not on PATH, but CI is set: .ci/run should have installed it ' +
  '(apt-get install -y --no-install-recommends mono-mcs mono-runtime). The .NET round-trip tests do not skip in CI.';

/**
 * The reason to skip Mono tests, or false to run them: a string only when Mono is missing on a
 * machine that is not CI. Use as `describe.skipIf(monoSkip)(…)`.
 */
export const monoSkip: string | false =
  monoAvailable() || inCi() ? false : 'Mono (mcs, mono) not on PATH; install mono-mcs and mono-runtime to run the .NET round-trip tests';

/** Throws (failing the test) when Mono is missing; in CI the message says .ci/run should have installed it. */
export function requireMono(): void {
  if (monoAvailable()) return;
  throw new Error(inCi() ? MISSING_IN_CI : 'Mono (mcs and mono) is not on PATH; install mono-mcs and mono-runtime');
}

/** .NET's exception from the read mode, as its `{"error", "message", "graph"}` report gave it. */
export class MonoReadError extends Error {
  constructor(
    /** the exception's full type name, e.g. System.Runtime.Serialization.SerializationException */
    readonly dotnetType: string,
    /** the exception's Message */
    readonly dotnetMessage: string,
    /** 0-based index of the graph (Deserialize call) that failed */
    readonly graph: number,
  ) {
    super(`.NET ${dotnetType} reading graph ${graph}: ${dotnetMessage}`);
    this.name = 'MonoReadError';
  }
}

let workDir: string | undefined;
let exePath: string | undefined;
let fileCounter = 0;

function cleanup(): void {
  if (workDir !== undefined) rmSync(workDir, { recursive: true, force: true });
  workDir = undefined;
  exePath = undefined;
}

// The temp dir goes when the importing test file is done: vitest ends its fork workers with
// SIGTERM, which skips 'exit' handlers (kept as a fallback for other ways of running). A later
// monoRead in the same process compiles again.
afterAll(cleanup);
process.once('exit', cleanup);

/** Compiles Corpus.cs once per process (cached until cleanup) into a temp dir. */
function corpusExe(): string {
  if (exePath !== undefined) return exePath;
  requireMono();
  workDir = mkdtempSync(join(tmpdir(), 'weft-mono-'));
  // The output file name gives the assembly name: WeftCorpus, as in the corpus streams.
  const exe = join(workDir, 'WeftCorpus.exe');
  const r = spawnSync('mcs', ['-nologo', '-warnaserror+', `-out:${exe}`, '-r:System.Core.dll', CORPUS_CS], {
    encoding: 'utf8',
    timeout: COMPILE_TIMEOUT_MS,
    maxBuffer: 16 * 1024 * 1024,
  });
  if (r.error !== undefined || r.status !== 0) {
    const why = r.error !== undefined ? r.error.message : `exit ${r.status ?? r.signal}`;
    cleanup();
    throw new Error(`mcs could not compile ${CORPUS_CS} (${why}):\n${r.stdout}${r.stderr}`);
  }
  exePath = exe;
  return exe;
}

/**
 * Deserializes `bytes` with Mono's BinaryFormatter (every graph, back to back, until the end)
 * and returns one value per graph in the conventions of mono-corpus/expected.json. `kind` is a
 * corpus payload name; it matters only for payloads whose expected value is a summary
 * (`linked-list-deep`, which is also detected without it). Throws a MonoReadError with .NET's
 * exception type and message when .NET could not read the bytes.
 */
export function monoRead(bytes: Uint8Array, kind?: string): unknown[] {
  const exe = corpusExe();
  const file = join(workDir!, `input-${process.pid}-${++fileCounter}.bin`);
  writeFileSync(file, bytes);
  try {
    const args = [exe, '--read', file];
    if (kind !== undefined) args.push(kind);
    const r = spawnSync('mono', args, { encoding: 'utf8', timeout: READ_TIMEOUT_MS, maxBuffer: 256 * 1024 * 1024 });
    if (r.error !== undefined) throw new Error(`mono --read failed: ${r.error.message}\n${r.stderr ?? ''}`);
    if (r.status === 0) return JSON.parse(r.stdout) as unknown[];
    if (r.status === 2) {
      let report: { error?: unknown; message?: unknown; graph?: unknown } | undefined;
      try {
        report = JSON.parse(r.stdout) as typeof report;
      } catch {
        // not the read mode's report; fall through
      }
      if (report !== undefined && typeof report.error === 'string') {
        throw new MonoReadError(report.error, String(report.message), typeof report.graph === 'number' ? report.graph : -1);
      }
    }
    throw new Error(`mono --read exited with ${r.status ?? r.signal}:\n${r.stdout}${r.stderr}`);
  } finally {
    rmSync(file, { force: true });
  }
}

/**
 * Sorts the pairs of every `{"$map": …}` by their key's JSON, as the generator does when it
 * compares a graph with its deserialized copy: a Hashtable rebuilt by Deserialize can enumerate
 * in another order than the one written (collections.bin's `Mixed` does). Nothing else changes.
 */
export function sortMaps(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortMaps);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = sortMaps(x);
  if (Array.isArray(out.$map)) {
    const key = (pair: unknown): string => JSON.stringify((pair as unknown[])[0]);
    out.$map = [...(out.$map as unknown[])].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  }
  return out;
}
