/**
 * "Version 1" of the classes in ../versioning.test.ts, exactly as the fixtures in ../fixtures
 * were written. Do not edit these to match version 2: they are the old build. To change the
 * fixtures on purpose, edit here and run `node packages/runtime/test/control/versioning/regen.mjs`.
 */
import { Serializable } from '@weft/runtime';

/** v2 adds an @OptionalField `author`. */
@Serializable({ name: 'versioning.AddedOptional' })
export class AddedOptional {
  title: string = '';
  pages: number = 0;
}

/** v2 drops `legacy`. */
@Serializable({ name: 'versioning.Removed' })
export class Removed {
  a: number = 0;
  legacy: string = '';
  b: string = '';
}

/** v2 declares the same members in the order z, x, y. */
@Serializable({ name: 'versioning.Reordered' })
export class Reordered {
  x: number = 0;
  y: string = '';
  z: boolean = false;
}

/** v2 adds a required (not optional) member `owner`. */
@Serializable({ name: 'versioning.AddedRequired' })
export class AddedRequired {
  id: number = 0;
}

/** v2 changes `count` from string to number. */
@Serializable({ name: 'versioning.TypeChanged' })
export class TypeChanged {
  count: string = '';
}

/** v2 is identical: the fast path applies. */
@Serializable({ name: 'versioning.Same' })
export class Same {
  n: number = 0;
  s: string = '';
}

/** A graph: v2 adds an optional `tags` to Section and removes `draft` from Doc. */
@Serializable({ name: 'versioning.Section' })
export class Section {
  heading: string = '';
  doc: Doc | null = null;
}

@Serializable({ name: 'versioning.Doc' })
export class Doc {
  draft: boolean = true;
  sections: Section[] = [];
  first: Section | null = null;
}

/** Inheritance: v2's derived class adds an optional member, its base reorders. */
@Serializable({ name: 'versioning.BaseV' })
export class BaseV {
  p: number = 0;
  q: number = 0;
}

@Serializable({ name: 'versioning.DerivedV' })
export class DerivedV extends BaseV {
  r: string = '';
}
