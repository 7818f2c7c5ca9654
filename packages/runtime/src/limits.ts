import { SerializationException } from './errors.js';

/** Bounds on what one `deserialize` may do; see SECURITY.md for the reasoning behind each default. */
export interface SerializationLimits {
  /** Largest frame (one graph) accepted, in bytes. */
  maxBytes: number;
  /** Deepest nesting of objects read inline (the writer keeps its own output within MAX_INLINE_DEPTH, engine/builtins.ts). */
  maxDepth: number;
  /** Units of work: every object, array element, map/set/object entry, string and reference costs one. */
  maxObjects: number;
  /** Longest array, map, set, plain object or SerializationInfo (in entries). */
  maxCollectionLength: number;
  /** Longest string, in UTF-8 bytes (or UTF-16 units for strings with lone surrogates). */
  maxStringLength: number;
  /**
   * RegExp objects one graph may build; 0 (the default) refuses them. Building a RegExp runs
   * V8's pattern parser on the stream's text, which can take milliseconds per escape (one
   * `\p{RGI_Emoji}` with flags "vi": ~13 ms), and hands the application a pattern it did not
   * write. Raise it for streams you trust to hold patterns; deepClone allows any number.
   */
  maxRegExps: number;
}

/**
 * Sized so that the worst hostile frame stays around 1 GB of heap (measured: ~95 bytes of heap per
 * unit for the costliest shapes, e.g. empty Maps at 2 bytes each); a graph of a few million objects
 * still reads. Larger trusted graphs: raise maxObjects/maxBytes (SECURITY.md, "Defaults").
 */
export const DEFAULT_LIMITS: Readonly<SerializationLimits> = Object.freeze({
  maxBytes: 128 * 1024 * 1024,
  maxDepth: 500,
  maxObjects: 10_000_000,
  maxCollectionLength: 16_777_216,
  maxStringLength: 64 * 1024 * 1024,
  maxRegExps: 0,
});

/** Merges a partial limits object over the defaults; a missing or undefined bound keeps its default. */
export function resolveLimits(partial: Partial<SerializationLimits> | undefined): SerializationLimits {
  const out = { ...DEFAULT_LIMITS };
  if (partial) {
    for (const key of Object.keys(DEFAULT_LIMITS) as (keyof SerializationLimits)[]) {
      const v = partial[key];
      if (v === undefined) continue;
      if (typeof v !== 'number' || !(v >= 0) || (!Number.isInteger(v) && v !== Infinity)) {
        throw new SerializationException('INVALID_ARGUMENT', `limits.${key} must be a non-negative integer or Infinity`);
      }
      out[key] = v;
    }
  }
  return out;
}
