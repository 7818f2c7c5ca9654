import { PassThrough, Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BinaryFormatter, type FormatterOptions, JsonFormatter, Serializable, SerializationException } from '@weft/runtime';

@Serializable({ name: 'streams.Job' })
class Job {
  constructor(
    public id: number,
    public payload: string,
    public parent: Job | null = null,
  ) {}
}


async function collect(it: AsyncIterable<unknown>): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const g of it) out.push(g);
  return out;
}

async function rejection(p: Promise<unknown>): Promise<SerializationException> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(SerializationException);
    return e as SerializationException;
  }
  throw new Error('expected a rejection');
}

const graphs = (): unknown[] => {
  const root = new Job(1, 'root');
  return [root, new Job(2, 'child', root), { list: [1, 2, 3], m: new Map([['k', root]]) }, 'x'.repeat(70_000), null];
};

// Both formatters have the same stream API: binary frames, or JSON documents (one per line at
// indent 0, several lines each at the default indent) split where each top-level object closes.
const FORMATS: [string, (o?: FormatterOptions) => BinaryFormatter | JsonFormatter][] = [
  ['BinaryFormatter', (o) => new BinaryFormatter(o)],
  ['JsonFormatter', (o) => new JsonFormatter(o)],
  ['JsonFormatter (indent 0)', (o) => new JsonFormatter({ ...o, indent: 0 })],
];

describe.each(FORMATS)('%s.serializeAsync / deserializeAll on Node streams', (_name, make) => {
  const f = make();
  it('round-trips several graphs through a stream', async () => {
    const pass = new PassThrough();
    const reading = collect(f.deserializeAll(pass));
    for (const g of graphs()) await f.serializeAsync(pass, g);
    pass.end();
    const back = await reading;
    expect(back).toHaveLength(5);
    expect(back[0]).toBeInstanceOf(Job);
    expect((back[1] as Job).parent).toBeInstanceOf(Job);
    expect((back[2] as { list: number[] }).list).toEqual([1, 2, 3]);
    expect(back[3]).toBe('x'.repeat(70_000));
    expect(back[4]).toBeNull();
  });

  it('handles 1-byte chunks and any other split', async () => {
    const bytes = Buffer.concat(graphs().map((g) => f.serialize(g)));
    for (const size of [1, 2, 7, 8, 9, 4096]) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
      const back = await collect(f.deserializeAll(Readable.from(chunks)));
      expect(back).toHaveLength(5);
      expect((back[1] as Job).payload).toBe('child');
      expect(back[3]).toBe('x'.repeat(70_000));
    }
  });

  it('yields each graph as soon as its last byte arrives', async () => {
    const pass = new PassThrough();
    const it = f.deserializeAll(pass)[Symbol.asyncIterator]();
    const frame = f.serialize(new Job(7, 'now'));
    for (let i = 0; i < frame.length; i++) pass.write(frame.subarray(i, i + 1));
    // The stream is still open and nothing else was written: the graph must come anyway.
    const first = await it.next();
    expect((first.value as Job).id).toBe(7);
    pass.write(f.serialize(8));
    expect((await it.next()).value).toBe(8);
    pass.end();
    expect((await it.next()).done).toBe(true);
  });

  it('a truncated final graph is TRUNCATED, a bad header INVALID_HEADER, text chunks INVALID_ARGUMENT', async () => {
    const frame = f.serialize(new Job(1, 'a'));
    // Two bytes short: a JSON document ends in "}\n", so one byte short is still whole.
    const cut = Buffer.concat([f.serialize(1), frame.subarray(0, frame.length - 2)]);
    const seen: unknown[] = [];
    const e = await rejection((async () => {
      for await (const g of f.deserializeAll(Readable.from([cut]))) seen.push(g);
    })());
    expect(e.code).toBe('TRUNCATED');
    expect(seen).toEqual([1]);
    expect((await rejection(collect(f.deserializeAll(Readable.from([frame.subarray(0, 3)]))))).code).toBe('TRUNCATED');
    expect((await rejection(collect(f.deserializeAll(Readable.from([Buffer.from('GET / HTTP/1.1\r\n')]))))).code).toBe('INVALID_HEADER');
    expect((await rejection(collect(f.deserializeAll(Readable.from(['text'], { objectMode: true }))))).code).toBe('INVALID_ARGUMENT');
    const small = make({ limits: { maxBytes: 100 } });
    const big = f.serialize('y'.repeat(1000));
    // The oversized frame is refused before its end arrives (binary: from its header).
    expect((await rejection(collect(small.deserializeAll(Readable.from([big.subarray(0, 200)]))))).code).toBe('LIMIT_EXCEEDED');
  });

  it('honours backpressure: resolves only after drain, with every byte delivered in order', async () => {
    const received: Buffer[] = [];
    let pendingCallbacks = 0;
    const slow = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _enc, cb) {
        received.push(chunk);
        pendingCallbacks++;
        setTimeout(() => {
          pendingCallbacks--;
          cb();
        }, 5);
      },
    });
    let sawBackpressure = false;
    const realWrite = slow.write.bind(slow);
    slow.write = ((chunk: Uint8Array) => {
      const ok = realWrite(chunk);
      if (!ok) sawBackpressure = true;
      return ok;
    }) as typeof slow.write;
    const jobs = Array.from({ length: 20 }, (_, i) => new Job(i, 'p'.repeat(600)));
    for (const j of jobs) {
      await f.serializeAsync(slow, j);
      // After each resolved call the stream is below its high-water mark again.
      expect(slow.writableLength).toBeLessThan(1024 + 700);
    }
    expect(sawBackpressure).toBe(true);
    await new Promise<void>((r) => slow.end(r));
    expect(pendingCallbacks).toBe(0);
    const back = await collect(f.deserializeAll(Readable.from(received)));
    expect(back.map((j) => (j as Job).id)).toEqual(jobs.map((j) => j.id));
  });

  it('is atomic per graph: a failing graph writes nothing, concurrent calls never interleave', async () => {
    const pass = new PassThrough();
    const reading = collect(f.deserializeAll(pass));
    const e = await rejection(f.serializeAsync(pass, { ok: 1, bad: () => 1 }));
    expect(e.code).toBe('NOT_SERIALIZABLE');
    expect(pass.readableLength).toBe(0);
    await Promise.all(Array.from({ length: 50 }, (_, i) => f.serializeAsync(pass, new Job(i, 'z'.repeat(i * 100)))));
    pass.end();
    const back = (await reading) as Job[];
    expect(back.map((j) => j.id)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('rejects streams it cannot use', async () => {
    expect((await rejection(f.serializeAsync({} as never, 1))).code).toBe('INVALID_ARGUMENT');
    const ended = new PassThrough();
    ended.end();
    expect((await rejection(f.serializeAsync(ended, 1))).code).toBe('INVALID_ARGUMENT');
    expect((await rejection(collect(f.deserializeAll({} as never)))).code).toBe('INVALID_ARGUMENT');
  });
});
