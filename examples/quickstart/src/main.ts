// Quick start: serialize a graph of classes to a file, read it back, and check what survived.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BinaryFormatter } from '@weft/runtime';
import { Customer, GiftOrder, Order } from './model.js';

const ann = new Customer('Ann', 'ann@example.com');
const first = new Order(1, ann, new Date('2026-11-20T10:00:00Z'), 'tok_123').add('tea', 2, 4.5).add('cups', 4, 3);
first.tags.set('channel', 'web');
const gift = new GiftOrder(2, ann, new Date('2026-11-21T09:30:00Z'), 'tok_456').add('scarf', 1, 25);
gift.message = 'Happy birthday!';

const formatter = new BinaryFormatter();
// A file in a folder of its own, removed once read: the demo leaves nothing behind.
const dir = mkdtempSync(join(tmpdir(), 'weft-quickstart-'));
const file = join(dir, 'shop.bin');
let bytes: Buffer;
try {
  writeFileSync(file, formatter.serialize(ann));
  bytes = readFileSync(file);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const back = formatter.deserialize<Customer>(bytes);

const [o1, o2] = back.orders as [Order, GiftOrder];
const checks: [string, boolean][] = [
  ['classes come back (Customer, Order, GiftOrder)', back instanceof Customer && o1 instanceof Order && o2 instanceof GiftOrder],
  ['shared reference: both orders point at the same customer', o1.customer === back && o2.customer === back],
  ['cycle: a line points back at its order', o1.lines[0]!.order === o1],
  ['Map restored', o1.tags instanceof Map && o1.tags.get('channel') === 'web'],
  ['Date restored', o1.placedAt instanceof Date && o1.placedAt.toISOString() === '2026-11-20T10:00:00.000Z'],
  ['#private field restored', o1.hasToken('tok_123') && o2.hasToken('tok_456')],
  ['subclass field restored', o2.message === 'Happy birthday!'],
  ['methods work on restored objects', o1.total === 21 && o2.total === 25],
  ['@NonSerialized field is undefined', back.lastSeen === undefined],
];

console.log(`wrote ${bytes.length} bytes to ${file}, read them back and removed the file`);
for (const [what, ok] of checks) console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
const failed = checks.filter(([, ok]) => !ok).length;
console.log(failed === 0 ? 'round trip verified' : `${failed} checks failed`);
process.exitCode = failed === 0 ? 0 : 1;
