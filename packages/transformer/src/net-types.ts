import type * as ts from 'typescript';
import { assemblyOf } from './assembly.js';
import { findWeftImports, RUNTIME_MODULE, serializableArgs, type WeftImports, wireIdentity } from './markers.js';
import type { NetPrimitive, NetType } from './model.js';

/**
 * A member's .NET type (MemberModel.net), for the MS-NRBF writer: JavaScript has one `number`,
 * a .NET field is an Int32, a Double, a Byte... so the type must come from the code. Sources,
 * first match wins: @DotNetType('...') (parseDotNetType), then the type annotation, read as
 * syntax: weft's .NET types (`Int32`, `List<T>` from '@weft/runtime/dotnet'), unambiguous
 * TypeScript types (string, Date, Uint8Array, T[], Map<K, V>, Set<T>, a @Serializable class); without
 * one, a literal initializer (`= ''`). A checker only sharpens: it follows type aliases and
 * finds classes across files.
 */

type NetKeyword = Extract<NetType, string>;

const PRIMITIVES: readonly NetPrimitive[] = [
  'Boolean', 'Byte', 'SByte', 'Char', 'Int16', 'UInt16', 'Int32', 'UInt32', 'Int64', 'UInt64',
  'Single', 'Double', 'Decimal', 'DateTime', 'TimeSpan', 'Guid',
];
const PRIMITIVE_SET: ReadonlySet<NetType> = new Set(PRIMITIVES);

function isPrimitive(t: NetType): t is NetPrimitive {
  return PRIMITIVE_SET.has(t);
}

/** The names '@weft/runtime/dotnet' exports for keyword types (DateTime and Decimal are classes there). */
const DOTNET_MODULE_KEYWORDS: ReadonlyMap<string, NetKeyword> = new Map(
  (['Byte', 'SByte', 'Int16', 'UInt16', 'Int32', 'UInt32', 'Int64', 'UInt64', 'Single', 'Double', 'Char', 'DateTime', 'Decimal', 'TimeSpan', 'Guid', 'Hashtable', 'ArrayList'] as const).map((k) => [k, k]),
);

const GENERIC_NAMES = ['List', 'Dictionary', 'HashSet', 'Nullable'] as const;
type GenericName = (typeof GENERIC_NAMES)[number];

/** List<T>, Dictionary<K, V>, HashSet<T> or Nullable<T> (of a primitive) of resolved arguments. */
function generic(name: string, args: readonly NetType[]): NetType | undefined {
  const [a, b] = args;
  if (name === 'List' && args.length === 1) return { list: a! };
  if (name === 'Dictionary' && args.length === 2) return { dictionary: [a!, b!] };
  if (name === 'HashSet' && args.length === 1) return { hashset: a! };
  if (name === 'Nullable' && args.length === 1 && isPrimitive(a!)) return { nullable: a };
  return undefined;
}

function arrayOf(element: NetType, rank: number): NetType {
  return rank === 1 ? { array: element } : { array: element, rank };
}

// ---------------------------------------------------------------------------------------------
// @DotNetType('...')

function withNamespace<T extends string>(namespace: string, names: readonly T[]): [string, T][] {
  return names.flatMap((n): [string, T][] => [[n, n], [`${namespace}.${n}`, n]]);
}

const CSHARP_ALIASES: [string, NetKeyword][] = [
  ['bool', 'Boolean'], ['byte', 'Byte'], ['sbyte', 'SByte'], ['char', 'Char'], ['short', 'Int16'], ['ushort', 'UInt16'],
  ['int', 'Int32'], ['uint', 'UInt32'], ['long', 'Int64'], ['ulong', 'UInt64'], ['float', 'Single'], ['double', 'Double'],
  ['decimal', 'Decimal'], ['string', 'String'], ['object', 'Object'],
];

const NAMED_TYPES: ReadonlyMap<string, NetKeyword> = new Map([
  ...CSHARP_ALIASES,
  ...withNamespace<NetKeyword>('System', [...PRIMITIVES, 'String', 'Object']),
  ...withNamespace<NetKeyword>('System.Collections', ['Hashtable', 'ArrayList']),
]);

const GENERIC_TYPES: ReadonlyMap<string, GenericName> = new Map([
  ...withNamespace<GenericName>('System.Collections.Generic', ['List', 'Dictionary', 'HashSet']),
  ...withNamespace<GenericName>('System', ['Nullable']),
]);

/** a dotted name, or one character of punctuation */
const TOKEN = /[A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*)*|\S/g;

/**
 * A C#-style type name: `name ['<' type {',' type} '>'] ['?'] {'[' {','} ']'}`, where a name is
 * a C# alias (int), a .NET name with or without its namespace (Int32, System.Int32), or
 * List/Dictionary/HashSet/Nullable; `?` makes a primitive Nullable; rank specifiers read as in C#,
 * outermost first (`int[][,]` is an array of int[,]). Undefined for anything else.
 */
export function parseDotNetType(text: string): NetType | undefined {
  const tokens = text.match(TOKEN) ?? [];
  let i = 0;
  const eat = (token: string): boolean => {
    if (tokens[i] !== token) return false;
    i++;
    return true;
  };
  const type = (): NetType | undefined => {
    const name = tokens[i++]?.replace(/\s+/g, '') ?? '';
    let t: NetType | undefined = NAMED_TYPES.get(name);
    const genericName = GENERIC_TYPES.get(name);
    if (genericName !== undefined) {
      if (!eat('<')) return undefined;
      const args: NetType[] = [];
      do {
        const arg = type();
        if (arg === undefined) return undefined;
        args.push(arg);
      } while (eat(','));
      if (!eat('>')) return undefined;
      t = generic(genericName, args);
    }
    if (t === undefined) return undefined;
    if (eat('?')) {
      if (!isPrimitive(t)) return undefined;
      t = { nullable: t };
    }
    const ranks: number[] = [];
    while (eat('[')) {
      let rank = 1;
      while (eat(',')) rank++;
      if (!eat(']')) return undefined;
      ranks.push(rank);
    }
    return ranks.reduceRight<NetType>((element, rank) => arrayOf(element, rank), t);
  };
  const t = type();
  return i === tokens.length ? t : undefined;
}

/** `@DotNetType('int[]')`: exactly one string literal that parseDotNetType accepts. */
export function dotNetTypeArgument(tsi: typeof ts, args: readonly ts.Expression[]): NetType | undefined {
  const arg = args[0];
  return args.length === 1 && arg && tsi.isStringLiteralLike(arg) ? parseDotNetType(arg.text) : undefined;
}

// ---------------------------------------------------------------------------------------------
// the type annotation

export interface NetScope {
  readonly ts: typeof ts;
  readonly checker: ts.TypeChecker | undefined;
  /** the wire assembly of a class declared in that file without an `assembly` option */
  readonly assemblyOf: (file: ts.SourceFile) => string;
}

/** A resolved .NET type; `explicit`: a .NET type of weft's is part of it, not only unambiguous TypeScript types. */
export interface ResolvedNet {
  readonly net: NetType;
  readonly explicit: boolean;
}

/**
 * 'unknown': the type has no single .NET type. 'unseen': it names a type imported from another
 * file, which only a checker can look into (the bundler path compiles one file at a time).
 */
export type NetResolution = ResolvedNet | 'unknown' | 'unseen';

/** type aliases followed before giving up (`type Nested = Nested[]` never ends) */
const MAX_ALIAS_DEPTH = 16;

const TYPED_ARRAYS: ReadonlyMap<string, NetPrimitive> = new Map([
  ['Uint8Array', 'Byte'], ['Int8Array', 'SByte'], ['Int16Array', 'Int16'], ['Uint16Array', 'UInt16'], ['Int32Array', 'Int32'],
  ['Uint32Array', 'UInt32'], ['Float32Array', 'Single'], ['Float64Array', 'Double'], ['BigInt64Array', 'Int64'], ['BigUint64Array', 'UInt64'],
]);

export function netTypeOfNode(scope: NetScope, node: ts.TypeNode): NetResolution {
  return resolve(scope, node, findWeftImports(scope.ts, node.getSourceFile()), 0);
}

const plain = (net: NetType): ResolvedNet => ({ net, explicit: false });

/** A type built from its parts: unknown when a part is, unseen when a part is (and none unknown). */
function compose(parts: readonly NetResolution[], build: (nets: NetType[]) => NetType | undefined, explicit = false): NetResolution {
  const nets: NetType[] = [];
  let unseen = false;
  for (const p of parts) {
    if (p === 'unknown') return 'unknown';
    if (p === 'unseen') unseen = true;
    else {
      nets.push(p.net);
      explicit ||= p.explicit;
    }
  }
  if (unseen) return 'unseen';
  const net = build(nets);
  return net === undefined ? 'unknown' : { net, explicit };
}

function isNullOrUndefined(tsi: typeof ts, t: ts.TypeNode): boolean {
  return t.kind === tsi.SyntaxKind.UndefinedKeyword || (tsi.isLiteralTypeNode(t) && t.literal.kind === tsi.SyntaxKind.NullKeyword);
}

/** `imports`: weft's imports in the file of `node` (a type alias may live in another file). */
function resolve(s: NetScope, node: ts.TypeNode, imports: WeftImports | undefined, depth: number): NetResolution {
  const tsi = s.ts;
  switch (node.kind) {
    case tsi.SyntaxKind.StringKeyword: return plain('String');
    case tsi.SyntaxKind.BooleanKeyword: return plain('Boolean');
    case tsi.SyntaxKind.BigIntKeyword: return plain('Int64');
    case tsi.SyntaxKind.UnknownKeyword:
    case tsi.SyntaxKind.AnyKeyword:
    case tsi.SyntaxKind.ObjectKeyword: return plain('Object');
  }
  const inner = (t: ts.TypeNode) => resolve(s, t, imports, depth);
  if (tsi.isParenthesizedTypeNode(node)) return inner(node.type);
  if (tsi.isUnionTypeNode(node)) {
    const rest = node.types.filter((m) => !isNullOrUndefined(tsi, m));
    return rest.length === 1 ? inner(rest[0]!) : 'unknown';
  }
  if (tsi.isArrayTypeNode(node)) return compose([inner(node.elementType)], ([element]) => ({ array: element! }));
  if (tsi.isTypeOperatorNode(node) && node.operator === tsi.SyntaxKind.ReadonlyKeyword && tsi.isArrayTypeNode(node.type)) return inner(node.type);
  if (tsi.isTypeReferenceNode(node)) return reference(s, node, imports, depth);
  return 'unknown';
}

function reference(s: NetScope, ref: ts.TypeReferenceNode, imports: WeftImports | undefined, depth: number): NetResolution {
  const args = (ref.typeArguments ?? []).map((a) => resolve(s, a, imports, depth));
  const weftName = imports && weftTypeName(s.ts, ref.typeName, imports);
  if (weftName !== undefined) return dotnetModuleType(weftName, args);
  return s.checker ? referenceWithChecker(s, s.checker, ref, args, depth) : referenceInFile(s, ref, args, depth);
}

/** The exported name behind `Int32`, `I` (imported `Int32 as I`) or `dn.Int32` (a namespace import). */
function weftTypeName(tsi: typeof ts, name: ts.EntityName, imports: WeftImports): string | undefined {
  if (tsi.isIdentifier(name)) return imports.named.get(name.text);
  return tsi.isIdentifier(name.left) && imports.namespaces.has(name.left.text) ? name.right.text : undefined;
}

/** One of the types '@weft/runtime/dotnet' exports, by its exported name. */
function dotnetModuleType(name: string, args: readonly NetResolution[]): NetResolution {
  const keyword = DOTNET_MODULE_KEYWORDS.get(name);
  if (keyword !== undefined) return args.length === 0 ? { net: keyword, explicit: true } : 'unknown';
  return compose(args, (nets) => generic(name, nets), true);
}

function isDotNetModuleName(name: string): boolean {
  return DOTNET_MODULE_KEYWORDS.has(name) || (GENERIC_NAMES as readonly string[]).includes(name);
}

/**
 * The file belongs to the @weft/runtime package: the nearest package.json is the runtime's, the
 * rule assemblyOf names a file's package by. It holds for the runtime's source (tsconfig paths),
 * its dist through a workspace link, and an installed node_modules/@weft/runtime alike.
 */
export function isWeftRuntimeFile(file: ts.SourceFile): boolean {
  return assemblyOf(file.fileName) === RUNTIME_MODULE;
}

/** A declaration of TypeScript's own lib (Date, Map, Array...), not a user type of the same name. */
export function isTypeScriptLib(file: ts.SourceFile): boolean {
  return file.isDeclarationFile && /[\\/]typescript[^\\/]*[\\/]lib[\\/]/.test(file.fileName);
}

function referenceWithChecker(s: NetScope, checker: ts.TypeChecker, ref: ts.TypeReferenceNode, args: readonly NetResolution[], depth: number): NetResolution {
  const tsi = s.ts;
  let sym = checker.getSymbolAtLocation(ref.typeName);
  if (sym && sym.flags & tsi.SymbolFlags.Alias) sym = checker.getAliasedSymbol(sym);
  const decls = sym?.declarations ?? [];
  if (!sym || decls.length === 0) return 'unknown';
  // weft's .NET types reached other than by a direct import: re-exported by a user module, say
  if (isDotNetModuleName(sym.name) && decls.some((d) => isWeftRuntimeFile(d.getSourceFile()))) return dotnetModuleType(sym.name, args);
  const alias = decls.find(tsi.isTypeAliasDeclaration);
  if (alias) return followAlias(s, alias, depth);
  const cls = decls.find(tsi.isClassDeclaration);
  if (cls) return serializableClass(s, cls);
  return decls.some((d) => isTypeScriptLib(d.getSourceFile())) ? globalType(sym.name, args) : 'unknown';
}

/**
 * Without a checker: a type of this file, a global, or one imported from elsewhere, which this
 * file cannot look into. Such a type without type arguments is taken for a @Serializable class
 * known by its name only (`{ class: 'Line', assembly: '' }`): the runtime finds the registered
 * class of that name when it writes, and fails, naming the member, if there is none. Anything
 * else imported is unseen.
 */
function referenceInFile(s: NetScope, ref: ts.TypeReferenceNode, args: readonly NetResolution[], depth: number): NetResolution {
  const tsi = s.ts;
  const sf = ref.getSourceFile();
  if (!tsi.isIdentifier(ref.typeName)) {
    let left: ts.EntityName = ref.typeName;
    while (tsi.isQualifiedName(left)) left = left.left;
    if (importedName(tsi, sf, left.text) === undefined) return 'unknown';
    return args.length === 0 ? plain({ class: ref.typeName.right.text, assembly: '' }) : 'unseen';
  }
  const name = ref.typeName.text;
  for (const st of sf.statements) {
    if (tsi.isTypeAliasDeclaration(st) && st.name.text === name) return followAlias(s, st, depth);
    if (tsi.isClassDeclaration(st) && st.name?.text === name) return serializableClass(s, st);
    if ((tsi.isInterfaceDeclaration(st) || tsi.isEnumDeclaration(st)) && st.name.text === name) return 'unknown';
  }
  const imported = importedName(tsi, sf, name);
  if (imported === undefined) return globalType(name, args);
  return args.length === 0 ? plain({ class: imported, assembly: '' }) : 'unseen';
}

/**
 * The exported name a local name is imported under (`Line` for `import { OrderLine as Line }` is
 * `OrderLine`; a default, namespace or `import x =` import is its local name); undefined when
 * this file does not import it.
 */
function importedName(tsi: typeof ts, sf: ts.SourceFile, name: string): string | undefined {
  for (const st of sf.statements) {
    if (tsi.isImportEqualsDeclaration(st) && st.name.text === name) return name;
    const clause = tsi.isImportDeclaration(st) ? st.importClause : undefined;
    if (!clause) continue;
    if (clause.name?.text === name) return name;
    const bindings = clause.namedBindings;
    if (!bindings) continue;
    if (tsi.isNamespaceImport(bindings)) {
      if (bindings.name.text === name) return name;
      continue;
    }
    const el = bindings.elements.find((e) => e.name.text === name);
    if (el) return (el.propertyName ?? el.name).text;
  }
  return undefined;
}

function followAlias(s: NetScope, alias: ts.TypeAliasDeclaration, depth: number): NetResolution {
  return depth < MAX_ALIAS_DEPTH ? resolve(s, alias.type, findWeftImports(s.ts, alias.getSourceFile()), depth + 1) : 'unknown';
}

/** A @Serializable class, by its weft identity; any other class has no .NET type. */
function serializableClass(s: NetScope, cls: ts.ClassDeclaration): NetResolution {
  const args = serializableArgs(s.ts, cls);
  if (!args || !cls.name) return 'unknown';
  const { wireName, assembly } = wireIdentity(s.ts, args, cls.name.text, s.assemblyOf(cls.getSourceFile()));
  return plain({ class: wireName, assembly });
}

/** The global types of JavaScript that have one .NET type. */
function globalType(name: string, args: readonly NetResolution[]): NetResolution {
  if (name === 'Date') return plain('DateTime');
  const element = TYPED_ARRAYS.get(name);
  if (element !== undefined) return plain({ array: element });
  if ((name === 'Array' || name === 'ReadonlyArray') && args.length === 1) return compose(args, ([t]) => ({ array: t! }));
  if ((name === 'Map' || name === 'ReadonlyMap') && args.length === 2) return compose(args, ([k, v]) => ({ dictionary: [k!, v!] }));
  if ((name === 'Set' || name === 'ReadonlySet') && args.length === 1) return compose(args, ([t]) => ({ hashset: t! }));
  return 'unknown';
}

/**
 * An unannotated member's .NET type, from a literal initializer as memberKind reads one:
 * `= ''` String, `= false` Boolean, `= 0n` Int64 (a number literal names no single type).
 */
export function netTypeOfInitializer(tsi: typeof ts, init: ts.Expression | undefined): NetResolution {
  if (!init) return 'unknown';
  if (tsi.isStringLiteralLike(init)) return plain('String');
  if (init.kind === tsi.SyntaxKind.TrueKeyword || init.kind === tsi.SyntaxKind.FalseKeyword) return plain('Boolean');
  if (tsi.isBigIntLiteral(init) || (tsi.isPrefixUnaryExpression(init) && tsi.isBigIntLiteral(init.operand))) return plain('Int64');
  return 'unknown';
}

/** Why a member has no .NET type, completing "Member "x" of class C ...": `number` is the usual case and gets its own words. */
export function unknownNetReason(tsi: typeof ts, decl: ts.PropertyDeclaration | ts.ParameterDeclaration): string {
  const type = decl.type;
  if (!type) {
    const init = decl.initializer;
    const isNumber = init !== undefined && (tsi.isNumericLiteral(init) || (tsi.isPrefixUnaryExpression(init) && tsi.isNumericLiteral(init.operand)));
    return isNumber ? 'has no type annotation and holds a number, and number has no single .NET type' : 'has no type annotation to take its .NET type from';
  }
  const mentionsNumber = (n: ts.Node): boolean => n.kind === tsi.SyntaxKind.NumberKeyword || (tsi.forEachChild(n, (c) => mentionsNumber(c) || undefined) ?? false);
  return mentionsNumber(type) ? `has type ${type.getText()}, and number has no single .NET type` : `has type ${type.getText()}, which names no .NET type`;
}
