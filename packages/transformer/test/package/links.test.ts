import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The READMEs' relative links stay inside the repository and name files that exist (a link to
 * ../shared or to a file that is gone breaks on GitHub and on npm), and every #anchor names a
 * heading of its target. The root README links nowhere else; the package READMEs link to the
 * web only for each other's npm page (npm pages have no repository to be relative to).
 */
const ROOT = path.resolve(__dirname, '../../../..');
const READMES = [
  'README.md',
  'packages/runtime/README.md',
  'packages/transformer/README.md',
  ...fs.readdirSync(path.join(ROOT, 'examples')).map((e) => `examples/${e}/README.md`),
].filter((f) => fs.existsSync(path.join(ROOT, f)));

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function anchors(markdown: string): Set<string> {
  const out = new Set<string>();
  for (const m of markdown.matchAll(/^#{1,6} +(.+)$/gm)) {
    out.add(m[1]!.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-'));
  }
  return out;
}

describe('README links', () => {
  it.each(READMES)('%s links to files of the repository that exist', (readme) => {
    const text = fs.readFileSync(path.join(ROOT, readme), 'utf8').replace(/```[\s\S]*?```/g, '');
    const links = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
    if (readme === 'README.md') expect(links.length).toBeGreaterThan(20);
    const broken: string[] = [];
    for (const link of links) {
      if (/^https?:/.test(link)) {
        const allowed = readme.startsWith('examples/') || (readme.startsWith('packages/') && link.startsWith('https://www.npmjs.com/package/@weft/'));
        if (!allowed) broken.push(`${link} (outside the repository)`);
        continue;
      }
      const [file, anchor] = link.split('#') as [string, string | undefined];
      const target = file === '' ? path.join(ROOT, readme) : path.resolve(ROOT, path.dirname(readme), file);
      if (path.relative(ROOT, target).startsWith('..')) broken.push(`${link} (outside the repository)`);
      else if (!fs.existsSync(target)) broken.push(`${link} (no such file)`);
      else if (anchor !== undefined && target.endsWith('.md') && !anchors(fs.readFileSync(target, 'utf8')).has(anchor)) broken.push(`${link} (no such heading)`);
    }
    expect(broken).toEqual([]);
  });
});
