import * as fs from 'node:fs';
import * as nodeModule from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { candidates, compileTypeScript, isTypeScriptFile } from './register-hooks.js';

/**
 * Running TypeScript directly, with weft's codecs generated on load:
 *
 *   node --import @weft/transformer/register app.ts
 *   node --import @weft/transformer/register --test test/*.test.ts
 *
 * ES modules (.mts, and .ts/.tsx in a "type": "module" package) are compiled by the module hooks
 * of register-hooks.ts, registered here with module.register() (Node runs them in a hooks
 * thread). CommonJS files (.cts, and .ts/.tsx elsewhere) are compiled in this thread by a
 * require.extensions hook, so that require() of them, and their require() of ES modules such as
 * @weft/runtime, is Node's own CommonJS loader. Source maps are inline and enabled, so stack
 * traces name .ts lines. `node --require @weft/transformer/register` installs the same hooks.
 *
 * Not supported: TypeScript files under node_modules (left to Node), tsconfig `paths`, type
 * checking (run tsc for that), TypeScript typed at the REPL prompt (`await import('./x.ts')` works).
 * A file Node would load as an ES module is compiled to CommonJS when require()d (import.meta and
 * top-level await then fail).
 */

interface CjsModule {
  _compile(code: string, filename: string): unknown;
}
type ExtensionHandler = (module: CjsModule, filename: string) => void;
interface ModuleInternals {
  _extensions: Record<string, ExtensionHandler>;
  _resolveFilename(request: string, parent: { filename?: string | null } | null | undefined, isMain: boolean, options?: unknown): string;
}

const INSTALLED = Symbol.for('@weft/transformer/register');

function install(): void {
  const g = globalThis as { [INSTALLED]?: boolean };
  if (g[INSTALLED]) return;
  g[INSTALLED] = true;

  process.setSourceMapsEnabled(true);

  // ES modules: resolve/load hooks in Node's hooks thread.
  nodeModule.register(pathToFileURL(path.join(__dirname, 'register-hooks.js')).href);

  // CommonJS: one handler for TypeScript's extensions.
  const Module = nodeModule.Module as unknown as ModuleInternals;
  const fallback = Module._extensions['.js']!;
  for (const ext of ['.ts', '.cts', '.tsx']) {
    const previous = Module._extensions[ext] ?? fallback;
    Module._extensions[ext] = (module, filename) => {
      if (!isTypeScriptFile(filename)) return previous(module, filename);
      // A file Node would load as an ES module is compiled to CommonJS when required.
      module._compile(compileTypeScript(fs.readFileSync(filename, 'utf8'), filename, 'commonjs'), filename);
    };
  }

  // require('./model.js') from a TypeScript file finds model.ts (TypeScript's NodeNext convention).
  const resolveFilename = Module._resolveFilename;
  Module._resolveFilename = function (request, parent, isMain, options) {
    try {
      return resolveFilename.call(this, request, parent, isMain, options);
    } catch (err) {
      if (!/^\.{1,2}\//.test(request) || (err as { code?: string }).code !== 'MODULE_NOT_FOUND' || !parent?.filename || !isTypeScriptFile(parent.filename)) throw err;
      // The ES hooks' mapping, less what require() cannot load here (.mts).
      for (const candidate of candidates(request).filter((c) => /\.(?:ts|tsx|cts)$/.test(c))) {
        try {
          return resolveFilename.call(this, candidate, parent, isMain, options);
        } catch {
          // next
        }
      }
      throw err;
    }
  };
}

install();
