import { SerializationException } from '../errors.js';
import { MAX_MEMBER_KIND, MEMBER_KIND_NAMES, MemberKind, encodingOf } from '../engine/member-kinds.js';
import { registeredClasses, registryVersion } from '../engine/registry.js';
import { ByteWriter } from './byte-writer.js';
import { TypeKind } from './tags.js';

/**
 * Type layouts as the binary format names them: the bytes of a TypeDef body (FORMAT.md,
 * "TypeDef") and, for compact mode, the 64-bit fingerprint of those bytes (FORMAT.md,
 * "Compact mode"). A reader accepts a fingerprint only for a layout it knows: one of its
 * registered classes, or one the application loaded from `weft schema` output.
 */

/** One member of a layout: its wire name and declared kind (MemberKind). */
export interface LayoutMember {
  readonly name: string;
  readonly kind: number;
}

/** A TypeDef after its tag: assembly, name, kind, then each member's name and declared kind. */
export function writeTypeDefBody(w: ByteWriter, assembly: string, name: string, kind: TypeKind, members: readonly LayoutMember[]): void {
  w.text(assembly);
  w.text(name);
  w.u8(kind);
  w.varint(members.length);
  for (const m of members) {
    w.text(m.name);
    w.u8(m.kind);
  }
}

export function encodeTypeDef(assembly: string, name: string, kind: TypeKind, members: readonly LayoutMember[]): Uint8Array {
  const w = new ByteWriter(64);
  writeTypeDefBody(w, assembly, name, kind, members);
  return w.buf.slice(0, w.pos);
}

// CRC-64-AVRO (the Rabin fingerprint of Avro's single-object encoding), in two uint32 halves.
const EMPTY_HI = 0xc15d213a;
const EMPTY_LO = 0xa4d7a795;
const TABLE_HI = new Uint32Array(256);
const TABLE_LO = new Uint32Array(256);
for (let i = 0; i < 256; i++) {
  let hi = 0;
  let lo = i;
  for (let j = 0; j < 8; j++) {
    const mask = -(lo & 1);
    lo = ((lo >>> 1) | (hi << 31)) ^ (EMPTY_LO & mask);
    hi = (hi >>> 1) ^ (EMPTY_HI & mask);
  }
  TABLE_HI[i] = hi >>> 0;
  TABLE_LO[i] = lo >>> 0;
}

/**
 * The fingerprint of a Fields layout: of its TypeDef body with every declared kind written as 0
 * (any). A layout's identity is its assembly, name and member names in order; declared kinds
 * are what two builds of one class may see differently (the bundler plugin compiles a file
 * without a type checker and declares `Date` or `Item[]` members any or array, where tspc and
 * `weft schema` say object and object[]). How each member is encoded, which follows from its
 * kind, is written after the fingerprint (memberEncodings).
 */
export function layoutFingerprint(assembly: string, name: string, members: readonly LayoutMember[]): Uint8Array {
  return fingerprint(identityBody(assembly, name, members));
}

/** What a layout's fingerprint hashes: its TypeDef body with every member kind written as 0. */
function identityBody(assembly: string, name: string, members: readonly LayoutMember[]): Uint8Array {
  return encodeTypeDef(assembly, name, TypeKind.Fields, members.map((m) => ({ name: m.name, kind: 0 })));
}

/**
 * How each member of a compact-mode layout is encoded, after its fingerprint and name: two bits
 * per member, four to a byte, the first member in the low bits; 0 a plain value, 1 an object
 * slot, 2 an array slot, 3 an object[] slot (FORMAT.md, "Compact mode").
 */
export function memberEncodings(members: readonly LayoutMember[]): Uint8Array {
  const out = new Uint8Array((members.length + 3) >> 2);
  members.forEach((m, i) => {
    const e = encodingOf(m.kind);
    out[i >> 2]! |= (e === MemberKind.Any ? 0 : e - MemberKind.BigInt) << ((i & 3) * 2);
  });
  return out;
}

/** The 8 bytes (little-endian) of the CRC-64-AVRO fingerprint of `bytes`. */
export function fingerprint(bytes: Uint8Array): Uint8Array {
  let hi = EMPTY_HI;
  let lo = EMPTY_LO;
  for (let i = 0; i < bytes.length; i++) {
    const t = (lo ^ bytes[i]!) & 0xff;
    lo = ((lo >>> 8) | (hi << 24)) ^ TABLE_LO[t]!;
    hi = (hi >>> 8) ^ TABLE_HI[t]!;
  }
  const out = new Uint8Array(8);
  for (let k = 0; k < 4; k++) {
    out[k] = (lo >>> (8 * k)) & 0xff;
    out[4 + k] = (hi >>> (8 * k)) & 0xff;
  }
  return out;
}

/** A fingerprint as text: 16 hex digits, most significant first (as `weft inspect` prints it). */
export function fingerprintText(fp: Uint8Array, at = 0): string {
  let s = '';
  for (let k = 7; k >= 0; k--) s += fp[at + k]!.toString(16).padStart(2, '0');
  return s;
}

/** A layout a reader knows, found by its fingerprint. */
export interface KnownLayout {
  readonly assembly: string;
  readonly name: string;
  readonly names: readonly string[];
  readonly kinds: readonly number[];
  /** what its fingerprint hashes, to tell a collision from the same layout */
  readonly body: Uint8Array;
  readonly fingerprint: string;
}

/** Fingerprint → layout; keyed by the low 32 bits, the high ones compared on a hit. */
class LayoutTable {
  private readonly byLow = new Map<number, { high: number; layout: KnownLayout }[]>();
  size = 0;

  /** false if the same layout is there already; throws on a collision with another layout */
  add(layout: KnownLayout, fp: Uint8Array): boolean {
    const low = word(fp, 0);
    const high = word(fp, 4);
    let list = this.byLow.get(low);
    if (list === undefined) this.byLow.set(low, (list = []));
    for (const known of list) {
      if (known.high !== high) continue;
      if (sameBytes(known.layout.body, layout.body)) return false;
      throw new SerializationException('INVALID_ARGUMENT', `layouts of "${known.layout.name}" and "${layout.name}" have the same fingerprint ${layout.fingerprint}: compact mode cannot tell them apart; use the default (self-describing) mode`);
    }
    list.push({ high, layout });
    this.size++;
    return true;
  }

  find(buf: Uint8Array, at: number): KnownLayout | undefined {
    const list = this.byLow.get(word(buf, at));
    if (list === undefined) return undefined;
    const high = word(buf, at + 4);
    for (const known of list) if (known.high === high) return known.layout;
    return undefined;
  }
}

/** The uint32 (little-endian) at b[at]. */
function word(b: Uint8Array, at: number): number {
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function layoutOf(assembly: string, name: string, members: readonly LayoutMember[]): { layout: KnownLayout; fp: Uint8Array } {
  const body = identityBody(assembly, name, members);
  const fp = fingerprint(body);
  return {
    layout: { assembly, name, names: members.map((m) => m.name), kinds: members.map((m) => m.kind), body, fingerprint: fingerprintText(fp) },
    fp,
  };
}

/** The shape of `weft schema` output that compact mode reads (other fields are ignored). */
export interface WeftSchemaDocument {
  readonly weftSchema: number;
  readonly types: readonly { readonly assembly: string; readonly name: string; readonly kind: string; readonly members: readonly { readonly name: string; readonly kind: string }[] }[];
}

/**
 * The layouts a BinaryFormatter accepts as fingerprints: every registered class's current
 * layout (always), plus the layouts loaded into it, e.g. `weft schema` output of the versions
 * of a service that write the data this one reads.
 */
export class KnownLayouts {
  private readonly loaded = new LayoutTable();

  /** How many layouts were loaded (registered classes not counted). */
  get size(): number {
    return this.loaded.size;
  }

  /**
   * Adds the layouts of a `weft schema` document (its JSON text or the parsed object); returns
   * how many were new. Getter-only (custom) types are skipped: compact mode writes them in full.
   */
  load(schema: string | WeftSchemaDocument): number {
    let doc: unknown = schema;
    if (typeof schema === 'string') {
      try {
        doc = JSON.parse(schema);
      } catch (e) {
        throw new SerializationException('INVALID_ARGUMENT', `knownLayouts.load: the text is not JSON (${(e as Error).message}); pass the output of "weft schema"`);
      }
    }
    const d = doc as Partial<WeftSchemaDocument> | null;
    if (typeof d !== 'object' || d === null || d.weftSchema !== 1 || !Array.isArray(d.types)) {
      throw new SerializationException('INVALID_ARGUMENT', 'knownLayouts.load expects the output of "weft schema" (an object with "weftSchema": 1 and "types")');
    }
    let added = 0;
    d.types.forEach((t, i) => {
      const where = `knownLayouts.load: types[${i}]`;
      if (typeof t !== 'object' || t === null || typeof t.assembly !== 'string' || typeof t.name !== 'string' || !Array.isArray(t.members)) {
        throw new SerializationException('INVALID_ARGUMENT', `${where} needs "assembly", "name" and "members"`);
      }
      if (t.kind !== 'fields') return;
      const members = (t.members as readonly { name?: unknown; kind?: unknown }[]).map((m, k): LayoutMember => {
        const kind = MEMBER_KIND_NAMES.indexOf(m?.kind as (typeof MEMBER_KIND_NAMES)[number]);
        if (typeof m?.name !== 'string' || kind < 0 || kind > MAX_MEMBER_KIND) {
          throw new SerializationException('INVALID_ARGUMENT', `${where}.members[${k}] needs a "name" and a "kind" (one of ${MEMBER_KIND_NAMES.join(', ')})`);
        }
        return { name: m.name, kind };
      });
      const { layout, fp } = layoutOf(t.assembly, t.name, members);
      if (this.loaded.add(layout, fp)) added++;
    });
    return added;
  }

  /** The fingerprint compact mode writes for a registered class (16 hex digits). */
  static fingerprintOf(ctor: Function): string {
    const meta = registeredClasses().find((m) => m.ctor === ctor || m.origin === ctor);
    if (meta === undefined) throw new SerializationException('INVALID_ARGUMENT', `class ${ctor.name} is not registered (@Serializable and compiled)`);
    return layoutOf(meta.assembly, meta.name, meta.members).layout.fingerprint;
  }

  /**
   * The layout whose fingerprint is the 8 bytes at buf[at]: a registered class's first (with its
   * own declared kinds), then a loaded one.
   */
  find(buf: Uint8Array, at: number): KnownLayout | undefined {
    return registeredTable().find(buf, at) ?? this.loaded.find(buf, at);
  }
}

/** Fingerprints of the registered classes: one table for every formatter, rebuilt when classes register. */
let registered: LayoutTable | null = null;
let registeredAt = -1;

function registeredTable(): LayoutTable {
  const v = registryVersion();
  if (registered === null || registeredAt !== v) {
    const table = new LayoutTable();
    for (const meta of registeredClasses()) {
      if (meta.custom) continue;
      const { layout, fp } = layoutOf(meta.assembly, meta.name, meta.members);
      table.add(layout, fp);
    }
    registered = table;
    registeredAt = v;
  }
  return registered;
}
