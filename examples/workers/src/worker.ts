/**
 * The worker thread (dist/worker.js, started by main.js). Each message is a batch of orders:
 *  - a Uint8Array: weft bytes whose ArrayBuffer was transferred. The worker deserializes them,
 *    inspects and prices the graph, serializes a Reply and posts it back with its buffer in the
 *    transfer list;
 *  - an object: the same batch sent with plain postMessage (a structured clone). Same work, and
 *    the Reply goes back the same way.
 * On 'stop' it reports how many of its reply buffers were detached by the transfer, and exits.
 */
import { parentPort, threadId } from 'node:worker_threads';
import { BinaryFormatter } from '@weft/runtime';
import { type Batch, Reply, inspect, price, transferList } from './model.js';

if (!parentPort) throw new Error('worker.js runs as a worker thread: start dist/main.js');
const port = parentPort;
const formatter = new BinaryFormatter({ limits: { maxBytes: 64 * 1024 * 1024 } });
const name = `worker ${threadId}`;
let transferred = 0;
let copied = 0;

port.on('message', (message: unknown) => {
  if (message === 'stop') {
    port.postMessage({ kind: 'bye', transferred, copied });
    port.close();
    return;
  }
  if (message instanceof Uint8Array) {
    const batch = formatter.deserialize<Batch>(message);
    const reply = work(batch);
    const bytes = formatter.serialize(reply);
    port.postMessage(bytes, transferList(bytes));
    // Detached: the reply's memory now belongs to the main thread; nothing was copied.
    if (bytes.buffer.byteLength === 0) transferred++;
    else copied++;
    return;
  }
  port.postMessage(work(message as Batch)); // structured clone, both ways
});

function work(batch: Batch): Reply {
  const findings = inspect(batch);
  price(batch, name);
  return new Reply(batch, findings, threadId);
}
