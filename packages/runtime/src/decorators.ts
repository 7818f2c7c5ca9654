import { markUncompiled } from './engine/registry.js';

/**
 * Marker decorators. The transformer reads them at build time and removes them from the
 * output, so with the transformer applied they cost nothing. Without it they still type-check
 * under both `experimentalDecorators` and standard decorators, and @Serializable records the
 * class so that serializing it explains how to enable the transformer.
 */
type AnyDecorator = (...args: any[]) => any;

export interface SerializableOptions {
  /** Stable wire name (default: the class name). */
  name?: string;
  /**
   * Wire assembly (default: the `name` of the package.json nearest to the source file). With
   * `name`, it can equal a .NET type's full name and assembly, which NrbfFormatter then matches exactly.
   */
  assembly?: string;
  /**
   * The class is written as .NET (MS-NRBF, NrbfFormatter.serialize): the transformer then
   * requires a .NET type for every member (a type from `@weft/runtime/dotnet`, @DotNetType, or
   * an unambiguous TypeScript type) and reports a diagnostic for a member without one.
   */
  dotnet?: boolean;
}

export interface OptionalFieldOptions {
  /** The version of the type that added this member (informational, as in .NET). */
  versionAdded?: number;
}

const noop: AnyDecorator = () => undefined;

export function Serializable(options?: SerializableOptions): AnyDecorator {
  void options;
  return (target: unknown) => {
    if (typeof target === 'function') markUncompiled(target);
    return undefined;
  };
}

export function NonSerialized(): AnyDecorator {
  return noop;
}

export function OptionalField(options?: OptionalFieldOptions): AnyDecorator {
  void options;
  return noop;
}

/**
 * The member's name in .NET streams (MS-NRBF), when it differs from the property name: a .NET
 * field `m_value`, `_items` or an inherited `Base+name`. Only the MS-NRBF reader uses it; weft's
 * own formats keep the property name.
 */
export function DotNetName(name: string): AnyDecorator {
  void name;
  return noop;
}

/**
 * The member's .NET type, for writing MS-NRBF where the TypeScript annotation cannot say it:
 * a C# or .NET name (`'int'`, `'Int32'`, `'System.Int32'`), an array of one (`'int[]'`,
 * `'double[,]'`), `'List<int>'`, `'Dictionary<string, object>'`, `'Nullable<int>'`
 * (`'int?'`), `'Guid'`, `'Hashtable'`, `'ArrayList'` or `'object'`. Read by the transformer.
 */
export function DotNetType(type: string): AnyDecorator {
  void type;
  return noop;
}

export function OnSerializing(): AnyDecorator {
  return noop;
}

export function OnSerialized(): AnyDecorator {
  return noop;
}

export function OnDeserializing(): AnyDecorator {
  return noop;
}

export function OnDeserialized(): AnyDecorator {
  return noop;
}
