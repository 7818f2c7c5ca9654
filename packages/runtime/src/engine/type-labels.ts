import { metaByIdentity, registeredClasses } from './registry.js';

/**
 * Names a type identity read from the payload without copying payload text: a registered
 * identity by its (program-defined) name, anything else by lengths and an FNV-1a fingerprint.
 */
export function streamTypeLabel(assembly: string, name: string): string {
  const meta = metaByIdentity(assembly, name);
  if (meta !== undefined) return `type ${meta.fullName}`;
  return `the stream's type (${name.length}-character name, ${assembly.length}-character assembly, fingerprint ${typeFingerprint(assembly, name)})`;
}

/** FNV-1a (32 bit) over the UTF-16 code units of `assembly + "\u0000" + name`, as 8 hex digits. */
export function typeFingerprint(assembly: string, name: string): string {
  const key = `${assembly}\u0000${name}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** Points at a registered class whose name equals the stream's (a changed assembly name is a common cause). */
export function sameNameHint(assembly: string, name: string): string {
  for (const m of registeredClasses()) {
    if (m.name === name && m.assembly !== assembly) return `; a class with this name is registered as ${m.fullName}`;
  }
  return '';
}
