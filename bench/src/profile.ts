/**
 * Profiling harness: loops one direction of one serializer on one workload for a few seconds,
 * for `node --cpu-prof`. Then summarize with `node dist/cpuprofile-top.js <file.cpuprofile>`.
 *
 *   node --cpu-prof --cpu-prof-dir=results/profiles dist/profile.js graph weft ser 5000
 */
import { serializerById } from './serializers/index.js';
import { buildWorkload, type WorkloadName } from './workloads.js';

const [workload = 'graph', id = 'weft', dir = 'ser', ms = '5000'] = process.argv.slice(2);
const w = buildWorkload(workload as WorkloadName);
const codec = await serializerById(id).create(w);
const encoded = codec.serialize(w.root);
let n = 0;
const t = performance.now();
while (performance.now() - t < Number(ms)) {
  if (dir === 'ser') codec.serialize(w.root);
  else codec.deserialize(encoded);
  n++;
}
console.log(`${id} ${workload} ${dir}: ${n} ops, ${((performance.now() - t) / n).toFixed(2)} ms/op`);
