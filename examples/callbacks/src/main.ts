// Serialization callbacks: what runs when, over a nested graph.
import { BinaryFormatter, StreamingContext, StreamingContextStates } from '@weft/runtime';
import { Circle } from './circle.js';
import { Folder, Item, log } from './folder.js';
import { Tag, TagIndex } from './tag-index.js';

const formatter = new BinaryFormatter({ context: new StreamingContext(StreamingContextStates.File) });
const checks: [string, boolean][] = [];

// 1. Circle: the @NonSerialized area is recomputed in @OnDeserialized.
const circle = formatter.deserialize<Circle>(formatter.serialize(new Circle(2)));
console.log(`circle: radius ${circle.radius}, area ${circle.area.toFixed(4)}`);
checks.push(['Circle area recomputed after deserialization', circle instanceof Circle && Math.abs(circle.area - Math.PI * 4) < 1e-12]);

// 2. The order of all four callbacks over a nested graph.
const root = new Folder('root').add(new Folder('docs').add(new Item('a.txt')), new Item('b.txt'));
const bytes = formatter.serialize(root);
console.log('-- serialize');
const written = log.splice(0);
for (const line of written) console.log(line);
checks.push([
  'OnSerializing before each object is written (base first), OnSerialized after the whole graph',
  written.length === 8 && written.slice(0, 6).every((l) => l.startsWith('OnSerializing')) && written[0] === 'OnSerializing   root (Item)' && written[6] === 'OnSerialized    root',
]);
const back = formatter.deserialize<Folder>(bytes);
console.log('-- deserialize');
const order = log.splice(0);
for (const line of order) console.log(line);

const firstSerialized = order.findIndex((l) => l.startsWith('OnDeserialized'));
checks.push(['every OnDeserializing runs before any OnDeserialized', order.slice(0, firstSerialized).every((l) => l.startsWith('OnDeserializing'))]);
checks.push(['OnDeserializing sees no fields yet', order[0] === 'OnDeserializing (name is undefined)']);
const deserialized = order.filter((l) => l.startsWith('OnDeserialized'));
checks.push([
  'OnDeserialized in reverse reading order, base class first',
  JSON.stringify(deserialized) ===
    JSON.stringify([
      'OnDeserialized  b.txt (Item)',
      'OnDeserialized  a.txt (Item)',
      'OnDeserialized  docs (Item)',
      'OnDeserialized  docs',
      'OnDeserialized  root (Item)',
      'OnDeserialized  root',
    ]),
]);
checks.push(['IDeserializationCallback last, with the graph complete', order.at(-1) === 'onDeserialization root: 3 items below' && back.total === 3]);

// 3. An ISerializable collection: OnDeserializing before its constructor reads, its
//    OnDeserialized after those of the tags it holds.
const index = formatter.deserialize<TagIndex>(formatter.serialize(new TagIndex([new Tag('Red'), new Tag('Blue')])));
console.log('-- ISerializable collection');
const collection = log.splice(0);
for (const line of collection) console.log(line);
checks.push([
  'OnDeserializing runs before the deserialization constructor reads; what it reads wins',
  collection[0] === 'OnDeserializing TagIndex' && collection[1] === 'TagIndex(info): source is "default" before reading' && index.source === 'created',
]);
checks.push([
  "the collection's OnDeserialized runs after its items', which it relies on",
  collection.at(-1) === 'OnDeserialized  TagIndex: 2 keys' && index.byKey.get('blue') === index.tags[1],
]);

for (const [what, ok] of checks) console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
const failed = checks.filter(([, ok]) => !ok).length;
console.log(failed === 0 ? 'callbacks verified' : `${failed} checks failed`);
process.exitCode = failed === 0 ? 0 : 1;
