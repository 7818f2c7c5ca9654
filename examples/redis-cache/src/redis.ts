// What the producer and the worker share about Redis: where it is, the keys, and how weft's bytes
// become the Buffer values ioredis stores.
import { Redis, type RedisOptions } from 'ioredis';

/** Every key the demo uses; the producer deletes them all when it starts. */
export const KEYS = {
  /** a good cache entry: the Shop graph */
  shop: 'weft-demo:cache:shop',
  /** a bad cache entry: the first half of a valid frame */
  truncated: 'weft-demo:cache:truncated',
  /** a bad cache entry: bytes that are not weft's at all */
  garbage: 'weft-demo:cache:garbage',
  /** the work queue: LPUSH by the producer, BRPOP by the worker (first in, first out) */
  jobs: 'weft-demo:jobs',
  /** the answers: LPUSH by the worker, BRPOP by the producer */
  results: 'weft-demo:results',
} as const;

/** Where Redis is: REDIS_URL (redis://host:port/db), else REDIS_HOST (127.0.0.1) and REDIS_PORT (6379). */
export function redisTarget(): string {
  if (process.env.REDIS_URL) return process.env.REDIS_URL;
  return `${process.env.REDIS_HOST ?? '127.0.0.1'}:${process.env.REDIS_PORT ?? '6379'}`;
}

/**
 * Connects to Redis and waits until it answers. Fails with a message that says how to start a
 * server instead of retrying forever (ioredis's default), so a missing server is an error, not a hang.
 */
export async function connect(name: string): Promise<Redis> {
  const options: RedisOptions = {
    connectionName: name,
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => (attempt <= 3 ? 200 : null),
  };
  const port = Number(process.env.REDIS_PORT ?? 6379);
  const redis = process.env.REDIS_URL
    ? new Redis(process.env.REDIS_URL, options)
    : new Redis({ ...options, host: process.env.REDIS_HOST ?? '127.0.0.1', port });
  // Without a listener ioredis prints every connection error itself; the catch below reports the last.
  let lastError: unknown;
  redis.on('error', (e: unknown) => (lastError = e));
  try {
    await redis.connect();
    await redis.ping();
  } catch (e) {
    redis.disconnect();
    const cause = lastError ?? e;
    throw new Error(
      `cannot reach Redis at ${redisTarget()} (${cause instanceof Error ? cause.message : String(cause)}); ` +
        'start one with `redis-server --port 6390` and run with REDIS_PORT=6390, or set REDIS_URL',
    );
  }
  return redis;
}

/**
 * weft's bytes as a Buffer for ioredis, without copying: the Buffer is a view of the same memory.
 * Safe with `serialize`, whose bytes are the caller's own (not with `serializeView`, whose bytes
 * the formatter reuses).
 */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Reads `--name N` (a positive integer) from the command line. */
export function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v <= 0) {
    process.stderr.write(`${name} needs a positive integer\n`);
    process.exit(2);
  }
  return v;
}
