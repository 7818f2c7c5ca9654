/**
 * The fixed per-call cost (issue 13): `serialize(null)` and a one-object message (one Customer:
 * five fields, two tags, a Date), weft in both modes against the hand-written way, in one
 * process with tinybench (means, which include GC, beside medians). The hand code writes the
 * same fields the way hand.ts writes a Customer (bytes.ts: varints, JS short strings, f64 time)
 * and returns a copy with its own ArrayBuffer, as weft's serialize(graph) does.
 *
 *   node dist/fixed.js [--time ms]
 */
import { Bench } from 'tinybench';
import { BinaryFormatter } from '@weft/runtime';
import { Reader, Writer } from './bytes.js';
import { Customer } from './model.js';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1]! : def;
}

class OneWriter extends Writer {
  customer(c: Customer | null): Uint8Array {
    if (c === null) {
      this.u8(0);
      return this.finish();
    }
    this.u8(1);
    this.int(c.id);
    this.str(c.name);
    this.str(c.email);
    this.int(c.tier);
    this.u8(c.vip ? 1 : 0);
    this.varint(c.tags.length);
    for (let i = 0; i < c.tags.length; i++) this.str(c.tags[i]!);
    this.f64(c.since.getTime());
    return this.finish();
  }
}

class OneReader extends Reader {
  customer(data: Uint8Array): Customer | null {
    this.reset(data);
    if (this.u8() === 0) return null;
    const id = this.int();
    const name = this.str();
    const email = this.str();
    const tier = this.int();
    const vip = this.u8() === 1;
    const n = this.varint();
    const tags = new Array<string>(n);
    for (let i = 0; i < n; i++) tags[i] = this.str();
    return new Customer(id, name, email, tier, vip, tags, new Date(this.f64()));
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
  const hw = new OneWriter();
  const hr = new OneReader();
  const weft = new BinaryFormatter();
  const compact = new BinaryFormatter({ layouts: 'fingerprint' });
  const codecs: { name: string; ser: (v: Customer | null) => Uint8Array; de: (b: Uint8Array) => unknown }[] = [
    { name: 'hand', ser: (v) => hw.customer(v), de: (b) => hr.customer(b) },
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
