import type * as ts from 'typescript';

/**
 * The catalogue of weft diagnostics: one stable code per misuse, each with its own test
 * (packages/transformer/test/diagnostics.test.ts). Codes are reported as TypeScript errors
 * with file and line; the numbers never change meaning.
 */
export const Diagnostics = {
  UnserializableMemberType: { code: 91001, text: 'Member "{0}" of @Serializable class {1} has type {2}, which can never be serialized. Mark it @NonSerialized() or change its type.' },
  UnmarkedBaseClass: { code: 91002, text: '@Serializable class {0} extends {1}, which is not marked @Serializable(). The marker is not inherited: mark the base class too.' },
  DuplicateIdentity: { code: 91003, text: 'Wire identity "{0}" of class {1} is already used by class {2} ({3}). Give one of them @Serializable({ name: "..." }).' },
  MisplacedDecorator: { code: 91004, text: '@{0}() cannot be applied here: {1}.' },
  MissingDeserializationConstructor: { code: 91005, text: 'Class {0} implements ISerializable but has no deserialization constructor. Add constructor(info: SerializationInfo, context: StreamingContext) (or inherit one from a base class).' },
  BadCallbackSignature: { code: 91006, text: 'Serialization callback {0}.{1} must take one StreamingContext parameter and return void.' },
  DuplicateCallback: { code: 91007, text: 'Class {0} has more than one @{1}() method ({2} and {3}); a class may have at most one method per callback kind.' },
  UnsupportedMemberName: { code: 91008, text: 'Member of @Serializable class {0} has a computed name; weft needs a name it can see at build time. Use a plain, string-literal or #private name, or mark it @NonSerialized().' },
  AnonymousClass: { code: 91009, text: '@Serializable() needs a named class declaration so generated code can refer to it.' },
  UnmarkedMemberClass: { code: 91010, text: 'Member "{0}" of @Serializable class {1} holds class {2}, which is not marked @Serializable() and would fail at run time. Mark {2} @Serializable(), mark the member @NonSerialized(), or register a surrogate and silence this with a // @weft-ignore comment.' },
  OptionalFieldInitializer: { code: 91011, text: 'Member "{0}" of @Serializable class {1} is @OptionalField() and has an initializer, which does not run on deserialization: data written before the member existed leaves it undefined. Remove the initializer and set the default in an @OnDeserializing() method.' },
  DotNetNameArgument: { code: 91012, text: '@DotNetName() on member "{0}" of @Serializable class {1} needs one argument, a non-empty string literal: the member\'s name in .NET streams (e.g. @DotNetName(\'m_value\')).' },
  DotNetNameNotSerialized: { code: 91013, text: 'Member "{0}" of @Serializable class {1} is @NonSerialized() and is never written, so @DotNetName() would name nothing. Remove one of the two decorators.' },
  NetTypeUnknown: { code: 91014, text: 'Member "{0}" of @Serializable({ dotnet: true }) class {1} {2}. Annotate it with a type from \'@weft/runtime/dotnet\' such as Int32 or Double, or add @DotNetType(\'double\').' },
  DotNetTypeArgument: { code: 91015, text: '@DotNetType({0}) on member "{1}" of @Serializable class {2} names no .NET type weft knows. It takes one string literal: a C# or .NET name (\'int\', \'System.Int32\', \'string\', \'object\', \'Guid\', \'DateTime\', \'Hashtable\'...), an array of one (\'int[]\', \'double[,]\'), \'List<T>\', \'Dictionary<K, V>\', \'HashSet<T>\' or a nullable primitive (\'int?\').' },
  DotNetTypeNotSerialized: { code: 91016, text: 'Member "{0}" of @Serializable class {1} is @NonSerialized() and is never written, so @DotNetType() would type nothing. Remove one of the two decorators.' },
  IdentityOption: { code: 91018, text: '@Serializable() option {1} of class {0} is {2}; the transformer reads it at build time, so it must be a string literal. Anything else is not read, and the class would be registered as {3}.' },
  DotNetOption: { code: 91017, text: '@Serializable() option dotnet of class {0} is {1}; the transformer reads it at build time, so it must be the literal true or false.' },
} as const;

export type DiagnosticEntry = (typeof Diagnostics)[keyof typeof Diagnostics];

/** The one typed error analysis throws; turned into a ts.Diagnostic in exactly one place (toDiagnostic). */
export class WeftDiagnosticError extends Error {
  constructor(
    readonly entry: DiagnosticEntry,
    readonly node: ts.Node,
    readonly args: readonly string[] = [],
  ) {
    super(format(entry.text, args));
  }
}

export function format(text: string, args: readonly string[]): string {
  return text.replace(/\{(\d+)\}/g, (_, i: string) => args[Number(i)] ?? '');
}

export function toDiagnostic(tsi: typeof ts, err: WeftDiagnosticError): ts.Diagnostic {
  const node = err.node;
  const sf = node.getSourceFile();
  const start = node.getStart(sf);
  return {
    category: tsi.DiagnosticCategory.Error,
    code: err.entry.code,
    file: sf,
    start,
    length: node.getEnd() - start,
    messageText: `weft: ${err.message}`,
    source: 'weft',
  };
}
