// Custom serialization: ISerializable, a singleton, surrogates, a binder.
import { BinaryFormatter, MemoryStream, SerializationException, StreamingContext, StreamingContextStates, SurrogateSelector } from '@weft/runtime';
import { geoPointSurrogate, routeSurrogate } from './geo-surrogates.js';
import { MyObject, ObjectTwo } from './my-object.js';
import { Singleton } from './singleton.js';
import { UniversalTimeSurrogate } from './utc-date.js';
import { GeoPoint, Route } from './vendor/geo.js';
import { Ver1, Ver1ToVer2SerializationBinder, Ver2 } from './versions.js';

const checks: [string, boolean][] = [];
const check = (what: string, ok: boolean) => checks.push([what, ok]);
const all = new StreamingContext(StreamingContextStates.All);

// 1. ISerializable: MyObject and its subclass ObjectTwo, written to a stream and read back.
{
  const formatter = new BinaryFormatter();
  const stream = new MemoryStream();
  const one = Object.assign(new MyObject(), { n1: 1, n2: 24, str: 'Some String' });
  const two = Object.assign(new ObjectTwo(), { n1: 2, n2: 3, str: 'two', num: 42 });
  formatter.serialize(stream, one);
  formatter.serialize(stream, two);
  stream.position = 0;
  const a = formatter.deserialize<MyObject>(stream);
  const b = formatter.deserialize<ObjectTwo>(stream);
  console.log(`MyObject: n1=${a.n1} n2=${a.n2} str=${a.str}; ObjectTwo: n1=${b.n1} n2=${b.n2} str=${b.str} num=${b.num}`);
  check('MyObject read through its (info, context) constructor', a instanceof MyObject && a.n1 === 1 && a.n2 === 24 && a.str === 'Some String');
  check('ObjectTwo chains to MyObject both ways', b instanceof ObjectTwo && b.n1 === 2 && b.str === 'two' && b.num === 42);
}

// 2. Singleton: two references come back as two references to the process's one instance.
{
  const formatter = new BinaryFormatter();
  const a1 = [Singleton.instance, Singleton.instance];
  const a2 = formatter.deserialize<Singleton[]>(formatter.serialize(a1));
  console.log(`singleton: a2[0] === a2[1]: ${a2[0] === a2[1]}; a2[0] === a1[0]: ${a2[0] === a1[0]}`);
  check('singleton keeps its identity in the process', a2[0] === a2[1] && a2[0] === Singleton.instance);
}

// 3. A surrogate for Date: written as UTC text.
{
  const selector = new SurrogateSelector();
  selector.addSurrogate(Date, all, new UniversalTimeSurrogate());
  const formatter = new BinaryFormatter({ surrogateSelector: selector });
  const meeting = { title: 'standup', at: new Date(Date.UTC(2026, 10, 21, 9, 30)) };
  const bytes = formatter.serialize(meeting);
  const text = new TextDecoder('latin1').decode(bytes).match(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ/)?.[0];
  const back = formatter.deserialize<typeof meeting>(bytes);
  console.log(`date surrogate wrote "${text}", read back ${back.at.toISOString()}`);
  check('Date travels as UTC text and comes back equal', text === '2026-11-21 09:30:00Z' && back.at instanceof Date && back.at.getTime() === meeting.at.getTime());
}

// 4. Surrogates for uncompiled third-party classes, in a selector chain, with a cycle.
{
  const plain = new BinaryFormatter();
  let refused = '';
  try {
    plain.serialize(new GeoPoint(1, 2));
  } catch (e) {
    refused = e instanceof SerializationException ? e.code : 'other error';
  }
  const points = new SurrogateSelector();
  points.addSurrogate(GeoPoint, all, geoPointSurrogate);
  const routes = new SurrogateSelector();
  routes.addSurrogate(Route, all, routeSurrogate);
  points.chainSelector(routes);
  const formatter = new BinaryFormatter({ surrogateSelector: points });
  const there = new Route('there');
  const back = new Route('back');
  const home = new GeoPoint(52.52, 13.405);
  there.stops = [home, new GeoPoint(48.8566, 2.3522)];
  back.stops = [there.stops[1]!, home];
  there.next = back;
  back.next = there;
  const r = formatter.deserialize<Route>(formatter.serialize(there));
  console.log(`uncompiled classes: without a surrogate ${refused}; with one: ${r.name} [${r.stops.join(' -> ')}] then ${r.next!.name}`);
  check('uncompiled classes serialize through surrogates', refused === 'NOT_SERIALIZABLE' && r instanceof Route && r.stops[0] instanceof GeoPoint && r.stops[0]!.lat === 52.52);
  check('surrogate objects keep cycles and shared references', r.next!.next === r && r.next!.stops[1] === r.stops[0]);
}

// 5. A binder: data written as Ver1 is read as Ver2.
{
  const v1bytes = new BinaryFormatter().serialize(Object.assign(new Ver1(), { customer: 'Ann', total: 99 }));
  const reader = new BinaryFormatter({ binder: new Ver1ToVer2SerializationBinder() });
  const v2 = reader.deserialize<Ver2>(v1bytes);
  console.log(`binder: Ver1 bytes read as ${v2.constructor.name} { customer: ${v2.customer}, total: ${v2.total}, currency: ${v2.currency} }`);
  check('Ver1 bytes become a Ver2', v2 instanceof Ver2 && v2.customer === 'Ann' && v2.total === 99);
}

for (const [what, ok] of checks) console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
const failed = checks.filter(([, ok]) => !ok).length;
console.log(failed === 0 ? 'custom serialization verified' : `${failed} checks failed`);
process.exitCode = failed === 0 ? 0 : 1;
