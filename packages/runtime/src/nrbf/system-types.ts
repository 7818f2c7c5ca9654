import type { NrbfClassRecord } from './records.js';
import { assemblySimpleName, parseAssemblyName, parseTypeName } from './type-names.js';

/**
 * The .NET system types NrbfFormatter turns into JavaScript values (NRBF.md, "System types"),
 * recognised by full name in a Microsoft system assembly, and by shape for enums (one member,
 * `value__`) and exceptions (`ClassName` and `Message`).
 */
export const enum SystemKind {
  None = 0,
  /** a boxed primitive (System.Int32 ... m_value) */
  Boxed,
  Enum,
  DateTime,
  TimeSpan,
  Decimal,
  Guid,
  Nullable,
  List,
  Stack,
  Queue,
  Dictionary,
  Hashtable,
  SortedList,
  HashSet,
  SortedSet,
  KeyValuePair,
  Exception,
}

const BY_NAME = new Map<string, SystemKind>([
  ['System.Boolean', SystemKind.Boxed],
  ['System.Byte', SystemKind.Boxed],
  ['System.SByte', SystemKind.Boxed],
  ['System.Char', SystemKind.Boxed],
  ['System.Int16', SystemKind.Boxed],
  ['System.UInt16', SystemKind.Boxed],
  ['System.Int32', SystemKind.Boxed],
  ['System.UInt32', SystemKind.Boxed],
  ['System.Int64', SystemKind.Boxed],
  ['System.UInt64', SystemKind.Boxed],
  ['System.Single', SystemKind.Boxed],
  ['System.Double', SystemKind.Boxed],
  ['System.DateTime', SystemKind.DateTime],
  ['System.TimeSpan', SystemKind.TimeSpan],
  ['System.Decimal', SystemKind.Decimal],
  ['System.Guid', SystemKind.Guid],
  ['System.Nullable`1', SystemKind.Nullable],
  ['System.Collections.Generic.List`1', SystemKind.List],
  ['System.Collections.ArrayList', SystemKind.List],
  ['System.Collections.Generic.Stack`1', SystemKind.Stack],
  ['System.Collections.Stack', SystemKind.Stack],
  ['System.Collections.Generic.Queue`1', SystemKind.Queue],
  ['System.Collections.Queue', SystemKind.Queue],
  ['System.Collections.Generic.Dictionary`2', SystemKind.Dictionary],
  ['System.Collections.Hashtable', SystemKind.Hashtable],
  ['System.Collections.Generic.SortedList`2', SystemKind.SortedList],
  ['System.Collections.SortedList', SystemKind.SortedList],
  ['System.Collections.Generic.HashSet`1', SystemKind.HashSet],
  ['System.Collections.Generic.SortedSet`1', SystemKind.SortedSet],
  ['System.Collections.Generic.KeyValuePair`2', SystemKind.KeyValuePair],
]);

/** The assemblies whose types are .NET's own (Framework, Core and the facades between them). */
const SYSTEM_ASSEMBLIES = new Set(['mscorlib', 'System', 'System.Core', 'System.Private.CoreLib', 'netstandard', 'System.Collections', 'System.Runtime', 'System.Collections.NonGeneric']);

/**
 * The public key tokens .NET's own assemblies are signed with (ECMA, Microsoft, the
 * WPF/ASP.NET key, .NET Core's open-source key and CoreLib's): .NET's exceptions live in many
 * assemblies outside SYSTEM_ASSEMBLIES (System.Xml, System.Data, System.Configuration...).
 */
const MICROSOFT_KEYS = new Set(['b77a5c561934e089', 'b03f5f7f11d50a3a', '31bf3856ad364e35', 'cc7b13ffcd2ddd51', '7cec85d7bea7798e']);

const cache = new WeakMap<readonly string[], SystemKind>();

/** Which system type a class record is (None for everything else), decided once per class metadata. */
export function systemKindOf(rec: NrbfClassRecord): SystemKind {
  const known = cache.get(rec.memberNames);
  if (known !== undefined) return known;
  const kind = decide(rec);
  cache.set(rec.memberNames, kind);
  return kind;
}

function decide(rec: NrbfClassRecord): SystemKind {
  const names = rec.memberNames;
  if (names.length === 1 && names[0] === 'value__') return SystemKind.Enum;
  const core = rec.libraryName === null || SYSTEM_ASSEMBLIES.has(assemblySimpleName(rec.libraryName));
  if (!core && !microsoftSigned(rec.libraryName!)) return SystemKind.None;
  let fullName: string;
  try {
    fullName = parseTypeName(rec.typeName).fullName;
  } catch {
    return SystemKind.None;
  }
  const kind = core ? BY_NAME.get(fullName) : undefined;
  if (kind !== undefined) return kind;
  // exceptions by shape, in the core assemblies or any other Microsoft-signed one
  if (names.includes('ClassName') && names.includes('Message') && fullName.endsWith('Exception')) return SystemKind.Exception;
  return SystemKind.None;
}

function microsoftSigned(assembly: string): boolean {
  try {
    const token = parseAssemblyName(assembly).publicKeyToken;
    return token !== undefined && MICROSOFT_KEYS.has(token.toLowerCase());
  } catch {
    return false;
  }
}
