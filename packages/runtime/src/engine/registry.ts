import { type Callback, type ClassInfo, CONSTRUCT, type ValueReader, type ValueWriter } from '../codegen.js';
import { SerializationException } from '../errors.js';
import { MemberKind } from './member-kinds.js';
import { uninitialized } from './construction.js';
import { flattenOwnMembers } from './members.js';

/**
 * The type registry: what the transformer's generated code hands to the runtime for each
 * @Serializable class (ClassInfo, see codegen.ts), and the flattened per-class metadata the
 * graph engine runs on. Imports no wire format.
 */

export interface FlatMember {
  readonly name: string;
  readonly kind: number;
  readonly optional: boolean;
  readonly declaring: ClassMeta;
  /** index within declaring.info.members */
  readonly local: number;
}

/** Runtime metadata of a registered class: own info plus everything inherited, flattened once. */
export class ClassMeta {
  readonly ctor: Function;
  readonly proto: object;
  readonly info: ClassInfo;
  readonly base: ClassMeta | null;
  readonly assembly: string;
  readonly name: string;
  readonly members: readonly FlatMember[];
  /** true when instances must be made by running the guarded constructor (#private or `accessor` storage) */
  readonly needsConstruct: boolean;
  /** the class generated code registered (a decorator's replacement may extend it): create() makes instances of it */
  readonly origin: Function;
  readonly custom: boolean;
  /** instances implement IObjectReference (getRealObject) */
  readonly isObjectReference: boolean;
  /** instances implement IDeserializationCallback (onDeserialization) */
  readonly hasDeserializationCallback: boolean;
  /** callbacks of this class and its bases, base first; null when there are none */
  readonly onSerializing: readonly Callback[] | null;
  readonly onSerialized: readonly Callback[] | null;
  readonly onDeserializing: readonly Callback[] | null;
  readonly onDeserialized: readonly Callback[] | null;
  /** writes/reads every member, base members first */
  readonly writeFields: (w: ValueWriter, o: any) => void;
  readonly readFields: (r: ValueReader, o: any) => void;
  /** makes an uninitialized instance */
  readonly create: () => object;
  /** identity slot accessors of the root class, or null (the writer then uses its Map) */
  readonly idOf: ((o: any) => number) | null;
  readonly setId: ((o: any, id: number) => void) | null;
  /** per-graph type index of the writer that last used this type (see ObjectWriter.typeOf) */
  wGen = 0;
  wIdx = 0;

  constructor(ctor: Function, info: ClassInfo, base: ClassMeta | null, proto: object, origin: Function = ctor) {
    this.ctor = ctor;
    this.origin = origin;
    this.proto = proto;
    this.info = info;
    this.base = base;
    this.assembly = info.assembly;
    this.name = info.name;
    const members: FlatMember[] = base ? [...base.members] : [];
    for (const m of flattenOwnMembers(members.map((x) => x.name), info.members, info.name)) {
      members.push({ name: m.name, kind: m.decl.kind ?? MemberKind.Any, optional: m.decl.optional === true, declaring: this, local: m.local });
    }
    this.members = members;
    this.needsConstruct = info.construct !== undefined || (base?.needsConstruct ?? false);
    this.custom = info.custom === true || (base?.custom ?? false);
    this.idOf = base ? base.idOf : (info.idOf ?? null);
    this.setId = base ? base.setId : (info.setId ?? null);
    this.isObjectReference = typeof (proto as { getRealObject?: unknown }).getRealObject === 'function';
    this.hasDeserializationCallback = typeof (proto as { onDeserialization?: unknown }).onDeserialization === 'function';
    this.onSerializing = chain(base?.onSerializing, info.onSerializing);
    this.onSerialized = chain(base?.onSerialized, info.onSerialized);
    this.onDeserializing = chain(base?.onDeserializing, info.onDeserializing);
    this.onDeserialized = chain(base?.onDeserialized, info.onDeserialized);

    // When the base redeclares nothing we can call generated code directly.
    const ownWrite = info.write;
    const ownRead = info.read;
    const skipped = members.length - (base ? base.members.length : 0) !== info.members.length;
    if (skipped) {
      // Some own members duplicated inherited ones: go through the accessor table.
      const own = members.slice(base ? base.members.length : 0);
      const baseWrite = base?.writeFields;
      const baseRead = base?.readFields;
      this.writeFields = (w, o) => {
        if (baseWrite) baseWrite(w, o);
        for (const m of own) w.value(info.get(o, m.local));
      };
      this.readFields = (r, o) => {
        if (baseRead) baseRead(r, o);
        for (const m of own) info.set(o, m.local, r.value());
      };
    } else if (base) {
      const baseWrite = base.writeFields;
      const baseRead = base.readFields;
      this.writeFields = (w, o) => {
        baseWrite(w, o);
        ownWrite(w, o);
      };
      this.readFields = (r, o) => {
        baseRead(r, o);
        ownRead(r, o);
      };
    } else {
      this.writeFields = ownWrite;
      this.readFields = ownRead;
    }

    if (this.needsConstruct) {
      // The guarded constructor creates the #private slots; generated field initializers
      // see skipInit() and leave every field undefined, as .NET's uninitialized objects.
      const make = info.construct ?? (() => Reflect.construct(ctor, [CONSTRUCT]) as object);
      this.create = () => uninitialized(origin, make);
    } else {
      // A constructor function of its own per class: V8 sizes its instances' in-object
      // property space by slack tracking, which Object.create(proto) does not get.
      const Make = function () {} as unknown as { new (): object; prototype: object };
      Make.prototype = proto;
      this.create = () => new Make();
    }
  }

  get fullName(): string {
    return this.assembly ? `${this.assembly}:${this.name}` : this.name;
  }

  getMember(o: object, m: FlatMember): unknown {
    return m.declaring.info.get(o, m.local);
  }

  setMember(o: object, m: FlatMember, v: unknown): void {
    m.declaring.info.set(o, m.local, v);
  }
}

function chain(base: readonly Callback[] | null | undefined, own: Callback | undefined): readonly Callback[] | null {
  if (!own) return base ?? null;
  return base ? [...base, own] : [own];
}

/** Registered metadata lives on the prototype under this symbol, checked for ownership by `meta.proto === proto`. */
export const META: unique symbol = Symbol('weft.meta');

const byIdentity = new Map<string, ClassMeta>();
const byCtor = new Map<Function, ClassMeta>();
/** Classes whose @Serializable decorator actually ran: the transformer did not compile them. */
const uncompiled = new WeakSet<Function>();

export function identityKey(assembly: string, name: string): string {
  return `${assembly}\u0000${name}`;
}

/** Bumped whenever what an identity resolves to may change; readers drop their TypeDef caches. */
let version = 0;
export function registryVersion(): number {
  return version;
}

/** Called by generated code from the class's static block. */
export function registerClass(ctor: Function, info: ClassInfo): void {
  version++;
  let parent = Object.getPrototypeOf(ctor) as Function;
  let original: Function | undefined;
  if (info.decorated && parent !== Function.prototype) {
    // Standard decorators run before static blocks: `ctor` may already be a decorator's
    // replacement, whose parent is the class as written. The base named in `extends` tells
    // the two apart; without it (an expression), an unregistered parent is taken for it.
    const written = info.base === undefined ? undefined : (info.base ?? Function.prototype);
    if (written !== undefined ? parent !== written && Object.getPrototypeOf(parent) === written : !byCtor.has(parent)) {
      original = parent;
      parent = Object.getPrototypeOf(parent) as Function;
    }
  }
  let base: ClassMeta | null = null;
  if (parent !== Function.prototype && parent !== null) {
    base = byCtor.get(parent) ?? null;
    // An unmarked base leaves the class registered but unusable; the error is raised on use.
  }
  const meta = new ClassMeta(ctor, info, base, ctor.prototype as object);
  if (parent !== Function.prototype && base === null) unmarkedBase.set(meta, parent);
  attach(ctor, meta);
  if (original) byCtor.set(original, meta);
  byIdentity.set(identityKey(info.assembly, info.name), meta);
}

const unmarkedBase = new WeakMap<ClassMeta, Function>();

/** The base class of a registered class that is itself not serializable, if any. */
export function getUnmarkedBase(meta: ClassMeta): Function | undefined {
  return unmarkedBase.get(meta);
}

/**
 * Emitted after a class that has other decorators: a decorator may have replaced the class,
 * and instances then carry the replacement's prototype. Registers it under the same metadata.
 */
export function finalizeClass(outer: Function, assembly: string, name: string): void {
  version++;
  const meta = byIdentity.get(identityKey(assembly, name));
  if (!meta || meta.ctor === outer) return;
  const replacement = new ClassMeta(outer, meta.info, meta.base, outer.prototype as object, meta.origin);
  attach(outer, replacement);
  byIdentity.set(identityKey(assembly, name), replacement);
}

function attach(ctor: Function, meta: ClassMeta): void {
  byCtor.set(ctor, meta);
  Object.defineProperty(ctor.prototype, META, { value: meta, configurable: true, enumerable: false, writable: true });
}

export function markUncompiled(ctor: Function): void {
  uncompiled.add(ctor);
}

export function isMarkedUncompiled(ctor: Function): boolean {
  return uncompiled.has(ctor);
}

export function metaOfConstructor(ctor: Function): ClassMeta | undefined {
  return byCtor.get(ctor);
}

export function metaByIdentity(assembly: string, name: string): ClassMeta | undefined {
  return byIdentity.get(identityKey(assembly, name));
}

/** The metadata for exactly this object's class, or undefined (inherited metadata does not count). */
export function metaOf(o: object): ClassMeta | undefined {
  const proto = Object.getPrototypeOf(o) as Record<symbol, ClassMeta | undefined> | null;
  if (proto === null) return undefined;
  const meta = proto[META];
  return meta !== undefined && meta.proto === proto ? meta : undefined;
}

/** Explains why an instance of `ctor` cannot be serialized. */
export function notSerializableReason(ctor: Function | undefined): SerializationException {
  const name = ctor?.name || '<anonymous>';
  if (ctor && isMarkedUncompiled(ctor)) {
    return new SerializationException(
      'NOT_COMPILED',
      `class ${name} is marked @Serializable() but its file was not compiled by @weft/transformer. ` +
        `Add { "transform": "@weft/transformer" } to compilerOptions.plugins in tsconfig.json and build with tspc (ts-patch), ` +
        `or add the weft plugin from "@weft/transformer/vite" to your Vite/Vitest/esbuild config.`,
    );
  }
  let p = ctor ? (Object.getPrototypeOf(ctor) as Function | null) : null;
  while (p && p !== Function.prototype) {
    if (byCtor.has(p)) {
      return new SerializationException(
        'NOT_SERIALIZABLE',
        `class ${name} extends the serializable class ${p.name} but is not itself marked @Serializable() (the marker is not inherited)`,
      );
    }
    p = Object.getPrototypeOf(p) as Function | null;
  }
  return new SerializationException('NOT_SERIALIZABLE', `an instance of class ${name} is not serializable: mark the class @Serializable() or register a surrogate for it`);
}

/** Every registered class, for tooling. */
export function registeredClasses(): readonly ClassMeta[] {
  return [...byIdentity.values()];
}
