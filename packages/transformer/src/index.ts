import type * as ts from 'typescript';
import { createProgramState, createWeftTransformer, type WeftTransformerOptions } from './transform.js';
import { requireTypeScript } from './typescript.js';

/**
 * ts-patch entry point: `{ "transform": "@weft/transformer" }` in compilerOptions.plugins.
 * ts-patch calls this once per program with its own `ts` instance; diagnostics are added to
 * the program's emit diagnostics so `tspc` prints them with file and line and fails the build.
 */
interface TransformerExtras {
  ts: typeof ts;
  addDiagnostic(diag: ts.Diagnostic): number;
}

export default function weftTransformer(
  program: ts.Program,
  config: WeftTransformerOptions & Record<string, unknown> = {},
  extras?: TransformerExtras,
): ts.TransformerFactory<ts.SourceFile> {
  const tsi = extras?.ts ?? requireTypeScript('@weft/transformer');
  const state = createProgramState((d) => {
    if (extras) extras.addDiagnostic(d);
    else throw new Error(tsi.flattenDiagnosticMessageText(d.messageText, '\n'));
  });
  return createWeftTransformer(tsi, program, state, { assembly: typeof config.assembly === 'string' ? config.assembly : undefined });
}

export { createWeftTransformer, createProgramState, type ProgramState, type WeftTransformerOptions } from './transform.js';
export { Diagnostics } from './diagnostics.js';
export { transformSource, type TransformSourceOptions, type TransformSourceResult } from './source.js';
