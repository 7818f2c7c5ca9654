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

/** Whether two contexts match for surrogate lookup: the registered states must cover the asked states. */
function contextMatches(registered: StreamingContext, asked: StreamingContext): boolean {
  return (registered.state & asked.state) !== 0;
}

export class SurrogateSelector implements ISurrogateSelector {
  private readonly entries: { type: Function; context: StreamingContext; surrogate: ISerializationSurrogate }[] = [];
  private next: ISurrogateSelector | null = null;

  addSurrogate(type: Function, context: StreamingContext, surrogate: ISerializationSurrogate): void {
    if (typeof type !== 'function') throw new SerializationException('INVALID_ARGUMENT', 'addSurrogate: type must be a class or constructor function');
    if (!surrogate) throw new SerializationException('INVALID_ARGUMENT', `addSurrogate: no surrogate given for ${type.name}`);
    if (this.entries.some((e) => e.type === type && e.context.state === context.state)) {
      throw new SerializationException('INVALID_ARGUMENT', `addSurrogate: a surrogate for ${type.name} with context state ${context.state} is already registered`);
    }
    this.entries.push({ type, context, surrogate });
  }

  removeSurrogate(type: Function, context: StreamingContext): void {
    const i = this.entries.findIndex((e) => e.type === type && e.context.state === context.state);
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
    for (const e of this.entries) if (e.type === type && contextMatches(e.context, context)) return e.surrogate;
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
