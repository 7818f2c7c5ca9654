import { BinaryFormatter, JsonFormatter } from '@weft/runtime';
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

/**
 * weft BinaryFormatter in compact mode (`layouts: 'fingerprint'`): services that share code
 * name each type by an 8-byte layout fingerprint instead of a full TypeDef.
 */
export const weftCompactCase: SerializerCase = {
  id: 'weft-compact',
  label: 'weft BinaryFormatter, compact mode',
  skip: () => false,
  async create() {
    const f = new BinaryFormatter({ layouts: 'fingerprint' });
    return {
      serialize: (root) => f.serialize(root),
      deserialize: (data) => f.deserialize(data as Uint8Array),
    };
  },
};

/** weft JsonFormatter as a service uses it: one line per graph (indent 0, JSON Lines), bytes out */
export const weftJsonCase: SerializerCase = {
  id: 'weft-json',
  label: 'weft JsonFormatter (indent 0)',
  skip: () => false,
  async create() {
    const f = new JsonFormatter({ indent: 0 });
    return {
      serialize: (root) => f.serialize(root),
      deserialize: (data) => f.deserialize(data as Uint8Array),
    };
  },
};

/** weft JsonFormatter with its default readable layout (indent 2), bytes out */
export const weftJsonPrettyCase: SerializerCase = {
  id: 'weft-json-pretty',
  label: 'weft JsonFormatter (indent 2)',
  skip: () => false,
  async create() {
    const f = new JsonFormatter();
    return {
      serialize: (root) => f.serialize(root),
      deserialize: (data) => f.deserialize(data as Uint8Array),
    };
  },
};
