/**
 * A copy of bytes [start, end) in an ArrayBuffer of its own. Not `slice()`: on a Node Buffer
 * (what fs, net and most Node APIs hand out) `slice` is a view that shares memory with the
 * input, often a pooled 8 KB slab holding other buffers' bytes.
 */
export function copyBytes(src: Uint8Array, start = 0, end = src.length): Uint8Array {
  const out = new Uint8Array(end - start);
  out.set(src.subarray(start, end));
  return out;
}
