// ESM face of the bundler plugin (Vite and Rollup configs are ES modules): Node's import of a
// CommonJS module does not map `exports.default`, so re-export the named functions here.
import cjs from '../dist/bundler.js';

export const weft = cjs.weft;
export const esbuildPlugin = cjs.esbuildPlugin;
export default cjs.weft;
