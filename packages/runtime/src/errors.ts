/**
 * The one error type every weft failure surfaces as. `code` is stable and machine-readable;
 * the message names the type, member and byte offset involved but never copies payload text.
 */
export type SerializationErrorCode =
  | 'NOT_SERIALIZABLE' // a value of a kind that can never be serialized (function, symbol, WeakMap…)
  | 'NOT_COMPILED' // a class marked @Serializable whose file was not compiled by @weft/transformer
  | 'TRUNCATED' // the input ended inside a value
  | 'INVALID_LENGTH' // a length or count larger than the remaining input could hold
  | 'INVALID_HEADER' // not a weft frame, or a version this runtime cannot read
  | 'INVALID_TAG' // a byte that is no value tag where a value was expected
  | 'INVALID_VARINT' // a varint longer than its type allows
  | 'INVALID_UTF8' // a string whose bytes are not UTF-8
  | 'INVALID_VALUE' // a well-formed value that is not valid where it stands
  | 'UNKNOWN_TYPE' // a type identity no registered class, binder or surrogate answers for
  | 'TYPE_MISMATCH' // a value or type layout that cannot become what the reader expects
  | 'MISSING_MEMBER' // a required member absent from the stream's layout of a type
  | 'BAD_REFERENCE' // a reference to an object id that does not exist (yet)
  | 'TRAILING_BYTES' // bytes left inside a frame after its graph ended
  | 'LIMIT_EXCEEDED' // a FormatterOptions.limits bound was hit
  | 'DUPLICATE_MEMBER' // SerializationInfo.addValue with a name already present
  | 'MEMBER_NOT_FOUND' // SerializationInfo.getValue of a name that is not present
  | 'INVALID_CAST' // SerializationInfo typed getter that cannot convert the stored value
  | 'INVALID_ARGUMENT' // an API called with arguments it cannot accept
  | 'CALLBACK_FAILED' // a user callback, getObjectData or constructor threw
  | 'COLLECTION_MODIFIED' // serialize: an array, Map or Set gained or lost entries while it was written
  | 'BUFFER_TOO_SMALL' // serializeInto: the frame does not fit in the caller's buffer (nothing was written)
  | 'UNKNOWN_LAYOUT' // compact mode: a layout fingerprint this reader does not know
  | 'VALUE_OUT_OF_RANGE' // NRBF write: a value its member's .NET type cannot hold (never truncated)
  | 'NO_DOTNET_TYPE'; // NRBF write: a member whose .NET type the compiled class does not declare

/** Where in a JSON document a failure was detected (JsonFormatter). */
export interface JsonLocation {
  /** 1-based line and column (UTF-16 units) of the value, in the document's text */
  readonly line: number;
  readonly column: number;
  /** the value's JSON path from the document's top: `$.root.orders[3].customer` */
  readonly path: string;
}

/** What a SerializationException may carry besides its code and message. */
export interface SerializationExceptionOptions {
  /** byte offset in the input */
  offset?: number;
  cause?: unknown;
  json?: JsonLocation;
  /** the stream's type identity the failure is about (raw text from the stream, not escaped) */
  typeName?: string;
  assemblyName?: string;
}

export class SerializationException extends Error {
  readonly code: SerializationErrorCode;
  /** Byte offset in the input (deserialize) where the failure was detected, if any. */
  readonly offset: number | undefined;
  /** JsonFormatter: line, column and JSON path of the failure, if any. */
  readonly json: JsonLocation | undefined;
  /**
   * The type identity (as read from the stream, or about to be written) the failure is
   * about, if any: for binders and tools. Messages quote it escaped and bounded.
   */
  readonly typeName: string | undefined;
  readonly assemblyName: string | undefined;

  constructor(code: SerializationErrorCode, message: string, options?: SerializationExceptionOptions) {
    const json = options?.json;
    const where =
      json !== undefined
        ? ` (at ${json.path}, line ${json.line}, column ${json.column})`
        : options?.offset === undefined
          ? ''
          : ` (at byte ${options.offset})`;
    super(`${message}${where}`, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SerializationException';
    this.code = code;
    this.offset = options?.offset;
    this.json = json;
    this.typeName = options?.typeName;
    this.assemblyName = options?.assemblyName;
  }
}

/** The same failure told again with a new message or location; keeps its code and type identity. */
export function relocate(se: SerializationException, message: string, options: SerializationExceptionOptions): SerializationException {
  return new SerializationException(se.code, message, { typeName: se.typeName, assemblyName: se.assemblyName, ...options });
}

/** Wraps anything a user callback threw, keeping SerializationExceptions as they are. */
export function asSerializationException(err: unknown, what: string): SerializationException {
  if (err instanceof SerializationException) return err;
  if (err instanceof RangeError) {
    const message = toText(readSafely(err, 'message'));
    if (/call stack/i.test(message)) return new SerializationException('LIMIT_EXCEEDED', `${what}: the JavaScript stack overflowed`, { cause: err });
    if (/invalid (string|array|typed array) length|bigint|allocation failed/i.test(message)) {
      // An engine size limit (possible only with limits raised far above the defaults).
      return new SerializationException('LIMIT_EXCEEDED', `${what}: a JavaScript engine size limit was reached (${message})`, { cause: err });
    }
  }
  return new SerializationException('CALLBACK_FAILED', `${what} threw ${describeThrown(err)}`, { cause: err });
}

/**
 * What a message says about a thrown value: `Name: message` for an Error, the value's string
 * otherwise. Never throws itself: a null-prototype object, a throwing toString or a throwing
 * `name` getter is described by its kind instead.
 */
export function describeThrown(err: unknown): string {
  if (err instanceof Error) return `${toText(readSafely(err, 'name'))}: ${toText(readSafely(err, 'message'))}`;
  return toText(err);
}

/** `String(v)`, or the value's kind when that conversion throws (null prototype, throwing toString). */
export function toText(v: unknown): string {
  if (typeof v === 'string') return v;
  try {
    return String(v);
  } catch {
    return typeof v === 'object' && v !== null ? (Object.getPrototypeOf(v) === null ? 'an object without prototype' : 'an object that cannot be converted to a string') : `a ${typeof v}`;
  }
}

function readSafely(o: object, key: string): unknown {
  try {
    return (o as Record<string, unknown>)[key];
  } catch {
    return `(its ${key} getter threw)`;
  }
}

/** Longest piece of a stream's text quoted in a message, in UTF-16 units (see SECURITY.md rule 7). */
export const MAX_QUOTED = 200;

/**
 * Payload text as a message may quote it: escaped as JSON.stringify escapes (quotes, control
 * characters, lone surrogates), and cut at MAX_QUOTED characters with an ellipsis and the
 * full length, so a name can neither forge log lines nor flood them.
 */
export function quoted(text: string): string {
  if (text.length <= MAX_QUOTED) return JSON.stringify(text);
  let cut = MAX_QUOTED;
  // Never split a surrogate pair.
  const c = text.charCodeAt(cut - 1);
  if (c >= 0xd800 && c <= 0xdbff) cut--;
  return `${JSON.stringify(text.slice(0, cut))}… (${text.length} characters)`;
}
