/**
 * `pnpm demo`: starts the worker and the producer as two Node processes against the same Redis
 * (REDIS_URL, or REDIS_HOST/REDIS_PORT) and prints their output, each line prefixed with its
 * process. Exits non-zero when either of them does.
 *
 *   REDIS_PORT=6390 node dist/demo.js [--timeout MS]
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

function start(name: string): Promise<number | null> {
  const script = fileURLToPath(new URL(`./${name}.js`, import.meta.url));
  const child = spawn(process.execPath, [script, ...process.argv.slice(2)], { stdio: ['ignore', 'pipe', 'pipe'] });
  createInterface({ input: child.stdout }).on('line', (line) => console.log(`[${name}] ${line}`));
  createInterface({ input: child.stderr }).on('line', (line) => console.error(`[${name}] ${line}`));
  return new Promise((resolve) => child.once('close', resolve));
}

const [worker, producer] = await Promise.all([start('worker'), start('producer')]);
if (worker !== 0 || producer !== 0) {
  console.error(`worker exited with ${worker}, producer with ${producer}`);
  process.exitCode = 1;
}
