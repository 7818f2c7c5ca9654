import { SerializationException } from '../errors.js';
import { FORMAT_VERSION, FORMAT_VERSION_1, HEADER_SIZE, MAGIC_0, MAGIC_1 } from './tags.js';

/**
 * The 8-byte frame header (FORMAT.md, "Frames"): 'W' 'F' version flags, then the body length
 * as uint32 LE. One place writes it and one place checks it, for every formatter and stream.
 */
export function writeFrameHeader(buf: Uint8Array, at: number, bodyLength = 0): void {
  buf[at] = MAGIC_0;
  buf[at + 1] = MAGIC_1;
  buf[at + 2] = FORMAT_VERSION;
  buf[at + 3] = 0;
  buf[at + 4] = bodyLength & 0xff;
  buf[at + 5] = (bodyLength >>> 8) & 0xff;
  buf[at + 6] = (bodyLength >>> 16) & 0xff;
  buf[at + 7] = (bodyLength >>> 24) & 0xff;
}

/**
 * Checks the header at `at` (the caller made sure its 8 bytes are there) and returns the body
 * length. `offset` is where the header stands in the whole input, for messages.
 */
export function frameBodyLength(b: Uint8Array, at: number, maxBytes: number, offset = at): number {
  if (b[at] !== MAGIC_0 || b[at + 1] !== MAGIC_1) throw new SerializationException('INVALID_HEADER', 'not a weft binary frame (bad magic bytes)', { offset });
  if (b[at + 2] !== FORMAT_VERSION && b[at + 2] !== FORMAT_VERSION_1) {
    throw new SerializationException('INVALID_HEADER', `weft format version ${b[at + 2]} is not supported (this runtime reads versions ${FORMAT_VERSION_1} and ${FORMAT_VERSION})`, { offset: offset + 2 });
  }
  if (b[at + 3] !== 0) throw new SerializationException('INVALID_HEADER', 'unknown frame flags', { offset: offset + 3 });
  const length = (b[at + 4]! | (b[at + 5]! << 8) | (b[at + 6]! << 16)) + b[at + 7]! * 0x1000000;
  if (length > maxBytes) {
    throw new SerializationException('LIMIT_EXCEEDED', `the graph is ${length} bytes, more than limits.maxBytes (${maxBytes})`, { offset: offset + 4 });
  }
  return length;
}

/** Checks the frame at `start` and that all of it is present; returns where it ends. */
export function frameEnd(bytes: Uint8Array, start: number, maxBytes: number): number {
  const remaining = bytes.length - start;
  if (remaining <= 0) throw new SerializationException('TRUNCATED', 'no graph: the input is empty at this position', { offset: start });
  if (remaining < HEADER_SIZE) throw new SerializationException('TRUNCATED', 'input ended inside a frame header', { offset: start });
  const length = frameBodyLength(bytes, start, maxBytes);
  if (length > remaining - HEADER_SIZE) {
    throw new SerializationException('TRUNCATED', `the frame declares ${length} bytes but only ${remaining - HEADER_SIZE} follow`, { offset: start + 4 });
  }
  return start + HEADER_SIZE + length;
}
