import type * as ts from 'typescript';
import { analyzeClass, extendsClause } from './analyze.js';
import { assemblyOf } from './assembly.js';
import { Diagnostics, WeftDiagnosticError, toDiagnostic } from './diagnostics.js';
import { type Emitter, finalizeStatement, guardConstructor, guardInitializer, idSlotField, registrationBlock, runtimeImport } from './emit.js';
import { findWeftImports, weftDecorator, weftDecorators, type WeftImports } from './markers.js';
import type { ClassModel } from './model.js';

export interface WeftTransformerOptions {
  /** Overrides the wire assembly name (default: nearest package.json's name). */
  assembly?: string;
}

/** State shared by all files of one program (or one bundler build). */
export interface ProgramState {
  /** identity → where it was first declared, for the duplicate-identity diagnostic */
  readonly identities: Map<string, { className: string; fileName: string }>;
  readonly report: (d: ts.Diagnostic) => void;
}

export function createProgramState(report: (d: ts.Diagnostic) => void): ProgramState {
  return { identities: new Map(), report };
}

/**
 * The transformer factory: `before` transformer that rewrites @Serializable classes in place.
 * Files that do not import @weft/runtime are returned untouched (early exit).
 */
export function createWeftTransformer(
  tsi: typeof ts,
  program: ts.Program | undefined,
  state: ProgramState,
  options: WeftTransformerOptions = {},
): ts.TransformerFactory<ts.SourceFile> {
  const checker = program?.getTypeChecker();
  const assemblyOfFile = (file: ts.SourceFile) => options.assembly ?? assemblyOf(file.fileName);
  return (ctx) => (sf) => {
    if (sf.isDeclarationFile || !sf.text.includes('@weft/runtime')) return sf;
    const imports = findWeftImports(tsi, sf);
    if (!imports) return sf;
    const e: Emitter = { ts: tsi, f: ctx.factory };
    // Below ES2022, TypeScript lowers #private fields to a WeakMap per class: the identity slot
    // would then cost every instance a WeakMap entry, so the writer keeps to its Map instead.
    const opts = ctx.getCompilerOptions();
    const target = (tsi as unknown as { getEmitScriptTarget?(o: ts.CompilerOptions): ts.ScriptTarget }).getEmitScriptTarget?.(opts) ?? opts.target ?? tsi.ScriptTarget.ES5;
    const nativePrivate = target >= tsi.ScriptTarget.ES2022 && target !== tsi.ScriptTarget.JSON;
    const done: ClassModel[] = [];
    const report = (err: WeftDiagnosticError) => state.report(toDiagnostic(tsi, err));

    const visitClass = (node: ts.ClassDeclaration): ts.Node | ts.Node[] => {
      const marker = weftDecorators(tsi, node, imports).find((d) => d.name === 'Serializable');
      if (!marker) {
        reportStrayMemberDecorators(tsi, node, imports, report);
        return tsi.visitEachChild(node, visitor, ctx);
      }
      let model: ClassModel;
      try {
        model = analyzeClass({ ts: tsi, checker, imports, assemblyOf: assemblyOfFile, report }, node, marker.args);
      } catch (err) {
        if (err instanceof WeftDiagnosticError) {
          report(err);
          return stripDecorators(tsi, e, node, imports);
        }
        throw err;
      }
      const key = model.assembly ? `${model.assembly}:${model.wireName}` : model.wireName;
      const first = state.identities.get(key);
      if (first && !(first.fileName === sf.fileName && first.className === model.className)) {
        report(new WeftDiagnosticError(Diagnostics.DuplicateIdentity, node.name ?? node, [key, model.className, first.className, first.fileName]));
      } else state.identities.set(key, { className: model.className, fileName: sf.fileName });
      done.push(model);
      if (!nativePrivate) model = { ...model, isRoot: false };
      const rewritten = rewriteClass(tsi, e, node, imports, model, ctx, visitor);
      return model.hasForeignClassDecorators ? [rewritten, finalizeStatement(e, model)] : rewritten;
    };

    const visitor = (node: ts.Node): ts.VisitResult<ts.Node> => {
      if (tsi.isClassDeclaration(node)) return visitClass(node);
      if (tsi.isClassExpression(node)) {
        const marker = weftDecorators(tsi, node, imports).find((d) => d.name === 'Serializable');
        if (marker) report(new WeftDiagnosticError(Diagnostics.AnonymousClass, marker.dec));
      }
      return tsi.visitEachChild(node, visitor, ctx);
    };

    const out = tsi.visitEachChild(sf, visitor, ctx);
    if (done.length === 0) return out;
    // After the prologue ('use strict', 'use client'): a statement before them demotes them to
    // plain expressions.
    let prologue = 0;
    for (const st of out.statements) {
      if (!tsi.isExpressionStatement(st) || !tsi.isStringLiteral(st.expression)) break;
      prologue++;
    }
    const statements = [...out.statements.slice(0, prologue), runtimeImport(e, done.map((m) => m.className)), ...out.statements.slice(prologue)];
    return ctx.factory.updateSourceFile(out, statements);
  };
}

function reportStrayMemberDecorators(tsi: typeof ts, node: ts.ClassDeclaration, imports: WeftImports, report: (e: WeftDiagnosticError) => void): void {
  for (const el of node.members) {
    for (const d of weftDecorators(tsi, el, imports)) {
      report(new WeftDiagnosticError(Diagnostics.MisplacedDecorator, d.dec, [d.name, `class ${node.name?.text ?? '<anonymous>'} is not marked @Serializable()`]));
    }
  }
}

/** Drops weft's decorators from a node's modifiers; other decorators stay. */
function withoutWeftDecorators<T extends ts.ModifierLike>(tsi: typeof ts, mods: ts.NodeArray<T> | undefined, imports: WeftImports): T[] | undefined {
  if (!mods) return undefined;
  return mods.filter((m) => !(tsi.isDecorator(m) && weftDecorator(tsi, m, imports)));
}

function stripDecorators(tsi: typeof ts, e: Emitter, node: ts.ClassDeclaration, imports: WeftImports): ts.ClassDeclaration {
  return e.f.updateClassDeclaration(node, withoutWeftDecorators(tsi, node.modifiers, imports), node.name, node.typeParameters, node.heritageClauses, node.members);
}

function rewriteClass(
  tsi: typeof ts,
  e: Emitter,
  node: ts.ClassDeclaration,
  imports: WeftImports,
  model: ClassModel,
  ctx: ts.TransformationContext,
  visitor: ts.Visitor,
): ts.ClassDeclaration {
  const f = e.f;
  const derived = extendsClause(tsi, node) !== undefined;
  // Instances made through the guarded constructor (this class or a base has #private slots)
  // would run field initializers: they skip themselves on that path.
  const guardInits = model.hasPrivateNames || derived;
  const members = node.members.map((m): ts.ClassElement => {
    let el = tsi.visitEachChild(m, visitor, ctx);
    if (tsi.isPropertyDeclaration(el)) {
      const isStatic = (tsi.getCombinedModifierFlags(m as ts.PropertyDeclaration) & tsi.ModifierFlags.Static) !== 0;
      const init = guardInits && !isStatic && el.initializer !== undefined ? guardInitializer(e, el.initializer) : el.initializer;
      el = f.updatePropertyDeclaration(el, withoutWeftDecorators(tsi, el.modifiers, imports), el.name, el.questionToken ?? el.exclamationToken, el.type, init);
    } else if (tsi.isMethodDeclaration(el)) {
      el = f.updateMethodDeclaration(el, withoutWeftDecorators(tsi, el.modifiers, imports), el.asteriskToken, el.name, el.questionToken, el.typeParameters, el.parameters, el.type, el.body);
    } else if (tsi.isConstructorDeclaration(el)) {
      const params = el.parameters.map((p) =>
        f.updateParameterDeclaration(p, withoutWeftDecorators(tsi, p.modifiers, imports), p.dotDotDotToken, p.name, p.questionToken, p.type, p.initializer),
      );
      const parameterProperties = el.parameters.filter((p) => tsi.isParameterPropertyDeclaration(p, el as ts.ConstructorDeclaration) && tsi.isIdentifier(p.name)).map((p) => (p.name as ts.Identifier).text);
      el = guardConstructor(e, f.updateConstructorDeclaration(el, el.modifiers, params, el.body), { derived, parameterProperties, deserializationHook: model.custom });
    }
    return tsi.setTextRange(el, m);
  });
  const block = registrationBlock(e, model);
  const updated = f.updateClassDeclaration(
    node,
    withoutWeftDecorators(tsi, node.modifiers, imports),
    node.name,
    node.typeParameters,
    node.heritageClauses,
    tsi.setTextRange(f.createNodeArray(model.isRoot ? [...members, idSlotField(e), block] : [...members, block]), node.members),
  );
  return tsi.setTextRange(updated, node);
}
