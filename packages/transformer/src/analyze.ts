import type * as ts from 'typescript';
import { Diagnostics, WeftDiagnosticError } from './diagnostics.js';
import { hasSerializableDecorator, optionLiteral, type WeftImports, weftDecorator, weftDecorators, wireIdentity } from './markers.js';
import { type CallbackKind, type CallbackModel, type ClassModel, type MemberAccess, MemberKind, type MemberModel, type NetType, wireNameOfAccess } from './model.js';
import { dotNetTypeArgument, isTypeScriptLib, isWeftRuntimeFile, netTypeOfInitializer, netTypeOfNode, unknownNetReason } from './net-types.js';

/**
 * Syntax → model. Works from one file's syntax (so it runs per file in bundlers and
 * isolatedModules builds); when a TypeChecker is available it sharpens member kinds and finds
 * misuse the syntax cannot show (unmarked base or member classes, unserializable types).
 */
const CLASS_DECORATORS = new Set(['Serializable']);
const FIELD_DECORATORS = new Set(['NonSerialized', 'OptionalField', 'DotNetName', 'DotNetType']);
const CALLBACK_DECORATORS: Record<string, CallbackKind> = {
  OnSerializing: 'onSerializing',
  OnSerialized: 'onSerialized',
  OnDeserializing: 'onDeserializing',
  OnDeserialized: 'onDeserialized',
};
const NEVER_SERIALIZABLE = new Set(['WeakMap', 'WeakSet', 'WeakRef', 'Promise', 'Function', 'FinalizationRegistry']);

export interface AnalyzeInput {
  readonly ts: typeof ts;
  readonly checker: ts.TypeChecker | undefined;
  readonly imports: WeftImports;
  /** the wire assembly of a class declared in that file without an `assembly` option */
  readonly assemblyOf: (file: ts.SourceFile) => string;
  /** collects non-fatal diagnostics so one file can report several */
  readonly report: (err: WeftDiagnosticError) => void;
}

function versionAddedOf(tsi: typeof ts, args: readonly ts.Expression[]): number | undefined {
  const n = optionLiteral(tsi, args, 'versionAdded', tsi.isNumericLiteral);
  return n === undefined ? undefined : Number(n.text);
}

/** `@DotNetName('m_value')`: exactly one non-empty string literal (or no-substitution template). */
function netNameOf(tsi: typeof ts, args: readonly ts.Expression[]): string | undefined {
  const arg = args[0];
  if (args.length !== 1 || !arg || !tsi.isStringLiteralLike(arg) || arg.text === '') return undefined;
  return arg.text;
}

/** `@Serializable({ dotnet: true })`; an option the transformer cannot read is reported, not guessed. */
function dotnetOption(input: AnalyzeInput, args: readonly ts.Expression[], className: string): boolean {
  const tsi = input.ts;
  const value = optionLiteral(tsi, args, 'dotnet', (e): e is ts.Expression => true);
  if (value === undefined || value.kind === tsi.SyntaxKind.FalseKeyword) return false;
  if (value.kind === tsi.SyntaxKind.TrueKeyword) return true;
  input.report(new WeftDiagnosticError(Diagnostics.DotNetOption, value, [className, value.getText()]));
  return false;
}

/**
 * `name` and `assembly` must be string literals: a const would silently leave the class under
 * its default identity, which a stream from elsewhere (or .NET) does not know.
 */
function checkIdentityOptions(input: AnalyzeInput, args: readonly ts.Expression[], className: string, defaults: { wireName: string; assembly: string }): void {
  const tsi = input.ts;
  for (const key of ['name', 'assembly'] as const) {
    const value = optionLiteral(tsi, args, key, (e): e is ts.Expression => true);
    if (value === undefined || tsi.isStringLiteralLike(value)) continue;
    const fallback = key === 'name' ? `name "${defaults.wireName}"` : `assembly "${defaults.assembly}"`;
    input.report(new WeftDiagnosticError(Diagnostics.IdentityOption, value, [className, key, value.getText(), fallback]));
  }
}

/**
 * The member's .NET type: @DotNetType's, else its annotation's (without one, its literal
 * initializer's). Every member of a `dotnet` class needs one; elsewhere it is recorded only when
 * the code names a .NET type, so classes that never meet .NET generate what they always did.
 */
function netTypeOf(
  input: AnalyzeInput,
  decl: ts.PropertyDeclaration | ts.ParameterDeclaration,
  dotNetType: { dec: ts.Decorator; args: readonly ts.Expression[] } | undefined,
  required: boolean,
  name: string,
  className: string,
): NetType | undefined {
  const tsi = input.ts;
  if (dotNetType) {
    const net = dotNetTypeArgument(tsi, dotNetType.args);
    if (net === undefined) input.report(new WeftDiagnosticError(Diagnostics.DotNetTypeArgument, dotNetType.dec, [dotNetType.args.map((a) => a.getText()).join(', '), name, className]));
    return net;
  }
  const resolved = decl.type ? netTypeOfNode(input, decl.type) : netTypeOfInitializer(tsi, decl.initializer);
  if (typeof resolved === 'object') return required || resolved.explicit ? resolved.net : undefined;
  // 'unseen' (a type of another file, without a checker) is left to the checker's build to judge.
  if (required && resolved === 'unknown') input.report(new WeftDiagnosticError(Diagnostics.NetTypeUnknown, decl.type ?? decl.name, [name, className, unknownNetReason(tsi, decl)]));
  return undefined;
}

export function accessOf(tsi: typeof ts, name: ts.PropertyName): MemberAccess | undefined {
  if (tsi.isIdentifier(name)) return { kind: 'identifier', text: name.text };
  if (tsi.isPrivateIdentifier(name)) return { kind: 'private', text: name.text.slice(1) };
  if (tsi.isStringLiteral(name) || tsi.isNumericLiteral(name) || tsi.isNoSubstitutionTemplateLiteral(name)) return { kind: 'string', text: name.text };
  if (tsi.isComputedPropertyName(name) && tsi.isStringLiteralLike(name.expression)) return { kind: 'string', text: name.expression.text };
  return undefined;
}


/** Builds the model of one @Serializable class; throws WeftDiagnosticError for class-level misuse. */
export function analyzeClass(input: AnalyzeInput, node: ts.ClassDeclaration, serializableArgs: readonly ts.Expression[]): ClassModel {
  const { ts: tsi, imports } = input;
  if (!node.name) throw new WeftDiagnosticError(Diagnostics.AnonymousClass, node);
  const className = node.name.text;
  const dotnet = dotnetOption(input, serializableArgs, className);
  const identity = wireIdentity(tsi, serializableArgs, className, input.assemblyOf(node.getSourceFile()));
  checkIdentityOptions(input, serializableArgs, className, identity);
  const custom = implementsNamed(tsi, node, 'ISerializable');
  const members: MemberModel[] = [];
  const callbacks: CallbackModel[] = [];
  const callbackNodes = new Map<CallbackKind, string>();
  let hasPrivateNames = false;

  checkBaseClass(input, node, className);

  const addMember = (decl: ts.PropertyDeclaration | ts.ParameterDeclaration, nameNode: ts.PropertyName) => {
    const decs = weftDecorators(tsi, decl, imports);
    const access = accessOf(tsi, nameNode);
    // `accessor x` keeps its value in a #private storage slot, reached through its getter and setter.
    if (tsi.isPropertyDeclaration(decl) && tsi.isAutoAccessorPropertyDeclaration(decl)) hasPrivateNames = true;
    const dotNetName = decs.find((d) => d.name === 'DotNetName');
    const dotNetType = decs.find((d) => d.name === 'DotNetType');
    if (decs.some((d) => d.name === 'NonSerialized')) {
      const memberName = access ? wireNameOfAccess(access) : nameNode.getText();
      if (dotNetName) input.report(new WeftDiagnosticError(Diagnostics.DotNetNameNotSerialized, dotNetName.dec, [memberName, className]));
      if (dotNetType) input.report(new WeftDiagnosticError(Diagnostics.DotNetTypeNotSerialized, dotNetType.dec, [memberName, className]));
      return;
    }
    if (!access) {
      input.report(new WeftDiagnosticError(Diagnostics.UnsupportedMemberName, nameNode, [className]));
      return;
    }
    if (access.kind === 'private') hasPrivateNames = true;
    const optional = decs.find((d) => d.name === 'OptionalField');
    const name = wireNameOfAccess(access);
    if (optional && decl.initializer !== undefined && !isUndefinedLiteral(tsi, decl.initializer)) {
      input.report(new WeftDiagnosticError(Diagnostics.OptionalFieldInitializer, decl.initializer, [name, className]));
    }
    let netName: string | undefined;
    if (dotNetName) {
      netName = netNameOf(tsi, dotNetName.args);
      if (netName === undefined) input.report(new WeftDiagnosticError(Diagnostics.DotNetNameArgument, dotNetName.dec, [name, className]));
    }
    checkMemberType(input, decl, name, className);
    // An ISerializable class writes SerializationInfo entries, typed by their values: its fields need no .NET type.
    const net = netTypeOf(input, decl, dotNetType, dotnet && !custom, name, className);
    members.push({ name, access, kind: memberKind(input, decl), optional: optional !== undefined, versionAdded: optional ? versionAddedOf(tsi, optional.args) : undefined, netName, net, declaration: decl });
  };

  for (const el of node.members) {
    const decs = weftDecorators(tsi, el, imports);
    for (const d of decs) {
      if (CLASS_DECORATORS.has(d.name)) {
        input.report(new WeftDiagnosticError(Diagnostics.MisplacedDecorator, d.dec, [d.name, 'it marks classes, not members']));
      }
    }
    const isStatic = tsi.getCombinedModifierFlags(el as ts.Declaration) & tsi.ModifierFlags.Static;
    if (tsi.isPropertyDeclaration(el)) {
      // An abstract property has no storage here: the subclass that implements it declares it.
      if (tsi.getCombinedModifierFlags(el) & tsi.ModifierFlags.Abstract) continue;
      for (const d of decs) {
        if (d.name in CALLBACK_DECORATORS) input.report(new WeftDiagnosticError(Diagnostics.MisplacedDecorator, d.dec, [d.name, 'callbacks are methods, not fields']));
      }
      if (isStatic) {
        for (const d of decs) {
          if (FIELD_DECORATORS.has(d.name)) input.report(new WeftDiagnosticError(Diagnostics.MisplacedDecorator, d.dec, [d.name, 'static fields are never serialized']));
        }
        continue;
      }
      addMember(el, el.name);
    } else if (tsi.isMethodDeclaration(el)) {
      for (const d of decs) {
        if (FIELD_DECORATORS.has(d.name)) input.report(new WeftDiagnosticError(Diagnostics.MisplacedDecorator, d.dec, [d.name, 'methods are never serialized']));
        const kind = CALLBACK_DECORATORS[d.name];
        if (!kind) continue;
        const access = accessOf(tsi, el.name);
        if (isStatic || !access) {
          input.report(new WeftDiagnosticError(Diagnostics.MisplacedDecorator, d.dec, [d.name, isStatic ? 'callbacks run on instances, not static methods' : 'the method needs a plain name']));
          continue;
        }
        const methodName = wireNameOfAccess(access);
        if (!callbackSignatureOk(tsi, el)) {
          input.report(new WeftDiagnosticError(Diagnostics.BadCallbackSignature, el.name, [className, methodName]));
          continue;
        }
        const previous = callbackNodes.get(kind);
        if (previous !== undefined) {
          input.report(new WeftDiagnosticError(Diagnostics.DuplicateCallback, el.name, [className, d.name, previous, methodName]));
          continue;
        }
        callbackNodes.set(kind, methodName);
        if (access.kind === 'private') hasPrivateNames = true;
        callbacks.push({ kind, access });
      }
    } else if (tsi.isConstructorDeclaration(el)) {
      for (const p of el.parameters) {
        if (tsi.isParameterPropertyDeclaration(p, el)) {
          if (tsi.isIdentifier(p.name)) addMember(p, p.name);
        } else {
          for (const d of weftDecorators(tsi, p, imports)) input.report(new WeftDiagnosticError(Diagnostics.MisplacedDecorator, d.dec, [d.name, 'only parameter properties are fields']));
        }
      }
    } else {
      for (const d of decs) input.report(new WeftDiagnosticError(Diagnostics.MisplacedDecorator, d.dec, [d.name, 'only instance fields and methods can carry it']));
    }
  }

  if (custom) checkDeserializationConstructor(input, node, className);

  const foreign = (tsi.getDecorators(node) ?? []).some((d) => !weftDecorator(tsi, d, imports));
  return {
    node,
    className,
    ...identity,
    dotnet,
    members,
    callbacks,
    hasPrivateNames,
    custom,
    isRoot: extendsClause(tsi, node) === undefined,
    hasForeignClassDecorators: foreign,
    baseName: baseNameOf(tsi, node),
  };
}

/** `undefined` or `void 0`: an initializer that sets nothing a reader would miss. */
function isUndefinedLiteral(tsi: typeof ts, e: ts.Expression): boolean {
  return (tsi.isIdentifier(e) && e.text === 'undefined') || (tsi.isVoidExpression(e) && tsi.isLiteralExpression(e.expression));
}

function baseNameOf(tsi: typeof ts, node: ts.ClassDeclaration): ts.EntityNameExpression | null | undefined {
  const ext = extendsClause(tsi, node);
  if (ext === undefined) return null;
  return isEntityName(tsi, ext.expression) ? ext.expression : undefined;
}

/** `A` or `a.b.C`: a name that can be evaluated again without side effects. */
function isEntityName(tsi: typeof ts, e: ts.Expression): e is ts.EntityNameExpression {
  return tsi.isIdentifier(e) || (tsi.isPropertyAccessExpression(e) && tsi.isIdentifier(e.name) && isEntityName(tsi, e.expression));
}

function callbackSignatureOk(tsi: typeof ts, m: ts.MethodDeclaration): boolean {
  if (m.parameters.length !== 1) return false;
  const p = m.parameters[0]!;
  if (p.dotDotDotToken) return false;
  if (p.type && !(tsi.isTypeReferenceNode(p.type) && /(^|\.)StreamingContext$/.test(p.type.typeName.getText()))) return false;
  if (m.type && m.type.kind !== tsi.SyntaxKind.VoidKeyword) return false;
  if (m.asteriskToken || tsi.getCombinedModifierFlags(m) & tsi.ModifierFlags.Async) return false;
  return true;
}

export function implementsNamed(tsi: typeof ts, node: ts.ClassDeclaration, name: string): boolean {
  for (const h of node.heritageClauses ?? []) {
    if (h.token !== tsi.SyntaxKind.ImplementsKeyword) continue;
    for (const t of h.types) {
      const e = t.expression;
      if ((tsi.isIdentifier(e) && e.text === name) || (tsi.isPropertyAccessExpression(e) && e.name.text === name)) return true;
    }
  }
  return false;
}

function callsSetType(tsi: typeof ts, node: ts.Node): boolean {
  if (tsi.isCallExpression(node) && tsi.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'setType') return true;
  return tsi.forEachChild(node, (child) => (callsSetType(tsi, child) ? true : undefined)) ?? false;
}

export function extendsClause(tsi: typeof ts, node: ts.ClassDeclaration): ts.ExpressionWithTypeArguments | undefined {
  return node.heritageClauses?.find((h) => h.token === tsi.SyntaxKind.ExtendsKeyword)?.types[0];
}

function isInfoParameter(tsi: typeof ts, p: ts.ParameterDeclaration | undefined): boolean {
  return !!p && !!p.type && tsi.isTypeReferenceNode(p.type) && /(^|\.)SerializationInfo$/.test(p.type.typeName.getText());
}

function checkDeserializationConstructor(input: AnalyzeInput, node: ts.ClassDeclaration, className: string): void {
  const tsi = input.ts;
  const ctors = node.members.filter(tsi.isConstructorDeclaration);
  if (ctors.some((c) => isInfoParameter(tsi, c.parameters[0]))) return;
  // A class whose getObjectData calls info.setType(Helper) is read as the helper (the classic
  // singleton): it is never constructed from a SerializationInfo itself.
  const god = node.members.find((m): m is ts.MethodDeclaration => tsi.isMethodDeclaration(m) && tsi.isIdentifier(m.name) && m.name.text === 'getObjectData');
  if (god?.body && callsSetType(tsi, god.body)) return;
  const ext = extendsClause(tsi, node);
  if (ctors.length === 0 && ext) {
    // Inherited: with a checker, look at the base's construct signatures.
    if (!input.checker) return;
    const baseType = input.checker.getTypeAtLocation(ext.expression);
    const sigs = baseType.getConstructSignatures();
    const ok = sigs.some((s) => {
      const first = s.parameters[0];
      const decl = first?.valueDeclaration;
      return decl !== undefined && tsi.isParameter(decl) && isInfoParameter(tsi, decl);
    });
    if (ok || sigs.length === 0) return;
  }
  throw new WeftDiagnosticError(Diagnostics.MissingDeserializationConstructor, node.name ?? node, [className]);
}

/** Reports a @Serializable class whose base class is not @Serializable (when the base can be seen). */
function checkBaseClass(input: AnalyzeInput, node: ts.ClassDeclaration, className: string): void {
  const tsi = input.ts;
  const ext = extendsClause(tsi, node);
  if (!ext) return;
  let baseDecl: ts.ClassLikeDeclaration | undefined;
  if (input.checker) {
    let sym = input.checker.getSymbolAtLocation(ext.expression);
    if (sym && sym.flags & tsi.SymbolFlags.Alias) sym = input.checker.getAliasedSymbol(sym);
    baseDecl = sym?.declarations?.find((d): d is ts.ClassLikeDeclaration => tsi.isClassDeclaration(d) || tsi.isClassExpression(d));
  } else if (tsi.isIdentifier(ext.expression)) {
    const name = ext.expression.text;
    baseDecl = node.getSourceFile().statements.find((s): s is ts.ClassDeclaration => tsi.isClassDeclaration(s) && s.name?.text === name);
  }
  if (!baseDecl || baseDecl.getSourceFile().isDeclarationFile) return;
  if (!hasSerializableDecorator(tsi, baseDecl)) {
    throw new WeftDiagnosticError(Diagnostics.UnmarkedBaseClass, ext, [className, ext.expression.getText()]);
  }
}

function memberKind(input: AnalyzeInput, decl: ts.PropertyDeclaration | ts.ParameterDeclaration): MemberKind {
  const tsi = input.ts;
  if (input.checker) {
    const type = input.checker.getTypeAtLocation(decl);
    return kindOfType(tsi, input.checker, type);
  }
  const t = decl.type;
  if (t) return kindOfTypeNode(tsi, t);
  const init = decl.initializer;
  if (!init) return MemberKind.Any;
  if (tsi.isNumericLiteral(init) || (tsi.isPrefixUnaryExpression(init) && tsi.isNumericLiteral(init.operand))) return MemberKind.Number;
  if (tsi.isStringLiteralLike(init)) return MemberKind.String;
  if (init.kind === tsi.SyntaxKind.TrueKeyword || init.kind === tsi.SyntaxKind.FalseKeyword) return MemberKind.Boolean;
  if (tsi.isBigIntLiteral(init)) return MemberKind.BigInt;
  return MemberKind.Any;
}

function kindOfTypeNode(tsi: typeof ts, t: ts.TypeNode): MemberKind {
  switch (t.kind) {
    case tsi.SyntaxKind.NumberKeyword: return MemberKind.Number;
    case tsi.SyntaxKind.StringKeyword: return MemberKind.String;
    case tsi.SyntaxKind.BooleanKeyword: return MemberKind.Boolean;
    case tsi.SyntaxKind.BigIntKeyword: return MemberKind.BigInt;
  }
  if (tsi.isUnionTypeNode(t)) {
    const kinds = new Set<MemberKind>();
    for (const m of t.types) {
      if (m.kind === tsi.SyntaxKind.UndefinedKeyword || (tsi.isLiteralTypeNode(m) && m.literal.kind === tsi.SyntaxKind.NullKeyword)) continue;
      kinds.add(kindOfTypeNode(tsi, m));
    }
    return kinds.size === 1 ? [...kinds][0]! : MemberKind.Any;
  }
  if (tsi.isLiteralTypeNode(t)) {
    if (tsi.isNumericLiteral(t.literal)) return MemberKind.Number;
    if (tsi.isStringLiteral(t.literal)) return MemberKind.String;
    if (t.literal.kind === tsi.SyntaxKind.TrueKeyword || t.literal.kind === tsi.SyntaxKind.FalseKeyword) return MemberKind.Boolean;
  }
  if (tsi.isParenthesizedTypeNode(t)) return kindOfTypeNode(tsi, t.type);
  // Arrays are arrays to the syntax too (their element types are not known without a checker).
  if (tsi.isArrayTypeNode(t) || tsi.isTupleTypeNode(t)) return MemberKind.Array;
  if (tsi.isTypeOperatorNode(t) && t.operator === tsi.SyntaxKind.ReadonlyKeyword) return kindOfTypeNode(tsi, t.type) === MemberKind.Array ? MemberKind.Array : MemberKind.Any;
  if (tsi.isTypeReferenceNode(t) && tsi.isIdentifier(t.typeName) && (t.typeName.text === 'Array' || t.typeName.text === 'ReadonlyArray')) return MemberKind.Array;
  return MemberKind.Any;
}

/** `shallow`: an array's element types are not looked into (the caller only asks whether it is an object). */
function kindOfType(tsi: typeof ts, checker: ts.TypeChecker, type: ts.Type, shallow = false): MemberKind {
  const parts = type.isUnion() ? type.types : [type];
  const kinds = new Set<MemberKind>();
  for (const p of parts) {
    const f = p.flags;
    if (f & (tsi.TypeFlags.Null | tsi.TypeFlags.Undefined | tsi.TypeFlags.Void)) continue;
    if (f & tsi.TypeFlags.NumberLike) kinds.add(MemberKind.Number);
    else if (f & tsi.TypeFlags.StringLike) kinds.add(MemberKind.String);
    else if (f & tsi.TypeFlags.BooleanLike) kinds.add(MemberKind.Boolean);
    else if (f & tsi.TypeFlags.BigIntLike) kinds.add(MemberKind.BigInt);
    else if (f & tsi.TypeFlags.Object && !(f & tsi.TypeFlags.Any)) kinds.add(objectKind(tsi, checker, p, shallow));
    else return MemberKind.Any;
  }
  return kinds.size === 1 ? [...kinds][0]! : MemberKind.Any;
}

/** An object type: an array (of object types, or of anything), or another object. */
function objectKind(tsi: typeof ts, checker: ts.TypeChecker, t: ts.Type, shallow: boolean): MemberKind {
  if (checker.isTupleType(t)) return MemberKind.Array;
  if (!checker.isArrayType(t)) return MemberKind.Object;
  if (shallow) return MemberKind.Array;
  // (shallow below: `type Nested = Nested[]` would otherwise never end)
  const element = checker.getTypeArguments(t as ts.TypeReference)[0];
  return element !== undefined && kindOfType(tsi, checker, element, true) === MemberKind.Object ? MemberKind.ObjectArray : MemberKind.Array;
}

/** Reports member types that can never be serialized: syntax always, the checker when present. */
function checkMemberType(input: AnalyzeInput, decl: ts.PropertyDeclaration | ts.ParameterDeclaration, name: string, className: string): void {
  const tsi = input.ts;
  const sf = decl.getSourceFile();
  const ignored = tsi.getLeadingCommentRanges(sf.text, decl.getFullStart())?.some((r) => sf.text.slice(r.pos, r.end).includes('@weft-ignore'));
  if (ignored) return;
  if (input.checker) {
    const type = input.checker.getTypeAtLocation(decl);
    const bad = neverSerializable(input, type, 0);
    if (bad) {
      const entry = bad.unmarkedClass ? Diagnostics.UnmarkedMemberClass : Diagnostics.UnserializableMemberType;
      input.report(new WeftDiagnosticError(entry, decl.type ?? decl.name, [name, className, bad.text]));
    }
    return;
  }
  if (decl.type) {
    const bad = neverSerializableNode(tsi, decl.type);
    if (bad) input.report(new WeftDiagnosticError(Diagnostics.UnserializableMemberType, decl.type, [name, className, bad]));
  }
}

function neverSerializableNode(tsi: typeof ts, t: ts.TypeNode): string | undefined {
  if (tsi.isFunctionTypeNode(t) || tsi.isConstructorTypeNode(t)) return 'a function type';
  if (t.kind === tsi.SyntaxKind.SymbolKeyword) return 'symbol';
  if (tsi.isTypeOperatorNode(t) && t.operator === tsi.SyntaxKind.UniqueKeyword) return 'unique symbol';
  if (tsi.isParenthesizedTypeNode(t)) return neverSerializableNode(tsi, t.type);
  if (tsi.isTypeReferenceNode(t) && tsi.isIdentifier(t.typeName) && NEVER_SERIALIZABLE.has(t.typeName.text)) return t.typeName.text;
  if (tsi.isUnionTypeNode(t)) {
    const rest = t.types.filter((m) => !(m.kind === tsi.SyntaxKind.UndefinedKeyword || (tsi.isLiteralTypeNode(m) && m.literal.kind === tsi.SyntaxKind.NullKeyword)));
    const bad = rest.map((m) => neverSerializableNode(tsi, m));
    if (rest.length > 0 && bad.every((b) => b !== undefined)) return bad.join(' | ');
  }
  if (tsi.isArrayTypeNode(t)) {
    const inner = neverSerializableNode(tsi, t.elementType);
    if (inner) return `an array of ${inner}`;
  }
  return undefined;
}

function neverSerializable(input: AnalyzeInput, type: ts.Type, depth: number): { text: string; unmarkedClass: boolean } | undefined {
  const tsi = input.ts;
  const checker = input.checker!;
  if (depth > 3) return undefined;
  const f = type.flags;
  if (f & (tsi.TypeFlags.Any | tsi.TypeFlags.Unknown | tsi.TypeFlags.TypeParameter)) return undefined;
  if (f & tsi.TypeFlags.ESSymbolLike) return { text: 'symbol', unmarkedClass: false };
  if (type.isUnion()) {
    const rest = type.types.filter((t) => !(t.flags & (tsi.TypeFlags.Null | tsi.TypeFlags.Undefined | tsi.TypeFlags.Void)));
    const bad = rest.map((t) => neverSerializable(input, t, depth + 1));
    if (rest.length > 0 && bad.every((b) => b !== undefined)) return { text: bad.map((b) => b!.text).join(' | '), unmarkedClass: bad.some((b) => b!.unmarkedClass) };
    return undefined;
  }
  if (!(f & tsi.TypeFlags.Object)) return undefined;
  const sym = type.getSymbol() ?? type.aliasSymbol;
  const name = sym?.getName();
  const fromLib = sym?.declarations?.some((d) => isTypeScriptLib(d.getSourceFile())) ?? false;
  if (name && NEVER_SERIALIZABLE.has(name) && fromLib) return { text: name, unmarkedClass: false };
  if (type.getCallSignatures().length > 0 && type.getProperties().length === 0) return { text: 'a function type', unmarkedClass: false };
  if (type.getCallSignatures().length > 0 && fromLib && name === 'Function') return { text: 'a function type', unmarkedClass: false };
  // Arrays, Sets and Maps of something never serializable.
  if (name && fromLib && (name === 'Array' || name === 'ReadonlyArray' || name === 'Set' || name === 'ReadonlySet' || name === 'Map' || name === 'ReadonlyMap')) {
    for (const arg of checker.getTypeArguments(type as ts.TypeReference)) {
      const bad = neverSerializable(input, arg, depth + 1);
      if (bad) return { text: `${name}<${bad.text}>`, unmarkedClass: bad.unmarkedClass };
    }
    return undefined;
  }
  // An instance of a user's class that is not @Serializable (weft's own DateTime and Decimal are
  // not .d.ts either when the runtime is compiled from source).
  const classDecl = sym?.declarations?.find((d): d is ts.ClassDeclaration => tsi.isClassDeclaration(d));
  const userSource = classDecl && !classDecl.getSourceFile().isDeclarationFile && !isWeftRuntimeFile(classDecl.getSourceFile());
  if (userSource && sym!.flags & tsi.SymbolFlags.Class) {
    const isInstance = !(type.getConstructSignatures().length > 0);
    if (isInstance && !hasSerializableDecorator(tsi, classDecl)) return { text: classDecl.name?.text ?? 'an anonymous class', unmarkedClass: true };
  }
  return undefined;
}
