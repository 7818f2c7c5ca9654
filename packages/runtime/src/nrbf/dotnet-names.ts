import { SerializationException, quoted } from '../errors.js';
import { type ClassMeta, type FlatMember, registeredClasses, registryVersion } from '../engine/registry.js';
import type { TypeDialect } from '../engine/type-resolver.js';
import { assemblySimpleName, parseTypeName, type DotNetTypeName } from './type-names.js';
import { DateTime, Decimal } from './values.js';

/**
 * How .NET's names find weft classes and members (NRBF.md, "Type and member mapping"), as
 * the engine's TypeDialect. Asked only after the binder and an exact weft identity
 * (`@Serializable({ name, assembly })` equal to the stream's strings) did not answer:
 * 1. a class whose `name` is the .NET full name (``Ns.Outer+Inner``, ``Ns.Box`1``), preferring
 *    one whose `assembly` is the .NET assembly's simple name;
 * 2. else a class whose simple name is the .NET type's simple name (`Department` for
 *    `WeftCorpus.Department`): the default, for classes that declare no name. Two classes
 *    with that simple name are ambiguous, an error that names both.
 * Members: `@DotNetName`, then the name itself, a C# auto-property's backing field
 * (`<Name>k__BackingField` fills `Name`), and a base class's private field (`Base+field`
 * fills `field` declared by the class named Base); a TypeScript `#field` matches `field`.
 */
export const dotNetDialect: TypeDialect = {
  find(assembly, name) {
    const parsed = tryParse(name);
    if (parsed === null) return undefined;
    const index = classIndex();
    const simpleAssembly = assemblySimpleName(assembly);
    const byFull = index.byName.get(parsed.fullName) ?? index.byName.get(stripArity(parsed.fullName));
    if (byFull !== undefined) return pick(byFull, simpleAssembly, name);
    const bySimple = index.bySimple.get(parsed.name);
    return bySimple === undefined ? undefined : pick(bySimple, simpleAssembly, name);
  },

  namesClass(ctorName, _assembly, name) {
    const parsed = tryParse(name);
    return parsed !== null && (parsed.name === ctorName || parsed.fullName === ctorName);
  },

  mapMembers(meta, names) {
    const taken = new Set<FlatMember>();
    return names.map((n) => {
      const m = memberFor(meta, n, taken);
      if (m !== null) taken.add(m);
      return m;
    });
  },

  unknownHint(assembly, name) {
    const parsed = tryParse(name);
    const simple = parsed?.name ?? name;
    return ` Declare it as a class named ${quoted(simple)}, or give a class @Serializable({ name: ${quoted(parsed?.fullName ?? name)}, assembly: ${quoted(assemblySimpleName(assembly))} }); or read unknown types as records with new NrbfFormatter({ unknownTypes: 'record' }).`;
  },
};

function tryParse(name: string): DotNetTypeName | null {
  try {
    return parseTypeName(name);
  } catch {
    return null;
  }
}

function stripArity(fullName: string): string {
  return fullName.replace(/`\d+/g, '');
}

/** Among classes matching by name, the one in the stream's assembly, or the only one. */
function pick(candidates: readonly ClassMeta[], simpleAssembly: string, name: string): ClassMeta {
  if (candidates.length === 1) return candidates[0]!;
  const same = candidates.filter((m) => m.assembly === simpleAssembly);
  if (same.length === 1) return same[0]!;
  throw new SerializationException(
    'UNKNOWN_TYPE',
    `the .NET type ${quoted(name)} matches ${candidates.length} registered classes (${candidates
      .slice(0, 4)
      .map((m) => `${quoted(m.name)} of ${quoted(m.assembly)}`)
      .join(', ')}): give the intended one @Serializable({ name, assembly }) equal to the .NET full name and assembly, or map it with a SerializationBinder`,
    { typeName: name },
  );
}

interface ClassIndex {
  version: number;
  /** by registered name, and by it without generic arity */
  byName: Map<string, ClassMeta[]>;
  /** by simple name: the last segment after `.` or `+`, without arity */
  bySimple: Map<string, ClassMeta[]>;
}

let index: ClassIndex | null = null;

function classIndex(): ClassIndex {
  const version = registryVersion();
  if (index !== null && index.version === version) return index;
  const byName = new Map<string, ClassMeta[]>();
  const bySimple = new Map<string, ClassMeta[]>();
  const add = (map: Map<string, ClassMeta[]>, key: string, m: ClassMeta): void => {
    const list = map.get(key);
    if (list === undefined) map.set(key, [m]);
    else if (!list.includes(m)) list.push(m);
  };
  for (const m of registeredClasses()) {
    // the runtime's own value classes are never a .NET user type's match
    if (m.ctor === DateTime || m.ctor === Decimal) continue;
    add(byName, m.name, m);
    add(byName, stripArity(m.name), m);
    add(bySimple, simpleNameOf(m.name), m);
  }
  return (index = { version, byName, bySimple });
}

/**
 * The registered classes a TypeScript class name may stand for: those whose wire name's simple
 * name it is (`OrderLine` for `Shop.OrderLine`), else those whose constructor has that name.
 * For a member whose class the bundler plugin could not see (`{ class: 'OrderLine', assembly: '' }`).
 */
export function classesNamed(name: string): readonly ClassMeta[] {
  const bySimple = classIndex().bySimple.get(name);
  if (bySimple !== undefined) return bySimple;
  return registeredClasses().filter((m) => m.ctor.name === name && m.ctor !== DateTime && m.ctor !== Decimal);
}

/** A class's name without namespace, nesting or arity: what .NET prefixes a base class's private field with, and what the reader matches. */
export function simpleNameOf(name: string): string {
  const cut = Math.max(name.lastIndexOf('.'), name.lastIndexOf('+'));
  const last = name.slice(cut + 1);
  const tick = last.indexOf('`');
  return tick < 0 ? last : last.slice(0, tick);
}

const BACKING_FIELD = /^<(.+)>k__BackingField$/;

/** A class member's name without `#` and without the `Class.` prefix of a redeclared #private field. */
function bareName(m: FlatMember): string {
  const n = m.name;
  const hash = n.indexOf('#');
  return hash < 0 ? n : n.slice(hash + 1);
}

function declaredNetName(m: FlatMember): string | undefined {
  return (m.declaring.info.members[m.local] as { netName?: string } | undefined)?.netName;
}

/** Whether `prefix` (the `Base` of `Base+field`) names the class that declares m. */
function declaredBy(m: FlatMember, prefix: string): boolean {
  const d = m.declaring;
  return simpleNameOf(d.name) === prefix || d.ctor.name === prefix || d.name === prefix;
}

function memberFor(meta: ClassMeta, streamName: string, taken: Set<FlatMember>): FlatMember | null {
  const members = meta.members;
  for (const m of members) if (!taken.has(m) && declaredNetName(m) === streamName) return m;
  for (const m of members) if (!taken.has(m) && m.name === streamName && declaredNetName(m) === undefined) return m;
  const plus = streamName.lastIndexOf('+');
  const prefix = plus < 0 ? null : streamName.slice(0, plus);
  const rest = plus < 0 ? streamName : streamName.slice(plus + 1);
  const backing = BACKING_FIELD.exec(rest);
  const bare = backing !== null ? backing[1]! : rest;
  let found: FlatMember | null = null;
  for (const m of members) {
    if (taken.has(m) || declaredNetName(m) !== undefined || bareName(m) !== bare) continue;
    if (prefix !== null) {
      if (declaredBy(m, prefix)) return m;
      continue;
    }
    // Without a prefix the field is the stream class's own: the most derived candidate.
    found = m;
  }
  if (found === null && prefix !== null) {
    // A base class the TypeScript side does not model separately: its field by name.
    for (const m of members) if (!taken.has(m) && declaredNetName(m) === undefined && bareName(m) === bare) return m;
  }
  return found;
}
