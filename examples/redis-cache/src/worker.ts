/**
 * The worker process: takes InvoiceJobs off the Redis list with BRPOP, reads the Shop graph each
 * job names from the Redis cache, checks what survived the trip, and pushes an Invoice on the
 * results list. A value that is not a good weft frame (on the list or in the cache) is a
 * SerializationException with a stable code: the worker logs the code, answers with a JobFailed
 * and goes on with the next entry. It exits after a Stop.
 *
 *   REDIS_PORT=6390 node dist/worker.js [--timeout MS]
 */
import { BinaryFormatter, SerializationException } from '@weft/runtime';
import { Invoice, InvoiceJob, JobFailed, Order, OrderLine, Customer, Shop, Stop, invoiceFor } from './model.js';
import type { Redis } from 'ioredis';
import { KEYS, asBuffer, connect, option, redisTarget } from './redis.js';

const timeoutMs = option('--timeout', 60_000);
// What is in Redis came from outside this process: read it with a tight size limit.
const formatter = new BinaryFormatter({ limits: { maxBytes: 1024 * 1024 } });

let failures = 0;
let printedChecks = false;

/** What must hold for every Shop read from the cache; printed as "ok ..." lines the first time. */
function checkShop(shop: Shop, job: InvoiceJob): boolean {
  const [ann, bob] = shop.customers;
  const checks: [string, boolean][] = [
    [
      'classes come back from the cache (Shop, Customer, Order, OrderLine)',
      shop instanceof Shop &&
        shop.customers.every((c) => c instanceof Customer) &&
        shop.orders.every((o) => o instanceof Order && o.lines.every((l) => l instanceof OrderLine)),
    ],
    ['shared reference: both of Ann\'s orders hold the one Customer object', ann !== undefined && shop.orders[0]?.customer === ann && shop.orders[2]?.customer === ann && bob !== ann],
    ['cycle: customer -> orders -> customer', shop.customers.every((c) => c.orders.length > 0 && c.orders.every((o) => o.customer === c))],
    ['Map restored', shop.orders.every((o) => o.tags instanceof Map && o.tags.size === 1) && shop.orders[0]?.tags.get('channel') === 'web'],
    ['Dates restored', shop.updatedAt instanceof Date && shop.updatedAt.toISOString() === '2026-05-01T08:00:00.000Z' && shop.orders.every((o) => o.placedAt instanceof Date) && job.requestedAt instanceof Date],
    ['#private field restored', shop.orders.every((o) => o.hasToken(`tok_${o.id}`))],
    ['methods work on restored objects', shop.orders[0]?.totalCents === 2100 && shop.byEmail('bob@example.com') === bob],
  ];
  const failed = checks.filter(([, ok]) => !ok);
  if (!printedChecks || failed.length > 0) {
    for (const [what, ok] of checks) console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
    printedChecks = true;
  }
  return failed.length === 0;
}

/** A job: the cached graph it names, checked, turned into an Invoice (or a JobFailed). */
async function handle(redis: Redis, job: InvoiceJob): Promise<Invoice | JobFailed> {
  const cached = await redis.getBuffer(job.cacheKey);
  if (cached === null) return new JobFailed(job.id, 'CACHE_MISS', `nothing cached under ${job.cacheKey}`);
  let shop: unknown;
  try {
    shop = formatter.deserialize(cached);
  } catch (e) {
    if (!(e instanceof SerializationException)) throw e;
    console.log(`job ${job.id}: cache entry ${job.cacheKey} (${cached.length} bytes) is unreadable: ${e.code}: ${e.message}; skipped`);
    return new JobFailed(job.id, e.code, e.message);
  }
  if (!(shop instanceof Shop) || !checkShop(shop, job)) {
    failures++;
    return new JobFailed(job.id, 'CHECK_FAILED', `the graph under ${job.cacheKey} did not survive the trip`);
  }
  const customer = shop.byEmail(job.customerEmail);
  if (customer === undefined) return new JobFailed(job.id, 'UNKNOWN_CUSTOMER', `no customer ${job.customerEmail}`);
  const invoice = invoiceFor(job.id, customer, process.pid);
  console.log(`ok job ${job.id}: invoice for ${customer.name}, ${invoice.lines.length} order(s), ${invoice.totalCents} cents`);
  return invoice;
}

async function main(): Promise<void> {
  const redis = await connect('weft-demo-worker');
  console.log(`worker ${process.pid}: waiting for jobs on ${KEYS.jobs} at redis ${redisTarget()}`);
  const deadline = Date.now() + timeoutMs;
  let entries = 0;
  let invoices = 0;
  let rejected = 0;
  for (;;) {
    if (Date.now() > deadline) {
      console.log(`FAIL no Stop on ${KEYS.jobs} after ${timeoutMs} ms`);
      failures++;
      break;
    }
    // BRPOP blocks this connection for up to 1 s; nothing else is sent on it meanwhile.
    const popped = await redis.brpopBuffer(KEYS.jobs, 1);
    if (popped === null) continue;
    const bytes = popped[1];
    entries++;
    let message: unknown;
    try {
      message = formatter.deserialize(bytes);
    } catch (e) {
      if (!(e instanceof SerializationException)) throw e;
      console.log(`queue entry ${entries} (${bytes.length} bytes) is unreadable: ${e.code}: ${e.message}; skipped`);
      rejected++;
      await redis.lpush(KEYS.results, asBuffer(formatter.serialize(new JobFailed(-1, e.code, e.message))));
      continue;
    }
    if (message instanceof Stop) break;
    if (!(message instanceof InvoiceJob)) {
      console.log(`FAIL queue entry ${entries} is a ${Object.prototype.toString.call(message)}, not an InvoiceJob`);
      failures++;
      continue;
    }
    const answer = await handle(redis, message);
    if (answer instanceof Invoice) invoices++;
    else rejected++;
    await redis.lpush(KEYS.results, asBuffer(formatter.serialize(answer)));
  }
  await redis.quit();
  console.log(`worker ${process.pid}: ${entries} queue entries, ${invoices} invoices, ${rejected} coded errors${failures ? `, ${failures} FAILED checks` : ''}`);
  process.exitCode = failures === 0 ? 0 : 1;
}

main().catch((e: unknown) => {
  process.stderr.write(`worker: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
