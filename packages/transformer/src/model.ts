import type * as ts from 'typescript';

/** The codegen contract generated code targets (mirrors CODEGEN_CONTRACT in @weft/runtime's codegen.ts). */
export const CODEGEN_CONTRACT = 2;

/** Declared kind of a member (mirrors MemberKind in @weft/runtime's engine/member-kinds.ts). */
export const enum MemberKind {
  Any = 0,
  Number = 1,
  String = 2,
  Boolean = 3,
  BigInt = 4,
  Object = 5,
  Array = 6,
  ObjectArray = 7,
}

/** The .NET value types with a keyword of their own (mirrors NetPrimitive in @weft/runtime's codegen.ts). */
export type NetPrimitive =
  | 'Boolean' | 'Byte' | 'SByte' | 'Char' | 'Int16' | 'UInt16' | 'Int32' | 'UInt32' | 'Int64' | 'UInt64'
  | 'Single' | 'Double' | 'Decimal' | 'DateTime' | 'TimeSpan' | 'Guid';

/** A member's .NET type, for the MS-NRBF writer (mirrors NetType in @weft/runtime's codegen.ts, which describes each form). */
export type NetType =
  | NetPrimitive
  | 'String'
  | 'Object'
  | 'Hashtable'
  | 'ArrayList'
  | { readonly class: string; readonly assembly: string }
  | { readonly array: NetType; readonly rank?: number }
  | { readonly list: NetType }
  | { readonly dictionary: readonly [NetType, NetType] }
  | { readonly hashset: NetType }
  | { readonly nullable: NetPrimitive };

/** How generated code reaches a member. */
export type MemberAccess =
  | { kind: 'identifier'; text: string }
  | { kind: 'private'; text: string } // ES #private: text without '#'
  | { kind: 'string'; text: string }; // quoted or numeric property name

/** A member's wire name: the property name, or `#name` for an ES private field. */
export function wireNameOfAccess(a: MemberAccess): string {
  return a.kind === 'private' ? `#${a.text}` : a.text;
}

export interface MemberModel {
  /** wire name: the property name, or '#name' */
  readonly name: string;
  readonly access: MemberAccess;
  readonly kind: MemberKind;
  readonly optional: boolean;
  readonly versionAdded: number | undefined;
  /** the member's name in .NET streams (MS-NRBF), from @DotNetName('...'), when it differs */
  readonly netName: string | undefined;
  /** the member's .NET type (net-types.ts): set for every member of a `dotnet` class, elsewhere only when the code names one */
  readonly net: NetType | undefined;
  /** the field or parameter property that declares it (for tools such as `weft schema`; emit ignores it) */
  readonly declaration: ts.PropertyDeclaration | ts.ParameterDeclaration;
}

export type CallbackKind = 'onSerializing' | 'onSerialized' | 'onDeserializing' | 'onDeserialized';

export interface CallbackModel {
  readonly kind: CallbackKind;
  readonly access: MemberAccess;
}

/** Everything emit needs to know about one @Serializable class: built from TS syntax (+ checker). */
export interface ClassModel {
  readonly node: ts.ClassDeclaration;
  readonly className: string;
  readonly assembly: string;
  readonly wireName: string;
  /** `@Serializable({ dotnet: true })`: written as .NET, so every member needs a .NET type */
  readonly dotnet: boolean;
  readonly members: readonly MemberModel[];
  readonly callbacks: readonly CallbackModel[];
  /**
   * declares ES #private fields or `accessor` fields (whose storage is #private): instances
   * must be made by the guarded constructor, since only it creates the private slots
   */
  readonly hasPrivateNames: boolean;
  /** implements ISerializable */
  readonly custom: boolean;
  /** has no `extends` (and the target keeps #private native): owns the hidden identity slot the writer stamps instead of using a Map */
  readonly isRoot: boolean;
  /** carries decorators other than weft's, which may replace the class */
  readonly hasForeignClassDecorators: boolean;
  /**
   * the class named in `extends`, when it is a plain (dotted) name generated code can refer to
   * again; null for a class without `extends`; undefined for any other base expression
   */
  readonly baseName: ts.EntityNameExpression | null | undefined;
}
