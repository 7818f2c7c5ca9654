/**
 * Prints the top self-time functions of a V8 .cpuprofile (from `node --cpu-prof`), and the
 * total (inclusive) time of the top ones, so hot spots can be named by file and function.
 *
 *   node dist/cpuprofile-top.js <file.cpuprofile> [n]
 */
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
const [file, nArg] = process.argv.slice(2);
if (!file) throw new Error('usage: cpuprofile-top <file.cpuprofile> [n]');
const p = JSON.parse(readFileSync(file, 'utf8')) as { nodes: Node[]; samples: number[] };
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const key = (n: Node) => `${n.callFrame.functionName || '(anonymous)'}  ${n.callFrame.url.replace(/^.*\/(packages|bench|node_modules)\//, '$1/')}:${n.callFrame.lineNumber + 1}`;
const self = new Map<string, number>();
const total = new Map<string, number>();
for (const s of p.samples) {
  const n = byId.get(s)!;
  self.set(key(n), (self.get(key(n)) ?? 0) + 1);
  const seen = new Set<string>();
  for (let id: number | undefined = s; id !== undefined; id = parent.get(id)) {
    const k = key(byId.get(id)!);
    if (seen.has(k)) continue;
    seen.add(k);
    total.set(k, (total.get(k) ?? 0) + 1);
  }
}
const all = p.samples.length;
const top = Number(nArg ?? 20);
console.log(`${all} samples\n\nself %   total %   function  location`);
for (const [k, c] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(`${((100 * c) / all).toFixed(1).padStart(6)}   ${((100 * (total.get(k) ?? 0)) / all).toFixed(1).padStart(6)}    ${k}`);
}
