// Source map v3 mappings, decoded and encoded: what the bundler path needs to move generated
// lines (preserve-lines.ts) and to map esbuild's messages back to the user's file (bundler.ts).
// A decoded segment is [generatedColumn, sourceIndex, sourceLine, sourceColumn, nameIndex?],
// every value absolute, one array of segments per generated line.

export type MapSegment = number[];

export interface RawSourceMap {
  version: number;
  file?: string;
  sourceRoot?: string;
  sources: string[];
  sourcesContent?: (string | null)[];
  names: string[];
  mappings: string;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Map([...B64].map((c, i) => [c, i]));

export function decodeMappings(mappings: string): MapSegment[][] {
  const lines: MapSegment[][] = [];
  const state = [0, 0, 0, 0, 0];
  for (const line of mappings.split(';')) {
    const segments: MapSegment[] = [];
    state[0] = 0;
    for (const text of line.split(',')) {
      if (!text) continue;
      const seg: number[] = [];
      let value = 0;
      let shift = 0;
      for (const ch of text) {
        const digit = B64_INDEX.get(ch) ?? 0;
        value += (digit & 31) << shift;
        if (digit & 32) {
          shift += 5;
          continue;
        }
        const field = seg.length;
        state[field] = state[field]! + (value & 1 ? -(value >>> 1) : value >>> 1);
        seg.push(state[field]!);
        value = 0;
        shift = 0;
      }
      segments.push(seg);
    }
    lines.push(segments);
  }
  return lines;
}

export function encodeMappings(lines: readonly (readonly MapSegment[])[]): string {
  const state = [0, 0, 0, 0, 0];
  const vlq = (n: number) => {
    let v = n < 0 ? (-n << 1) | 1 : n << 1;
    let s = '';
    do {
      let digit = v & 31;
      v >>>= 5;
      if (v > 0) digit |= 32;
      s += B64[digit];
    } while (v > 0);
    return s;
  };
  return lines
    .map((segments) => {
      state[0] = 0;
      return segments
        .map((seg) =>
          seg
            .map((value, field) => {
              const delta = value - state[field]!;
              state[field] = value;
              return vlq(delta);
            })
            .join(''),
        )
        .join(',');
    })
    .join(';');
}

