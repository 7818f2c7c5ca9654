// Types of esm/bundler.mjs: the same declarations as dist/bundler.d.ts, as an ES module sees them.
import type * as cjs from '../dist/bundler.js';

export declare const weft: typeof cjs.weft;
export declare const esbuildPlugin: typeof cjs.esbuildPlugin;
declare const _default: typeof cjs.weft;
export default _default;
export type { WeftPluginOptions } from '../dist/bundler.js';
