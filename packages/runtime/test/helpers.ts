import { expect } from 'vitest';
import { SerializationException } from '@weft/runtime';

/** Runs `fn`, asserts it throws a SerializationException, and returns it for checks on code and message. */
export function thrown(fn: () => unknown): SerializationException {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SerializationException);
    return e as SerializationException;
  }
  throw new Error('expected a SerializationException');
}
