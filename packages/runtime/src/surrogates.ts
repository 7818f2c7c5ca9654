import { SerializationException } from './errors.js';
import type { SerializationInfo } from './serialization-info.js';
import { StreamingContext } from './streaming-context.js';

/** Takes over writing and reading objects of a type (any type, compiled or not, built-ins too). */
export interface ISerializationSurrogate {
  getObjectData(obj: any, info: SerializationInfo, context: StreamingContext): void;
  /** Fills `obj` (an uninitialized instance) or returns a replacement; null/undefined means `obj`. */
  setObjectData(obj: any, info: SerializationInfo, context: StreamingContext, selector: ISurrogateSelector | null): unknown;
}

export interface ISurrogateSelector {
  chainSelector(selector: ISurrogateSelector): void;
  getNextSelector(): ISurrogateSelector | null;
  getSurrogate(type: Function, context: StreamingContext): ISerializationSurrogate | null;
}

/** Types a selector (and its chain) can hand surrogates for; used to resolve names on read. */
export function surrogateTypes(selector: ISurrogateSelector | null): Function[] {
  const out: Function[] = [];
  const seen = new Set<ISurrogateSelector>();
  for (let s = selector; s !== null && !seen.has(s); s = s.getNextSelector()) {
    seen.add(s);
    if (s instanceof SurrogateSelector) out.push(...s.registeredTypes());
  }
  return out;
}

/**
 * .NET's SurrogateSelector rule: a surrogate registered for some states serves a formatter
 * only when those states cover all of the formatter's (`registered & asked === asked`): one
 * registered for Persistence does not serve a formatter whose context is All. A registration
 * that names an additional context object serves only that object (.NET compares it too); one
 * without serves any.
 */
function covers(registered: StreamingContext, asked: StreamingContext): boolean {
  return (registered.state & asked.state) === asked.state && (registered.context === undefined || registered.context === asked.context);
}

/** Among registrations that cover a context the narrowest wins: fewest states, then one naming the context object. */
function breadth(c: StreamingContext): number {
  let n = 0;
  for (let s = c.state as number; s !== 0; s &= s - 1) n++;
  return 2 * n + (c.context === undefined ? 1 : 0);
}

function sameKey(a: StreamingContext, b: StreamingContext): boolean {
  return a.state === b.state && a.context === b.context;
}

export class SurrogateSelector implements ISurrogateSelector {
  private readonly entries: { type: Function; context: StreamingContext; surrogate: ISerializationSurrogate }[] = [];
  private next: ISurrogateSelector | null = null;

  addSurrogate(type: Function, context: StreamingContext, surrogate: ISerializationSurrogate): void {
    if (typeof type !== 'function') throw new SerializationException('INVALID_ARGUMENT', 'addSurrogate: type must be a class or constructor function');
    if (!surrogate) throw new SerializationException('INVALID_ARGUMENT', `addSurrogate: no surrogate given for ${type.name}`);
    if (this.entries.some((e) => e.type === type && sameKey(e.context, context))) {
      throw new SerializationException('INVALID_ARGUMENT', `addSurrogate: a surrogate for ${type.name} with context state ${context.state} is already registered`);
    }
    this.entries.push({ type, context, surrogate });
  }

  removeSurrogate(type: Function, context: StreamingContext): void {
    const i = this.entries.findIndex((e) => e.type === type && sameKey(e.context, context));
    if (i >= 0) this.entries.splice(i, 1);
  }

  chainSelector(selector: ISurrogateSelector): void {
    if (selector === this) throw new SerializationException('INVALID_ARGUMENT', 'chainSelector: a selector cannot be chained to itself');
    // Refuse cycles: walking the new chain must not come back here.
    const seen = new Set<ISurrogateSelector>();
    for (let s: ISurrogateSelector | null = selector; s !== null; s = s.getNextSelector()) {
      if (s === this || seen.has(s)) throw new SerializationException('INVALID_ARGUMENT', 'chainSelector: the chain would form a cycle');
      seen.add(s);
    }
    // .NET semantics: the new selector goes right after this one, in front of the old tail.
    if (this.next !== null) {
      let last: ISurrogateSelector = selector;
      while (last.getNextSelector() !== null) last = last.getNextSelector()!;
      last.chainSelector(this.next);
    }
    this.next = selector;
  }

  getNextSelector(): ISurrogateSelector | null {
    return this.next;
  }

  getSurrogate(type: Function, context: StreamingContext): ISerializationSurrogate | null {
    let found: (typeof this.entries)[number] | null = null;
    for (const e of this.entries) {
      if (e.type !== type || !covers(e.context, context)) continue;
      if (found === null || breadth(e.context) < breadth(found.context)) found = e;
    }
    if (found !== null) return found.surrogate;
    return this.next ? this.next.getSurrogate(type, context) : null;
  }

  /** @internal */
  registeredTypes(): Function[] {
    return this.entries.map((e) => e.type);
  }
}

/** Chooses types on read and names on write. A binder can only pick registered or surrogate-handled types. */
export abstract class SerializationBinder {
  bindToType(assemblyName: string, typeName: string): Function | null | undefined {
    void assemblyName;
    void typeName;
    return undefined;
  }
  bindToName(type: Function): { assemblyName?: string; typeName?: string } | undefined {
    void type;
    return undefined;
  }
}
