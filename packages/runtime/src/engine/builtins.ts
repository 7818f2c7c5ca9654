/**
 * The built-in classes the engine writes and rebuilds itself, as numbered tables: the numbers
 * are what every wire format stores (FORMAT.md, "TypedArray" and "Error"), so each table is
 * defined here once.
 */

/** TypedArray kinds; DataView is last. */
export const TYPED_ARRAY_CTORS = [
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
  DataView,
] as const;
export const DATA_VIEW_KIND = 11;

export const ERROR_CTORS = [Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError] as const;

/**
 * Past this many nested objects the writer queues an object's body and writes it after the
 * root (FORMAT.md, "Defer"), so the JavaScript stack stays bounded for any depth of graph.
 */
export const MAX_INLINE_DEPTH = 400;
