// Runs in a Worker with a 1 MB stack (stack.test.ts): decodes a frame nested `depth` levels
// through one nesting construct, under the default limits, and reports the outcome.
import { parentPort, workerData } from 'node:worker_threads';
import { BinaryFormatter, SerializationException, StreamingContext, StreamingContextStates, SurrogateSelector } from '@weft/runtime';

/** Not compiled: read through a surrogate, the costliest nesting path per level. */
class Wrap {
  constructor(inner = null) {
    this.inner = inner;
  }
}
const wrapSurrogate = {
  getObjectData(o, info) {
    info.addValue('inner', o.inner);
  },
  setObjectData(o, info) {
    o.inner = info.getValue('inner');
    return o;
  },
};

const T = { Null: 0x00, Undefined: 0x01, String: 0x08, Array: 0x0c, Object: 0x0d, Map: 0x11, Set: 0x12, Error: 0x15, TypeDef: 0x16, ClassSmall: 0x40 };
const str = (s) => [T.String, s.length, ...Buffer.from(s)];

function nested(kind, depth) {
  const shapes = {
    arrays: [[T.Array, 1], [T.Null]],
    objects: [[T.Object, 1, ...str('k')], [T.Null]],
    maps: [[T.Map, 1, T.Null], [T.Null]],
    sets: [[T.Set, 1], [T.Null]],
    'error causes': [[T.Error, 0, ...str(''), ...str(''), T.Undefined], [T.Undefined]],
  };
  const body = [];
  if (kind === 'surrogate') {
    const typeDef = [T.TypeDef, ...str('wrap'), ...str('Wrap'), 1, 0];
    for (let i = 0; i < depth; i++) body.push(...(i === 0 ? typeDef : [T.ClassSmall]), 1, ...str('inner'));
    body.push(T.Null);
  } else {
    const [open, close] = shapes[kind];
    for (let i = 0; i < depth; i++) body.push(...open);
    body.push(...close);
  }
  const out = new Uint8Array(8 + body.length);
  out.set([0x57, 0x46, 2, 0]);
  new DataView(out.buffer).setUint32(4, body.length, true);
  out.set(body, 8);
  return out;
}

const { kind, depth } = workerData;
const selector = new SurrogateSelector();
selector.addSurrogate(Wrap, new StreamingContext(StreamingContextStates.All), wrapSurrogate);
const f = new BinaryFormatter({ surrogateSelector: selector });
try {
  f.deserialize(nested(kind, depth));
  parentPort.postMessage({ outcome: 'ok' });
} catch (e) {
  parentPort.postMessage({ outcome: e instanceof SerializationException ? e.code : `${e?.name}: ${e?.message}`, message: String(e?.message) });
}
