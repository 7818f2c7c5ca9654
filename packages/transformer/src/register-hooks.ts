import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as ts from 'typescript';
import { transpileWithWeft } from './source.js';
import type { ProgramState } from './transform.js';
import { checkTypeScript } from './typescript.js';

/**
 * `node --import @weft/transformer/register app.ts`: the compiler and Node's module hooks.
 *
 * This module is loaded twice per process: by register.ts in the main thread (which uses
 * `compileTypeScript` for CommonJS files, from its require.extensions hook) and by
 * `module.register()` in Node's hooks thread, where `resolve` and `load` below serve the ES module
 * loader. It has no side effects of its own. TypeScript comes from the user's project and is
 * loaded on the first .ts file.
 */

export type ModuleFormat = 'module' | 'commonjs';

const TS_FILE = /\.(?:ts|tsx|mts|cts)$/;
const NODE_MODULES = /[\\/]node_modules[\\/]/;

/** A TypeScript source file that the hooks compile (never a .d.ts, never under node_modules). */
export function isTypeScriptFile(file: string): boolean {
  return TS_FILE.test(file) && !/\.d\.(?:c|m)?ts$/.test(file) && !NODE_MODULES.test(file);
}

let tsInstance: typeof ts | undefined;

/** The `typescript` package: the peer installed for @weft/transformer, else the one of the current directory's project. */
export function loadTypeScript(): typeof ts {
  if (tsInstance) return tsInstance;
  let found: unknown;
  try {
    found = require('typescript');
  } catch {
    try {
      found = createRequire(path.join(process.cwd(), 'package.json'))('typescript');
    } catch {
      throw new Error('@weft/transformer/register needs the "typescript" package (>=5.9 <7) in your project: npm install --save-dev typescript');
    }
  }
  tsInstance = checkTypeScript(found, '@weft/transformer/register');
  return tsInstance;
}

// ---------------------------------------------------------------------------------------------
// Module format: Node's rules (.mts ESM, .cts CommonJS, else the nearest package.json "type").

const packageTypeOfDir = new Map<string, ModuleFormat>();

function packageType(dir: string): ModuleFormat {
  const cached = packageTypeOfDir.get(dir);
  if (cached) return cached;
  let format: ModuleFormat = 'commonjs';
  const pkg = path.join(dir, 'package.json');
  const parent = path.dirname(dir);
  if (fs.existsSync(pkg)) {
    try {
      format = (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { type?: unknown }).type === 'module' ? 'module' : 'commonjs';
    } catch {
      format = 'commonjs'; // as Node: an unreadable package.json has no "type"
    }
  } else if (parent !== dir) {
    format = packageType(parent);
  }
  packageTypeOfDir.set(dir, format);
  return format;
}

export function moduleFormatOf(file: string): ModuleFormat {
  if (file.endsWith('.mts')) return 'module';
  if (file.endsWith('.cts')) return 'commonjs';
  return packageType(path.dirname(file));
}

// ---------------------------------------------------------------------------------------------
// The nearest tsconfig.json: only the options that change what a file compiles to.

interface ProjectOptions {
  experimentalDecorators?: boolean;
  emitDecoratorMetadata?: boolean;
  jsx?: ts.JsxEmit;
  jsxFactory?: string;
  jsxFragmentFactory?: string;
  jsxImportSource?: string;
}

const configOfDir = new Map<string, string | undefined>();
const optionsOfConfig = new Map<string, ProjectOptions>();

function projectOptions(tsi: typeof ts, file: string): ProjectOptions {
  const dir = path.dirname(file);
  let config = configOfDir.get(dir);
  if (!configOfDir.has(dir)) {
    config = tsi.findConfigFile(dir, (f) => tsi.sys.fileExists(f));
    configOfDir.set(dir, config);
  }
  if (config === undefined) return {};
  let options = optionsOfConfig.get(config);
  if (!options) {
    const read = tsi.readConfigFile(config, (f) => tsi.sys.readFile(f));
    // `extends` is followed; `include`/`files` are not enumerated (readDirectory finds nothing).
    const host: ts.ParseConfigHost = {
      useCaseSensitiveFileNames: tsi.sys.useCaseSensitiveFileNames,
      readDirectory: () => [],
      fileExists: (f) => tsi.sys.fileExists(f),
      readFile: (f) => tsi.sys.readFile(f),
    };
    const o = read.error ? {} : tsi.parseJsonConfigFileContent(read.config, host, path.dirname(config), undefined, config).options;
    options = {
      experimentalDecorators: o.experimentalDecorators,
      emitDecoratorMetadata: o.emitDecoratorMetadata,
      jsx: o.jsx,
      jsxFactory: o.jsxFactory,
      jsxFragmentFactory: o.jsxFragmentFactory,
      jsxImportSource: o.jsxImportSource,
    };
    optionsOfConfig.set(config, options);
  }
  return options;
}

/** JSX must run: `preserve` / `react-native` (or no setting) compile as `react-jsx`; `react`, `react-jsx`, `react-jsxdev` are kept. */
function runnableJsx(tsi: typeof ts, jsx: ts.JsxEmit | undefined): ts.JsxEmit {
  return jsx === tsi.JsxEmit.React || jsx === tsi.JsxEmit.ReactJSX || jsx === tsi.JsxEmit.ReactJSXDev ? jsx : tsi.JsxEmit.ReactJSX;
}

// ---------------------------------------------------------------------------------------------
// Compiling one file.

/** Wire identities seen in this thread: the duplicate-identity check spans the files a process loads. */
const identities: ProgramState['identities'] = new Map();

export class WeftCompileError extends Error {
  override name = 'WeftCompileError';
}

function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

/**
 * TypeScript in, runnable JavaScript out: types stripped, weft's codecs generated for
 * @Serializable classes, JSX compiled, decorators lowered (target ES2022), as an ES module or as
 * CommonJS, with an inline source map. Throws a WeftCompileError listing weft's diagnostics and
 * TypeScript's syntax errors in tsc's format (`file(line,col): error TS91001: message`).
 */
export function compileTypeScript(code: string, file: string, format: ModuleFormat): string {
  const tsi = loadTypeScript();
  const project = projectOptions(tsi, file);
  const compilerOptions: ts.CompilerOptions = {
    target: tsi.ScriptTarget.ES2022,
    module: format === 'module' ? tsi.ModuleKind.ESNext : tsi.ModuleKind.CommonJS,
    esModuleInterop: true,
    experimentalDecorators: project.experimentalDecorators ?? false,
    emitDecoratorMetadata: project.emitDecoratorMetadata ?? false,
  };
  if (file.endsWith('.tsx')) {
    compilerOptions.jsx = runnableJsx(tsi, project.jsx);
    if (project.jsxFactory) compilerOptions.jsxFactory = project.jsxFactory;
    if (project.jsxFragmentFactory) compilerOptions.jsxFragmentFactory = project.jsxFragmentFactory;
    if (project.jsxImportSource) compilerOptions.jsxImportSource = project.jsxImportSource;
  }
  const out = transpileWithWeft(tsi, code, file, compilerOptions, { identities });
  if (out.diagnostics.length > 0) {
    throw new WeftCompileError(out.diagnostics.map((d) => `${displayPath(d.file)}(${d.line},${d.column}): error TS${d.code}: ${d.message}`).join('\n'));
  }
  let js = `${out.js}\n`;
  if (out.map) {
    const map = JSON.parse(out.map) as { sources: string[]; sourceRoot?: string; file?: string };
    map.sources = [pathToFileURL(file).href];
    delete map.sourceRoot;
    map.file = path.basename(file);
    js += `//# sourceMappingURL=data:application/json;charset=utf-8;base64,${Buffer.from(JSON.stringify(map)).toString('base64')}\n`;
  }
  return js;
}

/**
 * The names a CommonJS-compiled TypeScript file exports, read from its syntax: what an ES module
 * importing it may name (Node finds CommonJS export names by lexing the file on disk, which here is
 * TypeScript, not the compiled output). `export * from` contributes nothing (default import instead).
 */
export function exportedNames(code: string, file: string): string[] {
  const tsi = loadTypeScript();
  const sf = tsi.createSourceFile(file, code, tsi.ScriptTarget.Latest, false, file.endsWith('.tsx') ? tsi.ScriptKind.TSX : tsi.ScriptKind.TS);
  const names = new Set<string>();
  const has = (node: ts.Node, kind: ts.SyntaxKind) => tsi.canHaveModifiers(node) && (tsi.getModifiers(node) ?? []).some((m) => m.kind === kind);
  const bind = (name: ts.BindingName) => {
    if (tsi.isIdentifier(name)) names.add(name.text);
    else for (const el of name.elements) if (!tsi.isOmittedExpression(el)) bind(el.name);
  };
  for (const st of sf.statements) {
    if (tsi.isExportDeclaration(st)) {
      if (st.isTypeOnly) continue;
      if (!st.exportClause) continue; // export * from '...'
      if (tsi.isNamespaceExport(st.exportClause)) names.add(st.exportClause.name.text);
      else for (const el of st.exportClause.elements) if (!el.isTypeOnly) names.add(el.name.text);
      continue;
    }
    if (!has(st, tsi.SyntaxKind.ExportKeyword) || has(st, tsi.SyntaxKind.DeclareKeyword) || has(st, tsi.SyntaxKind.DefaultKeyword)) continue;
    if (tsi.isVariableStatement(st)) for (const d of st.declarationList.declarations) bind(d.name);
    else if ((tsi.isFunctionDeclaration(st) || tsi.isClassDeclaration(st)) && st.name) names.add(st.name.text);
    else if (tsi.isEnumDeclaration(st) || tsi.isImportEqualsDeclaration(st)) names.add(st.name.text);
    else if (tsi.isModuleDeclaration(st) && tsi.isIdentifier(st.name)) names.add(st.name.text);
  }
  names.delete('default');
  names.delete('__esModule');
  return [...names];
}

/**
 * An ES module standing for a CommonJS TypeScript file that an ES module imports: the file itself
 * is loaded by Node's CommonJS loader (the main thread's require hook, one instance shared with
 * `require`); `default` is its module.exports, as Node gives for CommonJS, plus its named exports.
 */
function commonJsFacade(url: string, file: string, names: readonly string[]): string {
  const lines = [
    `import { createRequire } from 'node:module';`,
    `const __weft_cjs = createRequire(${JSON.stringify(url)})(${JSON.stringify(file)});`,
    `export default __weft_cjs;`,
  ];
  names.forEach((name, i) => {
    lines.push(`const __weft_${i} = __weft_cjs[${JSON.stringify(name)}];`, `export { __weft_${i} as ${JSON.stringify(name)} };`);
  });
  return lines.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------
// Node's module hooks (hooks thread).

interface ResolveContext {
  conditions: string[];
  importAttributes?: Record<string, string>;
  parentURL?: string;
}
interface ResolveResult {
  url: string;
  format?: string | null;
  shortCircuit?: boolean;
  importAttributes?: Record<string, string>;
}
type NextResolve = (specifier: string, context?: ResolveContext) => Promise<ResolveResult>;
interface LoadContext {
  conditions: string[];
  format?: string | null;
  importAttributes?: Record<string, string>;
}
interface LoadResult {
  format: string;
  source?: string | ArrayBuffer | Uint8Array | null;
  shortCircuit?: boolean;
}
type NextLoad = (url: string, context?: LoadContext) => Promise<LoadResult>;

/** TypeScript's NodeNext convention (`./model.js` names `./model.ts`) and extensionless relative specifiers. */
export function candidates(specifier: string): string[] {
  const at = specifier.search(/[?#]/);
  const bare = at < 0 ? specifier : specifier.slice(0, at);
  const suffix = at < 0 ? '' : specifier.slice(at);
  const ext = /\.(?:js|jsx|mjs|cjs)$/.exec(bare)?.[0];
  if (ext) {
    const stem = bare.slice(0, -ext.length);
    const map: Record<string, string[]> = { '.js': ['.ts', '.tsx'], '.jsx': ['.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'] };
    return map[ext]!.map((e) => stem + e + suffix);
  }
  const last = bare.slice(bare.lastIndexOf('/') + 1);
  if (last.includes('.') && last !== '.' && last !== '..') return [];
  const dir = bare.endsWith('/') ? bare : `${bare}/`;
  return [`${bare}.ts`, `${bare}.tsx`, `${dir}index.ts`, `${dir}index.tsx`].map((c) => c + suffix);
}

/** URLs resolved without a parent: the entry point, which runs in Node's CommonJS loader when it is CommonJS. */
const entryPoints = new Set<string>();

export async function resolve(specifier: string, context: ResolveContext, nextResolve: NextResolve): Promise<ResolveResult> {
  let resolved: ResolveResult;
  try {
    resolved = await nextResolve(specifier, context);
  } catch (err) {
    const code = (err as { code?: string }).code;
    const parent = context.parentURL;
    const relative = /^\.{1,2}(?:\/|$)/.test(specifier) || specifier.startsWith('/') || specifier.startsWith('file:');
    if (!relative || (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'ERR_UNSUPPORTED_DIR_IMPORT')) throw err;
    if (parent && (!parent.startsWith('file:') || NODE_MODULES.test(parent))) throw err;
    resolved = await retry(specifier, context, nextResolve, err);
  }
  if (context.parentURL === undefined) entryPoints.add(resolved.url);
  return resolved;
}

async function retry(specifier: string, context: ResolveContext, nextResolve: NextResolve, original: unknown): Promise<ResolveResult> {
  for (const candidate of candidates(specifier)) {
    try {
      const found = await nextResolve(candidate, context);
      if (found.url.startsWith('file:') && isTypeScriptFile(fileURLToPath(found.url))) return found;
    } catch {
      // next candidate
    }
  }
  throw original;
}

export async function load(url: string, context: LoadContext, nextLoad: NextLoad): Promise<LoadResult> {
  if (!url.startsWith('file:')) return nextLoad(url, context);
  const file = fileURLToPath(url);
  if (!isTypeScriptFile(file)) return nextLoad(url, context);
  const format = moduleFormatOf(file);
  if (format === 'commonjs') {
    // A null source sends the file to Node's CommonJS loader, i.e. register.ts's require hook:
    // full CommonJS (require.main, require.cache, require of ES modules). Node 20 would run a
    // returned CommonJS source in a reduced loader whose require() cannot load ES modules,
    // such as @weft/runtime.
    if (entryPoints.has(url)) return { format: 'commonjs', source: null, shortCircuit: true };
    const code = await fs.promises.readFile(file, 'utf8');
    return { format: 'module', source: commonJsFacade(url, file, exportedNames(code, file)), shortCircuit: true };
  }
  const code = await fs.promises.readFile(file, 'utf8');
  return { format: 'module', source: compileTypeScript(code, file, 'module'), shortCircuit: true };
}
