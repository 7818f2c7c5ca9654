// ESM face of the bundler plugin (Vite and Rollup configs are ES modules). The package is
// CommonJS; Node's import of it does not map `exports.default`, so the named functions are
// re-exported here from the one CommonJS module (never a second copy).
import { createRequire } from 'node:module';

// require(), not `import cjs from`: a default import's CommonJS interop differs between Node
// (module.exports) and tools that honour __esModule (exports.default); require() is the one module.
const cjs = createRequire(import.meta.url)('../dist/bundler.js');

export const weft = cjs.weft;
export const esbuildPlugin = cjs.esbuildPlugin;
export default cjs.weft;
