import { BinaryFormatter } from '@weft/runtime';
import type { SerializerCase } from './types.js';

/** weft BinaryFormatter, classes compiled by @weft/transformer (see ../model.ts) */
export const weftCase: SerializerCase = {
  id: 'weft',
  label: 'weft BinaryFormatter',
  skip: () => false,
  async create() {
    const f = new BinaryFormatter();
    return {
      serialize: (root) => f.serialize(root),
      deserialize: (data) => f.deserialize(data as Uint8Array),
    };
  },
};
