import { describe, expect, it } from 'vitest';
import { BinaryFormatter, Serializable } from '@weft/runtime';

// Pins the worked example of FORMAT.md byte by byte (the assembly here is this package's name).
@Serializable()
class Point {
  x = 1;
  y = 2.5;
}

const utf8 = (s: string) => [...new TextEncoder().encode(s)];
const str = (s: string) => [0x08, utf8(s).length, ...utf8(s)];

describe('FORMAT.md worked example', () => {
  it('one Point', () => {
    const bytes = [...new BinaryFormatter().serialize(new Point())];
    const body = [0x16, ...str('@weft/runtime'), ...str('Point'), 0x00, 0x02, ...str('x'), 0x01, ...str('y'), 0x01, 0x81, 0x05, 0, 0, 0, 0, 0, 0, 0x04, 0x40];
    expect(bytes).toEqual([0x57, 0x46, 0x01, 0x00, body.length, 0, 0, 0, ...body]);
  });

  it('a second instance costs one header byte', () => {
    const one = new BinaryFormatter().serialize([new Point()]).length;
    const two = new BinaryFormatter().serialize([new Point(), new Point()]).length;
    expect(two - one).toBe(1 + 1 + 9);
  });

  it('small ints are one byte, references two', () => {
    const f = new BinaryFormatter();
    const shared = {};
    const bytes = [...f.serialize([5, shared, shared])];
    expect(bytes.slice(8)).toEqual([0x0c, 0x03, 0x85, 0x0d, 0x00, 0x0a, 0x01]);
  });
});
