// The version-2 program: opens the file version 1 saved, edits it, saves it for version 1 to read.
import { readFileSync, writeFileSync } from 'node:fs';
import { BinaryFormatter } from '@weft/runtime';
import { Annotation, NoteToAnnotationBinder } from './annotation.js';
import { Document } from './document.js';

const dataDir = new URL('../data/', import.meta.url);
const formatter = new BinaryFormatter();

const doc = formatter.deserialize<Document>(readFileSync(new URL('doc-v1.bin', dataDir)));
console.log(`v2 read doc-v1.bin: "${doc.title}", ${doc.pages} pages, author ${doc.author}, ${doc.tags.length} tags`);
const ok = doc instanceof Document && doc.title === 'Release notes' && doc.pages === 3 && doc.author === '(unknown)' && doc.tags.length === 0;
console.log(`${ok ? 'ok  ' : 'FAIL'} version 2 reads version 1's bytes (missing optional members get their defaults)`);

doc.title += ' (edited in v2)';
doc.pages = 4;
doc.author = 'Ann';
doc.tags.push('release');
const bytes = formatter.serialize(doc);
writeFileSync(new URL('doc-v2.bin', dataDir), bytes);
console.log(`v2 wrote doc-v2.bin (${bytes.length} bytes) with author ${doc.author} and tags [${doc.tags.join(', ')}]`);

// Version 1's Note, read through a binder as version 2's ISerializable Annotation.
const notes = new BinaryFormatter({ binder: new NoteToAnnotationBinder() }).deserialize<Annotation[]>(readFileSync(new URL('note-v1.bin', dataDir)));
const [note, same] = notes;
console.log(`v2 read note-v1.bin as ${note!.constructor.name}: "${note!.text}", ${note!.stars} stars, color ${note!.color}`);
const noteOk = note instanceof Annotation && same === note && note.text === 'Check the figures' && note.stars === 2 && note.color === 'yellow';
console.log(`${noteOk ? 'ok  ' : 'FAIL'} a binder maps version 1's Note onto the ISerializable Annotation (a missing member gets its default, identity kept)`);
process.exitCode = ok && noteOk ? 0 : 1;
