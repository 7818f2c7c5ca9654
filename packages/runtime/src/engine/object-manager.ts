import { SerializationException, asSerializationException } from '../errors.js';
import type { SerializationInfo } from '../serialization-info.js';
import type { StreamingContext } from '../streaming-context.js';
import { type ClassMeta, metaOf } from './registry.js';
import { callUser } from './user-code.js';

/**
 * What happens to a graph once all its objects exist (.NET's ObjectManager): replacements
 * (IObjectReference, surrogates returning another object, ISerializable stand-ins) patched
 * into every reference in one pass, then OnDeserialized in reverse of the order objects
 * started being read (so a collection's runs after those of the objects it holds), then
 * IDeserializationCallback in the same order, after every OnDeserialized. Only classes with
 * after-graph events are remembered.
 */
export class ObjectManager {
  private created: object[] = [];
  private createdMeta: ClassMeta[] = [];
  private needsEvents = false;
  private fixups: Map<object, object> | null = null;
  /** SerializationInfos handed to constructors and surrogates in this graph (patched by fixups) */
  private infos: SerializationInfo[] = [];

  reset(): void {
    // (setting length is a runtime call even on an empty array)
    if (this.created.length !== 0) {
      this.created.length = 0;
      this.createdMeta.length = 0;
    }
    this.needsEvents = false;
    this.fixups = null;
    if (this.infos.length !== 0) this.infos.length = 0;
  }

  /**
   * An instance of `meta` has started being read: remembered, in this order, when its class
   * has after-graph events. Returns its place in the event order (-1: none), which `fill`
   * takes when the object itself is made later (an ISerializable object exists only once its
   * constructor ran, after the objects it holds: its OnDeserialized still runs after theirs).
   */
  track(o: object, meta: ClassMeta): number {
    if (meta.onDeserialized === null && !meta.hasDeserializationCallback) return -1;
    this.created.push(o);
    this.createdMeta.push(meta);
    this.needsEvents = true;
    return this.created.length - 1;
  }

  /** The object made for a place `track` gave out. */
  fill(slot: number, o: object): void {
    this.created[slot] = o;
  }

  /** Every later and earlier reference to `from` means `to`. */
  replace(from: object, to: object): void {
    (this.fixups ??= new Map()).set(from, to);
  }

  /** An info a constructor or surrogate may keep: its entries get the graph's fixups too. */
  keepInfo(info: SerializationInfo): void {
    this.infos.push(info);
  }

  /** Applies fixups to objects [0, count) of `objs` and to the root; runs the events; returns the root. */
  finish(root: unknown, objs: readonly unknown[], count: number, context: StreamingContext): unknown {
    if (this.fixups !== null) root = this.applyFixups(root, objs, count);
    if (this.needsEvents) this.raiseEvents(context);
    return root;
  }

  private applyFixups(root: unknown, objs: readonly unknown[], count: number): unknown {
    const map = this.fixups!;
    collapseChains(map);
    const fix = (v: unknown): unknown => (typeof v === 'object' && v !== null && map.has(v) ? map.get(v) : v);
    const seen = new Set<object>();
    for (let i = 0; i < count; i++) {
      const o = objs[i];
      if (typeof o !== 'object' || o === null || seen.has(o)) continue;
      seen.add(o);
      patchObject(o, fix, map);
    }
    for (const info of this.infos) {
      for (let i = 0, n = info.memberCount; i < n; i++) info.setEntryValue(i, fix(info.entryValue(i)));
    }
    return fix(root);
  }

  /** OnDeserialized (reverse order of reading), then IDeserializationCallback. */
  private raiseEvents(context: StreamingContext): void {
    const created = this.created;
    const metas = this.createdMeta;
    // `created` holds real instances only (never stand-ins). An IObjectReference replaced by
    // getRealObject still gets its own callbacks, on itself: they belong to its class.
    for (let i = created.length - 1; i >= 0; i--) {
      const meta = metas[i]!;
      if (meta.onDeserialized === null) continue;
      const o = created[i]!;
      for (const cb of meta.onDeserialized) callUser(cb, o, context, meta.name, 'OnDeserialized');
    }
    for (let i = created.length - 1; i >= 0; i--) {
      const meta = metas[i]!;
      if (!meta.hasDeserializationCallback) continue;
      const o = created[i]! as { onDeserialization(sender: unknown): void };
      try {
        o.onDeserialization(null);
      } catch (e) {
        throw asSerializationException(e, `${meta.name}.onDeserialization`);
      }
    }
  }
}

/**
 * Points every replaced object at the end of its chain (a → b → c becomes a → c, b → c), each
 * step walked once: a walk stops at an object that is not replaced, or at one an earlier walk
 * already pointed at its end, so 16,000 replacements in a row cost 16,000 steps, not 16,000² / 2.
 */
export function collapseChains(map: Map<object, object>): void {
  const path: object[] = [];
  for (const start of map.keys()) {
    let cur = map.get(start)!;
    if (!map.has(cur)) continue; // already the end of its chain
    path.push(start);
    while (map.has(cur)) {
      path.push(cur);
      if (path.length > map.size) {
        throw new SerializationException('INVALID_VALUE', 'the replacements of this graph (IObjectReference, surrogates) form a loop: each object stands for another in a circle, so none of them is the real one');
      }
      cur = map.get(cur)!;
    }
    for (const p of path) map.set(p, cur);
    path.length = 0;
  }
}

function patchObject(o: object, fix: (v: unknown) => unknown, map: Map<object, object>): void {
  if (Array.isArray(o)) {
    for (let i = 0; i < o.length; i++) if (i in o) o[i] = fix(o[i]);
    return;
  }
  if (o instanceof Map) {
    let touched = false;
    for (const [k, v] of o) if ((typeof k === 'object' && map.has(k as object)) || (typeof v === 'object' && map.has(v as object))) touched = true;
    if (touched) {
      const entries = [...o].map(([k, v]) => [fix(k), fix(v)] as const);
      o.clear();
      for (const [k, v] of entries) o.set(k, v);
    }
    return;
  }
  if (o instanceof Set) {
    if ([...o].some((v) => typeof v === 'object' && v !== null && map.has(v))) {
      const values = [...o].map(fix);
      o.clear();
      for (const v of values) o.add(v);
    }
    return;
  }
  const meta = metaOf(o);
  if (meta !== undefined) {
    for (const m of meta.members) {
      const v = meta.getMember(o, m);
      const f = fix(v);
      if (f !== v) meta.setMember(o, m, f);
    }
    return;
  }
  if (o instanceof Error) {
    const cause = (o as { cause?: unknown }).cause;
    if (fix(cause) !== cause) defineOwn(o, 'cause', fix(cause), false);
    return;
  }
  const proto = Object.getPrototypeOf(o) as object | null;
  if (proto === Object.prototype || proto === null) {
    for (const k of Object.keys(o)) {
      const v = (o as Record<string, unknown>)[k];
      const f = fix(v);
      if (f !== v) defineOwn(o, k, f);
    }
    return;
  }
  if (ArrayBuffer.isView(o) || o instanceof ArrayBuffer) return;
  // Instances of uncompiled classes (made by surrogates): their own writable data properties.
  for (const k of Object.keys(o)) {
    const d = Object.getOwnPropertyDescriptor(o, k);
    if (d === undefined || !d.writable) continue;
    const f = fix(d.value);
    if (f !== d.value) (o as Record<string, unknown>)[k] = f;
  }
}

/** Defines an own data property: a key such as "__proto__" never reaches a setter or the prototype. */
export function defineOwn(o: object, key: string, value: unknown, enumerable = true): void {
  Object.defineProperty(o, key, { value, writable: true, enumerable, configurable: true });
}
