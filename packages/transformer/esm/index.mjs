// ESM face of the ts-patch entry point. The package is CommonJS (ts-patch require()s
// transformers); an ES module importing it would otherwise get `module.exports` as its default
// export. This file re-exports the one CommonJS module, so there is never a second copy.
import { createRequire } from 'node:module';

// require(), not `import cjs from`: a default import's CommonJS interop differs between Node
// (module.exports) and tools that honour __esModule (exports.default); require() is the one module.
const cjs = createRequire(import.meta.url)('../dist/index.js');

export default cjs.default;
export const createWeftTransformer = cjs.createWeftTransformer;
export const createProgramState = cjs.createProgramState;
export const Diagnostics = cjs.Diagnostics;
export const transformSource = cjs.transformSource;
