/**
 * The one rule for a class's flattened member list, shared by the runtime registry and by
 * `weft schema` (through @weft/transformer), so the layout a schema promises is the layout
 * the writer writes: base members first; a redeclared public field is the base's own
 * property and is not listed again; a redeclared ES #private field is a separate slot, named
 * `<wire name of the declaring class>.#field`.
 */
export interface FlattenedMember<T> {
  /** the member's name in the flattened layout (and on the wire) */
  readonly name: string;
  /** the own declaration it comes from */
  readonly decl: T;
  /** index of that declaration among the class's own members */
  readonly local: number;
}

/** The own members that the class adds after `inheritedNames`, named as the wire names them. */
export function flattenOwnMembers<T extends { readonly name: string }>(
  inheritedNames: Iterable<string>,
  own: readonly T[],
  wireName: string,
): FlattenedMember<T>[] {
  const taken = new Set(inheritedNames);
  const out: FlattenedMember<T>[] = [];
  own.forEach((decl, local) => {
    let name = decl.name;
    if (taken.has(name)) {
      if (!name.startsWith('#')) return;
      name = `${wireName}.${name}`;
    }
    taken.add(name);
    out.push({ name, decl, local });
  });
  return out;
}
