import type * as ts from 'typescript';
import { preserveLines } from './preserve-lines.js';
import { createProgramState, createWeftTransformer, type ProgramState } from './transform.js';
import { checkTypeScript, requireTypeScript } from './typescript.js';

/**
 * Per-file path used by the bundler plugin (and any tool without a ts.Program): TypeScript in,
 * JavaScript with generated codecs out, plus a source map and weft's diagnostics.
 */
export interface TransformSourceOptions {
  /** the TypeScript module to use (default: require('typescript')) */
  ts?: typeof ts;
  /** legacy decorators, as in the project's tsconfig (default false: standard decorators) */
  experimentalDecorators?: boolean;
  target?: ts.ScriptTarget;
  assembly?: string;
  /** shares duplicate-identity tracking across files of one build */
  state?: ProgramState;
  /**
   * Lay the output out so that every line of the user's code stays on its own line number, its
   * first token at its own column (generated code joins the line before it). For tools that
   * report positions in the code they were handed without reading its source map (esbuild).
   * Only line breaks and indentation change, and a `// comment` that gets code appended on its
   * line becomes a block comment. Default false.
   */
  preserveLines?: boolean;
}

export interface TransformSourceDiagnostic {
  /** weft's codes are 91001..; a syntax error in the file has TypeScript's own code (1005...) */
  code: number;
  message: string;
  /** 1-based */
  line: number;
  /** 1-based, in UTF-16 code units of the line */
  column: number;
  /** length of the reported span in UTF-16 code units (may run past the line) */
  length: number;
  file: string;
}

export interface TransformSourceResult {
  /** undefined when the file needs no change */
  code: string | undefined;
  map: string | undefined;
  /**
   * weft's diagnostics, and the file's syntax errors: TypeScript recovers from those silently
   * (`f(a b)` is emitted as `f(a, b)`), so a bundler handed the output would never see them.
   */
  diagnostics: TransformSourceDiagnostic[];
}

export function transformSource(code: string, fileName: string, options: TransformSourceOptions = {}): TransformSourceResult {
  if (!code.includes('@weft/runtime')) return { code: undefined, map: undefined, diagnostics: [] };
  const tsi = options.ts ? checkTypeScript(options.ts, "weft's bundler plugin") : requireTypeScript("weft's bundler plugin");
  const out = transpileWithWeft(
    tsi,
    code,
    fileName,
    {
      target: options.target ?? tsi.ScriptTarget.ESNext,
      module: tsi.ModuleKind.ESNext,
      experimentalDecorators: options.experimentalDecorators ?? false,
      jsx: tsi.JsxEmit.Preserve,
    },
    { identities: options.state?.identities, assembly: options.assembly },
  );
  if (!options.preserveLines || out.map === undefined) return { code: out.js, map: out.map, diagnostics: out.diagnostics };
  return { ...preserveLines(tsi, out.js, out.map, code, fileName), diagnostics: out.diagnostics };
}

/**
 * One file through `transpileModule` with weft's transformer: the per-file compile behind the
 * bundler plugins (transformSource) and the register hook, which differ only in their options
 * (module kind, target, JSX). Returns the JavaScript without its sourceMappingURL comment, the
 * source map, and weft's diagnostics plus the file's syntax errors (transpileModule repairs those
 * silently otherwise).
 */
export function transpileWithWeft(
  tsi: typeof ts,
  code: string,
  fileName: string,
  compilerOptions: ts.CompilerOptions,
  weft: { identities?: ProgramState['identities']; assembly?: string } = {},
): { js: string; map: string | undefined; diagnostics: TransformSourceDiagnostic[] } {
  const collected: ts.Diagnostic[] = [];
  const state = createProgramState((d) => {
    collected.push(d);
  });
  // Shared with the other files of a build (or a process), for the duplicate-identity check.
  if (weft.identities) (state as { identities: ProgramState['identities'] }).identities = weft.identities;
  const out = tsi.transpileModule(code, {
    fileName,
    reportDiagnostics: true,
    compilerOptions: {
      useDefineForClassFields: true,
      isolatedModules: true,
      sourceMap: true,
      inlineSources: true,
      newLine: tsi.NewLineKind.LineFeed,
      ...compilerOptions,
    },
    transformers: { before: [createWeftTransformer(tsi, undefined, state, { assembly: weft.assembly })] },
  });
  // transpileModule reports syntax errors only (and option problems, which have no file).
  const syntax = (out.diagnostics ?? []).filter((d) => d.file !== undefined && d.category === tsi.DiagnosticCategory.Error);
  const diagnostics = [...syntax, ...collected].map((d): TransformSourceDiagnostic => {
    const pos = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : { line: 0, character: 0 };
    return {
      code: d.code,
      message: tsi.flattenDiagnosticMessageText(d.messageText, '\n'),
      line: pos.line + 1,
      column: pos.character + 1,
      length: d.length ?? 0,
      file: fileName,
    };
  });
  return { js: out.outputText.replace(/\n\/\/# sourceMappingURL=.*$/, ''), map: out.sourceMapText, diagnostics };
}
