// .NET interop, both ways: read an order export that C# wrote with BinaryFormatter
// (dotnet/Orders.cs, run under Mono by dotnet/generate.sh) into TypeScript classes, then write
// an updated export with NrbfFormatter that C#'s BinaryFormatter reads back.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DateTime, DateTimeKind, Decimal, DotNetName, DotNetType, NonSerialized, NrbfFormatter, Serializable, decodeNrbf } from '@weft/runtime';
import type { Dictionary, Guid, Int32, Int64, List } from '@weft/runtime/dotnet';

// ---------------------------------------------------------------------------------------------
// The model: one class per C# class, under its .NET name and assembly. `dotnet: true` makes the
// compiler check that every member declares its .NET type (Int32, Int64, Guid, List<T>... from
// @weft/runtime/dotnet), which writing needs: JavaScript's one `number` could be any of .NET's
// numeric types. Members carry the names the stream holds: a C# auto-property's backing field
// <Name>k__BackingField (reading would also find `Name` without it; writing needs it), a private
// field `m_id`. Objects read from a stream start uninitialized (no constructor runs), as in
// .NET; the `!` declarations say that the reader fills them.
// ---------------------------------------------------------------------------------------------

/** Shop.OrderStatus: .NET enums arrive as their numbers. */
export enum OrderStatus {
  Pending = 0,
  Paid = 1,
  Shipped = 2,
  Cancelled = 3,
}

/** Auto-properties in C# (`public string Name { get; set; }`): their backing fields here. */
@Serializable({ name: 'Shop.Customer', assembly: 'Shop, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null', dotnet: true })
export class Customer {
  @DotNetName('<Id>k__BackingField') Id!: Int32;
  @DotNetName('<Name>k__BackingField') Name!: string;
  @DotNetName('<Email>k__BackingField') Email!: string;
}

@Serializable({ name: 'Shop.OrderLine', assembly: 'Shop, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null', dotnet: true })
export class OrderLine {
  @DotNetName('<Sku>k__BackingField') Sku!: string;
  @DotNetName('<Description>k__BackingField') Description!: string;
  @DotNetName('<Quantity>k__BackingField') Quantity!: Int32;
  /** decimal -> Decimal: the exact 96-bit mantissa and scale, never a rounded double */
  @DotNetName('<UnitPrice>k__BackingField') UnitPrice!: Decimal;

  get amount(): Decimal {
    return times(this.UnitPrice, this.Quantity);
  }
}

@Serializable({ name: 'Shop.Order', assembly: 'Shop, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null', dotnet: true })
export class Order {
  /** C#'s `private Guid m_id`: @DotNetName maps the .NET field name to a member named as we like. Guid -> string. */
  @DotNetName('m_id') id!: Guid;
  /** long (Int64) -> bigint */
  number!: Int64;
  /** the same Customer object wherever the stream shares it */
  customer!: Customer;
  /** DateTime -> DateTime: 100-ns ticks and the Kind (Utc here) */
  placedAt!: DateTime;
  /** a C# enum: read as its number, written as its underlying Int32 */
  @DotNetType('int') status!: OrderStatus;
  /** List<OrderLine> -> OrderLine[] */
  lines!: List<OrderLine>;
  /** Dictionary<string, string> -> Map */
  tags!: Dictionary<string, string>;
  /** [NonSerialized] in C#: not in the stream, so undefined after reading (until total() fills it) */
  @NonSerialized() cachedTotal?: Decimal;

  total(): Decimal {
    return (this.cachedTotal ??= this.lines.reduce((sum, line) => plus(sum, line.amount), new Decimal(0n)));
  }
}

@Serializable({ name: 'Shop.OrderBook', assembly: 'Shop, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null', dotnet: true })
export class OrderBook {
  store!: string;
  exportedAt!: DateTime;
  orders!: List<Order>;
}

// Exact decimal arithmetic with bigint on Decimal's mantissa and scale, as C#'s decimal computes:
// 2 x 8.95 is 17.90 (scale 2), 17.90 + 14.50 is 32.40.
function times(d: Decimal, n: number): Decimal {
  return new Decimal(d.mantissa * BigInt(n), d.scale);
}

function plus(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  const align = (d: Decimal): bigint => d.mantissa * 10n ** BigInt(scale - d.scale);
  return new Decimal(align(a) + align(b), scale);
}

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

const bytes = new Uint8Array(readFileSync(new URL('../data/orders.bin', import.meta.url)));

// The type-less reader: what the stream says, as records; nothing is created from its type names.
const graphs = decodeNrbf(bytes);
const root = graphs[0]!.root;
const rootType = root !== null && typeof root === 'object' && 'kind' in root && root.kind === 'class' ? `${root.typeName} (${root.libraryName})` : String(root);
console.log(`decodeNrbf: ${bytes.length} bytes, ${graphs.length} message${graphs.length === 1 ? '' : 's'}, ${graphs[0]!.records.size} records, root ${rootType}`);

// Into the classes above.
const book = new NrbfFormatter().deserialize<OrderBook>(bytes);
const neverComputed = book.orders.every((o) => o.cachedTotal === undefined);

console.log(`\n${book.store}: ${book.orders.length} orders, exported ${book.exportedAt.toISOString()}`);
let grand = new Decimal(0n);
for (const order of book.orders) {
  const c = order.customer;
  console.log(`\norder ${order.number} (${order.id}), ${OrderStatus[order.status]}, placed ${order.placedAt.toISOString()}`);
  console.log(`  customer ${c.Name} <${c.Email}> #${c.Id}`);
  for (const line of order.lines) {
    console.log(`  ${line.Quantity} x ${line.Sku.padEnd(16)} ${line.Description.padEnd(26)} @ ${line.UnitPrice.toString().padStart(6)} = ${line.amount.toString().padStart(6)}`);
  }
  console.log(`  total ${order.total()}`);
  const tags = [...order.tags].map(([k, v]) => `${k}=${v}`).join(', ');
  console.log(`  tags ${tags || '(none)'}`);
  grand = plus(grand, order.total());
}
console.log(`\ngrand total ${grand}`);

// ---------------------------------------------------------------------------------------------
// What came through
// ---------------------------------------------------------------------------------------------

const [o1, o2, o3] = book.orders as [Order, Order, Order];
const checks: [string, boolean][] = [
  [
    'classes: OrderBook, Order, OrderLine and Customer instances',
    book instanceof OrderBook && o1 instanceof Order && o1.lines[0] instanceof OrderLine && o1.customer instanceof Customer,
  ],
  ['shared reference: orders[0].customer === orders[1].customer (one Ann Lee object)', o1.customer === o2.customer && o3.customer !== o1.customer],
  ['auto-properties: <Name>k__BackingField filled Name', o1.customer.Name === 'Ann Lee' && o3.customer.Email === 'bob@example.com'],
  ['@DotNetName: m_id filled id (Guid as a string)', o1.id === '3f2504e0-4f89-11d3-9a0c-0305e82c3301'],
  ['decimals exact: 2 x 8.95 + 1 x 14.50 = 32.40, grand total 108.21', o1.total().toString() === '32.40' && grand.toString() === '108.21'],
  ['DateTime keeps 100-ns ticks and Kind Utc', o2.placedAt.toISOString() === '2024-11-21T09:30:00.1234567Z' && o2.placedAt.toDate().toISOString() === '2024-11-21T09:30:00.123Z'],
  ['Int64 -> bigint, enum -> number', o1.number === 5001n && o1.status === OrderStatus.Shipped && o3.status === OrderStatus.Pending],
  ['List<T> -> array, Dictionary<string, string> -> Map', Array.isArray(o1.lines) && o1.tags instanceof Map && o1.tags.get('coupon') === 'WELCOME10' && o3.tags.size === 0],
  ['[NonSerialized] cachedTotal was not in the stream (undefined until computed)', neverComputed],
];

// ---------------------------------------------------------------------------------------------
// Writing: Node's answer, in .NET's format
// ---------------------------------------------------------------------------------------------

// Bob's order is paid, Ann places a fourth one, and the export is written for the .NET side.
o3.status = OrderStatus.Paid;
const hojicha = Object.assign(new OrderLine(), { Sku: 'TEA-HOJICHA-80', Description: 'Hojicha roasted tea, 80 g', Quantity: 2, UnitPrice: Decimal.parse('7.25') });
const o4 = Object.assign(new Order(), {
  id: '5c0ffee5-aaaa-4bbb-8ccc-000000005004',
  number: 5004n,
  customer: o1.customer,
  placedAt: DateTime.fromDate(new Date(Date.UTC(2024, 10, 24, 7, 45))),
  status: OrderStatus.Pending,
  lines: [hojicha],
  tags: new Map([['channel', 'node']]),
});
book.orders.push(o4);
book.exportedAt = new DateTime(638680392000000000n, DateTimeKind.Utc);

const nrbf = new NrbfFormatter();
const answer = nrbf.serialize(book);
const answerPath = fileURLToPath(new URL('../dist/orders-from-node.bin', import.meta.url));
writeFileSync(answerPath, answer);
const again = nrbf.deserialize<OrderBook>(answer);
const grandAgain = again.orders.reduce((sum, o) => plus(sum, o.total()), new Decimal(0n));
console.log(`\nNrbfFormatter wrote ${answer.length} bytes (dist/orders-from-node.bin): ${again.orders.length} orders, grand total ${grandAgain}`);

// A value its .NET type cannot hold is refused, naming the member; nothing is written.
let refused = '';
try {
  nrbf.serialize(Object.assign(new OrderLine(), { ...hojicha, Quantity: 3_000_000_000 }));
} catch (e) {
  refused = `${(e as { code?: string }).code}: ${(e as Error).message}`;
}
console.log(`a Quantity of 3000000000 -> ${refused}`);

// .NET reads it: Orders.cs's --read mode, compiled and run under Mono when it is installed.
const dotnet = readWithDotNet(answerPath);
if (dotnet === null) console.log('(Mono is not installed: apt-get install -y mono-mcs mono-runtime, to see .NET read the answer)');
else console.log(dotnet.trimEnd());

checks.push(
  ['written back: weft reads its own NRBF as 4 orders, grand total 122.71, one shared customer', again.orders.length === 4 && grandAgain.toString() === '122.71' && again.orders[0]!.customer === again.orders[3]!.customer],
  ['a value .NET cannot hold is VALUE_OUT_OF_RANGE, naming the member', refused.startsWith('VALUE_OUT_OF_RANGE: Shop.OrderLine.Quantity is declared Int32')],
);
if (dotnet !== null) {
  checks.push([
    ".NET's BinaryFormatter reads Node's answer: 4 orders, 5003 Paid, grand total 122.71, one shared customer",
    dotnet.includes('Teahouse Online, 4 orders, exported 2024-11-24T10:00:00.0000000Z') &&
      dotnet.includes('.NET order 5003 (c0ffee00-7e57-4d1e-b0a7-000000005003), Paid') &&
      dotnet.includes('.NET order 5004 (5c0ffee5-aaaa-4bbb-8ccc-000000005004), Pending, 1 line(s), customer Ann Lee, total 14.50, tags channel=node') &&
      dotnet.includes('.NET shared customer: True') &&
      dotnet.includes('.NET grand total 122.71'),
  ]);
}

/** Compiles dotnet/Orders.cs with Mono's mcs and runs its --read mode on `file`; null without Mono. */
function readWithDotNet(file: string): string | null {
  const dir = mkdtempSync(join(tmpdir(), 'weft-shop-'));
  try {
    const exe = join(dir, 'Shop.exe');
    const source = fileURLToPath(new URL('../dotnet/Orders.cs', import.meta.url));
    const mcs = spawnSync('mcs', ['-nologo', `-out:${exe}`, source], { encoding: 'utf8' });
    if (mcs.error) return null;
    if (mcs.status !== 0) throw new Error(`mcs failed: ${mcs.stdout}${mcs.stderr}`);
    const run = spawnSync('mono', [exe, '--read', file], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`.NET could not read the answer: ${run.stdout}${run.stderr}`);
    return run.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log('');
for (const [what, ok] of checks) console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
const failed = checks.filter(([, ok]) => !ok).length;
console.log(failed === 0 ? '.NET BinaryFormatter data read into TypeScript classes and written back for .NET: verified' : `${failed} checks failed`);
process.exitCode = failed === 0 ? 0 : 1;
