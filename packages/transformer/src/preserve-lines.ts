import type * as ts from 'typescript';
import { decodeMappings, encodeMappings, type MapSegment, type RawSourceMap } from './source-map.js';

/**
 * Re-lays out TypeScript's output so that the user's lines keep their line numbers.
 *
 * The output's lines whose first mapped position is in order with the source (the longest run of
 * strictly increasing source lines) are anchors: each is put on its source line, padded with
 * empty lines, and indented to its source column. Every other line (generated code, a line the
 * printer split off, a field TypeScript moved) is joined to the end of the line before it.
 * A line break inside a token (template literal, string, JSX text) is never touched, and the
 * generated prelude (weft's header comment and runtime import) moves to the end of the file,
 * where an import means the same. The result's source map is rewritten to match.
 */
export function preserveLines(tsi: typeof ts, js: string, mapText: string, source: string, fileName: string): { code: string; map: string } {
  const map = JSON.parse(mapText) as RawSourceMap;
  const segments = decodeMappings(map.mappings);
  const lines = js.split('\n');
  const n = lines.length;
  const starts: number[] = [];
  for (let i = 0, pos = 0; i < n; pos += lines[i]!.length + 1, i++) starts.push(pos);
  const lineOf = (pos: number) => {
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const sourceLines = source.split(/\r?\n/);

  // Tokens that may span lines: their line breaks are content.
  const jsx = /\.[jt]sx$/i.test(fileName);
  const sf = tsi.createSourceFile(fileName, js, tsi.ScriptTarget.ESNext, false, jsx ? tsi.ScriptKind.JSX : tsi.ScriptKind.JS);
  const locked: [number, number, Lock][] = [];
  const K = tsi.SyntaxKind;
  const visit = (node: ts.Node): void => {
    switch (node.kind) {
      case K.StringLiteral:
      case K.NoSubstitutionTemplateLiteral:
      case K.TemplateHead:
      case K.TemplateMiddle:
      case K.TemplateTail:
      case K.RegularExpressionLiteral:
        locked.push([node.getStart(sf), node.end, Lock.Hard]);
        return;
      case K.JsxText: // all of it, whitespace included (getStart would skip the leading part)
        locked.push([node.pos, node.end, Lock.Jsx]);
        return;
    }
    tsi.forEachChild(node, visit);
  };
  visit(sf);
  locked.sort((a, b) => a[0] - b[0]);
  // lockedBreak[i]: whether the line break ending line i is inside a token
  const lockedBreak = new Array<Lock>(n).fill(Lock.None);
  for (const [s, e, lock] of locked) {
    for (let p = js.indexOf('\n', s); p !== -1 && p < e; p = js.indexOf('\n', p + 1)) lockedBreak[lineOf(p)] = lock;
  }
  // lineComment[i]: column of a `//` comment that ends line i, or -1
  const lineComment = new Array<number>(n).fill(-1);
  for (let p = 0, k = 0; p < js.length; ) {
    while (k < locked.length && locked[k]![1] <= p) k++;
    if (k < locked.length && locked[k]![0] <= p) {
      p = locked[k]![1];
      continue;
    }
    if (js[p] === '/' && js[p + 1] === '*') {
      const end = js.indexOf('*/', p + 2);
      p = end === -1 ? js.length : end + 2;
    } else if (js[p] === '/' && js[p + 1] === '/') {
      const line = lineOf(p);
      lineComment[line] = p - starts[line]!;
      p = starts[line]! + lines[line]!.length;
    } else p++;
  }

  // First mapped position of each line (segments are sorted by generated column).
  const first = segments.map((segs) => segs.find((s) => s.length >= 4 && s[1] === 0));
  const src = (i: number) => first[i]?.[2];

  // The prelude: lines before the first mapped one (after a #! line), if it holds nothing but
  // comments and complete import declarations.
  const shebang = js.startsWith('#!');
  const from = shebang ? 1 : 0;
  let firstMapped = from;
  while (firstMapped < n && src(firstMapped) === undefined) firstMapped++;
  let prelude: number[] = [];
  if (firstMapped > from && firstMapped < n) {
    const end = starts[firstMapped]!;
    const ok =
      !lockedBreak[firstMapped - 1] &&
      sf.statements.every((st) => st.getStart(sf) >= end || (tsi.isImportDeclaration(st) && st.end <= end)) &&
      (from === 0 || !lockedBreak[0]);
    if (ok) prelude = Array.from({ length: firstMapped - from }, (_, k) => from + k);
  }
  const inPrelude = new Set(prelude);
  const order = [...Array.from({ length: n }, (_, i) => i).filter((i) => !inPrelude.has(i)), ...prelude];

  // Anchors: the longest strictly increasing run of source lines, in output order.
  const candidates = order.filter((i, k) => src(i) !== undefined && !inPrelude.has(i) && (k === 0 || lockedBreak[order[k - 1]!] !== Lock.Hard || i !== order[k - 1]! + 1));
  const anchors = new Set(longestIncreasing(candidates, (i) => src(i)!));

  const out: string[] = [];
  /** where the text of old line i, from column `from`, went */
  const placed = new Map<number, { line: number; col: number; from: number }>();
  let comment = -1; // column in out's last line of a trailing `//` comment
  let closed = false; // out's last line must not get code appended (#! line)
  const newLine = (text: string, oldLine: number, fromCol: number, col = 0) => {
    out.push(text);
    placed.set(oldLine, { line: out.length - 1, col, from: fromCol });
  };
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    const text = lines[i]!;
    const prev = k > 0 ? order[k - 1]! : -1;
    // The line break before this line, as the output has it: inside a token, it stays; inside
    // JSX text it may be doubled (JSX drops lines of whitespace).
    const lock = prev !== -1 && prev === i - 1 ? lockedBreak[prev]! : Lock.None;
    if (lock !== Lock.None) {
      const s = src(i);
      if (lock === Lock.Jsx && s !== undefined && anchors.has(i)) while (out.length < s) out.push('');
      newLine(text, i, 0);
      comment = lineComment[i]!;
      closed = false;
      continue;
    }
    const body = text.replace(/^[ \t]+/, '').replace(/\r$/, '');
    const indent = text.length - text.replace(/^[ \t]+/, '').length;
    const bodyComment = lineComment[i]! >= 0 ? lineComment[i]! - indent : -1;
    if (i === 0 && shebang) {
      newLine(text, i, 0);
      closed = true;
      continue;
    }
    if (inPrelude.has(i)) {
      if (body) newLine(text, i, 0);
      comment = -1;
      closed = false;
      continue;
    }
    const s = src(i);
    const target = s !== undefined && anchors.has(i) && s > out.length - 1 ? s : undefined;
    if (target === undefined && out.length > 0) {
      if (!body) continue;
      let last = out[out.length - 1]!;
      const canJoin = !closed && (comment < 0 || !last.slice(comment + 2).includes('*/'));
      if (canJoin) {
        if (comment >= 0) last = `${last.slice(0, comment)}/*${last.slice(comment + 2)} */`;
        const col = last.length + (last.length > 0 ? 1 : 0);
        out[out.length - 1] = last.length > 0 ? `${last} ${body}` : body;
        placed.set(i, { line: out.length - 1, col, from: indent });
        comment = bodyComment >= 0 ? col + bodyComment : -1;
        continue;
      }
    }
    while (target !== undefined && out.length < target) out.push('');
    // Indent to the source column: the source's own indentation when the line starts there.
    let lead = text.slice(0, indent);
    const f = first[i];
    if (f !== undefined && f[0] === indent) {
      const srcLine = sourceLines[f[2]!] ?? '';
      const before = srcLine.slice(0, f[3]!);
      lead = /^[ \t]*$/.test(before) ? before : ' '.repeat(f[3]!);
    }
    newLine(lead + body, i, indent, lead.length);
    comment = bodyComment >= 0 ? lead.length + bodyComment : -1;
    closed = false;
  }

  const mapped: MapSegment[][] = out.map(() => []);
  for (const [i, p] of placed) {
    for (const seg of segments[i] ?? []) mapped[p.line]!.push([Math.max(p.col, p.col + seg[0]! - p.from), ...seg.slice(1)]);
  }
  for (const segs of mapped) segs.sort((a, b) => a[0]! - b[0]!);
  return { code: out.join('\n'), map: JSON.stringify({ ...map, mappings: encodeMappings(mapped) }) };
}

const enum Lock {
  None,
  /** inside JSX text: a line of whitespace may be added */
  Jsx,
  /** inside a string, template or regular expression */
  Hard,
}

/** Indices into `items` of a longest strictly increasing subsequence of key(item), returned as items. */
function longestIncreasing<T>(items: readonly T[], key: (item: T) => number): T[] {
  const tails: number[] = []; // tails[len-1] = index of the smallest tail of an increasing run of length len
  const prev = new Array<number>(items.length).fill(-1);
  for (let i = 0; i < items.length; i++) {
    const v = key(items[i]!);
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (key(items[tails[mid]!]!) < v) lo = mid + 1;
      else hi = mid;
    }
    // an equal value keeps the earlier line: of two lines the printer made of one, the first
    if (lo < tails.length && key(items[tails[lo]!]!) === v) continue;
    if (lo > 0) prev[i] = tails[lo - 1]!;
    tails[lo] = i;
  }
  const result: T[] = [];
  for (let i = tails.length > 0 ? tails[tails.length - 1]! : -1; i !== -1; i = prev[i]!) result.push(items[i]!);
  return result.reverse();
}
