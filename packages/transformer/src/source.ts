import type * as ts from 'typescript';
import { createProgramState, createWeftTransformer, type ProgramState } from './transform.js';

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
}

export interface TransformSourceResult {
  /** undefined when the file needs no change */
  code: string | undefined;
  map: string | undefined;
  diagnostics: { code: number; message: string; line: number; column: number; file: string }[];
}

export function transformSource(code: string, fileName: string, options: TransformSourceOptions = {}): TransformSourceResult {
  const diagnostics: TransformSourceResult['diagnostics'] = [];
  if (!code.includes('@weft/runtime')) return { code: undefined, map: undefined, diagnostics };
  const tsi = options.ts ?? (require('typescript') as typeof ts);
  const collected: ts.Diagnostic[] = [];
  const shared = options.state;
  const state = createProgramState((d) => {
    collected.push(d);
  });
  if (shared) (state as { identities: ProgramState['identities'] }).identities = shared.identities;
  const out = tsi.transpileModule(code, {
    fileName,
    reportDiagnostics: false,
    compilerOptions: {
      target: options.target ?? tsi.ScriptTarget.ESNext,
      module: tsi.ModuleKind.ESNext,
      experimentalDecorators: options.experimentalDecorators ?? false,
      useDefineForClassFields: true,
      isolatedModules: true,
      sourceMap: true,
      inlineSources: true,
      jsx: tsi.JsxEmit.Preserve,
    },
    transformers: { before: [createWeftTransformer(tsi, undefined, state, { assembly: options.assembly })] },
  });
  for (const d of collected) {
    const pos = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : { line: 0, character: 0 };
    diagnostics.push({ code: d.code, message: tsi.flattenDiagnosticMessageText(d.messageText, '\n'), line: pos.line + 1, column: pos.character + 1, file: fileName });
  }
  return { code: out.outputText.replace(/\n\/\/# sourceMappingURL=.*$/, ''), map: out.sourceMapText, diagnostics };
}
