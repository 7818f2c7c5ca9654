import { describe, expect, it } from 'vitest';
import { BinaryFormatter, KnownLayouts, OptionalField, Serializable, SerializationBinder, SerializationInfo, StreamingContext, type ISerializable } from '@weft/runtime';
import { metaOfConstructor } from '../src/engine/registry';
import { encodeTypeDef, fingerprint, layoutFingerprint } from '../src/wire/type-layouts';
import { thrown } from './helpers';

// Compact mode (FORMAT.md, "Compact mode"): a registered class's layout is written as an
// 8-byte fingerprint and its name; a reader accepts only fingerprints of layouts it knows.
@Serializable({ name: 'compact.Customer' })
class Customer {
  constructor(
    public name: string,
    public tags: string[],
  ) {}
}

@Serializable({ name: 'compact.Order' })
class Order {
  constructor(
    public id: number,
    public customer: Customer,
    public lines: Line[],
  ) {}
}

@Serializable({ name: 'compact.Line' })
class Line {
  constructor(
    public order: Order | null,
    public sku: string,
    public quantity: number,
  ) {}
}

/** Version 2 of a class whose version 1 had only `title` and `pages`. */
@Serializable({ name: 'compact.Book' })
class Book {
  title = '';
  pages = 0;
  @OptionalField({ versionAdded: 2 }) author: string | undefined;
}

@Serializable({ name: 'compact.Money' })
class Money implements ISerializable {
  cents: number;
  constructor(cents: number);
  constructor(info: SerializationInfo, context: StreamingContext);
  constructor(a: number | SerializationInfo, _c?: StreamingContext) {
    this.cents = typeof a === 'number' ? a : a.getInt32('cents');
  }
  getObjectData(info: SerializationInfo, _c: StreamingContext): void {
    info.addValue('cents', this.cents);
  }
}

const utf8 = (s: string) => [...new TextEncoder().encode(s)];
/** a string as the writer puts it: ShortString up to 31 bytes (the tag holds the length), else String */
const str = (s: string) => (utf8(s).length <= 31 ? [0x20 | utf8(s).length, ...utf8(s)] : [0x08, utf8(s).length, ...utf8(s)]);
const frame = (body: number[]) => new Uint8Array([0x57, 0x46, 2, 0, body.length & 0xff, body.length >> 8, 0, 0, ...body]);
const indexOfBytes = (hay: Uint8Array, needle: number[]) => hay.findIndex((_, i) => needle.every((b, k) => hay[i + k] === b));

function order(): Order {
  const o = new Order(7, new Customer('Zoë', ['gold']), []);
  o.lines.push(new Line(o, 'SKU-1', 2), new Line(o, 'SKU-2', 1));
  return o;
}

describe('compact mode', () => {
  const compact = new BinaryFormatter({ layouts: 'fingerprint' });

  it('round-trips classes, identity and cycles in fewer bytes', () => {
    const bytes = compact.serialize(order());
    const full = new BinaryFormatter().serialize(order());
    expect(bytes.length).toBeLessThan(full.length - 60);
    const back = compact.deserialize<Order>(bytes);
    expect(back).toBeInstanceOf(Order);
    expect(back.customer).toBeInstanceOf(Customer);
    expect(back.lines[1]!.order).toBe(back);
    expect(back.customer.tags).toEqual(['gold']);
    // a default-mode reader knows the same registered layouts
    expect(new BinaryFormatter().deserialize<Order>(bytes).lines[0]!.sku).toBe('SKU-1');
    // repeated messages (the reader's per-index cache) read the same
    for (let i = 0; i < 3; i++) expect(compact.deserialize<Order>(compact.serialize(order())).id).toBe(7);
  });

  it('writes TypeFingerprint, the fingerprint KnownLayouts.fingerprintOf names, and the type name', () => {
    const bytes = compact.serialize(new Customer('A', []));
    expect(bytes[8]).toBe(0x19);
    const fp = [...bytes.subarray(9, 17)].reverse().map((b) => b.toString(16).padStart(2, '0')).join('');
    expect(fp).toBe(KnownLayouts.fingerprintOf(Customer));
    expect([...bytes.subarray(17, 17 + str('compact.Customer').length)]).toEqual(str('compact.Customer'));
  });

  it('the fingerprint is CRC-64-AVRO of the TypeDef body with kinds as 0', () => {
    // Avro's published test vector: the fingerprint of the schema "int"
    const fp = fingerprint(new TextEncoder().encode('"int"'));
    expect([...fp].reverse().map((b) => b.toString(16).padStart(2, '0')).join('')).toBe('7275d51a3f395c8f');
    const meta = metaOfConstructor(Line)!;
    expect(meta.members.map((m) => m.name)).toEqual(['order', 'sku', 'quantity']);
    const body = encodeTypeDef('@weft/runtime', 'compact.Line', 0, meta.members.map((m) => ({ name: m.name, kind: 0 })));
    expect([...fingerprint(body)].reverse().map((b) => b.toString(16).padStart(2, '0')).join('')).toBe(KnownLayouts.fingerprintOf(Line));
  });

  it('an unknown fingerprint is UNKNOWN_LAYOUT, naming the type and what to do', () => {
    const bytes = compact.serialize(new Customer('A', []));
    bytes[9]! ^= 0xff; // another layout of compact.Customer
    const e = thrown(() => compact.deserialize(bytes));
    expect(e.code).toBe('UNKNOWN_LAYOUT');
    expect(e.typeName).toBe('compact.Customer');
    expect(e.offset).toBe(9);
    expect(e.message).toContain('"compact.Customer"');
    expect(e.message).toContain('knownLayouts.load');
  });

  it('a known fingerprint under another name is INVALID_VALUE; a cut one is TRUNCATED', () => {
    const bytes = compact.serialize(new Customer('A', []));
    const at = indexOfBytes(bytes, str('compact.Customer'));
    const renamed = bytes.slice();
    renamed[at + 1 + 8] = 'X'.charCodeAt(0); // compact.Xustomer
    expect(thrown(() => compact.deserialize(renamed)).code).toBe('INVALID_VALUE');
    expect(thrown(() => compact.deserialize(frame([0x19, 1, 2, 3]))).code).toBe('TRUNCATED');
  });

  it('names from the stream are quoted escaped in messages (fuzzer finding)', () => {
    const bytes = compact.serialize(new Customer('A', []));
    const at = indexOfBytes(bytes, str('compact.Customer'));
    const renamed = bytes.slice();
    renamed[at + 1] = 0x0a; // a newline for the "c"
    const e = thrown(() => compact.deserialize(renamed));
    expect(e.code).toBe('INVALID_VALUE');
    expect(e.message).toContain('"\\nompact.Customer"');
    expect(e.message).not.toContain('\n');
    renamed[9]! ^= 0xff;
    const u = thrown(() => compact.deserialize(renamed));
    expect(u.code).toBe('UNKNOWN_LAYOUT');
    expect(u.message).not.toContain('\n');
  });

  it('reads an older version once its layout is loaded from weft schema output', () => {
    const schema = {
      weftSchema: 1,
      types: [{ assembly: '@weft/runtime', name: 'compact.Book', kind: 'fields', members: [{ name: 'title', kind: 'string' }, { name: 'pages', kind: 'number' }] }],
    };
    const v1 = [...layoutFingerprint('@weft/runtime', 'compact.Book', [{ name: 'title', kind: 2 }, { name: 'pages', kind: 1 }])];
    // (0x00: both members plain values)
    const old = frame([0x19, ...v1, ...str('compact.Book'), 0x00, ...str('Dune'), 0x80 | 100]);
    const reader = new BinaryFormatter();
    const e = thrown(() => reader.deserialize(old));
    expect(e.code).toBe('UNKNOWN_LAYOUT');
    expect(reader.knownLayouts.load(JSON.stringify(schema))).toBe(1);
    expect(reader.knownLayouts.load(schema)).toBe(0); // the same layout again
    expect(reader.knownLayouts.size).toBe(1);
    const book = reader.deserialize<Book>(old);
    expect(book).toBeInstanceOf(Book);
    expect([book.title, book.pages, book.author]).toEqual(['Dune', 100, undefined]);
    // member encodings for a third member of a two-member layout
    const extra = frame([0x19, ...v1, ...str('compact.Book'), 0x10, ...str('Dune'), 0x80 | 100]);
    expect(thrown(() => reader.deserialize(extra)).code).toBe('INVALID_VALUE');
  });

  it('load rejects what is not weft schema output', () => {
    const k = new KnownLayouts();
    expect(thrown(() => k.load('{')).code).toBe('INVALID_ARGUMENT');
    expect(thrown(() => k.load({ types: [] } as never)).code).toBe('INVALID_ARGUMENT');
    expect(thrown(() => k.load({ weftSchema: 1, types: [{ assembly: 'a', name: 'b', kind: 'fields', members: [{ name: 'x', kind: 'float' }] }] })).message).toContain('members[0]');
    // custom (getObjectData) types carry no layout: skipped
    expect(k.load({ weftSchema: 1, types: [{ assembly: 'a', name: 'b', kind: 'custom', members: [] }] })).toBe(0);
  });

  it('custom types and layouts renamed by a binder stay self-describing', () => {
    const m = compact.serialize(new Money(250));
    expect(m[8]).toBe(0x16); // TypeDef
    expect(compact.deserialize<Money>(m).cents).toBe(250);
    const renaming = new BinaryFormatter({
      layouts: 'fingerprint',
      binder: new (class extends SerializationBinder {
        override bindToName() {
          return { typeName: 'renamed.Customer' };
        }
      })(),
    });
    expect(renaming.serialize(new Customer('A', []))[8]).toBe(0x16);
  });

  it('the option is checked', () => {
    expect(thrown(() => new BinaryFormatter({ layouts: 'compact' as never })).code).toBe('INVALID_ARGUMENT');
  });
});
