/**
 * The producer process: caches a Shop graph in Redis (SET of a Buffer), leaves two bad cache
 * entries beside it, queues InvoiceJobs on a Redis list (LPUSH) with two bad entries among them,
 * then takes the worker's answers off the results list (BRPOP) and checks each one against its
 * own copy of the shop. Run the worker (dist/worker.js) against the same Redis, before or after.
 *
 *   REDIS_PORT=6390 node dist/producer.js [--timeout MS]
 */
import { BinaryFormatter } from '@weft/runtime';
import { Invoice, InvoiceJob, InvoiceLine, JobFailed, Stop, invoiceFor, makeShop } from './model.js';
import { KEYS, asBuffer, connect, option, redisTarget } from './redis.js';

const timeoutMs = option('--timeout', 60_000);
const formatter = new BinaryFormatter();

/** What the worker must answer to each queue entry, in queue order. */
type Expected = { invoice: InvoiceJob } | { failed: number; code: string; why: string };

async function main(): Promise<void> {
  const redis = await connect('weft-demo-producer');
  console.log(`producer ${process.pid}: connected to redis ${redisTarget()}`);
  await redis.del(...Object.values(KEYS));

  // The cache: the whole graph is one value. Buffer values in, Buffer values out (getBuffer).
  const shop = makeShop();
  const bytes = formatter.serialize(shop);
  await redis.set(KEYS.shop, asBuffer(bytes), 'EX', 600);
  console.log(`cached ${shop.customers.length} customers and ${shop.orders.length} orders under ${KEYS.shop}: ${bytes.length} bytes`);
  // Bad values, as a bug, a crash mid-write or another program could leave them.
  await redis.set(KEYS.truncated, asBuffer(bytes.subarray(0, bytes.length >> 1)), 'EX', 600);
  await redis.set(KEYS.garbage, Buffer.from('{"customers":[]}'), 'EX', 600);
  console.log(`cached bad values too: half a frame under ${KEYS.truncated}, JSON text under ${KEYS.garbage}`);

  // The queue: LPUSH here, BRPOP in the worker, so entries are taken first in, first out.
  // Each entry comes with the answer the worker must give to it.
  const now = new Date();
  const job = (id: number, cacheKey: string, email: string) => new InvoiceJob(id, cacheKey, email, now);
  const invoiced = (j: InvoiceJob): [Uint8Array, Expected] => [formatter.serialize(j), { invoice: j }];
  const refused = (bytes: Uint8Array, jobId: number, code: string, why: string): [Uint8Array, Expected] => [bytes, { failed: jobId, code, why }];
  const cut = formatter.serialize(job(99, KEYS.shop, 'bob@example.com'));
  const entries = [
    invoiced(job(1, KEYS.shop, 'ann@example.com')),
    refused(Buffer.from('hello, worker'), -1, 'INVALID_HEADER', 'a queue entry of plain text'),
    invoiced(job(2, KEYS.shop, 'bob@example.com')),
    refused(cut.subarray(0, cut.length - 10), -1, 'TRUNCATED', 'a queue entry cut 10 bytes short'),
    refused(formatter.serialize(job(3, KEYS.truncated, 'ann@example.com')), 3, 'TRUNCATED', `its cache entry ${KEYS.truncated} is half a frame`),
    refused(formatter.serialize(job(4, KEYS.garbage, 'ann@example.com')), 4, 'INVALID_HEADER', `its cache entry ${KEYS.garbage} is JSON text`),
    invoiced(job(5, KEYS.shop, 'ann@example.com')),
  ];
  for (const [entry] of entries) await redis.lpush(KEYS.jobs, asBuffer(entry));
  await redis.lpush(KEYS.jobs, asBuffer(formatter.serialize(new Stop())));
  console.log(`queued 5 jobs, 2 bad entries and a Stop on ${KEYS.jobs}`);

  // The answers, in queue order.
  const deadline = Date.now() + timeoutMs;
  let invoices = 0;
  let coded = 0;
  let worker: number | undefined;
  const fail = (what: string): never => {
    throw new Error(`FAIL ${what}`);
  };
  for (const [, expected] of entries) {
    let popped: [Buffer, Buffer] | null = null;
    while (popped === null) {
      if (Date.now() > deadline) fail(`no answer on ${KEYS.results} after ${timeoutMs} ms: is the worker running against redis ${redisTarget()}?`);
      popped = await redis.brpopBuffer(KEYS.results, 1);
    }
    const answer = formatter.deserialize(popped[1]);
    if ('invoice' in expected) {
      const job = expected.invoice;
      if (!(answer instanceof Invoice)) return fail(`job ${job.id}: expected an Invoice, got ${describe(answer)}`);
      const want = invoiceFor(job.id, shop.byEmail(job.customerEmail)!, answer.worker);
      if (answer.jobId !== job.id || answer.customerName !== want.customerName) fail(`job ${job.id}: invoice for job ${answer.jobId}, ${answer.customerName}`);
      if (linesOf(answer) !== linesOf(want)) fail(`job ${job.id}: invoice lines ${linesOf(answer)}, expected ${linesOf(want)}`);
      if (!answer.lines.every((l) => l instanceof InvoiceLine && l.invoice === answer)) fail(`job ${job.id}: an invoice line lost its back-reference`);
      if (answer.worker === process.pid || (worker !== undefined && answer.worker !== worker)) fail(`job ${job.id}: invoiced by process ${answer.worker}`);
      worker = answer.worker;
      console.log(`ok invoice for job ${job.id} from worker ${answer.worker}: ${answer.customerName}, ${answer.lines.length} order(s), ${answer.totalCents} cents, lines point back at their invoice`);
      invoices++;
    } else {
      const what = expected.failed < 0 ? 'a bad queue entry' : `job ${expected.failed}`;
      if (!(answer instanceof JobFailed)) return fail(`${what}: expected a JobFailed, got ${describe(answer)}`);
      if (answer.jobId !== expected.failed || answer.code !== expected.code) fail(`${what}: expected ${expected.code}, got job ${answer.jobId} ${answer.code}: ${answer.message}`);
      console.log(`ok ${what} was refused with ${answer.code} (${expected.why}), and the worker went on`);
      coded++;
    }
  }
  await redis.quit();
  console.log(`verified ${invoices} invoices and ${coded} coded errors from worker process ${worker} through redis ${redisTarget()}`);
}

/** An invoice's lines as text, "1001:2100 1003:1560", to compare with the expected ones. */
function linesOf(invoice: Invoice): string {
  return invoice.lines.map((l) => `${l.orderId}:${l.cents}`).join(' ');
}

function describe(value: unknown): string {
  return value instanceof Object ? value.constructor.name : String(value);
}

main().catch((e: unknown) => {
  process.stderr.write(`producer: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
