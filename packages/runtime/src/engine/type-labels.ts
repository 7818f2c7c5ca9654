import { quoted } from '../errors.js';
import { registeredClasses } from './registry.js';

/** A stream type identity for messages: `type "shop.Order" (assembly "@acme/shop")`. */
export function streamTypeLabel(assembly: string, name: string): string {
  return `type ${quoted(name)} (assembly ${quoted(assembly)})`;
}

/** Points at a registered class whose name equals the stream's (a changed assembly name is a common cause). */
export function sameNameHint(assembly: string, name: string): string {
  for (const m of registeredClasses()) {
    if (m.name === name && m.assembly !== assembly) return ` A class with this name is registered under assembly ${quoted(m.assembly)}: the writer's package name differs (a binder can map one onto the other).`;
  }
  return '';
}
