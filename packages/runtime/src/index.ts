/**
 * @weft/runtime — .NET-style runtime serialization for TypeScript, with the reflection replaced
 * by code that @weft/transformer writes at build time.
 */
export { BinaryFormatter, deepClone, type BinaryFormatterOptions } from './formatters/binary-formatter.js';
export { KnownLayouts, type WeftSchemaDocument } from './wire/type-layouts.js';
export type { FormatterOptions, IFormatter } from './formatters/engine-formatter.js';
export { JsonFormatter, type JsonFormatterOptions } from './formatters/json-formatter.js';
export { MemoryStream, type ReadableByteStream, type WritableByteStream } from './memory-stream.js';
export type { ReadableStreamLike, WritableStreamLike } from './formatters/streams.js';
export { SerializationException, type SerializationErrorCode } from './errors.js';
export { StreamingContext, StreamingContextStates } from './streaming-context.js';
export { SerializationInfo, type SerializationEntry } from './serialization-info.js';
export { SurrogateSelector, SerializationBinder, type ISerializationSurrogate, type ISurrogateSelector } from './surrogates.js';
export type { ISerializable, IDeserializationCallback, IObjectReference } from './interfaces.js';
export { FormatterServices, type MemberInfo } from './formatter-services.js';
export { DEFAULT_LIMITS, type SerializationLimits } from './limits.js';
export {
  Serializable,
  NonSerialized,
  OptionalField,
  DotNetName,
  DotNetType,
  OnSerializing,
  OnSerialized,
  OnDeserializing,
  OnDeserialized,
  type SerializableOptions,
  type OptionalFieldOptions,
} from './decorators.js';
export { decodeNrbf, startsWithNrbfHeader, type DecodeNrbfOptions } from './nrbf/decoder.js';
export type {
  NrbfGraph,
  NrbfRecord,
  NrbfClassRecord,
  NrbfArrayRecord,
  NrbfStringRecord,
  NrbfPrimitiveRecord,
  NrbfValue,
  NrbfMemberType,
  NrbfPrimitiveTypeName,
  NrbfArrayTypeName,
  NrbfPrimitiveElements,
} from './nrbf/records.js';
export { DateTime, DateTimeKind, Decimal } from './nrbf/values.js';
export { NrbfFormatter, type NrbfFormatterOptions } from './formatters/nrbf-formatter.js';
export { parseTypeName, parseAssemblyName, type DotNetTypeName, type AssemblyName } from './nrbf/type-names.js';
