import { SerializationException } from './errors.js';
import { type ClassMeta, type FlatMember, metaByIdentity, metaOfConstructor } from './engine/registry.js';

/** A serializable member of a compiled class, as FormatterServices reports it. */
export interface MemberInfo {
  readonly name: string;
  readonly declaringType: Function;
  readonly optional: boolean;
}

const memberInfos = new WeakMap<ClassMeta, readonly MemberInfo[]>();
const flatOf = new WeakMap<MemberInfo, { meta: ClassMeta; member: FlatMember }>();

function metaFor(type: Function, what: string): ClassMeta {
  const meta = typeof type === 'function' ? metaOfConstructor(type) : undefined;
  if (meta === undefined) {
    throw new SerializationException('NOT_SERIALIZABLE', `FormatterServices.${what}: ${typeof type === 'function' ? type.name || 'the class' : 'the argument'} is not a class compiled by @weft/transformer`);
  }
  return meta;
}

function flat(info: MemberInfo, what: string): { meta: ClassMeta; member: FlatMember } {
  const f = flatOf.get(info);
  if (f === undefined) throw new SerializationException('INVALID_ARGUMENT', `FormatterServices.${what}: members must come from getSerializableMembers`);
  return f;
}

/**
 * What .NET's formatters get from reflection, answered from the transformer's compile-time
 * metadata: lets an ISerializable subclass write its base's fields, and users write formatters.
 */
export const FormatterServices = {
  /** Own and inherited serialized members (NonSerialized excluded), base members first. */
  getSerializableMembers(type: Function): readonly MemberInfo[] {
    const meta = metaFor(type, 'getSerializableMembers');
    let list = memberInfos.get(meta);
    if (list === undefined) {
      list = Object.freeze(
        meta.members.map((m) => {
          const info: MemberInfo = Object.freeze({ name: m.name, declaringType: m.declaring.ctor, optional: m.optional });
          flatOf.set(info, { meta, member: m });
          return info;
        }),
      );
      memberInfos.set(meta, list);
    }
    return list;
  },

  getObjectData(obj: object, members: readonly MemberInfo[]): unknown[] {
    if (typeof obj !== 'object' || obj === null) throw new SerializationException('INVALID_ARGUMENT', 'FormatterServices.getObjectData: obj must be an object');
    return members.map((info) => {
      const { meta, member } = flat(info, 'getObjectData');
      if (!(obj instanceof meta.ctor)) throw new SerializationException('TYPE_MISMATCH', `FormatterServices.getObjectData: the object is not a ${member.declaring.name}`);
      return meta.getMember(obj, member);
    });
  },

  populateObjectMembers<T extends object>(obj: T, members: readonly MemberInfo[], data: readonly unknown[]): T {
    if (members.length !== data.length) {
      throw new SerializationException('INVALID_ARGUMENT', `FormatterServices.populateObjectMembers: ${members.length} members but ${data.length} values`);
    }
    members.forEach((info, i) => {
      const { meta, member } = flat(info, 'populateObjectMembers');
      if (!(obj instanceof meta.ctor)) throw new SerializationException('TYPE_MISMATCH', `FormatterServices.populateObjectMembers: the object is not a ${member.declaring.name}`);
      meta.setMember(obj, member, data[i]);
    });
    return obj;
  },

  /** An instance with no constructor run (classes with #private fields take the generated path). */
  getUninitializedObject<T>(type: new (...args: any[]) => T): T {
    return metaFor(type, 'getUninitializedObject').create() as T;
  },

  /** The registered class with this identity, if any. */
  getTypeFromAssembly(assemblyName: string, typeName: string): Function | undefined {
    return metaByIdentity(assemblyName, typeName)?.ctor;
  },
};
