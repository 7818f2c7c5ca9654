import { describe, expect, it } from 'vitest';
import { BinaryFormatter, MemoryStream, Serializable, SerializationInfo, StreamingContext, type ISerializable } from '@weft/runtime';
import { inspectFrames } from '@weft/runtime/tooling';
import { thrown } from './helpers';

// The string table (FORMAT.md, "String table"): every string value written inline takes the
// next index of its graph, and a repeat may be written as StringRef <index>.
const f = new BinaryFormatter();
const STRING_REF = 0x1a;
const HEADER = 8;

@Serializable({ name: 'strtab.City' })
class City {
  constructor(
    public name: string,
    public country: string,
    public aliases: string[],
  ) {}
}

@Serializable({ name: 'strtab.Label' })
class Label implements ISerializable {
  text: string;
  constructor(text: string);
  constructor(info: SerializationInfo, context: StreamingContext);
  constructor(a: string | SerializationInfo, _c?: StreamingContext) {
    this.text = typeof a === 'string' ? a : a.getString('text')!;
  }
  getObjectData(info: SerializationInfo, _c: StreamingContext): void {
    info.addValue('text', this.text);
  }
}

const count = (bytes: Uint8Array, b: number) => bytes.reduce((n, x) => n + (x === b ? 1 : 0), 0);

describe('string table', () => {
  it('repeats in every value position come back equal, and cost a reference each', () => {
    const long = 'a string long enough to matter';
    const graph = {
      cities: [new City('Berlin', 'Germany', ['Berlin', long]), new City('Hamburg', 'Germany', [long])],
      map: new Map<string, string>([
        ['Germany', long],
        [long, 'Berlin'],
      ]),
      set: new Set(['Hamburg', 'x']),
      labels: [new Label(long), new Label('Germany')],
      err: Object.assign(new Error(long), { stack: long }),
    };
    const bytes = f.serialize(graph);
    const back = f.deserialize<typeof graph>(bytes);
    expect(back.cities[0]).toBeInstanceOf(City);
    expect(back.cities.map((c) => [c.name, c.country, c.aliases])).toEqual([
      ['Berlin', 'Germany', ['Berlin', long]],
      ['Hamburg', 'Germany', [long]],
    ]);
    expect([...back.map]).toEqual([...graph.map]);
    expect([...back.set]).toEqual(['Hamburg', 'x']);
    expect(back.labels.map((l) => l.text)).toEqual([long, 'Germany']);
    expect(back.err.message).toBe(long); // the message is grammar, written inline
    expect(back.err.stack).toBe(long); // the stack is a value: a reference
    // `long` is inline once as a value and once as the Error's message (grammar: no index);
    // its other six occurrences as a value are references, as are the repeats of the short names
    expect(occurrences(bytes, long)).toBe(2);
    expect(occurrences(bytes, 'Germany')).toBe(1);
    expect(occurrences(bytes, 'Hamburg')).toBe(1);
    expect(occurrences(bytes, 'Berlin')).toBe(1);
  });

  it('a repeated string costs two bytes, and the frame says so', () => {
    const word = 'x'.repeat(40);
    const once = f.serialize([word]).length;
    const hundred = f.serialize(Array.from({ length: 100 }, () => word)).length;
    // one more element costs a StringRef (tag + one-byte index) each; the count varint grows 1 → 1 byte
    expect(hundred - once).toBe(99 * 2);
    expect(f.deserialize<string[]>(f.serialize(Array.from({ length: 100 }, () => word)))).toEqual(Array.from({ length: 100 }, () => word));
  });

  it('strings of one unit are never referenced, and a reference is never longer than the string', () => {
    const one = f.serialize(['a', 'a', 'a']);
    expect(count(one.subarray(HEADER), STRING_REF)).toBe(0);
    // 16,384 distinct strings first: the next indexes need a 3-byte varint, so a StringRef would be 4 bytes
    const distinct = Array.from({ length: 16_384 }, (_, i) => `s${i}`);
    const bytes = f.serialize([...distinct, 'ab', 'ab', 'abcd', 'abcd']);
    const tail = [...bytes.subarray(bytes.length - 15)];
    // 'ab' twice inline (3 bytes each, a reference would take 4), then 'abcd' inline (index
    // 16,386) and again as a 4-byte reference
    expect(tail).toEqual([0x22, 0x61, 0x62, 0x22, 0x61, 0x62, 0x24, 0x61, 0x62, 0x63, 0x64, STRING_REF, 0x82, 0x80, 0x01]);
    const back = f.deserialize<string[]>(bytes);
    expect(back.slice(-4)).toEqual(['ab', 'ab', 'abcd', 'abcd']);
    expect(back.length).toBe(16_388);
  });

  it('round-trips many distinct strings, more than the writer keeps (every reference is right)', () => {
    const pool = Array.from({ length: 20_000 }, (_, i) => `${i}-item-${(i * 7919) % 20_000}`);
    const values = Array.from({ length: 60_000 }, (_, i) => pool[(i * 104_729) % pool.length]!);
    const bytes = f.serialize(values);
    expect(f.deserialize<string[]>(bytes)).toEqual(values);
    expect(count(bytes.subarray(HEADER), STRING_REF)).toBeGreaterThan(1_000);
  });

  it('strings the writer hashes alike are told apart: no reference to the wrong one', () => {
    // same length and the same units at the hashed positions (0, middle, last two): one slot
    const a = 'Axy-M-zYZ';
    const b = 'Apq-M-rYZ';
    const values = [a, b, a, b, a, a];
    const bytes = f.serialize(values);
    expect(f.deserialize<string[]>(bytes)).toEqual(values);
    // each displaces the other, so only the last repeat is a reference
    expect(occurrences(bytes, a)).toBe(3);
    expect(occurrences(bytes, b)).toBe(2);
    expect(count(bytes.subarray(HEADER), STRING_REF)).toBe(1);
  });

  it('repeats across deferred bodies (a graph deeper than the inline depth)', () => {
    type Node = { next: Node | null; name: string };
    let head: Node | null = null;
    for (let i = 0; i < 1_000; i++) head = { next: head, name: `node ${i % 10}` };
    const back = f.deserialize<Node>(f.serialize(head));
    let n: Node | null = back;
    for (let i = 999; i >= 0; i--, n = n!.next) expect(n!.name).toBe(`node ${i % 10}`);
    expect(n).toBeNull();
  });

  it('each graph has a table of its own: a stream of graphs, and a graph after a failed one', () => {
    const s = new MemoryStream();
    f.serialize(s, ['Berlin', 'Berlin']);
    f.serialize(s, ['Berlin']);
    s.position = 0;
    expect(f.deserialize(s)).toEqual(['Berlin', 'Berlin']);
    // the second frame stands alone: its "Berlin" is inline
    const all = s.toArray();
    const second = all.subarray(all.length - (HEADER + 9));
    expect([...second.subarray(HEADER)]).toEqual([0x0c, 0x01, 0x26, ...new TextEncoder().encode('Berlin')]);
    expect(f.deserialize(s)).toEqual(['Berlin']);

    expect(thrown(() => f.serialize(['Berlin', () => 1])).code).toBe('NOT_SERIALIZABLE');
    const after = f.serialize(['Berlin']);
    expect(count(after.subarray(HEADER), STRING_REF)).toBe(0);
    expect(f.deserialize(after)).toEqual(['Berlin']);
  });

  it('names in the grammar take no index: a StringRef can only name a value', () => {
    // the TypeDef's assembly, type and member names come first in the frame and take no index:
    // "Berlin" and "Germany" are strings 0 and 1
    const frame = f.serialize(new City('Berlin', 'Germany', ['Berlin', 'Germany', 'name']));
    // (`aliases` is declared an array: a new array in its member slot is 0x80 | length)
    expect([...frame.subarray(frame.length - 10)]).toEqual([0x83, STRING_REF, 0x00, STRING_REF, 0x01, 0x24, ...new TextEncoder().encode('name')]);
    expect(f.deserialize<City>(frame).aliases).toEqual(['Berlin', 'Germany', 'name']);
  });

  it('weft inspect shows a StringRef as its string', () => {
    const [frame] = inspectFrames(f.serialize(['Berlin', 'Berlin']));
    expect(JSON.stringify(frame)).toContain('"Berlin","Berlin"');
  });
});

/** How many times the UTF-8 bytes of `s` occur in `bytes`. */
function occurrences(bytes: Uint8Array, s: string): number {
  const text = new TextEncoder().encode(s);
  let n = 0;
  for (let i = 0; i + text.length <= bytes.length; i++) if (text.every((b, k) => bytes[i + k] === b)) n++;
  return n;
}
