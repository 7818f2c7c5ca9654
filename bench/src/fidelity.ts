/**
 * Fidelity check run before any timing: walks the original graph and the decoded one in
 * parallel (explicit stack, no recursion) and counts what was lost:
 *  - class:    a decoded object has another prototype than the original (instanceof broken)
 *  - identity: an object reached twice in the original is two different objects when decoded
 *              (shared references duplicated, or cycles unrolled)
 *  - value:    a primitive, length, typed-array element or Date's time differs
 */
export interface Fidelity {
  ok: boolean;
  classLost: number;
  identityLost: number;
  valueDiffs: number;
  /** first few discrepancies, with a path */
  samples: string[];
  /** short label for the table */
  label: string;
}

const isTyped = (v: unknown): v is ArrayLike<number> & object => ArrayBuffer.isView(v) && !(v instanceof DataView);

export function checkFidelity(original: unknown, decoded: unknown, maxObjects = 5_000_000): Fidelity {
  let classLost = 0;
  let identityLost = 0;
  let valueDiffs = 0;
  const samples: string[] = [];
  const note = (kind: string, path: string, detail: string) => {
    if (samples.length < 6) samples.push(`${kind} at ${path}: ${detail}`);
  };
  const seen = new Map<object, unknown>();
  const stack: [unknown, unknown, string][] = [[original, decoded, '$']];
  let visited = 0;
  while (stack.length > 0) {
    const [a, b, path] = stack.pop()!;
    if (a === null || typeof a !== 'object') {
      if (!Object.is(a, b)) {
        valueDiffs++;
        note('value', path, `${String(a).slice(0, 40)} became ${String(b).slice(0, 40)}`);
      }
      continue;
    }
    if (b === null || typeof b !== 'object') {
      valueDiffs++;
      note('value', path, `object became ${String(b).slice(0, 40)}`);
      continue;
    }
    const prev = seen.get(a);
    if (prev !== undefined) {
      if (prev !== b) {
        identityLost++;
        note('identity', path, 'a shared/cyclic reference came back as a separate object');
      }
      continue; // do not descend twice (cycles)
    }
    seen.set(a, b);
    if (++visited > maxObjects) throw new Error('fidelity check: graph too large');
    if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) {
      classLost++;
      note('class', path, `${a.constructor?.name} came back as ${(b as object).constructor?.name ?? 'null-prototype object'}`);
    }
    if (a instanceof Date) {
      // a Date has no own keys: compare its time value
      const tb = b instanceof Date ? b.getTime() : undefined;
      if (!Object.is(a.getTime(), tb)) {
        valueDiffs++;
        note('value', path, `Date ${a.getTime()} became ${b instanceof Date ? tb : String(b).slice(0, 40)}`);
      }
      continue;
    }
    if (isTyped(a)) {
      const tb = b as ArrayLike<number>;
      if (!isTyped(b) || tb.length !== a.length) {
        valueDiffs++;
        note('value', path, 'typed array length/kind differs');
        continue;
      }
      for (let i = 0; i < a.length; i++) {
        if (!Object.is(a[i], tb[i])) {
          valueDiffs++;
          note('value', `${path}[${i}]`, `${a[i]} became ${tb[i]}`);
          break;
        }
      }
      continue;
    }
    if (Array.isArray(a)) {
      const bb = b as unknown[];
      if (!Array.isArray(b) || bb.length !== a.length) {
        valueDiffs++;
        note('value', path, 'array length/kind differs');
        continue;
      }
      for (let i = a.length - 1; i >= 0; i--) stack.push([a[i], bb[i], `${path}[${i}]`]);
      continue;
    }
    const ka = Object.keys(a);
    const bo = b as Record<string, unknown>;
    for (let i = ka.length - 1; i >= 0; i--) {
      const k = ka[i]!;
      stack.push([(a as Record<string, unknown>)[k], bo[k], `${path}.${k}`]);
    }
    const kb = Object.keys(bo);
    if (kb.length !== ka.length) {
      valueDiffs++;
      note('value', path, `keys ${ka.join(',')} became ${kb.join(',')}`);
    }
  }
  const ok = classLost === 0 && identityLost === 0 && valueDiffs === 0;
  const parts: string[] = [];
  if (classLost) parts.push(`classes lost (${classLost})`);
  if (identityLost) parts.push(`identity lost (${identityLost})`);
  if (valueDiffs) parts.push(`values differ (${valueDiffs})`);
  return { ok, classLost, identityLost, valueDiffs, samples, label: ok ? 'full' : parts.join(', ') };
}
