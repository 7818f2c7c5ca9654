// The version-1 program. `write`: saves a v1 document. `read`: opens the file version 2 saved.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { BinaryFormatter } from '@weft/runtime';
import { Document, Note } from './document.js';

const dataDir = new URL('../data/', import.meta.url);
const formatter = new BinaryFormatter();

if (process.argv[2] === 'write') {
  mkdirSync(dataDir, { recursive: true });
  const doc = new Document('Release notes', 'First draft.', 3);
  const bytes = formatter.serialize(doc);
  writeFileSync(new URL('doc-v1.bin', dataDir), bytes);
  console.log(`v1 wrote doc-v1.bin (${bytes.length} bytes): "${doc.title}", ${doc.pages} pages`);
  const note = new Note('Check the figures', 2);
  writeFileSync(new URL('note-v1.bin', dataDir), formatter.serialize([note, note]));
  console.log(`v1 wrote note-v1.bin: the same Note twice`);
} else {
  const doc = formatter.deserialize<Document>(readFileSync(new URL('doc-v2.bin', dataDir)));
  const ok = doc instanceof Document && doc.title === 'Release notes (edited in v2)' && doc.pages === 4;
  console.log(`v1 read doc-v2.bin: "${doc.title}", ${doc.pages} pages; the members v1 does not know (author, tags) were skipped`);
  console.log(`${ok && !('author' in doc) ? 'ok  ' : 'FAIL'} version 1 reads version 2's bytes`);
  process.exitCode = ok ? 0 : 1;
}
