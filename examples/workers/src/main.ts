/**
 * The main thread (the one command to run): starts dist/worker.js as a worker thread and sends it
 * batches of orders two ways.
 *
 *  - weft: `serialize(batch)` gives bytes over an ArrayBuffer of their own, posted with
 *    `postMessage(bytes, [bytes.buffer])`: the buffer is transferred (moved, the sender's copy is
 *    detached), not copied. The worker deserializes real class instances, prices them, and sends a
 *    Reply back the same way.
 *  - structuredClone: `postMessage(batch)`. Identity, cycles, Map and Date survive; classes,
 *    methods and #private fields do not.
 *
 * It checks both, then times the same number of round trips of the same batch on each path.
 *
 *   node dist/main.js [--round-trips N] [--warmup N] [--orders N] [--timeout MS]
 */
import { Worker } from 'node:worker_threads';
import { BinaryFormatter } from '@weft/runtime';
import { type Findings, Order, Reply, expectedTotal, makeBatch, paymentToken, PRICED_AT, transferList } from './model.js';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v <= 0) {
    process.stderr.write(`${name} needs a positive integer\n`);
    process.exit(2);
  }
  return v;
}

const roundTrips = option('--round-trips', 2_000);
const warmup = option('--warmup', 500); // round trips on each path before timing, so both threads' JIT has settled
const orderCount = option('--orders', 100);
const timeoutMs = option('--timeout', 120_000);
const formatter = new BinaryFormatter({ limits: { maxBytes: 64 * 1024 * 1024 } });

let failed = 0;
function check(what: string, ok: boolean): void {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failed++;
}

const allTrue = (f: Findings): boolean => Object.values(f).every((v) => v === true);
/** Bytes whose ArrayBuffer is exactly theirs, so that transferring it moves these bytes and nothing else. */
/** `instanceof` on a value typed as the class itself (TypeScript would narrow the negative case to never). */
const is = (x: unknown, C: abstract new (...args: never[]) => unknown): boolean => x instanceof C;
const ownsBuffer = (b: Uint8Array): boolean => b.byteOffset === 0 && b.byteLength === b.buffer.byteLength;

/** Request/response over the worker's port: replies come back in order, one per message. */
function connect(worker: Worker): (message: unknown, transfer?: ArrayBuffer[]) => Promise<unknown> {
  const pending: { resolve: (v: unknown) => void; reject: (e: Error) => void }[] = [];
  const failAll = (e: Error) => {
    for (const p of pending.splice(0)) p.reject(e);
  };
  worker.on('message', (m: unknown) => pending.shift()?.resolve(m));
  worker.on('error', (e) => failAll(new Error(`FAIL: the worker thread threw: ${e.stack ?? e.message}`)));
  worker.on('exit', (code) => failAll(new Error(`FAIL: the worker exited (code ${code}) with a request pending`)));
  return (message, transfer) =>
    new Promise((resolve, reject) => {
      pending.push({ resolve, reject });
      worker.postMessage(message, transfer);
    });
}

async function main(): Promise<void> {
  const worker = new Worker(new URL('./worker.js', import.meta.url));
  const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
  const timer = setTimeout(() => {
    process.stderr.write(`FAIL: not finished after ${timeoutMs} ms\n`);
    process.exit(1);
  }, timeoutMs);
  const request = connect(worker);

  // 1. One weft round trip, every step checked.
  const batch = makeBatch(1, orderCount);
  const expected = expectedTotal(batch);
  const bytes = formatter.serialize(batch);
  const frameBytes = bytes.byteLength;
  check(`serialize returned bytes over an ArrayBuffer of their own (offset ${bytes.byteOffset}, ${bytes.byteLength} of ${bytes.buffer.byteLength} bytes)`, ownsBuffer(bytes));
  const replied = request(bytes, transferList(bytes));
  check(`main -> worker: ArrayBuffer transferred, not copied (sender's bytes.buffer.byteLength is ${bytes.buffer.byteLength} after postMessage, was ${frameBytes}: detached)`, bytes.buffer.byteLength === 0 && bytes.length === 0);
  const replyBytes = await replied;
  check(`worker -> main: the reply arrived as bytes over an ArrayBuffer of their own (${replyBytes instanceof Uint8Array ? replyBytes.byteLength : 0} bytes)`, replyBytes instanceof Uint8Array && ownsBuffer(replyBytes));
  const reply = formatter.deserialize<Reply>(replyBytes as Uint8Array);
  const f = reply.findings;
  check('worker: classes arrived (Batch, Order, Customer, OrderLine are instanceof)', f.classes);
  check('worker: methods work on the arrived objects', f.methods);
  check('worker: #private field arrived (#paymentToken)', f.privateFields);
  check('worker: shared references: orders of one customer hold the same Customer object', f.sharedCustomers);
  check('worker: cycles: line.order === order, customer.orders includes order', f.cycles);
  check('worker: Map and Date arrived', f.mapAndDate);
  const back = reply.batch;
  const o = back.orders[0]!;
  const c = back.customers[0]!;
  check('reply in main: classes came back (Reply, Order, Map, Date)', reply instanceof Reply && o instanceof Order && o.tags instanceof Map && o.pricedAt instanceof Date);
  check(`reply in main: the worker's mutations came back (total ${back.totalCents} cents, status, Map entry, Date)`, back.totalCents === expected && back.orders.every((x) => x.status === 'priced' && x.totalCents === x.lineTotalCents() && x.tags.get('pricedBy') === `worker ${reply.threadId}` && x.pricedAt?.getTime() === PRICED_AT.getTime()));
  check('reply in main: shared customers mutated once each (balance = sum of their orders)', back.customers.every((cu) => cu.balanceCents === cu.orders.reduce((s, x) => s + x.totalCents, 0)) && c.orders.every((x) => x.customer === c));
  check('reply in main: #private field and methods work', back.orders.every((x) => x.hasToken(paymentToken(x.id))) && o.lines[0]!.order === o);

  // 2. The same batch with plain postMessage (structured clone), both ways.
  const cloned = (await request(batch)) as Reply;
  const g = cloned.findings;
  check('structuredClone keeps shared references, cycles, Map and Date (seen in the worker)', g.sharedCustomers && g.cycles && g.mapAndDate);
  check(`structuredClone loses classes (seen in the worker): instanceof Order ${g.classes}, methods ${g.methods ? 'present' : 'missing'}, #private ${g.privateFields ? 'kept' : 'gone'}`, !g.classes && !g.methods && !g.privateFields);
  const co = cloned.batch.orders[0]!;
  check(`structuredClone reply in main: plain objects (instanceof Reply ${is(cloned, Reply)}, order.lineTotalCents ${typeof co.lineTotalCents}), total ${cloned.batch.totalCents} cents`, !is(cloned, Reply) && !is(co, Order) && typeof co.lineTotalCents === 'undefined' && cloned.batch.totalCents === expected);

  // 3. Timing: the same batch, the same number of round trips on each path, in alternating blocks
  //    after a warm-up. Each reply is checked (cheaply) inside the timed loop on both paths.
  let weftOk = 0;
  let weftDetached = 0;
  let cloneOk = 0;
  const weftRound = async (): Promise<void> => {
    const out = formatter.serialize(batch);
    const p = request(out, transferList(out));
    if (out.buffer.byteLength === 0) weftDetached++;
    const r = formatter.deserialize<Reply>((await p) as Uint8Array);
    if (r instanceof Reply && allTrue(r.findings) && r.batch.totalCents === expected) weftOk++;
  };
  const cloneRound = async (): Promise<void> => {
    const r = (await request(batch)) as Reply;
    if (!is(r, Reply) && !r.findings.classes && r.findings.sharedCustomers && r.batch.totalCents === expected) cloneOk++;
  };
  for (let i = 0; i < warmup; i++) await weftRound();
  for (let i = 0; i < warmup; i++) await cloneRound();
  weftOk = weftDetached = cloneOk = 0;
  let weftMs = 0;
  let cloneMs = 0;
  const blocks = Math.min(roundTrips, 10);
  for (let b = 0; b < blocks; b++) {
    const n = Math.floor((roundTrips * (b + 1)) / blocks) - Math.floor((roundTrips * b) / blocks);
    let t = performance.now();
    for (let i = 0; i < n; i++) await weftRound();
    weftMs += performance.now() - t;
    t = performance.now();
    for (let i = 0; i < n; i++) await cloneRound();
    cloneMs += performance.now() - t;
  }
  check(`all ${roundTrips} timed weft round trips verified (classes, identity, cycles, #private in the worker; totals in main)`, weftOk === roundTrips);
  check(`all ${roundTrips} timed weft messages transferred (${weftDetached} of ${roundTrips} sender buffers detached)`, weftDetached === roundTrips);
  check(`all ${roundTrips} timed structuredClone round trips came back as plain objects with the right totals`, cloneOk === roundTrips);

  const bye = (await request('stop')) as { transferred: number; copied: number };
  const replies = 1 + warmup + roundTrips;
  check(`worker -> main: every reply buffer transferred (${bye.transferred} of ${replies} detached in the worker after postMessage)`, bye.transferred === replies && bye.copied === 0);
  const code = await exited;
  clearTimeout(timer);
  check(`worker thread exited with code ${code}`, code === 0);

  const lines = back.orders.reduce((s, x) => s + x.lines.length, 0);
  const row = (path: string, ms: number, classes: string) => `${path.padEnd(42)} ${`${(ms / roundTrips).toFixed(3)} ms`.padStart(12)} ${`${ms.toFixed(0)} ms`.padStart(10)}   ${classes}`;
  console.log('');
  console.log(`timing: ${roundTrips} round trips on each path of one batch (${orderCount} orders, ${lines} lines, ${back.customers.length} customers; weft frame ${frameBytes} bytes), Node ${process.version}`);
  console.log(`${'path'.padEnd(42)} ${'mean/trip'.padStart(12)} ${'total'.padStart(10)}   classes`);
  console.log(row('weft serialize + transfer + deserialize', weftMs, 'kept'));
  console.log(row('postMessage structured clone', cloneMs, 'lost'));
  const ratio = weftMs / cloneMs;
  console.log(`ratio weft / structuredClone: ${ratio.toFixed(2)} (${ratio <= 1 ? `weft ${(1 / ratio).toFixed(2)}x faster` : `weft ${ratio.toFixed(2)}x slower`}, and only weft returns real classes)`);
  console.log('');
  console.log(failed === 0 ? 'round trip verified' : `${failed} checks failed`);
  process.exitCode = failed === 0 ? 0 : 1;
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
