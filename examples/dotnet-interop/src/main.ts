// .NET interop: read an order export that C# wrote with BinaryFormatter (dotnet/Orders.cs, run
// under Mono by dotnet/generate.sh) into TypeScript classes, and print it.
import { readFileSync } from 'node:fs';
import { DateTime, Decimal, DotNetName, NonSerialized, NrbfFormatter, Serializable, decodeNrbf } from '@weft/runtime';

// ---------------------------------------------------------------------------------------------
// The model: one class per C# class, matched by simple name (Shop.Customer -> Customer), with no
// @Serializable({ name }) needed. Members match the names the stream holds: a C# auto-property's
// backing field <Name>k__BackingField fills `Name`; a private field `customer` fills `customer`.
// Objects read from a stream start uninitialized (no constructor runs), as in .NET; the `!`
// declarations say that the reader fills them.
// ---------------------------------------------------------------------------------------------

/** Shop.OrderStatus: .NET enums arrive as their numbers. */
export enum OrderStatus {
  Pending = 0,
  Paid = 1,
  Shipped = 2,
  Cancelled = 3,
}

/** Auto-properties in C# (`public string Name { get; set; }`): plain members here. */
@Serializable()
export class Customer {
  Id!: number;
  Name!: string;
  Email!: string;
}

@Serializable()
export class OrderLine {
  Sku!: string;
  Description!: string;
  Quantity!: number;
  /** decimal -> Decimal: the exact 96-bit mantissa and scale, never a rounded double */
  UnitPrice!: Decimal;

  get amount(): Decimal {
    return times(this.UnitPrice, this.Quantity);
  }
}

@Serializable()
export class Order {
  /** C#'s `private Guid m_id`: @DotNetName maps the .NET field name to a member named as we like. Guid -> string. */
  @DotNetName('m_id') id!: string;
  /** long (Int64) -> bigint */
  number!: bigint;
  /** the same Customer object wherever the stream shares it */
  customer!: Customer;
  /** DateTime -> DateTime: 100-ns ticks and the Kind (Utc here) */
  placedAt!: DateTime;
  status!: OrderStatus;
  /** List<OrderLine> -> OrderLine[] */
  lines!: OrderLine[];
  /** Dictionary<string, string> -> Map */
  tags!: Map<string, string>;
  /** [NonSerialized] in C#: not in the stream, so undefined after reading (until total() fills it) */
  @NonSerialized() cachedTotal?: Decimal;

  total(): Decimal {
    return (this.cachedTotal ??= this.lines.reduce((sum, line) => plus(sum, line.amount), new Decimal(0n)));
  }
}

@Serializable()
export class OrderBook {
  store!: string;
  exportedAt!: DateTime;
  orders!: Order[];
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

console.log('');
for (const [what, ok] of checks) console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
const failed = checks.filter(([, ok]) => !ok).length;
console.log(failed === 0 ? '.NET BinaryFormatter data read into TypeScript classes: verified' : `${failed} checks failed`);
process.exitCode = failed === 0 ? 0 : 1;
