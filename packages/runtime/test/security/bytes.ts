// Helpers to hand-build weft frames for hostile-input tests (byte layouts: FORMAT.md / src/wire/tags.ts).
import { getHeapStatistics } from 'node:v8';
import { expect } from 'vitest';
import { SerializationException, type SerializationErrorCode } from '@weft/runtime';
import { gc } from '../helpers';

export const T = {
  Null: 0x00,
  Undefined: 0x01,
  False: 0x02,
  True: 0x03,
  Int: 0x04,
  Float64: 0x05,
  BigIntPos: 0x06,
  BigIntNeg: 0x07,
  String: 0x08,
  String16: 0x09,
  Ref: 0x0a,
  Hole: 0x0b,
  Array: 0x0c,
  Object: 0x0d,
  ObjectNullProto: 0x0e,
  Date: 0x0f,
  RegExp: 0x10,
  Map: 0x11,
  Set: 0x12,
  ArrayBuffer: 0x13,
  TypedArray: 0x14,
  Error: 0x15,
  TypeDef: 0x16,
  Class: 0x17,
  Defer: 0x18,
  StringRef: 0x1a,
  ClassSmall: 0x40,
  FixInt: 0x80,
} as const;

export type Bytes = number[];

export function varint(n: number): Bytes {
  const out: Bytes = [];
  let v = n >>> 0;
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
  return out;
}

/** The largest 5-byte varint the reader accepts (2^32 - 1). */
export const HUGE: Bytes = [0xff, 0xff, 0xff, 0xff, 0x0f];

export function str(s: string): Bytes {
  const b = [...new TextEncoder().encode(s)];
  return [T.String, ...varint(b.length), ...b];
}

/** A TypeDef header: assembly, name, kind (0 fields / 1 custom), then (member name, member kind)*. */
export function typeDef(assembly: string, name: string, kind: number, members: [string, number][]): Bytes {
  return [T.TypeDef, ...str(assembly), ...str(name), kind, ...varint(members.length), ...members.flatMap(([n, k]) => [...str(n), k])];
}

/** A frame around a body: 'W' 'F' version 0, u32le body length, body (format version 2 unless given). */
export function frame(body: ArrayLike<number>, version = 2): Uint8Array {
  const out = new Uint8Array(8 + body.length);
  out.set([0x57, 0x46, version, 0]);
  new DataView(out.buffer).setUint32(4, body.length, true);
  out.set(body as ArrayLike<number>, 8);
  return out;
}

/** The body of a frame, for building payloads from real encodings. */
export function bodyOf(frameBytes: Uint8Array): Uint8Array {
  return frameBytes.subarray(8);
}

/** Runs fn and returns the SerializationException it throws; fails the test on success or on any other error. */
export function catchSE(fn: () => unknown): SerializationException {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof SerializationException)) throw new Error(`expected a SerializationException, got ${String(e)}`, { cause: e });
    return e;
  }
  throw new Error('expected a SerializationException, but the call returned');
}

/** Asserts a decode fails with `code` (one of `codes`), an offset, and a message that copies none of `secrets`. */
export function expectFail(fn: () => unknown, codes: SerializationErrorCode | SerializationErrorCode[], secrets: string[] = []): SerializationException {
  const e = catchSE(fn);
  expect(Array.isArray(codes) ? codes : [codes]).toContain(e.code);
  expect(typeof e.offset).toBe('number');
  expect(e.message).not.toMatch(/stack overflowed/);
  for (const s of secrets) expect(e.message).not.toContain(s);
  return e;
}

/** Bytes the heap and array buffers grow by while fn runs (measured right after it, before any GC). */
export function allocatedBy(fn: () => void): number {
  gc();
  const h0 = getHeapStatistics().used_heap_size;
  const m0 = process.memoryUsage();
  fn();
  const h1 = getHeapStatistics().used_heap_size;
  const m1 = process.memoryUsage();
  return Math.max(h1 - h0, 0) + Math.max(m1.arrayBuffers - m0.arrayBuffers, 0) + Math.max(m1.external - m0.external, 0);
}

export function protoSnapshot(): string {
  return [Object.prototype, Array.prototype, Function.prototype, Map.prototype, Error.prototype]
    .map((p) => Reflect.ownKeys(p).map(String).join(','))
    .join('|');
}
