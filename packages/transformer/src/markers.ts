import type * as ts from 'typescript';

/**
 * weft's exports as one file's syntax names them: which local names import them, which
 * decorators of a node are weft's, and the literal options of @Serializable. Syntax only, so
 * the same answers hold per file (bundlers) and in a whole program (ts-patch).
 */
export const RUNTIME_MODULE = '@weft/runtime';
/** the .NET member types (Int32, List<T>...) and DotNetName/DotNetType */
export const DOTNET_MODULE = '@weft/runtime/dotnet';
const WEFT_MODULES: ReadonlySet<string> = new Set([RUNTIME_MODULE, DOTNET_MODULE]);

/** Local names under which this file imports weft's exports. */
export interface WeftImports {
  /** local identifier → exported name */
  readonly named: ReadonlyMap<string, string>;
  /** local names of `import * as x from '@weft/runtime'` (or '@weft/runtime/dotnet') */
  readonly namespaces: ReadonlySet<string>;
}

export function findWeftImports(tsi: typeof ts, sf: ts.SourceFile): WeftImports | undefined {
  const named = new Map<string, string>();
  const namespaces = new Set<string>();
  for (const st of sf.statements) {
    if (!tsi.isImportDeclaration(st) || !tsi.isStringLiteral(st.moduleSpecifier) || !WEFT_MODULES.has(st.moduleSpecifier.text)) continue;
    const bindings = st.importClause?.namedBindings;
    if (!bindings) continue;
    if (tsi.isNamespaceImport(bindings)) namespaces.add(bindings.name.text);
    else for (const el of bindings.elements) named.set(el.name.text, (el.propertyName ?? el.name).text);
  }
  return named.size > 0 || namespaces.size > 0 ? { named, namespaces } : undefined;
}

/** The weft export a decorator refers to (e.g. 'Serializable'), with its call arguments. */
export function weftDecorator(tsi: typeof ts, dec: ts.Decorator, imports: WeftImports): { name: string; args: readonly ts.Expression[] } | undefined {
  let expr = dec.expression;
  let args: readonly ts.Expression[] = [];
  if (tsi.isCallExpression(expr)) {
    args = expr.arguments;
    expr = expr.expression;
  }
  if (tsi.isIdentifier(expr)) {
    const name = imports.named.get(expr.text);
    return name ? { name, args } : undefined;
  }
  if (tsi.isPropertyAccessExpression(expr) && tsi.isIdentifier(expr.expression) && imports.namespaces.has(expr.expression.text)) {
    return { name: expr.name.text, args };
  }
  return undefined;
}

export function weftDecorators(tsi: typeof ts, node: ts.Node, imports: WeftImports): { dec: ts.Decorator; name: string; args: readonly ts.Expression[] }[] {
  if (!tsi.canHaveDecorators(node)) return [];
  const out = [];
  for (const dec of tsi.getDecorators(node) ?? []) {
    const w = weftDecorator(tsi, dec, imports);
    if (w) out.push({ dec, ...w });
  }
  return out;
}

/** The arguments of a declaration's @Serializable(...), read in the file that declares it; undefined when unmarked. */
export function serializableArgs(tsi: typeof ts, decl: ts.Node): readonly ts.Expression[] | undefined {
  if (!tsi.canHaveDecorators(decl)) return undefined;
  const imports = findWeftImports(tsi, decl.getSourceFile());
  if (!imports) return undefined;
  return weftDecorators(tsi, decl, imports).find((d) => d.name === 'Serializable')?.args;
}

export function hasSerializableDecorator(tsi: typeof ts, decl: ts.Node): boolean {
  return serializableArgs(tsi, decl) !== undefined;
}

/** The first `key: <literal>` of a decorator's options literal whose value `is` accepts. */
export function optionLiteral<T extends ts.Expression>(tsi: typeof ts, args: readonly ts.Expression[], key: string, is: (e: ts.Expression) => e is T): T | undefined {
  const opts = args[0];
  if (!opts || !tsi.isObjectLiteralExpression(opts)) return undefined;
  for (const p of opts.properties) {
    if (tsi.isPropertyAssignment(p) && tsi.isIdentifier(p.name) && p.name.text === key && is(p.initializer)) return p.initializer;
  }
  return undefined;
}

/**
 * A class's wire identity from its @Serializable options (`{ name: 'shop.Order', assembly: 'Shop' }`):
 * the name defaults to the class name, the assembly to the one computed for its file.
 */
export function wireIdentity(tsi: typeof ts, args: readonly ts.Expression[], className: string, fileAssembly: string): { wireName: string; assembly: string } {
  return {
    wireName: optionLiteral(tsi, args, 'name', tsi.isStringLiteralLike)?.text ?? className,
    assembly: optionLiteral(tsi, args, 'assembly', tsi.isStringLiteralLike)?.text ?? fileAssembly,
  };
}
