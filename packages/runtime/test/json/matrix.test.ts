import { BinaryFormatter, JsonFormatter } from '@weft/runtime';
import { type MatrixExpectations, runMatrix } from './matrix.ts';

// A binary frame shorter than its 8-byte header, or than its declared length, is TRUNCATED;
// the JSON formatter tells a document that is not weft JSON from one cut short.
const binary: MatrixExpectations = {
  garbage: { empty: 'TRUNCATED', 'three bytes': 'TRUNCATED', 'cut JSON': 'TRUNCATED', 'JSON that is no weft document': 'INVALID_HEADER', 'binary frame cut short': 'TRUNCATED' },
  prefix: 'TRUNCATED',
};
const json: MatrixExpectations = {
  garbage: { empty: 'TRUNCATED', 'three bytes': 'INVALID_HEADER', 'cut JSON': 'TRUNCATED', 'JSON that is no weft document': 'INVALID_HEADER', 'binary frame cut short': 'INVALID_HEADER' },
  prefix: 'TRUNCATED',
};

runMatrix('BinaryFormatter', (o) => new BinaryFormatter(o), binary);
runMatrix('JsonFormatter', (o) => new JsonFormatter(o), json);
runMatrix('JsonFormatter (indent 0, JSON Lines)', (o) => new JsonFormatter({ ...o, indent: 0 }), json);
