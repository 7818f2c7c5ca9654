import * as v8 from 'node:v8';
import { restorePrototypes } from './restore.js';
import type { SerializerCase } from './types.js';

/** node:v8 structured clone wire format (identity + cycles built in) plus a prototype-restoring pass */
export const v8Case: SerializerCase = {
  id: 'v8',
  label: 'v8.serialize + restore',
  skip: () => false,
  async create(w) {
    return {
      serialize: (root) => v8.serialize(root),
      deserialize: (data) => restorePrototypes(w.name, v8.deserialize(data as Uint8Array)),
    };
  },
};
