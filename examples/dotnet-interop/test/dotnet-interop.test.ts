import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

// Builds the example as a user would (tspc + the tsconfig plugin line) and runs it in a fresh Node
// process. It reads the committed data/orders.bin (written by .NET's BinaryFormatter under Mono),
// writes an answer with NrbfFormatter, and has .NET's BinaryFormatter (Mono) read that back. Mono
// is required in CI (.ci/run installs it); on a machine without it the example says so and the
// .NET half is not checked.
const dir = path.join(__dirname, '..');
// Generous bounds that only catch a hang (no timing assertions): builds are slow on a loaded machine.
const BUILD_TIMEOUT = 5 * 60_000;
const RUN_TIMEOUT = 2 * 60_000;
const TEST_TIMEOUT = 10 * 60_000;

describe('examples/dotnet-interop', () => {
  it('builds with tspc, reads a .NET BinaryFormatter payload into TypeScript classes and writes one .NET reads', () => {
    const build = spawnSync('pnpm', ['run', 'build'], { cwd: dir, encoding: 'utf8', timeout: BUILD_TIMEOUT });
    expect(build.status, build.stdout + build.stderr).toBe(0);
    const res = spawnSync(process.execPath, ['dist/main.js'], { cwd: dir, encoding: 'utf8', timeout: RUN_TIMEOUT });
    expect(res.status, res.stdout + res.stderr).toBe(0);
    const out = res.stdout;
    expect(out).toMatch(/^decodeNrbf: 4400 bytes, 1 message, \d+ records, root Shop\.OrderBook \(Shop, Version=0\.0\.0\.0, Culture=neutral, PublicKeyToken=null\)$/m);
    expect(out).toContain('Teahouse Online: 3 orders, exported 2024-11-23T06:00:00.0000000Z');
    expect(out).toContain('order 5001 (3f2504e0-4f89-11d3-9a0c-0305e82c3301), Shipped, placed 2024-11-20T10:15:00.0000000Z');
    expect(out).toContain('order 5002 (9a6c2e57-1b3d-4f0a-8e21-5c7d90b4a6f1), Paid, placed 2024-11-21T09:30:00.1234567Z');
    expect(out).toContain('order 5003 (c0ffee00-7e57-4d1e-b0a7-000000005003), Pending, placed 2024-11-22T18:05:00.0000000Z');
    expect(out.match(/^ {2}customer Ann Lee <ann@example\.com> #1001$/gm)).toHaveLength(2);
    expect(out).toContain('  customer Bob Stone <bob@example.com> #1002');
    expect(out.match(/^ {2}total .*$/gm)).toEqual(['  total 32.40', '  total 65.85', '  total 9.96']);
    expect(out).toContain('  tags channel=web, coupon=WELCOME10');
    expect(out).toContain('  tags (none)');
    expect(out).toContain('grand total 108.21');
    // writing
    expect(out).toMatch(/^NrbfFormatter wrote \d+ bytes \(dist\/orders-from-node\.bin\): 4 orders, grand total 122\.71$/m);
    expect(out).toContain('a Quantity of 3000000000 -> VALUE_OUT_OF_RANGE: Shop.OrderLine.Quantity is declared Int32');
    const withMono = !out.includes('Mono is not installed');
    if (process.env.CI) expect(withMono, 'CI runs the .NET half: .ci/run installs Mono').toBe(true);
    if (withMono) {
      expect(out).toContain('.NET order 5003 (c0ffee00-7e57-4d1e-b0a7-000000005003), Paid, 1 line(s), customer Bob Stone, total 9.96, tags (none)');
      expect(out).toContain('.NET order 5004 (5c0ffee5-aaaa-4bbb-8ccc-000000005004), Pending, 1 line(s), customer Ann Lee, total 14.50, tags channel=node');
      expect(out).toContain('.NET grand total 122.71');
    }
    expect(out).not.toMatch(/FAIL/);
    expect(out.match(/^ok /gm)).toHaveLength(withMono ? 12 : 11);
    expect(out).toMatch(/^\.NET BinaryFormatter data read into TypeScript classes and written back for \.NET: verified$/m);
    expect(res.stderr).toBe('');
  }, TEST_TIMEOUT);
});
