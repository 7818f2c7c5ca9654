import { BinaryFormatter, JsonFormatter } from '@weft/runtime';
import { runMatrix } from './matrix.ts';

runMatrix('BinaryFormatter', (o) => new BinaryFormatter(o));
runMatrix('JsonFormatter', (o) => new JsonFormatter(o));
runMatrix('JsonFormatter (indent 0, JSON Lines)', (o) => new JsonFormatter({ ...o, indent: 0 }));
