import { SerializationException, asSerializationException } from '../errors.js';
import type { StreamingContext } from '../streaming-context.js';
import { type ISerializationSurrogate, type ISurrogateSelector, type SerializationBinder, surrogateTypes } from '../surrogates.js';
import { MemberKind, encodingOf } from './member-kinds.js';
import { type ClassMeta, type FlatMember, metaByIdentity, metaOfConstructor, outdatedCodegen } from './registry.js';
import { sameNameHint, streamTypeLabel } from './type-labels.js';

/** How the reader handles one type of the stream, decided once when its layout is read. */
export interface TypeEntry {
  readonly assembly: string;
  readonly name: string;
  /** written by getObjectData (name/value entries) rather than member by member */
  readonly custom: boolean;
  readonly meta: ClassMeta | null;
  /** member-by-member: the stream's layout equals the class's, so generated code reads it straight */
  readonly fast: boolean;
  /** member-by-member, slow path: for each stream member the class member it fills (null: skip) */
  readonly map: (FlatMember | null)[] | null;
  /**
   * member-by-member data that is read as a SerializationInfo (a binder mapped the type onto
   * an ISerializable class, or onto one a surrogate reads): the entries' names, in layout order
   */
  readonly infoNames: readonly string[] | null;
  /** the stream's declared member kinds, which say how each member is encoded (FORMAT.md, "Member slots") */
  readonly kinds: readonly number[];
  /** custom or infoNames: the surrogate that reads it, if any */
  readonly surrogate: ISerializationSurrogate | null;
  /** the type to create */
  readonly ctor: Function | null;
  /**
   * fast, and its class has nothing to run around reading (no OnDeserializing/OnDeserialized,
   * no IDeserializationCallback, no IObjectReference): the reader's shortest path
   */
  readonly plain: boolean;
}

/** What a resolution depends on besides the layout itself: asked of the formatter for each graph. */
export interface ResolutionContext {
  readonly binder: SerializationBinder | null;
  readonly selector: ISurrogateSelector | null;
  readonly context: StreamingContext;
  /** how a foreign format's names map onto weft classes (null: weft's own identities) */
  readonly dialect?: TypeDialect | null;
}

/**
 * The naming rules of a stream written by another runtime (.NET's BinaryFormatter): how its
 * type names find registered classes when no binder and no exact weft identity answers, and
 * how its member names map onto a class's members. A format supplies it; the engine asks it.
 */
export interface TypeDialect {
  /** the registered class a stream identity names, by the dialect's rules (undefined: none) */
  find(assembly: string, name: string): ClassMeta | undefined;
  /** whether an uncompiled, surrogate-handled class of this name is the one the stream names */
  namesClass(ctorName: string, assembly: string, name: string): boolean;
  /** for each stream member, the class member it fills (null: none; each class member is filled at most once) */
  mapMembers(meta: ClassMeta, names: readonly string[]): (FlatMember | null)[];
  /** what to add to an UNKNOWN_TYPE message: how to map this type */
  unknownHint(assembly: string, name: string): string;
}

/**
 * Decides how instances of a stream type are read: which class (the binder first, then the
 * registry, then uncompiled surrogate-handled classes by name), whether a surrogate reads it,
 * and how the stream's member layout maps onto the class's (fast path, or by name). Throws
 * a SerializationException located at `at` when no answer is allowed.
 */
export function resolveType(
  rc: ResolutionContext,
  assembly: string,
  name: string,
  custom: boolean,
  names: readonly string[],
  kinds: readonly number[],
  at: number,
): TypeEntry {
  const fail = (code: SerializationException['code'], message: string): never => {
    throw new SerializationException(code, message, { offset: at >= 0 ? at : undefined, typeName: name, assemblyName: assembly });
  };
  // Type names come from the payload: quoted escaped and bounded (see SECURITY.md rule 7).
  const display = streamTypeLabel(assembly, name);
  let ctor: Function | null = null;
  let meta: ClassMeta | undefined;
  if (rc.binder !== null) {
    let bound: Function | null | undefined;
    try {
      bound = rc.binder.bindToType(assembly, name);
    } catch (e) {
      throw asSerializationException(e, 'SerializationBinder.bindToType');
    }
    if (bound !== null && bound !== undefined) {
      if (typeof bound !== 'function') fail('INVALID_VALUE', `the binder returned something that is not a class for ${display}`);
      ctor = bound;
      meta = metaOfConstructor(bound);
      if (meta === undefined && surrogateFor(rc, bound) === null) {
        fail('UNKNOWN_TYPE', `the binder mapped ${display} to ${bound.name}, which is neither compiled by @weft/transformer nor handled by a surrogate`);
      }
    }
  }
  const dialect = rc.dialect ?? null;
  if (ctor === null) {
    meta = metaByIdentity(assembly, name) ?? dialect?.find(assembly, name);
    if (meta !== undefined) ctor = meta.ctor;
    else if (rc.selector !== null) {
      // Surrogate-handled types that are not compiled are named by their class name, and only
      // while a surrogate answers for them in this context.
      ctor =
        surrogateTypes(rc.selector).find(
          (t) => (t.name === name || (dialect !== null && dialect.namesClass(t.name, assembly, name))) && metaOfConstructor(t) === undefined && surrogateFor(rc, t) !== null,
        ) ?? null;
    }
  }
  if (ctor === null) {
    fail(
      'UNKNOWN_TYPE',
      `${display} is not registered: no compiled class, binder or surrogate answers for it.${dialect !== null ? dialect.unknownHint(assembly, name) : sameNameHint(assembly, name)} ` +
        `If the class exists, import the module that declares it before deserializing (a type-only import registers nothing) and build it with @weft/transformer; ` +
        `or map the name onto a class with a SerializationBinder, or read it with a surrogate. \`weft inspect\` shows every type a stream holds.`,
    );
  }

  if (meta?.outdated === true) fail('NOT_COMPILED', outdatedCodegen(meta).message);
  if (custom || meta === undefined || meta.custom) {
    // Read through a SerializationInfo: getObjectData data (into an ISerializable class, a
    // surrogate, or a plain compiled class filled by name — the target of info.setType, as .NET
    // does), or member-by-member data into a class that reads one (.NET's binder sample:
    // Version1Type's fields into ISerializable Version2Type), whose members become its entries.
    const surrogate = surrogateFor(rc, ctor!);
    if (surrogate === null && meta === undefined) {
      fail(
        'TYPE_MISMATCH',
        custom
          ? `${display} was written by getObjectData (ISerializable or a surrogate) but ${ctor!.name} is neither ISerializable nor handled by a surrogate here`
          : `${display} was written member by member, but ${ctor!.name} is neither a compiled class nor handled by a surrogate here`,
      );
    }
    return { assembly, name, custom, meta: meta ?? null, fast: false, map: null, infoNames: custom ? null : names, kinds, surrogate, ctor, plain: false };
  }
  const members = meta.members;
  const count = names.length;
  let fast = members.length === count;
  // The generated reader decodes each member in its own kind's encoding, so those must agree;
  // among plain-value kinds, 0 (unknown) matches anything: builds with and without a type
  // checker stay compatible.
  for (let i = 0; fast && i < count; i++) {
    const mk = members[i]!.kind;
    const sk = kinds[i]!;
    fast = members[i]!.name === names[i] && encodingOf(mk) === encodingOf(sk) && (mk === sk || mk === MemberKind.Any || sk === MemberKind.Any);
  }
  let map: (FlatMember | null)[] | null = null;
  if (!fast) {
    if (dialect !== null) map = dialect.mapMembers(meta, names);
    else {
      const byName = new Map(members.map((m) => [m.name, m]));
      map = names.map((n) => byName.get(n) ?? null);
    }
    const present = new Set(map);
    for (const m of members) {
      if (!m.optional && !present.has(m)) {
        fail('MISSING_MEMBER', `${display}: the stream lacks required member "${m.name}" (mark it @OptionalField() if old data may lack it)`);
      }
    }
  }
  const plain = fast && meta.onDeserializing === null && meta.onDeserialized === null && !meta.hasDeserializationCallback && !meta.isObjectReference;
  return { assembly, name, custom, meta, fast, map, infoNames: null, kinds, surrogate: null, ctor, plain };
}

export function surrogateFor(rc: ResolutionContext, type: Function): ISerializationSurrogate | null {
  if (rc.selector === null) return null;
  try {
    return rc.selector.getSurrogate(type, rc.context) ?? null;
  } catch (e) {
    throw asSerializationException(e, 'ISurrogateSelector.getSurrogate');
  }
}
