/**
 * The naive reflection walker weft replaces: Object.keys on every object, a type tag per value,
 * the class named by constructor.name (looked up in a registry on the way back), property names
 * written as strings every time, and an identity Map for every object.
 */
import { ALL_CLASSES } from '../model.js';
import { Reader, Writer } from '../bytes.js';
import type { SerializerCase } from './types.js';

const T_NULL = 0, T_UNDEF = 1, T_TRUE = 2, T_FALSE = 3, T_NUM = 4, T_STR = 5, T_REF = 6, T_ARR = 7, T_OBJ = 8, T_F64 = 9, T_I32 = 10, T_INT = 11, T_DATE = 12;

class NaiveWriter extends Writer {
  ids = new Map<object, number>();

  value(v: unknown): void {
    switch (typeof v) {
      case 'number':
        if ((v | 0) === v && !Object.is(v, -0)) {
          this.u8(T_INT);
          this.int(v);
        } else {
          this.u8(T_NUM);
          this.f64(v);
        }
        return;
      case 'string':
        this.u8(T_STR);
        this.str(v);
        return;
      case 'boolean':
        this.u8(v ? T_TRUE : T_FALSE);
        return;
      case 'undefined':
        this.u8(T_UNDEF);
        return;
      case 'object': {
        if (v === null) return this.u8(T_NULL);
        const id = this.ids.get(v);
        if (id !== undefined) {
          this.u8(T_REF);
          this.varint(id);
          return;
        }
        this.ids.set(v, this.ids.size);
        if (Array.isArray(v)) {
          this.u8(T_ARR);
          this.varint(v.length);
          for (let i = 0; i < v.length; i++) this.value(v[i]);
          return;
        }
        if (v instanceof Date) {
          // the one built-in every reflection walker special-cases (it has no own keys)
          this.u8(T_DATE);
          this.f64(v.getTime());
          return;
        }
        if (v instanceof Float64Array || v instanceof Int32Array) {
          this.u8(v instanceof Float64Array ? T_F64 : T_I32);
          this.varint(v.length);
          this.bytes(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
          return;
        }
        this.u8(T_OBJ);
        this.str(v.constructor === Object ? '' : (v.constructor as Function).name);
        const keys = Object.keys(v);
        this.varint(keys.length);
        for (const k of keys) {
          this.str(k);
          this.value((v as Record<string, unknown>)[k]);
        }
        return;
      }
      default:
        throw new TypeError(`naive walker: cannot serialize ${typeof v}`);
    }
  }
}

class NaiveReader extends Reader {
  objects: unknown[] = [];
  constructor(
    buf: Uint8Array,
    private classes: Map<string, Function>,
  ) {
    super(buf);
  }

  value(): unknown {
    const tag = this.u8();
    switch (tag) {
      case T_NULL:
        return null;
      case T_UNDEF:
        return undefined;
      case T_TRUE:
        return true;
      case T_FALSE:
        return false;
      case T_INT:
        return this.int();
      case T_NUM:
        return this.f64();
      case T_STR:
        return this.str();
      case T_REF:
        return this.objects[this.varint()];
      case T_ARR: {
        const a: unknown[] = [];
        this.objects.push(a);
        const n = this.varint();
        for (let i = 0; i < n; i++) a.push(this.value());
        return a;
      }
      case T_DATE: {
        const d = new Date(this.f64());
        this.objects.push(d);
        return d;
      }
      case T_F64:
      case T_I32: {
        const n = this.varint();
        const a = tag === T_F64 ? new Float64Array(n) : new Int32Array(n);
        this.objects.push(a);
        new Uint8Array(a.buffer).set(this.bytes(a.byteLength));
        return a;
      }
      case T_OBJ: {
        const name = this.str();
        const cls = name === '' ? Object : this.classes.get(name);
        if (cls === undefined) throw new Error(`naive walker: unknown class ${name}`);
        const o = Object.create(cls.prototype as object) as Record<string, unknown>;
        this.objects.push(o);
        const n = this.varint();
        for (let i = 0; i < n; i++) {
          const k = this.str();
          o[k] = this.value();
        }
        return o;
      }
      default:
        throw new Error(`naive walker: bad tag ${tag}`);
    }
  }
}

export const naiveCase: SerializerCase = {
  id: 'naive',
  label: 'naive reflection walker',
  skip: () => false,
  async create() {
    const classes = new Map<string, Function>(ALL_CLASSES.map((c) => [c.name, c]));
    const w = new NaiveWriter();
    return {
      serialize(root) {
        w.ids.clear();
        w.value(root);
        return w.finish();
      },
      deserialize: (data) => new NaiveReader(data as Uint8Array, classes).value(),
    };
  },
};
