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
  const diagnostics: TransformSourceResult['diagnostics'] = [];
  if (!code.includes('@weft/runtime')) return { code: undefined, map: undefined, diagnostics };
  const tsi = options.ts ? checkTypeScript(options.ts, "weft's bundler plugin") : requireTypeScript("weft's bundler plugin");
  const collected: ts.Diagnostic[] = [];
  const shared = options.state;
  const state = createProgramState((d) => {
    collected.push(d);
  });
  if (shared) (state as { identities: ProgramState['identities'] }).identities = shared.identities;
  const out = tsi.transpileModule(code, {
    fileName,
    reportDiagnostics: true,
    compilerOptions: {
      target: options.target ?? tsi.ScriptTarget.ESNext,
      module: tsi.ModuleKind.ESNext,
      experimentalDecorators: options.experimentalDecorators ?? false,
      useDefineForClassFields: true,
      isolatedModules: true,
      sourceMap: true,
      inlineSources: true,
      jsx: tsi.JsxEmit.Preserve,
      newLine: tsi.NewLineKind.LineFeed,
    },
    transformers: { before: [createWeftTransformer(tsi, undefined, state, { assembly: options.assembly })] },
  });
  // transpileModule reports syntax errors only (and option problems, which have no file).
  const syntax = (out.diagnostics ?? []).filter((d) => d.file !== undefined && d.category === tsi.DiagnosticCategory.Error);
  for (const d of [...syntax, ...collected]) {
    const pos = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : { line: 0, character: 0 };
    diagnostics.push({
      code: d.code,
      message: tsi.flattenDiagnosticMessageText(d.messageText, '\n'),
      line: pos.line + 1,
      column: pos.character + 1,
      length: d.length ?? 0,
      file: fileName,
    });
  }
  const js = out.outputText.replace(/\n\/\/# sourceMappingURL=.*$/, '');
  if (!options.preserveLines || out.sourceMapText === undefined) return { code: js, map: out.sourceMapText, diagnostics };
  return { ...preserveLines(tsi, js, out.sourceMapText, code, fileName), diagnostics };
}
