#!/usr/bin/env node
/**
 * The `weft` command: inspect weft binary data without the classes, write the wire schema of a
 * project from its TypeScript sources, and check that a new schema can still read old data.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as ts from 'typescript';
import { analyzeClass, extendsClause } from './analyze.js';
import { assemblyOf } from './assembly.js';
import { type WeftDiagnosticError, toDiagnostic } from './diagnostics.js';
import { findWeftImports, hasSerializableDecorator, weftDecorators } from './markers.js';
import { requireTypeScript } from './typescript.js';
import type { ClassModel, NetType } from './model.js';

/** Exit codes (also printed by --help). */
export const EXIT = {
  OK: 0,
  /** compat: a breaking change; inspect: the data is not valid weft data; schema: the project has weft errors */
  FAILED: 1,
  USAGE: 2,
  /** an input could not be read: missing file, unreadable tsconfig or JSON */
  INPUT: 3,
} as const;

const HELP = `weft — tools for weft serialization data and schemas

Usage:
  weft inspect FILE|-  [--json]       Print a weft binary stream (one or more graphs) as text:
       [--layouts SCHEMA.json]        types, members, object ids and references. No classes needed.
                                      --json prints weft JSON documents instead (one per graph);
                                      --layouts reads compact-mode frames (weft schema output).
                                      Also reads .NET BinaryFormatter (MS-NRBF) streams, detected
                                      by their header: each message's record tree (or JSON).
  weft schema [TSCONFIG] [-o FILE]    Write the wire layout of every @Serializable class of a project
                                      (identity, members in wire order, declared types, optional
                                      flags) as JSON, from the TypeScript sources. TSCONFIG defaults
                                      to ./tsconfig.json.
  weft compat OLD.json NEW.json       Compare two schemas written by "weft schema" and report every
                                      change that breaks reading data written with OLD by code built
                                      from NEW. Use it in CI to guard stored data.
  weft help | --help | -h             This text. "weft COMMAND --help" describes one command.
  weft --version                      The version of @weft/transformer.

Exit codes:
  0  success (compat: no breaking change)
  1  compat found a breaking change; inspect met data that is not valid weft (or MS-NRBF) data
     (what could be read is printed first); schema found weft errors in the project (the rest is
     still written)
  2  usage error: unknown command or option, missing argument
  3  an input could not be read: missing file, unreadable tsconfig or schema JSON
`;

const COMMAND_HELP: Record<string, string> = {
  inspect: `Usage: weft inspect FILE|- [--json] [--layouts SCHEMA.json]

Reads weft binary data (frames written by BinaryFormatter, back to back) from FILE or, with "-",
from standard input, and prints each graph: its types with their members, then the object tree
with ids (#n) and references (→ #n). The format is self-describing, so no class is needed.
  --json      print weft JSON documents (the JsonFormatter encoding), one per graph
  --layouts   the layouts of compact-mode frames (BinaryFormatter({ layouts: 'fingerprint' })),
              which name each type by a fingerprint: the "weft schema" output of the writer.
              Without it, a compact frame is shown up to its first type, which is named.

It also reads .NET BinaryFormatter (MS-NRBF) streams, recognized by their SerializedStreamHeader,
without loading or creating any type they name. Each message (graph) is printed as its libraries
and its record tree from the root: class records as #id Type (Library) [RecordType] with typed
members, arrays with their type, rank, lengths and lower bounds, references to records already
shown as → #id; then the records the root does not reach. --json prints one JSON document per
message instead: records by id, root id, libraries, each value tagged ({"ref": 3},
{"primitive": "Int64", "value": "123"}, {"string": "…"}).
Exit: 0 ok, 1 invalid data (offset and code printed), 2 usage, 3 unreadable file.
`,
  schema: `Usage: weft schema [TSCONFIG] [-o FILE]

Loads the project of TSCONFIG (default ./tsconfig.json) with the TypeScript compiler and writes
the wire schema of every @Serializable class as JSON to standard output or FILE:
  { "weftSchema": 1, "types": [ { "identity", "assembly", "name", "class", "file", "kind",
    "base", "members": [ { "name", "kind", "declaredType", "optional", "versionAdded",
    "declaredBy", "net" } ] } ] }
"net", the member's .NET type, is present when the class is @Serializable({ dotnet: true }) or
the code names one (a type of @weft/runtime/dotnet, @DotNetType).
Members are listed in wire order, inherited ones first. -o creates FILE's directory if needed.
Keep the file in your repository and compare versions with "weft compat".
Exit: 0 ok, 1 weft errors in the project (printed; the other types are written), 2 usage,
3 tsconfig missing or unreadable.
`,
  compat: `Usage: weft compat OLD.json NEW.json

Compares two schemas written by "weft schema". Breaking changes (data written by OLD cannot be
read by NEW) make the exit code 1:
  - a type's identity (assembly:name) disappeared or changed
  - a type switched between fields and ISerializable (custom)
  - a required member was added (mark it @OptionalField() to accept old data)
  - an @OptionalField() member became required (data stored without it fails)
  - a member's declared kind changed incompatibly (e.g. number -> string)
Other changes (members removed, members or types added, optional members added) are listed as
notes. Exit: 0 compatible, 1 breaking changes, 2 usage, 3 unreadable schema file.
`,
};

class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

export async function main(argv: readonly string[], io: Io = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) }): Promise<number> {
  try {
    const [command, ...rest] = argv;
    if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
      const topic = command === 'help' ? rest[0] : undefined;
      io.out(topic && COMMAND_HELP[topic] ? COMMAND_HELP[topic]! : HELP);
      return command === undefined ? EXIT.USAGE : EXIT.OK;
    }
    if (command === '--version' || command === '-v') {
      const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version: string };
      io.out(`${pkg.version}\n`);
      return EXIT.OK;
    }
    if (rest.includes('--help') || rest.includes('-h')) {
      const help = COMMAND_HELP[command];
      if (!help) throw new CliError(`unknown command "${command}". Run "weft --help" for the list of commands.`, EXIT.USAGE);
      io.out(help);
      return EXIT.OK;
    }
    switch (command) {
      case 'inspect':
        return await inspect(rest, io);
      case 'schema':
        return await schemaCommand(rest, io);
      case 'compat':
        return compatCommand(rest, io);
      default:
        throw new CliError(`unknown command "${command}". Run "weft --help" for the list of commands.`, EXIT.USAGE);
    }
  } catch (e) {
    if (e instanceof CliError) {
      io.err(`weft: ${e.message}\n`);
      return e.exitCode;
    }
    throw e;
  }
}

function parseArgs(args: readonly string[], flags: readonly string[], valued: readonly string[], maxPositional: number, command: string) {
  const positional: string[] = [];
  const set = new Set<string>();
  const values = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a !== '-' && a.startsWith('-')) {
      if (flags.includes(a)) set.add(a);
      else if (valued.includes(a)) {
        const v = args[++i];
        if (v === undefined) throw new CliError(`${a} needs a value. Run "weft ${command} --help".`, EXIT.USAGE);
        values.set(a, v);
      } else throw new CliError(`unknown option "${a}" for "weft ${command}". Run "weft ${command} --help".`, EXIT.USAGE);
    } else positional.push(a);
  }
  if (positional.length > maxPositional) throw new CliError(`too many arguments for "weft ${command}". Run "weft ${command} --help".`, EXIT.USAGE);
  return { positional, set, values };
}

function readInput(file: string, what: string): Buffer {
  try {
    return file === '-' ? fs.readFileSync(0) : fs.readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const hint = code === 'ENOENT' ? 'the file does not exist; check the path' : code === 'EISDIR' ? 'it is a directory; pass a file' : String((e as Error).message);
    throw new CliError(`cannot read ${what} "${file}": ${hint}`, EXIT.INPUT);
  }
}

// ---------------------------------------------------------------------------------------------
// inspect

interface ToolingApi {
  eachFrame(bytes: Uint8Array, limits?: object, layouts?: unknown): Iterable<{ offset: number; length: number; doc: unknown }>;
  printJson(value: unknown, indent: number): string;
  eachNrbfGraph(bytes: Uint8Array, limits?: object): Iterable<NrbfGraphLike>;
  nrbfGraphToText(graph: NrbfGraphLike, index: number): string;
  nrbfGraphToJson(graph: NrbfGraphLike, index: number): unknown;
}

/** What the CLI needs of a decoded .NET BinaryFormatter message (the runtime's NrbfGraph). */
interface NrbfGraphLike {
  readonly offset: number;
  readonly length: number;
}

interface RuntimeApi {
  SerializationException: new (...args: never[]) => Error & { code: string; offset?: number };
  KnownLayouts: new () => { load(schema: string): number };
}

type SerializationError = Error & { code: string; offset?: number };

/** How inspect reports data it cannot read: the graph, where it starts, the failure's offset and code. */
function invalidData(e: SerializationError, index: number, at: number, what: string): string {
  const offset = e.offset === undefined ? '' : ` at byte ${e.offset}`;
  const message = e.message.replace(/ \(at byte \d+\)$/, '');
  return `weft: graph ${index + 1} (starting at byte ${at}) is not valid ${what}${offset}: ${e.code}: ${message}\n`;
}

/**
 * A .NET BinaryFormatter (MS-NRBF) stream: each message as a record tree, or as a JSON document
 * with --json. The runtime's decoder reads it (type-less: nothing is created from its type names).
 */
function inspectNrbf(bytes: Uint8Array, json: boolean, io: Io, tooling: ToolingApi, runtime: RuntimeApi): number {
  let at = 0;
  let index = 0;
  try {
    for (const graph of tooling.eachNrbfGraph(bytes, {})) {
      io.out(json ? `${JSON.stringify(tooling.nrbfGraphToJson(graph, index), null, 2)}\n` : tooling.nrbfGraphToText(graph, index));
      at = graph.offset + graph.length;
      index++;
    }
  } catch (e) {
    if (e instanceof runtime.SerializationException) {
      io.err(invalidData(e, index, at, '.NET BinaryFormatter (MS-NRBF) data'));
      return EXIT.FAILED;
    }
    throw e;
  }
  return EXIT.OK;
}

async function inspect(args: readonly string[], io: Io): Promise<number> {
  const { positional, set, values } = parseArgs(args, ['--json'], ['--layouts'], 1, 'inspect');
  const file = positional[0];
  if (file === undefined) throw new CliError('inspect needs a FILE, or "-" to read standard input. Run "weft inspect --help".', EXIT.USAGE);
  const bytes = readInput(file, 'input');
  // The runtime's own binary grammar reads the frames (the same decoder BinaryFormatter uses).
  const tooling = (await import('@weft/runtime/tooling')) as unknown as ToolingApi;
  const runtime = (await import('@weft/runtime')) as unknown as RuntimeApi;
  if (bytes.length === 0) throw new CliError(`"${file}" is empty: there is no weft data to inspect`, EXIT.FAILED);
  if (bytes[0] === 0x7b) {
    throw new CliError(`"${file}" starts with "{": it looks like weft JSON, which is readable as it is. inspect reads binary data written by BinaryFormatter.`, EXIT.FAILED);
  }
  // A .NET BinaryFormatter stream begins with a SerializedStreamHeader (record type 0), a weft
  // frame with "WF": a first byte 0 is NRBF, and the decoder reports a header that is cut short
  // or of another version. --layouts is for weft's compact frames and has no use here.
  if (bytes[0] === 0) return inspectNrbf(bytes, set.has('--json'), io, tooling, runtime);
  let layouts: unknown;
  const layoutsFile = values.get('--layouts');
  if (layoutsFile !== undefined) {
    const known = new runtime.KnownLayouts();
    try {
      known.load(readInput(layoutsFile, 'layouts').toString('utf8'));
    } catch (e) {
      if (e instanceof runtime.SerializationException) throw new CliError(`--layouts "${layoutsFile}": ${e.message}`, EXIT.INPUT);
      throw e;
    }
    layouts = known;
  }
  let at = 0;
  let index = 0;
  try {
    for (const frame of tooling.eachFrame(bytes, {}, layouts)) {
      const text = `${tooling.printJson(frame.doc, set.has('--json') ? 2 : 0)}\n`;
      if (set.has('--json')) io.out(text);
      else io.out(renderText(JSON.parse(text) as JsonObject, index, frame.offset, frame.length));
      at = frame.offset + frame.length;
      index++;
    }
  } catch (e) {
    if (e instanceof runtime.SerializationException) {
      const offset = e.offset === undefined ? '' : ` at byte ${e.offset}`;
      const message = e.message.replace(/ \(at byte \d+\)$/, '');
      if (e.code === 'UNKNOWN_LAYOUT') {
        const hint = layoutsFile === undefined ? 'pass --layouts with the "weft schema" output of the writing project' : `"${layoutsFile}" does not have this layout: pass the "weft schema" output of the version that wrote the data`;
        io.err(`weft: graph ${index + 1} (starting at byte ${at}) is a compact-mode frame${offset}: ${e.code}: ${message.replace(/ Load the writer's layouts.*$/, '')} To read it, ${hint}.\n`);
        return EXIT.FAILED;
      }
      io.err(invalidData(e, index, at, 'weft data'));
      return EXIT.FAILED;
    }
    throw e;
  }
  return EXIT.OK;
}

type Json = null | boolean | number | string | Json[] | JsonObject;
interface JsonObject {
  [k: string]: Json;
}

const isObj = (v: Json | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Renders one weft JSON document as an indented tree. */
function renderText(doc: JsonObject, index: number, offset: number, size: number): string {
  const lines: string[] = [`graph ${index + 1} (bytes ${offset}..${offset + size - 1}, ${size} bytes)`];
  const types = isObj(doc.types) ? doc.types : {};
  const typeKeys = Object.keys(types);
  if (typeKeys.length > 0) {
    lines.push('  types:');
    for (const key of typeKeys) {
      const t = types[key] as JsonObject;
      if (t.kind === 'custom') lines.push(`    ${key}  (ISerializable / surrogate: name-value entries)`);
      else {
        const members = (t.members as [string, string][]).map(([n, k]) => `${n}: ${k}`).join(', ');
        lines.push(`    ${key}  { ${members} }`);
      }
    }
  }
  const push = (depth: number, text: string): void => {
    lines.push(`${'  '.repeat(depth)}${text}`);
  };
  const render = (label: string, v: Json, depth: number): void => {
    const prefix = label === '' ? '' : label.endsWith('=>') ? `${label} ` : `${label}: `;
    if (!isObj(v) && !Array.isArray(v)) return push(depth, `${prefix}${JSON.stringify(v)}`);
    if (Array.isArray(v)) return renderArray(prefix, v, '', depth);
    const id = typeof v.$id === 'number' ? `#${v.$id} ` : '';
    if ('$ref' in v) return push(depth, `${prefix}→ #${String(v.$ref)}`);
    if ('$undefined' in v) return push(depth, `${prefix}undefined`);
    if ('$number' in v) return push(depth, `${prefix}${String(v.$number)}`);
    if ('$bigint' in v) return push(depth, `${prefix}${String(v.$bigint)}n`);
    if ('$date' in v) return push(depth, `${prefix}${id}Date ${v.$date === null ? '(invalid)' : String(v.$date)}`);
    if ('$regexp' in v) return push(depth, `${prefix}${id}RegExp /${String(v.$regexp)}/${String(v.flags)}`);
    if ('$arraybuffer' in v) return push(depth, `${prefix}${id}ArrayBuffer (${base64Length(String(v.$arraybuffer))} bytes, base64 ${abbreviate(String(v.$arraybuffer))})`);
    if ('$deferred' in v) return push(depth, `${prefix}(body deferred: see deferred[${String(v.$deferred)}] below)`);
    if ('$typedarray' in v) {
      push(depth, `${prefix}${id}${String(v.$typedarray)} (length ${String(v.length)}, byteOffset ${String(v.byteOffset)})`);
      return render('buffer', v.buffer ?? null, depth + 1);
    }
    if ('$error' in v) {
      push(depth, `${prefix}${id}${String(v.$error)} ${JSON.stringify(v.name)}: ${JSON.stringify(v.message)}`);
      if ('cause' in v) render('cause', v.cause!, depth + 1);
      return;
    }
    if ('$array' in v) return renderArray(prefix, v.$array as Json[], id, depth);
    if ('$map' in v) {
      const pairs = v.$map as [Json, Json][];
      push(depth, `${prefix}${id}Map (${pairs.length})`);
      pairs.forEach(([k, val], i) => {
        if (!isObj(k) && !Array.isArray(k)) render(`${JSON.stringify(k)} =>`, val, depth + 1);
        else {
          render(`[${i}] key`, k, depth + 1);
          render(`[${i}] value`, val, depth + 1);
        }
      });
      return;
    }
    if ('$set' in v) {
      const items = v.$set as Json[];
      push(depth, `${prefix}${id}Set (${items.length})`);
      items.forEach((item, i) => render(`[${i}]`, item, depth + 1));
      return;
    }
    const entries = Object.keys(v).filter((k) => k !== '$id' && k !== '$type' && k !== '$proto');
    const unescape = (k: string): string => (k.startsWith('$$') ? k.slice(1) : k);
    const title = typeof v.$type === 'string' ? v.$type : '$proto' in v ? 'Object (null prototype)' : 'Object';
    push(depth, `${prefix}${id}${title}${entries.length === 0 ? ' {}' : ''}`);
    for (const k of entries) render(unescape(k), v[k]!, depth + 1);
  };
  const renderArray = (prefix: string, items: Json[], id: string, depth: number): void => {
    let length = 0;
    for (const it of items) length += isObj(it) && typeof it.$holes === 'number' ? it.$holes : 1;
    push(depth, `${prefix}${id}Array (${length})`);
    let i = 0;
    for (const it of items) {
      if (isObj(it) && typeof it.$holes === 'number') {
        push(depth + 1, `${it.$holes === 1 ? `[${i}]` : `[${i}..${i + it.$holes - 1}]`}: <empty>`);
        i += it.$holes;
      } else render(`[${i++}]`, it, depth + 1);
    }
  };
  lines.push('  root:');
  render('', doc.root ?? null, 2);
  if (Array.isArray(doc.deferred)) {
    lines.push('  deferred:');
    doc.deferred.forEach((d, k) => render(`[${k}]`, d, 2));
  }
  return `${lines.join('\n')}\n`;
}

function base64Length(s: string): number {
  return (s.length / 4) * 3 - (s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0);
}

function abbreviate(s: string): string {
  return s.length > 24 ? `${s.slice(0, 24)}…` : s;
}

// ---------------------------------------------------------------------------------------------
// schema

export interface SchemaMember {
  name: string;
  kind: string;
  declaredType: string;
  optional: boolean;
  versionAdded: number | null;
  declaredBy: string;
  /** the member's .NET type, when the class is `dotnet` or the code names one (as generated code declares it) */
  net?: NetType;
}

export interface SchemaType {
  identity: string;
  assembly: string;
  name: string;
  class: string;
  file: string;
  kind: 'fields' | 'custom';
  base: string | null;
  members: SchemaMember[];
}

export interface Schema {
  weftSchema: 1;
  types: SchemaType[];
}

async function schemaCommand(args: readonly string[], io: Io): Promise<number> {
  const { positional, values } = parseArgs(args, [], ['-o', '--out'], 1, 'schema');
  const configPath = path.resolve(positional[0] ?? 'tsconfig.json');
  const { schema, errors } = await buildSchema(configPath);
  for (const e of errors) io.err(`${e}\n`);
  const text = `${JSON.stringify(schema, null, 2)}\n`;
  const out = values.get('-o') ?? values.get('--out');
  if (out !== undefined) {
    try {
      // Like tsc's outDir: a build directory such as dist/ may not exist yet (CI, clean checkout).
      fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
      fs.writeFileSync(out, text);
    } catch (e) {
      throw new CliError(`cannot write "${out}": ${(e as Error).message}`, EXIT.INPUT);
    }
  } else io.out(text);
  return errors.length > 0 ? EXIT.FAILED : EXIT.OK;
}

export async function buildSchema(configPath: string): Promise<{ schema: Schema; errors: string[] }> {
  // Loaded here, not at start-up: inspect and compat need no compiler.
  const ts = requireTypeScript('weft schema');
  // The runtime's own member-flattening rule and kind names, so the layout a schema promises is
  // the one the writer writes. The runtime is ESM: import() (not require) works from dist/cli.js
  // and under vitest, whose alias maps this subpath to the runtime's source.
  const { flattenOwnMembers, MEMBER_KIND_NAMES } = await import('@weft/runtime/tooling');
  if (!fs.existsSync(configPath)) {
    throw new CliError(`no tsconfig at "${configPath}": pass the path of your project's tsconfig.json (weft schema path/to/tsconfig.json)`, EXIT.INPUT);
  }
  const host: ts.FormatDiagnosticsHost = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => process.cwd(), getNewLine: () => '\n' };
  const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new CliError(`cannot read "${configPath}": ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`, EXIT.INPUT);
    },
  });
  if (!parsed) throw new CliError(`cannot read "${configPath}"`, EXIT.INPUT);
  if (parsed.errors.length > 0) {
    throw new CliError(`"${configPath}" has errors:\n${ts.formatDiagnostics(parsed.errors, host)}`, EXIT.INPUT);
  }
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options, projectReferences: parsed.projectReferences });
  const checker = program.getTypeChecker();
  const errors: string[] = [];
  const report = (err: WeftDiagnosticError): void => {
    errors.push(ts.formatDiagnostic(toDiagnostic(ts, err), host).trimEnd());
  };
  const models = new Map<ts.ClassDeclaration, ClassModel | null>();
  const modelOf = (node: ts.ClassDeclaration): ClassModel | null => {
    if (models.has(node)) return models.get(node)!;
    models.set(node, null);
    const sf = node.getSourceFile();
    const imports = findWeftImports(ts, sf);
    const marker = imports && weftDecorators(ts, node, imports).find((d) => d.name === 'Serializable');
    if (!imports || !marker) return null;
    try {
      const model = analyzeClass({ ts, checker, imports, assemblyOf: (file) => assemblyOf(file.fileName), report }, node, marker.args);
      models.set(node, model);
      return model;
    } catch (e) {
      if (e instanceof Error && 'entry' in e && 'node' in e) {
        report(e as WeftDiagnosticError);
        return null;
      }
      throw e;
    }
  };
  const baseOf = (node: ts.ClassDeclaration): ts.ClassDeclaration | undefined => {
    const ext = extendsClause(ts, node);
    if (!ext) return undefined;
    let sym = checker.getSymbolAtLocation(ext.expression);
    if (sym && sym.flags & ts.SymbolFlags.Alias) sym = checker.getAliasedSymbol(sym);
    const decl = sym?.declarations?.find((d): d is ts.ClassDeclaration => ts.isClassDeclaration(d));
    return decl && hasSerializableDecorator(ts, decl) ? decl : undefined;
  };
  const layout = (node: ts.ClassDeclaration, model: ClassModel, seen: Set<ts.ClassDeclaration>): SchemaMember[] => {
    const base = baseOf(node);
    const inherited: SchemaMember[] = [];
    if (base && !seen.has(base)) {
      seen.add(base);
      const bm = modelOf(base);
      if (bm) inherited.push(...layout(base, bm, seen));
    }
    const own = flattenOwnMembers(
      inherited.map((m) => m.name),
      model.members,
      model.wireName,
    ).map(({ name, decl: m }): SchemaMember => ({
      name,
      kind: MEMBER_KIND_NAMES[m.kind] ?? 'any',
      declaredType: checker.typeToString(checker.getTypeAtLocation(m.declaration), undefined, ts.TypeFormatFlags.NoTruncation),
      optional: m.optional,
      versionAdded: m.versionAdded ?? null,
      declaredBy: model.className,
      net: m.net, // (JSON leaves it out when undefined)
    }));
    return [...inherited, ...own];
  };
  const types: SchemaType[] = [];
  const cwd = path.dirname(configPath);
  for (const sf of program.getSourceFiles()) {
    if (sf.isDeclarationFile || program.isSourceFileFromExternalLibrary(sf) || !sf.text.includes('@weft/runtime')) continue;
    if (!findWeftImports(ts, sf)) continue;
    const visit = (node: ts.Node): void => {
      if (ts.isClassDeclaration(node)) {
        const model = modelOf(node);
        if (model) {
          const base = baseOf(node);
          const bm = base ? modelOf(base) : null;
          types.push({
            identity: `${model.assembly}:${model.wireName}`,
            assembly: model.assembly,
            name: model.wireName,
            class: model.className,
            file: path.relative(cwd, sf.fileName).split(path.sep).join('/'),
            kind: model.custom || bm?.custom ? 'custom' : 'fields',
            base: bm ? `${bm.assembly}:${bm.wireName}` : null,
            members: model.custom || bm?.custom ? [] : layout(node, model, new Set()),
          });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  types.sort((a, b) => (a.identity < b.identity ? -1 : a.identity > b.identity ? 1 : 0));
  return { schema: { weftSchema: 1, types }, errors };
}

// ---------------------------------------------------------------------------------------------
// compat

export interface CompatFinding {
  breaking: boolean;
  identity: string;
  message: string;
}

function readSchema(file: string): Schema {
  const text = readInput(file, 'schema').toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CliError(`"${file}" is not JSON: write it with "weft schema > ${path.basename(file)}"`, EXIT.INPUT);
  }
  const s = parsed as Partial<Schema>;
  if (!s || s.weftSchema !== 1 || !Array.isArray(s.types)) {
    throw new CliError(`"${file}" is not a weft schema (expected {"weftSchema": 1, "types": [...]}); write it with "weft schema"`, EXIT.INPUT);
  }
  for (const t of s.types) {
    if (!t || typeof t.identity !== 'string' || (t.kind !== 'fields' && t.kind !== 'custom') || !Array.isArray(t.members)) {
      throw new CliError(`"${file}" has a malformed type entry; regenerate it with "weft schema"`, EXIT.INPUT);
    }
  }
  return s as Schema;
}

export function compareSchemas(oldSchema: Schema, newSchema: Schema): CompatFinding[] {
  const findings: CompatFinding[] = [];
  const byId = new Map(newSchema.types.map((t) => [t.identity, t]));
  const oldIds = new Set(oldSchema.types.map((t) => t.identity));
  for (const o of oldSchema.types) {
    const n = byId.get(o.identity);
    if (!n) {
      const moved = newSchema.types.find((t) => t.class === o.class && t.file === o.file && !oldIds.has(t.identity));
      findings.push({
        breaking: true,
        identity: o.identity,
        message: moved
          ? `identity changed to ${moved.identity}: old data names ${o.identity}. Keep the old name with @Serializable({ name: '${o.name}' }) or map it with a SerializationBinder.`
          : `type removed: old data containing ${o.identity} (class ${o.class}) can no longer be read. Keep the class, or map the identity with a SerializationBinder.`,
      });
      continue;
    }
    if (o.kind !== n.kind) {
      findings.push({ breaking: true, identity: o.identity, message: `changed from ${o.kind === 'custom' ? 'ISerializable (getObjectData)' : 'member-by-member'} to ${n.kind === 'custom' ? 'ISerializable (getObjectData)' : 'member-by-member'} serialization: old data of this type cannot be read.` });
      continue;
    }
    if (n.kind === 'custom') continue;
    const oldMembers = new Map(o.members.map((m) => [m.name, m]));
    const newMembers = new Map(n.members.map((m) => [m.name, m]));
    for (const m of n.members) {
      const om = oldMembers.get(m.name);
      if (!om) {
        if (m.optional) findings.push({ breaking: false, identity: o.identity, message: `optional member "${m.name}" added (old data leaves it undefined)` });
        else findings.push({ breaking: true, identity: o.identity, message: `required member "${m.name}" added: old data lacks it (MISSING_MEMBER). Mark it @OptionalField() if old data may lack it.` });
        continue;
      }
      if (om.optional && !m.optional) {
        // OLD promised to read data that lacks the member (stored before it was added); NEW no longer does.
        findings.push({ breaking: true, identity: o.identity, message: `member "${m.name}" is no longer @OptionalField(): data stored without it fails (MISSING_MEMBER). Keep @OptionalField() on it.` });
      }
      if (om.kind !== m.kind && om.kind !== 'any' && m.kind !== 'any' && valueFamily(om.kind) !== valueFamily(m.kind)) {
        findings.push({ breaking: true, identity: o.identity, message: `member "${m.name}" changed kind from ${om.kind} (${om.declaredType}) to ${m.kind} (${m.declaredType}): old values fail with TYPE_MISMATCH.` });
      } else if (om.kind !== m.kind && om.kind !== 'any' && m.kind !== 'any') {
        findings.push({ breaking: false, identity: o.identity, message: `member "${m.name}" changed kind from ${om.kind} (${om.declaredType}) to ${m.kind} (${m.declaredType}): both hold objects; old data is read member by member, in the form it was written` });
      } else if (om.declaredType !== m.declaredType) {
        findings.push({ breaking: false, identity: o.identity, message: `member "${m.name}" declared type changed from ${om.declaredType} to ${m.declaredType} (same wire kind ${m.kind}; check that old values still fit)` });
      }
    }
    for (const om of o.members) {
      if (!newMembers.has(om.name)) findings.push({ breaking: false, identity: o.identity, message: `member "${om.name}" removed (old values are skipped)` });
    }
  }
  for (const n of newSchema.types) {
    if (!oldIds.has(n.identity)) findings.push({ breaking: false, identity: n.identity, message: 'type added' });
  }
  return findings;
}

function compatCommand(args: readonly string[], io: Io): number {
  const { positional } = parseArgs(args, [], [], 2, 'compat');
  if (positional.length !== 2) throw new CliError('compat needs two schema files: weft compat OLD.json NEW.json. Run "weft compat --help".', EXIT.USAGE);
  const findings = compareSchemas(readSchema(positional[0]!), readSchema(positional[1]!));
  const breaking = findings.filter((f) => f.breaking);
  for (const f of breaking) io.out(`BREAKING  ${f.identity}: ${f.message}\n`);
  for (const f of findings.filter((x) => !x.breaking)) io.out(`note      ${f.identity}: ${f.message}\n`);
  io.out(breaking.length > 0 ? `${breaking.length} breaking change${breaking.length === 1 ? '' : 's'}: data written with the old schema cannot all be read by the new one.\n` : 'compatible: data written with the old schema can be read by the new one.\n');
  return breaking.length > 0 ? EXIT.FAILED : EXIT.OK;
}

/** Runs the command line of this process (what the `weft` bin calls). */
export function run(): void {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`weft: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\nPlease report it with the command you ran.\n`);
      process.exitCode = 70;
    },
  );
}

if (require.main === module) run();

/** Kinds whose values the reader accepts alike: object, array and object[] all hold objects (only their wire forms differ). */
function valueFamily(kind: string): string {
  return kind === 'array' || kind === 'object[]' ? 'object' : kind;
}
