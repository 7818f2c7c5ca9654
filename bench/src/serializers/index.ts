import { classTransformerCase } from './class-transformer.js';
import { furyCase } from './fury.js';
import { handCase } from './hand.js';
import { jsonCase } from './json.js';
import { msgpackrExtCase, msgpackrRecordsCase } from './msgpackr.js';
import { naiveCase } from './naive.js';
import type { SerializerCase } from './types.js';
import { v8Case } from './v8.js';
import { weftCase, weftCompactCase, weftJsonCase, weftJsonPrettyCase } from './weft.js';

export type { Codec, Encoded, SerializerCase } from './types.js';
export { byteSize } from './types.js';

/** every serializer in table order; hand = 1.0 baseline, weft = the subject */
export const SERIALIZERS: readonly SerializerCase[] = [
  handCase,
  weftCase,
  weftCompactCase,
  weftJsonCase,
  weftJsonPrettyCase,
  v8Case,
  jsonCase,
  msgpackrExtCase,
  msgpackrRecordsCase,
  classTransformerCase,
  furyCase,
  naiveCase,
];

export function serializerById(id: string): SerializerCase {
  const s = SERIALIZERS.find((x) => x.id === id);
  if (!s) throw new Error(`unknown serializer ${id}; known: ${SERIALIZERS.map((x) => x.id).join(', ')}`);
  return s;
}
