import * as fs from 'node:fs';
import * as path from 'node:path';

/** Default wire assembly of a source file: the `name` of the nearest package.json (API.md §6). */
const cache = new Map<string, string>();

export function assemblyOf(fileName: string): string {
  let dir = path.dirname(path.resolve(fileName));
  const visited: string[] = [];
  for (;;) {
    const hit = cache.get(dir);
    if (hit !== undefined) return remember(visited, hit);
    visited.push(dir);
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg)) {
      let name = '';
      try {
        const parsed = JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: unknown };
        if (typeof parsed.name === 'string') name = parsed.name;
      } catch {
        // An unreadable package.json names no assembly.
      }
      return remember(visited, name);
    }
    const parent = path.dirname(dir);
    if (parent === dir) return remember(visited, '');
    dir = parent;
  }
}

function remember(dirs: string[], name: string): string {
  for (const d of dirs) cache.set(d, name);
  return name;
}
