import * as fs from 'node:fs';
import * as path from 'node:path';
import { createProgramState } from './transform.js';
import { decodeMappings, type MapSegment } from './source-map.js';
import { transformSource, type TransformSourceDiagnostic, type TransformSourceOptions } from './source.js';

/**
 * The bundler plugin: one code path (transformSource) behind a Vite/Rollup plugin and an
 * esbuild plugin. Use it where ts-patch cannot run: Vite, Vitest, Rollup, esbuild, and builds
 * whose type-checking moved to the native TypeScript 7 compiler.
 *
 *   import weft from '@weft/transformer/vite';   export default { plugins: [weft()] };
 *   import { esbuildPlugin } from '@weft/transformer/bundler';  esbuild.build({ plugins: [esbuildPlugin()] });
 *
 * Positions: the plugin hands on JavaScript laid out so that the user's code keeps its line
 * numbers (transformSource's preserveLines), with a source map. Its own errors (weft's TS91001...
 * and the file's syntax errors) carry the position in the user's source; esbuild's own messages
 * about a transformed file are mapped back through the source map at the end of the build.
 */
export interface WeftPluginOptions extends Omit<TransformSourceOptions, 'state' | 'preserveLines'> {
  /** which files to transform (default: .ts, .tsx, .mts, .cts and .jsx outside node_modules) */
  include?: RegExp;
}

const DEFAULT_INCLUDE = /\.(?:[cm]?ts|tsx|jsx)$/;
const NODE_MODULES = /[\\/]node_modules[\\/]/;

/** tsc's form (as `tsc --pretty` and tspc print it), which terminals, editors and Vite's overlay link. */
function formatDiagnostic(d: TransformSourceDiagnostic): string {
  return `${d.file}:${d.line}:${d.column} - error TS${d.code}: ${d.message}`;
}

/** A Rollup-style code frame: the reported line, two lines before it, one after, and a caret. */
function codeFrame(source: string, line: number, column: number): string {
  const lines = source.split(/\r?\n/);
  const first = Math.max(1, line - 2);
  const last = Math.min(lines.length, line + 1);
  const width = String(last).length;
  const rows: string[] = [];
  for (let n = first; n <= last; n++) {
    const text = lines[n - 1] ?? '';
    rows.push(`${String(n).padStart(width)}: ${text}`);
    if (n === line) rows.push(`${' '.repeat(width)}  ${text.slice(0, column).replace(/[^\t]/g, ' ')}^`);
  }
  return rows.join('\n');
}

/** The error the Vite/Rollup plugin throws: every diagnostic in the message, the first as loc/frame. */
function diagnosticsError(diagnostics: readonly TransformSourceDiagnostic[], source: string): Error {
  const d = diagnostics[0]!;
  const err = new Error(diagnostics.map(formatDiagnostic).join('\n')) as Error & { id?: string; loc?: { file: string; line: number; column: number }; frame?: string };
  // Rollup's and Vite's convention: line 1-based, column 0-based.
  err.id = d.file;
  err.loc = { file: d.file, line: d.line, column: d.column - 1 };
  err.frame = codeFrame(source, d.line, d.column - 1);
  return err;
}

/** Vite / Rollup plugin (also what Vitest uses). */
export function weft(options: WeftPluginOptions = {}) {
  const include = options.include ?? DEFAULT_INCLUDE;
  let state = createProgramState(() => undefined);
  // Duplicate wire identities are checked across files only when the files form one program:
  // a build. A dev server or a Vitest run loads each test file as its own module graph, where
  // two test files may well declare a class Point each.
  let acrossFiles = true;
  return {
    name: 'weft',
    enforce: 'pre' as const,
    configResolved(config: { command?: string }) {
      acrossFiles = config.command !== 'serve';
    },
    buildStart() {
      state = createProgramState(() => undefined);
    },
    transform(code: string, id: string) {
      const file = id.split('?')[0]!;
      if (!include.test(file) || NODE_MODULES.test(file)) return null;
      // The output keeps JSX (jsx: preserve) and the file's name: Vite's own esbuild step then
      // compiles it by the id's extension (.tsx, .jsx) with the project's JSX settings.
      const result = transformSource(code, file, { ...options, state: acrossFiles ? state : undefined, preserveLines: true });
      if (result.diagnostics.length > 0) throw diagnosticsError(result.diagnostics, code);
      if (result.code === undefined) return null;
      return { code: result.code, map: result.map };
    },
  };
}

type Loader = 'js' | 'jsx' | 'ts' | 'tsx';
/** esbuild's own loader for each extension the plugin can meet */
const LOADERS: Record<string, Loader> = { '.ts': 'ts', '.mts': 'ts', '.cts': 'ts', '.tsx': 'tsx', '.js': 'js', '.mjs': 'js', '.cjs': 'js', '.jsx': 'jsx' };

/** The loader esbuild would use for the file: the build's `loader` option, else by extension. */
function loaderFor(file: string, configured: Record<string, string> | undefined): Loader | undefined {
  const ext = path.extname(file).toLowerCase();
  const chosen = configured?.[ext] ?? LOADERS[ext] ?? 'js';
  // A file the build loads as something other than code ('text', 'file'...) is not ours.
  return chosen === 'js' || chosen === 'jsx' || chosen === 'ts' || chosen === 'tsx' ? chosen : undefined;
}

/** The parts of esbuild's types the plugin uses (esbuild is not a dependency). */
interface EsbuildLocation {
  file: string;
  namespace?: string;
  /** 1-based */
  line: number;
  /** 0-based, in UTF-8 bytes */
  column: number;
  /** in UTF-8 bytes */
  length?: number;
  lineText?: string;
}
interface EsbuildMessage {
  text?: string;
  pluginName?: string;
  location?: EsbuildLocation | null;
  notes?: { text?: string; location?: EsbuildLocation | null }[];
}
interface EsbuildPluginBuild {
  initialOptions?: { loader?: Record<string, string>; absWorkingDir?: string };
  onStart?(callback: () => void): void;
  onEnd?(callback: (result: { errors: EsbuildMessage[]; warnings: EsbuildMessage[] }) => void): void;
  onLoad(
    options: { filter: RegExp; namespace?: string },
    callback: (args: { path: string }) => { contents: string; loader: Loader } | { errors: EsbuildMessage[] } | undefined,
  ): void;
}

const utf8Length = (s: string) => Buffer.byteLength(s, 'utf8');

/** The UTF-16 index of a UTF-8 byte offset into s. */
function utf16Index(s: string, bytes: number): number {
  let i = 0;
  for (let b = 0; i < s.length && b < bytes; ) {
    const cp = s.codePointAt(i)!;
    b += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    i += cp >= 0x10000 ? 2 : 1;
  }
  return i;
}

/** A weft diagnostic as an esbuild message: position and excerpt from the user's source. */
function toEsbuildMessage(d: TransformSourceDiagnostic, sourceLines: readonly string[]): EsbuildMessage {
  const lineText = sourceLines[d.line - 1] ?? '';
  const column = Math.min(d.column - 1, lineText.length);
  const length = Math.max(0, Math.min(d.length, lineText.length - column));
  return {
    text: `TS${d.code}: ${d.message}`,
    location: { file: d.file, namespace: 'file', line: d.line, column: utf8Length(lineText.slice(0, column)), length: utf8Length(lineText.slice(column, column + length)), lineText },
  };
}

interface Transformed {
  sourceLines: string[];
  /** the decoded source map of the code handed to esbuild */
  segments: MapSegment[][];
}

/** Moves a location esbuild reported in the code it was handed to the user's source. */
function remapLocation(loc: EsbuildLocation, file: Transformed): void {
  const segs = file.segments[loc.line - 1];
  if (!segs || segs.length === 0) return;
  const generated = loc.lineText ?? '';
  const genCol = utf16Index(generated, loc.column);
  let seg = segs[0]!;
  for (const s of segs) {
    if (s[0]! <= genCol) seg = s;
    else break;
  }
  const srcLine = file.sourceLines[seg[2]!] ?? '';
  const token = loc.length ? generated.slice(genCol, utf16Index(generated, loc.column + loc.length)) : '';
  let col = Math.min(seg[3]! + Math.max(0, genCol - seg[0]!), srcLine.length);
  if (token) {
    let best = -1;
    for (let at = srcLine.indexOf(token); at !== -1; at = srcLine.indexOf(token, at + 1)) if (best < 0 || Math.abs(at - col) < Math.abs(best - col)) best = at;
    if (best >= 0) col = best;
  }
  loc.line = seg[2]! + 1;
  loc.column = utf8Length(srcLine.slice(0, col));
  loc.length = token && srcLine.startsWith(token, col) ? utf8Length(token) : 0;
  loc.lineText = srcLine;
}

/** esbuild plugin. */
export function esbuildPlugin(options: WeftPluginOptions = {}) {
  const include = options.include ?? DEFAULT_INCLUDE;
  return {
    name: 'weft',
    setup(build: EsbuildPluginBuild) {
      let state = createProgramState(() => undefined);
      const transformed = new Map<string, Transformed>();
      build.onStart?.(() => {
        state = createProgramState(() => undefined);
      });
      build.onLoad({ filter: include, namespace: 'file' }, (args) => {
        if (NODE_MODULES.test(args.path)) return undefined;
        const loader = loaderFor(args.path, build.initialOptions?.loader);
        if (!loader) return undefined;
        transformed.delete(args.path);
        const source = fs.readFileSync(args.path, 'utf8');
        const result = transformSource(source, args.path, { ...options, state, preserveLines: true });
        if (result.diagnostics.length > 0) {
          const sourceLines = source.split(/\r?\n/);
          return { errors: result.diagnostics.map((d) => toEsbuildMessage(d, sourceLines)) };
        }
        if (result.code === undefined || result.map === undefined) return undefined;
        transformed.set(args.path, { sourceLines: source.split(/\r?\n/), segments: decodeMappings((JSON.parse(result.map) as { mappings: string }).mappings) });
        const map = `\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(result.map).toString('base64')}`;
        // The file's own loader: the output is JavaScript with JSX kept, and the build's settings
        // for the extension (jsx, jsxFactory, tsconfig's decorators...) apply as to any such file.
        return { contents: result.code + map, loader };
      });
      // esbuild's own messages about a transformed file (an import it cannot resolve...) carry
      // positions in the code it was handed. The lines are the user's already (preserveLines),
      // which is what esbuild prints as it goes; the build result's messages, which tools show
      // and the thrown error's text lists, get column and line text from the source as well.
      build.onEnd?.((result) => {
        const cwd = build.initialOptions?.absWorkingDir ?? process.cwd();
        for (const message of [...result.errors, ...result.warnings]) {
          if (message.pluginName) continue;
          for (const loc of [message.location, ...(message.notes ?? []).map((n) => n.location)]) {
            if (!loc || (loc.namespace && loc.namespace !== 'file')) continue;
            const file = transformed.get(path.resolve(cwd, loc.file));
            if (file) {
              try {
                remapLocation(loc, file);
              } catch {
                // a location esbuild does not let us change stays as esbuild printed it
              }
            }
          }
        }
      });
    },
  };
}

export default weft;
