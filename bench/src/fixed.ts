/**
 * The fixed per-call cost (issue 13): `serialize(null)` and a one-object message (one Customer:
 * five fields, two tags, a Date), weft in both modes against the hand-written way, in one
 * process with tinybench (means, which include GC, beside medians). The hand side is the hand
 * codec's own Customer code (hand.ts, identity table included), whose output is a copy with its
 * own ArrayBuffer, as weft's serialize(graph) is.
 *
 *   node dist/fixed.js [--time ms]
 */
import { Bench } from 'tinybench';
import { BinaryFormatter } from '@weft/runtime';
import { Customer } from './model.js';
import { HandReader, HandWriter } from './serializers/hand.js';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1]! : def;
}

/** The hand codec's Customer writer for one message: the same framing hand.ts's serialize does. */
function handSerialize(w: HandWriter, c: Customer | null): Uint8Array {
  try {
    w.customer(c);
  } finally {
    w.end();
  }
  return w.finish();
}

function handDeserialize(r: HandReader, data: Uint8Array): Customer | null {
  r.reset(data);
  try {
    return r.customer();
  } finally {
    r.end();
  }
}

export interface FixedRow {
  message: string;
  codec: string;
  bytes: number;
  ser: { meanUs: number; medianUs: number };
  de: { meanUs: number; medianUs: number };
}

async function main(): Promise<void> {
  const time = Number(arg('--time', '1000'));
  const one = new Customer(1001, 'Zoë Müller', 'zoe@example.com', 2, true, JSON.parse('["gold","newsletter"]') as string[], new Date(Date.UTC(2019, 4, 17)));
  const hw = new HandWriter();
  const hr = new HandReader();
  const weft = new BinaryFormatter();
  const compact = new BinaryFormatter({ layouts: 'fingerprint' });
  const codecs: { name: string; ser: (v: Customer | null) => Uint8Array; de: (b: Uint8Array) => unknown }[] = [
    { name: 'hand', ser: (v) => handSerialize(hw, v), de: (b) => handDeserialize(hr, b) },
    { name: 'weft', ser: (v) => weft.serialize(v), de: (b) => weft.deserialize(b) },
    { name: 'weft-compact', ser: (v) => compact.serialize(v), de: (b) => compact.deserialize(b) },
  ];
  const rows: FixedRow[] = [];
  let sink: unknown;
  for (const [message, value] of [['serialize(null)', null], ['one Customer', one]] as const) {
    for (const c of codecs) {
      const bytes = c.ser(value);
      const back = c.de(bytes) as Customer | null;
      if (value !== null && (!(back instanceof Customer) || back.name !== one.name || back.since.getTime() !== one.since.getTime())) throw new Error(`${c.name} did not round-trip`);
      const bench = new Bench({ time, warmupTime: Math.min(300, time / 3) });
      bench.add('ser', () => {
        sink = c.ser(value);
      });
      bench.add('de', () => {
        sink = c.de(bytes);
      });
      await bench.run();
      const t = (name: string) => {
        const r = bench.tasks.find((x) => x.name === name)!.result as any;
        return { meanUs: r.latency.mean * 1000, medianUs: (r.latency.p50 ?? r.latency.mean) * 1000 };
      };
      rows.push({ message, codec: c.name, bytes: bytes.length, ser: t('ser'), de: t('de') });
    }
  }
  void sink;
  console.log('RESULT ' + JSON.stringify(rows));
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
