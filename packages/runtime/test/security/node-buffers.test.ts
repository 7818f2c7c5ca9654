import { describe, expect, it } from 'vitest';
import { BinaryFormatter, MemoryStream, NrbfFormatter, Serializable, SerializationBinder, decodeNrbf, type NrbfArrayRecord } from '@weft/runtime';
import { thrown } from '../helpers';
import { PT, msg } from '../nrbf/nrbf-writer.js';

/**
 * Inputs that are Node Buffers (what fs, net and most Node APIs hand out), often views into a
 * shared 8 KB pool: what a reader keeps or hands out must be a copy, never a view of that
 * memory (`Buffer#slice` is a view, unlike `Uint8Array#slice`).
 */

/** `bytes` as a Buffer at an offset inside a larger Buffer holding other data. */
function pooled(bytes: Uint8Array): Buffer {
  const secret = Buffer.from('secret-of-another-request:'.repeat(20));
  return Buffer.concat([secret, Buffer.from(bytes), secret]).subarray(secret.length, secret.length + bytes.length);
}

@Serializable()
class Point {
  constructor(
    public x: number,
    public y: number,
  ) {}
}

@Serializable()
class Point2 {
  constructor(
    public a: string,
    public b: string,
    public c: string,
  ) {}
}

describe('Node Buffer inputs', () => {
  const f = new BinaryFormatter();

  it('an ArrayBuffer read from a Buffer is its own bytes, not the pool around them', () => {
    const back = f.deserialize<{ b: ArrayBuffer }>(pooled(f.serialize({ b: new Uint8Array([1, 2, 3]).buffer })));
    expect(back.b.byteLength).toBe(3);
    expect([...new Uint8Array(back.b)]).toEqual([1, 2, 3]);
  });

  it('a MemoryStream made from a Buffer copies it: writing to one never changes the other', () => {
    const source = pooled(new Uint8Array([9, 9, 9, 9]));
    const s = new MemoryStream(source);
    s.position = 0;
    s.write(new Uint8Array([1, 2]));
    expect([...source]).toEqual([9, 9, 9, 9]);
    expect([...s.toArray()]).toEqual([1, 2, 9, 9]);
  });

  it("the reader's type cache keeps copies: a reused Buffer cannot make it match a layout it never read", () => {
    const one = f.serialize(new Point(1, 2));
    const reused = Buffer.alloc(4096);
    reused.set(one);
    expect(f.deserialize(reused.subarray(0, one.length))).toEqual(new Point(1, 2));
    // the same type name with another layout (a binder renames Point2), written into the same memory
    class Rename extends SerializationBinder {
      override bindToName(type: Function) {
        return type === Point2 ? { typeName: 'Point' } : undefined;
      }
    }
    const two = new BinaryFormatter({ binder: new Rename() }).serialize(new Point2('p', 'q', 'r'));
    reused.fill(0).set(two);
    const e = thrown(() => f.deserialize(reused.subarray(0, two.length)));
    // read afresh, the layout lacks Point's members (a stale cache would read it as Point)
    expect(e.code).toBe('MISSING_MEMBER');
  });

  it('NRBF primitive arrays read from a Buffer are the array, not the pool', () => {
    const bytes = pooled(msg().asp(1, 3, PT.Int32).i32(1).i32(2).i32(3).end().bytes);
    const rec = decodeNrbf(bytes)[0]!.root as NrbfArrayRecord;
    expect(Array.from(rec.elements as Int32Array)).toEqual([1, 2, 3]);
    expect((rec.elements as Int32Array).buffer.byteLength).toBe(12);
    expect(new NrbfFormatter().deserialize(bytes)).toEqual([1, 2, 3]);
  });
});
