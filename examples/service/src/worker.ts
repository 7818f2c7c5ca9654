/**
 * The worker process: listens on 127.0.0.1 (an ephemeral port, printed on stdout), reads Job
 * graphs from each connection with deserializeAll, answers each with a JobResult through
 * serializeAsync, and exits after a Stop.
 */
import * as net from 'node:net';
import { BinaryFormatter, SerializationException } from '@weft/runtime';
import { Job, Stop, price } from './model.js';

const formatter = new BinaryFormatter({ limits: { maxBytes: 16 * 1024 * 1024 } });

const server = net.createServer((socket) => {
  socket.setNoDelay(true);
  void (async () => {
    try {
      for await (const message of formatter.deserializeAll(socket)) {
        if (message instanceof Stop) {
          // Half-close: flushes every pending result, then the producer sees the end of its stream.
          socket.end();
          continue;
        }
        if (!(message instanceof Job)) throw new Error(`unexpected message ${Object.prototype.toString.call(message)}`);
        await formatter.serializeAsync(socket, price(message));
      }
    } catch (e) {
      const what = e instanceof SerializationException ? `${e.code}: ${e.message}` : String(e);
      process.stderr.write(`worker: ${what}\n`);
      socket.destroy();
      process.exitCode = 1;
    }
    server.close();
  })();
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address() as net.AddressInfo;
  process.stdout.write(`listening ${address.port}\n`);
});
