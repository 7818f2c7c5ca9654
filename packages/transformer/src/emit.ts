import type * as ts from 'typescript';
import { CODEGEN_CONTRACT, type ClassModel, type MemberAccess, MemberKind, type MemberModel, type NetType } from './model.js';

/**
 * Model → AST. For each class: a static block that registers the class with generated
 * writer/reader/accessor functions (inside the class body, so #private fields are reachable),
 * and a guard in explicit constructors so the runtime can create instances without running
 * user constructor bodies. Everything refers to the class by name, never `this`, because
 * TypeScript lowers static blocks into functions below ES2022.
 */
export const RUNTIME_ALIAS = '__weft';
/** Hidden per-instance slot of root classes: the writer's identity stamp (see ObjectWriter in @weft/runtime). */
export const ID_SLOT = '#__weftId';
export const INTERNAL_MODULE = '@weft/runtime/internal';

export interface Emitter {
  readonly ts: typeof ts;
  readonly f: ts.NodeFactory;
}

function rt(e: Emitter, name: string): ts.Expression {
  return e.f.createPropertyAccessExpression(e.f.createIdentifier(RUNTIME_ALIAS), name);
}

/** `o.name`, `o.#name` or `o["name"]` */
export function accessExpr(e: Emitter, target: ts.Expression, a: MemberAccess): ts.Expression {
  const f = e.f;
  if (a.kind === 'identifier') return f.createPropertyAccessExpression(target, a.text);
  if (a.kind === 'private') return f.createPropertyAccessExpression(target, f.createPrivateIdentifier(`#${a.text}`));
  return f.createElementAccessExpression(target, f.createStringLiteral(a.text));
}

/**
 * The ValueWriter/ValueReader method for a declared kind. `num`/`str` skip the typeof dispatch
 * (and decode their usual tags inline) and fall back to `value` for anything else the member
 * holds at run time. `obj`/`arr`/`objs` are not only hints: object, array and object[] members
 * are encoded in their own slot forms, which only these methods write and read.
 */
function accessorFor(kind: MemberKind): string {
  switch (kind) {
    case MemberKind.Number: return 'num';
    case MemberKind.String: return 'str';
    case MemberKind.Object: return 'obj';
    case MemberKind.Array: return 'arr';
    case MemberKind.ObjectArray: return 'objs';
    default: return 'value';
  }
}

/** A fresh copy of `A.B.C` for generated code (a node is placed once). */
function entityName(e: Emitter, n: ts.EntityNameExpression): ts.Expression {
  if (e.ts.isIdentifier(n)) return e.f.createIdentifier(n.text);
  return e.f.createPropertyAccessExpression(entityName(e, n.expression as ts.EntityNameExpression), n.name.text);
}

function param(e: Emitter, name: string): ts.ParameterDeclaration {
  return e.f.createParameterDeclaration(undefined, undefined, name);
}

function comment<T extends ts.Node>(e: Emitter, node: T, text: string): T {
  return e.ts.addSyntheticTrailingComment(node, e.ts.SyntaxKind.SingleLineCommentTrivia, ` ${text}`, false);
}

function method(e: Emitter, name: string, params: string[], statements: ts.Statement[]): ts.MethodDeclaration {
  const f = e.f;
  return f.createMethodDeclaration(undefined, undefined, name, undefined, undefined, params.map((p) => param(e, p)), undefined, f.createBlock(statements, true));
}

function memberDecl(e: Emitter, m: MemberModel): ts.Expression {
  const f = e.f;
  const props: ts.ObjectLiteralElementLike[] = [f.createPropertyAssignment('name', f.createStringLiteral(m.name))];
  if (m.kind !== 0) props.push(f.createPropertyAssignment('kind', f.createNumericLiteral(m.kind)));
  if (m.optional) props.push(f.createPropertyAssignment('optional', f.createTrue()));
  if (m.versionAdded !== undefined) props.push(f.createPropertyAssignment('versionAdded', f.createNumericLiteral(m.versionAdded)));
  if (m.netName !== undefined) props.push(f.createPropertyAssignment('netName', f.createStringLiteral(m.netName)));
  if (m.net !== undefined) props.push(f.createPropertyAssignment('net', netTypeExpr(e, m.net)));
  return f.createObjectLiteralExpression(props, false);
}

/** A NetType as a literal: `"Int32"`, `{ array: "Int32", rank: 2 }`, `{ class: "Person", assembly: "shop" }`... */
function netTypeExpr(e: Emitter, t: NetType): ts.Expression {
  const f = e.f;
  if (typeof t === 'string') return f.createStringLiteral(t);
  const props: ts.ObjectLiteralElementLike[] = [];
  if ('class' in t) props.push(f.createPropertyAssignment('class', f.createStringLiteral(t.class)), f.createPropertyAssignment('assembly', f.createStringLiteral(t.assembly)));
  else if ('array' in t) {
    props.push(f.createPropertyAssignment('array', netTypeExpr(e, t.array)));
    if (t.rank !== undefined) props.push(f.createPropertyAssignment('rank', f.createNumericLiteral(t.rank)));
  } else if ('list' in t) props.push(f.createPropertyAssignment('list', netTypeExpr(e, t.list)));
  else if ('dictionary' in t) props.push(f.createPropertyAssignment('dictionary', f.createArrayLiteralExpression(t.dictionary.map((x) => netTypeExpr(e, x)))));
  else if ('hashset' in t) props.push(f.createPropertyAssignment('hashset', netTypeExpr(e, t.hashset)));
  else props.push(f.createPropertyAssignment('nullable', f.createStringLiteral(t.nullable)));
  return f.createObjectLiteralExpression(props, false);
}

/** The registration call placed in a static block of the class. */
export function registrationBlock(e: Emitter, model: ClassModel): ts.ClassStaticBlockDeclaration {
  const f = e.f;
  const cls = () => f.createIdentifier(model.className);
  const o = () => f.createIdentifier('o');
  const members = model.members;

  const writeStmts = members.map((m) =>
    comment(e, f.createExpressionStatement(f.createCallExpression(f.createPropertyAccessExpression(f.createIdentifier('w'), accessorFor(m.kind)), undefined, [accessExpr(e, o(), m.access)])), m.name),
  );
  const readStmts = members.map((m) =>
    comment(
      e,
      f.createExpressionStatement(
        f.createAssignment(accessExpr(e, o(), m.access), f.createCallExpression(f.createPropertyAccessExpression(f.createIdentifier('r'), accessorFor(m.kind)), undefined, [])),
      ),
      m.name,
    ),
  );
  const getClauses = members.map((m, i) => f.createCaseClause(f.createNumericLiteral(i), [f.createReturnStatement(accessExpr(e, o(), m.access))]));
  const setClauses = members.map((m, i) =>
    f.createCaseClause(f.createNumericLiteral(i), [
      f.createExpressionStatement(f.createAssignment(accessExpr(e, o(), m.access), f.createIdentifier('v'))),
      f.createBreakStatement(),
    ]),
  );

  const props: ts.ObjectLiteralElementLike[] = [
    // the codegen contract this code targets (CODEGEN_CONTRACT in @weft/runtime's codegen.ts)
    f.createPropertyAssignment('contract', f.createNumericLiteral(CODEGEN_CONTRACT)),
    f.createPropertyAssignment('assembly', f.createStringLiteral(model.assembly)),
    f.createPropertyAssignment('name', f.createStringLiteral(model.wireName)),
    f.createPropertyAssignment('members', f.createArrayLiteralExpression(members.map((m) => memberDecl(e, m)), true)),
    method(e, 'write', ['w', 'o'], writeStmts),
    method(e, 'read', ['r', 'o'], readStmts),
    method(e, 'get', ['o', 'i'], members.length ? [f.createSwitchStatement(f.createIdentifier('i'), f.createCaseBlock(getClauses)), f.createReturnStatement(f.createVoidZero())] : [f.createReturnStatement(f.createVoidZero())]),
    method(e, 'set', ['o', 'i', 'v'], members.length ? [f.createSwitchStatement(f.createIdentifier('i'), f.createCaseBlock(setClauses))] : []),
  ];
  if (model.hasPrivateNames) {
    // #private slots exist only on objects the class constructor made: use the guarded path.
    props.push(
      f.createPropertyAssignment(
        'construct',
        f.createArrowFunction(undefined, undefined, [], undefined, undefined, f.createNewExpression(cls(), undefined, [rt(e, 'CONSTRUCT')])),
      ),
    );
  }
  if (model.isRoot) {
    // Identity stamp accessors: -2 when the object lacks the slot (made without the constructor).
    const slot = () => f.createPropertyAccessExpression(o(), f.createPrivateIdentifier(ID_SLOT));
    props.push(
      method(e, 'idOf', ['o'], [
        f.createReturnStatement(
          f.createConditionalExpression(
            f.createBinaryExpression(f.createPrivateIdentifier(ID_SLOT), e.ts.SyntaxKind.InKeyword, o()),
            undefined,
            slot(),
            undefined,
            f.createPrefixMinus(f.createNumericLiteral(2)),
          ),
        ),
      ]),
      method(e, 'setId', ['o', 'v'], [f.createExpressionStatement(f.createAssignment(slot(), f.createIdentifier('v')))]),
    );
  }
  if (model.custom) props.push(f.createPropertyAssignment('custom', f.createTrue()));
  if (model.hasForeignClassDecorators) {
    props.push(f.createPropertyAssignment('decorated', f.createTrue()));
    // The base as written, so the runtime can tell this class from a decorator's replacement of it.
    if (model.baseName !== undefined) props.push(f.createPropertyAssignment('base', model.baseName === null ? f.createNull() : entityName(e, model.baseName)));
  }
  for (const cb of model.callbacks) {
    props.push(
      f.createPropertyAssignment(
        cb.kind,
        f.createArrowFunction(
          undefined,
          undefined,
          [param(e, 'o'), param(e, 'c')],
          undefined,
          undefined,
          f.createCallExpression(accessExpr(e, o(), cb.access), undefined, [f.createIdentifier('c')]),
        ),
      ),
    );
  }
  const call = f.createExpressionStatement(f.createCallExpression(rt(e, 'registerClass'), undefined, [cls(), f.createObjectLiteralExpression(props, true)]));
  e.ts.addSyntheticLeadingComment(
    call,
    e.ts.SyntaxKind.SingleLineCommentTrivia,
    ` weft: codec for ${model.className}, wire identity "${model.assembly}:${model.wireName}" (generated by @weft/transformer)`,
    true,
  );
  return f.createClassStaticBlockDeclaration(f.createBlock([call], true));
}

/** `#__weftId = -1;`: the identity slot a root class's instances carry from construction. */
export function idSlotField(e: Emitter): ts.PropertyDeclaration {
  const field = e.f.createPropertyDeclaration(undefined, e.f.createPrivateIdentifier(ID_SLOT), undefined, undefined, e.f.createPrefixMinus(e.f.createNumericLiteral(1)));
  return e.ts.addSyntheticTrailingComment(field, e.ts.SyntaxKind.SingleLineCommentTrivia, ' weft: identity stamp used while serializing (invisible to user code)', false);
}

/** `arguments[0] === __weft.CONSTRUCT` */
function isConstructing(e: Emitter): ts.Expression {
  const f = e.f;
  return f.createStrictEquality(f.createElementAccessExpression(f.createIdentifier('arguments'), 0), rt(e, 'CONSTRUCT'));
}

/**
 * `__weft.skipInit(this) ? void 0 : init`: a field initializer that does not run while the
 * runtime makes an instance through the guarded constructor (deserialized objects start
 * uninitialized, as in .NET).
 */
export function guardInitializer(e: Emitter, init: ts.Expression): ts.Expression {
  const f = e.f;
  const skip = f.createCallExpression(rt(e, 'skipInit'), undefined, [f.createThis()]);
  return e.ts.setTextRange(f.createConditionalExpression(skip, undefined, f.createVoidZero(), undefined, init), init);
}

export interface ConstructorRewrite {
  /** the class extends another */
  readonly derived: boolean;
  /** parameter properties: TypeScript assigns them before the guard, so the guard resets them */
  readonly parameterProperties: readonly string[];
  /** ISerializable: the body starts by letting the runtime run OnDeserializing (see deserializing in @weft/runtime) */
  readonly deserializationHook: boolean;
}

/**
 * Adds the construct guard to an explicit constructor. Base classes return at once (field
 * initializers have run, skipping themselves, so #private slots exist). Derived classes keep
 * their one top-level super() call, with its arguments swapped for the sentinel, and return
 * right after it: TypeScript inserts lowered field initializers after exactly that statement.
 * An ISerializable class's constructor then calls `__weft.deserializing(this)` before its body.
 */
export function guardConstructor(e: Emitter, ctor: ts.ConstructorDeclaration, rw: ConstructorRewrite): ts.ConstructorDeclaration {
  const f = e.f;
  const tsi = e.ts;
  if (!ctor.body) return ctor;
  const resets = rw.parameterProperties.map((name) =>
    f.createExpressionStatement(f.createAssignment(f.createPropertyAccessExpression(f.createThis(), name), f.createVoidZero())),
  );
  const guard = f.createIfStatement(isConstructing(e), resets.length === 0 ? f.createReturnStatement() : f.createBlock([...resets, f.createReturnStatement()], true));
  tsi.addSyntheticLeadingComment(guard, tsi.SyntaxKind.SingleLineCommentTrivia, ' weft: the runtime creates instances through this path; the body does not run', true);
  const after: ts.Statement[] = [guard];
  if (rw.deserializationHook) {
    const hook = f.createExpressionStatement(f.createCallExpression(rt(e, 'deserializing'), undefined, [f.createThis()]));
    tsi.addSyntheticLeadingComment(hook, tsi.SyntaxKind.SingleLineCommentTrivia, ' weft: OnDeserializing runs here when the runtime constructs this object from a SerializationInfo', true);
    after.push(hook);
  }
  let statements: ts.Statement[];
  if (!rw.derived) {
    const prologue = ctor.body.statements.filter((s) => tsi.isExpressionStatement(s) && tsi.isStringLiteral(s.expression));
    statements = [...prologue, ...after, ...ctor.body.statements.slice(prologue.length)];
  } else {
    const idx = ctor.body.statements.findIndex((s) => tsi.isExpressionStatement(s) && tsi.isCallExpression(s.expression) && s.expression.expression.kind === tsi.SyntaxKind.SuperKeyword);
    if (idx < 0) return ctor; // super() is nested; leave the constructor as written
    const st = ctor.body.statements[idx] as ts.ExpressionStatement;
    const call = st.expression as ts.CallExpression;
    const args = f.createConditionalExpression(
      isConstructing(e),
      undefined,
      f.createArrayLiteralExpression([rt(e, 'CONSTRUCT')]),
      undefined,
      f.createArrayLiteralExpression(call.arguments),
    );
    const newCall = tsi.setTextRange(f.updateCallExpression(call, call.expression, call.typeArguments, [f.createSpreadElement(args)]), call);
    const newSt = tsi.setTextRange(f.updateExpressionStatement(st, newCall), st);
    statements = [...ctor.body.statements.slice(0, idx), newSt, ...after, ...ctor.body.statements.slice(idx + 1)];
  }
  const body = tsi.setTextRange(f.createBlock(statements, true), ctor.body);
  return f.updateConstructorDeclaration(ctor, ctor.modifiers, ctor.parameters, body);
}

/** `__weft.finalizeClass(Order, "assembly", "Order")` after a class that other decorators may replace. */
export function finalizeStatement(e: Emitter, model: ClassModel): ts.Statement {
  const f = e.f;
  return f.createExpressionStatement(
    f.createCallExpression(rt(e, 'finalizeClass'), undefined, [f.createIdentifier(model.className), f.createStringLiteral(model.assembly), f.createStringLiteral(model.wireName)]),
  );
}

export function runtimeImport(e: Emitter, classNames: readonly string[]): ts.ImportDeclaration {
  const f = e.f;
  const decl = f.createImportDeclaration(
    undefined,
    f.createImportClause(false, undefined, f.createNamespaceImport(f.createIdentifier(RUNTIME_ALIAS))),
    f.createStringLiteral(INTERNAL_MODULE),
  );
  e.ts.addSyntheticLeadingComment(
    decl,
    e.ts.SyntaxKind.MultiLineCommentTrivia,
    `*\n * Serialization codecs generated by @weft/transformer for: ${classNames.join(', ')}.\n * Regenerated on every build; edit the classes, not this output.\n `,
    true,
  );
  return decl;
}
