import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BinaryFormatter, Serializable } from '@weft/runtime';
import { layoutFingerprint } from '../src/wire/type-layouts';

// Pins the worked example of FORMAT.md byte by byte (the assembly here is this package's name).
@Serializable()
class Point {
  x = 1;
  y = 2.5;
}

const utf8 = (s: string) => [...new TextEncoder().encode(s)];

/** The bytes a FORMAT.md example lists: each line is hex bytes, then a comment (whose first word is never two hex digits). */
function hexOf(block: string): number[] {
  return block
    .split('\n')
    .flatMap((line) => {
      const words = line.trim().split(/\s+/);
      const n = words.findIndex((w) => !/^[0-9a-f]{2}$/.test(w));
      return n < 0 ? words : words.slice(0, n);
    })
    .map((h) => parseInt(h, 16));
}
/** a string as the writer puts it: ShortString up to 31 bytes (the tag holds the length), else String */
const str = (s: string) => (utf8(s).length <= 31 ? [0x20 | utf8(s).length, ...utf8(s)] : [0x08, utf8(s).length, ...utf8(s)]);

describe('FORMAT.md worked example', () => {
  it('one Point', () => {
    const bytes = [...new BinaryFormatter().serialize(new Point())];
    const body = [0x16, ...str('@weft/runtime'), ...str('Point'), 0x00, 0x02, ...str('x'), 0x01, ...str('y'), 0x01, 0x81, 0x1b, 0, 0, 0x20, 0x40];
    expect(bytes).toEqual([0x57, 0x46, 0x02, 0x00, body.length, 0, 0, 0, ...body]);
  });

  it('the bytes FORMAT.md lists are what the formatter writes, header length included', () => {
    const doc = readFileSync(new URL('../FORMAT.md', import.meta.url), 'utf8');
    const block = /## Worked example[\s\S]*?```\n([\s\S]*?)```/.exec(doc)![1]!;
    const listed = hexOf(block);
    const [header, body] = [listed.slice(0, 8), listed.slice(8)];
    // the header's length is the length of the body the doc lists
    expect(header[4]! | (header[5]! << 8)).toBe(body.length);
    // and the body is the formatter's, with the doc's assembly "app" for this package's name
    const app = str('app');
    const at = body.findIndex((_, i) => app.every((b, k) => body[i + k] === b));
    expect(at).toBe(1);
    const actual = [...new BinaryFormatter().serialize(new Point())];
    expect(actual.slice(8)).toEqual([...body.slice(0, at), ...str('@weft/runtime'), ...body.slice(at + app.length)]);
  });

  it('the compact-mode example: the listed bytes, the header length and the fingerprint', () => {
    const doc = readFileSync(new URL('../FORMAT.md', import.meta.url), 'utf8');
    const block = /In compact mode \(`layouts: 'fingerprint'`\)[\s\S]*?```\n([\s\S]*?)```/.exec(doc)![1]!;
    const listed = hexOf(block);
    const [header, body] = [listed.slice(0, 8), listed.slice(8)];
    expect(header[4]! | (header[5]! << 8)).toBe(body.length);
    expect(body[0]).toBe(0x19);
    expect(body.slice(1, 9)).toEqual([...layoutFingerprint('app', 'Point', [{ name: 'x', kind: 1 }, { name: 'y', kind: 1 }])]);
    // and the formatter writes the same frame, with this package's fingerprint of Point
    const actual = [...new BinaryFormatter({ layouts: 'fingerprint' }).serialize(new Point())];
    const own = [...layoutFingerprint('@weft/runtime', 'Point', [{ name: 'x', kind: 0 }, { name: 'y', kind: 0 }])];
    expect(actual).toEqual([...header, 0x19, ...own, ...body.slice(9)]);
  });

  it('the string-table example: a repeated string value is a StringRef to its first occurrence', () => {
    const doc = readFileSync(new URL('../FORMAT.md', import.meta.url), 'utf8');
    const block = /A repeated string value is a StringRef[\s\S]*?```\n([\s\S]*?)```/.exec(doc)![1]!;
    const listed = hexOf(block);
    expect(listed[4]! | (listed[5]! << 8)).toBe(listed.length - 8);
    expect([...new BinaryFormatter().serialize(['Berlin', 'Paris', 'Berlin'])]).toEqual(listed);
  });

  it('a second instance costs one header byte', () => {
    const one = new BinaryFormatter().serialize([new Point()]).length;
    const two = new BinaryFormatter().serialize([new Point(), new Point()]).length;
    expect(two - one).toBe(1 + 1 + 5);
  });

  it('small ints are one byte, references two', () => {
    const f = new BinaryFormatter();
    const shared = {};
    const bytes = [...f.serialize([5, shared, shared])];
    expect(bytes.slice(8)).toEqual([0x0c, 0x03, 0x85, 0x0d, 0x00, 0x0a, 0x01]);
  });
});

describe('numbers', () => {
  const f = new BinaryFormatter();
  const body = (v: unknown) => [...f.serialize(v).subarray(8)];

  it('an int32 is a FixInt or an Int; a float32-exact number is a Float32 (5 bytes); anything else a Float64 (9)', () => {
    expect(body(5)).toEqual([0x85]);
    expect(body(-5)).toEqual([0x04, 0x09]);
    expect(body(0.5)).toEqual([0x1b, 0x00, 0x00, 0x00, 0x3f]);
    expect(body(-0)).toEqual([0x1b, 0x00, 0x00, 0x00, 0x80]);
    expect(body(Infinity)).toEqual([0x1b, 0x00, 0x00, 0x80, 0x7f]);
    expect(body(2 ** 40)).toEqual([0x1b, 0x00, 0x00, 0x80, 0x53]);
    expect(body(0.1)).toHaveLength(9);
    expect(body(0.1)[0]).toBe(0x05);
    expect(body(NaN)[0]).toBe(0x05);
    expect(body(2 ** 31 + 1)[0]).toBe(0x05); // 2^31 + 1 needs 32 significant bits
  });

  it('every number comes back as the same double, whichever form it took', () => {
    const values = [0.5, -0.25, 1.5e-45, 3.4028234663852886e38, -Infinity, Infinity, NaN, -0, 0.1, 1 / 3, 2 ** 53, -(2 ** 31), 2 ** 31, 16777217, Number.MIN_VALUE, Number.MAX_VALUE];
    const back = f.deserialize<number[]>(f.serialize(values));
    back.forEach((v, i) => expect(Object.is(v, values[i])).toBe(true));
  });
});
