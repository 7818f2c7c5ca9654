import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts6 from 'typescript';
import ts59 from 'typescript-5.9';
import { createProgramState, createWeftTransformer } from '../src/transform';

export const TYPESCRIPTS = { '6.0': ts6, '5.9': ts59 } as const;
export type TsVersion = keyof typeof TYPESCRIPTS;

/** Scratch folder inside the repo so emitted code resolves @weft/runtime like a user's project. */
export const SCRATCH = path.join(__dirname, '.scratch');

export interface CompileOptions {
  ts?: typeof ts6;
  target?: ts6.ScriptTarget;
  module?: ts6.ModuleKind;
  experimentalDecorators?: boolean;
  /** true: a ts.Program with a TypeChecker (the ts-patch path); false: per file (the bundler path) */
  checker?: boolean;
  /** extra files, name -> source, compiled with the main one */
  extra?: Record<string, string>;
}

export interface Compiled {
  js: string;
  files: Record<string, string>;
  diagnostics: { code: number; line: number; message: string; file: string }[];
  /** TypeScript's own errors (for fixtures that should be valid TS) */
  tsErrors: string[];
}

let counter = 0;

/** Compiles `source` (as main.ts, plus extras) with the weft transformer. */
export function compile(source: string, options: CompileOptions = {}): Compiled {
  const tsi = options.ts ?? ts6;
  const dir = path.join(SCRATCH, `c${process.pid}_${counter++}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'fixture-app', type: options.module === tsi.ModuleKind.CommonJS ? 'commonjs' : 'module' }));
  const all = { 'main.ts': source, ...(options.extra ?? {}) };
  for (const [name, text] of Object.entries(all)) fs.writeFileSync(path.join(dir, name), text);
  const compilerOptions: ts6.CompilerOptions = {
    target: options.target ?? tsi.ScriptTarget.ES2022,
    module: options.module ?? tsi.ModuleKind.ESNext,
    moduleResolution: tsi.ModuleResolutionKind.Bundler,
    experimentalDecorators: options.experimentalDecorators ?? false,
    strict: true,
    skipLibCheck: true,
    types: [],
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    outDir: path.join(dir, 'out'),
    rootDir: dir,
  };
  if (compilerOptions.module === tsi.ModuleKind.CommonJS) {
    compilerOptions.moduleResolution = tsi.ModuleResolutionKind.Node10;
    // TypeScript 6 deprecates node10 resolution, which is still what `module: commonjs` users have.
    if (tsi.versionMajorMinor.startsWith('6.')) compilerOptions.ignoreDeprecations = '6.0';
  }
  const diagnostics: Compiled['diagnostics'] = [];
  const state = createProgramState((d) => {
    const pos = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : { line: -1 };
    diagnostics.push({ code: d.code, line: pos.line + 1, message: tsi.flattenDiagnosticMessageText(d.messageText, '\n'), file: path.basename(d.file?.fileName ?? '') });
  });
  const files: Record<string, string> = {};
  const tsErrors: string[] = [];
  if (options.checker !== false) {
    const program = tsi.createProgram(Object.keys(all).map((n) => path.join(dir, n)), compilerOptions);
    for (const d of tsi.getPreEmitDiagnostics(program)) tsErrors.push(tsi.flattenDiagnosticMessageText(d.messageText, '\n'));
    program.emit(undefined, (name, text) => {
      files[path.basename(name)] = text;
      fs.mkdirSync(path.dirname(name), { recursive: true });
      fs.writeFileSync(name, text);
    }, undefined, false, { before: [createWeftTransformer(tsi as never, program as never, state)] });
  } else {
    for (const [name, text] of Object.entries(all)) {
      const out = tsi.transpileModule(text, {
        fileName: path.join(dir, name),
        compilerOptions,
        transformers: { before: [createWeftTransformer(tsi as never, undefined, state)] },
      });
      const outName = path.join(dir, 'out', name.replace(/\.ts$/, '.js'));
      files[path.basename(outName)] = out.outputText;
      fs.mkdirSync(path.dirname(outName), { recursive: true });
      fs.writeFileSync(outName, out.outputText);
    }
  }
  return { js: files['main.js'] ?? '', files, diagnostics, tsErrors, ...{ dir } } as Compiled & { dir: string };
}

/** Runs the compiled main.js in a fresh Node process; returns stdout (throws with stderr on failure). */
export function run(compiled: Compiled): string {
  const dir = (compiled as Compiled & { dir: string }).dir;
  const res = spawnSync(process.execPath, [path.join(dir, 'out', 'main.js')], { encoding: 'utf8', timeout: 120_000 }); // a hang guard, not a time limit
  if (res.status !== 0) throw new Error(`fixture failed (${res.status}):\n${res.stderr}\n--- js ---\n${compiled.js}`);
  return res.stdout;
}
