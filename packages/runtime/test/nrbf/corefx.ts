import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** One corefx blob: the object's line in BinaryFormatterTestData.cs, its C# expression, the runtime that wrote it. */
export interface CorefxBlob {
  readonly line: number;
  readonly expr: string;
  readonly tfm: string;
  readonly bytes: Uint8Array;
}

const DATA = fileURLToPath(new URL('../../../../../shared/data/nrbf-dotnet-testdata/corefx-BinaryFormatterTestData.jsonl', import.meta.url));

let cached: CorefxBlob[] | undefined;

export function corefxBlobs(): CorefxBlob[] {
  if (cached) return cached;
  const out: CorefxBlob[] = [];
  for (const line of readFileSync(DATA, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const o = JSON.parse(line) as { line: number; expr: string; blobs: { tfm: string; b64: string }[] };
    for (const b of o.blobs) out.push({ line: o.line, expr: o.expr, tfm: b.tfm, bytes: new Uint8Array(Buffer.from(b.b64, 'base64')) });
  }
  return (cached = out);
}
