import { type NetType, isNetType } from './codegen.js';
import { SerializationException, quoted } from './errors.js';
import { metaOfConstructor } from './engine/registry.js';

export interface SerializationEntry {
  name: string;
  value: unknown;
}

/**
 * The name/value bag an ISerializable class or a surrogate writes its state into and reads it
 * back from. Typed getters convert like .NET's FormatterConverter: "42" reads as Int32 42,
 * 42 reads as the string "42"; anything that cannot convert is a SerializationException.
 */
export class SerializationInfo implements Iterable<SerializationEntry> {
  private readonly names: string[] = [];
  private readonly values: unknown[] = [];
  private readonly index = new Map<string, number>();
  /** .NET types given to addValue, by entry index (made on first use) */
  private netTypes: (NetType | undefined)[] | null = null;
  fullTypeName: string;
  assemblyName: string;
  /** @internal the type set by setType, when it differs from the object's own */
  objectType: Function | null;

  constructor(type: Function | null = null, fullTypeName = type?.name ?? '', assemblyName = '') {
    this.objectType = type;
    this.fullTypeName = fullTypeName;
    this.assemblyName = assemblyName;
  }

  get memberCount(): number {
    return this.names.length;
  }

  /** Write the object as an instance of `type` (whose identity is looked up in the registry). */
  setType(type: Function): void {
    if (typeof type !== 'function') throw new SerializationException('INVALID_ARGUMENT', 'setType expects a class');
    this.objectType = type;
    const meta = metaOfConstructor(type);
    this.fullTypeName = meta ? meta.name : type.name;
    this.assemblyName = meta ? meta.assembly : '';
  }

  /**
   * Adds a value. `netType` (optional, as .NET's AddValue(name, value, Type)) is the .NET type
   * the entry is written as in MS-NRBF, in the form of `@weft/runtime/dotnet`'s NetType:
   * `'Int64'`, `'Object'`, `{ array: 'Int32' }`, `{ list: 'String' }`... Without it the entry
   * takes its value's own type (a number is an Int32 when it is one, else a Double; an array an
   * object[]). weft's own formats keep the value as it is either way.
   */
  addValue(name: string, value: unknown, netType?: NetType): void {
    if (typeof name !== 'string') throw new SerializationException('INVALID_ARGUMENT', 'addValue: name must be a string');
    if (this.index.has(name)) {
      throw new SerializationException('DUPLICATE_MEMBER', `addValue: a value named "${name}" was already added to the SerializationInfo of ${quoted(this.fullTypeName)}`);
    }
    if (netType !== undefined) {
      if (!isNetType(netType)) {
        throw new SerializationException('INVALID_ARGUMENT', `addValue: the .NET type of "${name}" must be a NetType such as 'Int64', 'Object' or { array: 'Int32' } (got ${typeof netType === 'string' ? quoted(netType) : describe(netType)})`);
      }
      (this.netTypes ??= [])[this.names.length] = netType;
    }
    this.index.set(name, this.names.length);
    this.names.push(name);
    this.values.push(value);
  }

  /** @internal adds without the duplicate check's message formatting (reader path) */
  add(name: string, value: unknown): boolean {
    if (this.index.has(name)) return false;
    this.index.set(name, this.names.length);
    this.names.push(name);
    this.values.push(value);
    return true;
  }

  has(name: string): boolean {
    return this.index.has(name);
  }

  private raw(name: string): unknown {
    const i = this.index.get(name);
    if (i === undefined) throw new SerializationException('MEMBER_NOT_FOUND', `member "${name}" was not found in the SerializationInfo of ${quoted(this.fullTypeName)}`);
    return this.values[i];
  }

  getValue<T = unknown>(name: string, type?: Function): T {
    const v = this.raw(name);
    if (type === undefined || v === null || v === undefined) return v as T;
    if (type === String) return this.getString(name) as T;
    if (type === Number) return this.getDouble(name) as T;
    if (type === Boolean) return this.getBoolean(name) as T;
    if (type === BigInt) return this.getBigInt(name) as T;
    if (type === Date) return this.getDate(name) as T;
    if (typeof v === 'object' && !(v instanceof type)) {
      throw new SerializationException('INVALID_CAST', `member "${name}" of ${quoted(this.fullTypeName)} holds ${describe(v)}, not a ${type.name}`);
    }
    return v as T;
  }

  getBoolean(name: string): boolean {
    const v = this.raw(name);
    if (typeof v === 'boolean') return v;
    if (typeof v === 'number' && !Number.isNaN(v)) return v !== 0;
    if (typeof v === 'string') {
      const t = v.trim().toLowerCase();
      if (t === 'true') return true;
      if (t === 'false') return false;
    }
    throw this.cast(name, v, 'Boolean');
  }

  getInt32(name: string): number {
    return this.integer(name, -0x80000000, 0x7fffffff, 'Int32');
  }

  getUInt32(name: string): number {
    return this.integer(name, 0, 0xffffffff, 'UInt32');
  }

  getDouble(name: string): number {
    const v = this.raw(name);
    if (typeof v === 'number') return v;
    if (typeof v === 'bigint') return Number(v);
    if (typeof v === 'boolean') return v ? 1 : 0;
    if (typeof v === 'string') {
      const t = v.trim();
      if (t !== '' && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$|^[+-]?Infinity$|^NaN$/.test(t)) return Number(t);
    }
    throw this.cast(name, v, 'Double');
  }

  getBigInt(name: string): bigint {
    const v = this.raw(name);
    if (typeof v === 'bigint') return v;
    if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
    if (typeof v === 'string' && /^\s*[+-]?\d+\s*$/.test(v)) return BigInt(v.trim());
    throw this.cast(name, v, 'BigInt');
  }

  getString(name: string): string | null {
    const v = this.raw(name);
    if (v === null || v === undefined) return null;
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
    if (v instanceof Date) return v.toISOString();
    throw this.cast(name, v, 'String');
  }

  getDate(name: string): Date {
    const v = this.raw(name);
    if (v instanceof Date) return v;
    if (typeof v === 'string' || typeof v === 'number') {
      const d = new Date(v);
      if (!Number.isNaN(d.getTime())) return d;
    }
    throw this.cast(name, v, 'Date');
  }

  private integer(name: string, min: number, max: number, type: string): number {
    const v = this.raw(name);
    let n: number;
    if (typeof v === 'number') n = v;
    else if (typeof v === 'bigint') n = v >= BigInt(min) && v <= BigInt(max) ? Number(v) : NaN;
    else if (typeof v === 'boolean') n = v ? 1 : 0;
    else if (typeof v === 'string' && /^\s*[+-]?\d+\s*$/.test(v)) n = Number(v.trim());
    else throw this.cast(name, v, type);
    if (!Number.isInteger(n)) {
      // .NET (Convert.ToInt32) rounds doubles to the nearest integer, ties to even
      if (typeof v === 'number' && Number.isFinite(n)) {
        const r = Math.round(n);
        n = r - n === 0.5 && r % 2 !== 0 ? r - 1 : r;
      }
      else throw this.cast(name, v, type);
    }
    if (n < min || n > max) {
      throw new SerializationException('INVALID_CAST', `member "${name}" of ${quoted(this.fullTypeName)}: value is outside the range of ${type}`);
    }
    return n;
  }

  private cast(name: string, v: unknown, type: string): SerializationException {
    return new SerializationException('INVALID_CAST', `member "${name}" of ${quoted(this.fullTypeName)} holds ${describe(v)}, which cannot be converted to ${type}`);
  }

  *[Symbol.iterator](): Iterator<SerializationEntry> {
    for (let i = 0; i < this.names.length; i++) yield { name: this.names[i]!, value: this.values[i] };
  }

  /** @internal */
  entryName(i: number): string {
    return this.names[i]!;
  }
  /** @internal */
  entryValue(i: number): unknown {
    return this.values[i];
  }
  /** @internal the .NET type addValue was given for entry i */
  entryNetType(i: number): NetType | undefined {
    return this.netTypes?.[i];
  }
  /** @internal used by fixups */
  setEntryValue(i: number, v: unknown): void {
    this.values[i] = v;
  }
}

/** Names a value's kind for messages, without copying payload text. */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'object') {
    // Read the class from the prototype: an own "constructor" key of a decoded plain object is payload data.
    const proto = Object.getPrototypeOf(v) as object | null;
    if (proto === null) return 'an object with a null prototype';
    const ctor = Object.getOwnPropertyDescriptor(proto, 'constructor')?.value as unknown;
    return `an instance of ${typeof ctor === 'function' && ctor.name ? ctor.name : 'Object'}`;
  }
  return `a ${typeof v}`;
}
