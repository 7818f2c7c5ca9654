// Types of esm/index.mjs: the same declarations as dist/index.d.ts, as an ES module sees them.
import type * as cjs from '../dist/index.js';

declare const weftTransformer: typeof cjs.default;
export default weftTransformer;
export declare const createWeftTransformer: typeof cjs.createWeftTransformer;
export declare const createProgramState: typeof cjs.createProgramState;
export declare const Diagnostics: typeof cjs.Diagnostics;
export declare const transformSource: typeof cjs.transformSource;
export type { ProgramState, WeftTransformerOptions, TransformSourceOptions, TransformSourceResult } from '../dist/index.js';
