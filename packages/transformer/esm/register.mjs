// ESM face of the register hook: `node --import @weft/transformer/register app.ts`. The package is
// CommonJS; importing its one CommonJS module installs the hooks (once per process, however it is
// loaded: --import, --require or both).
import '../dist/register.js';
