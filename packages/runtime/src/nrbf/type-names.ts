import { SerializationException } from '../errors.js';

/**
 * .NET type and assembly names as NRBF streams write them (the reflection grammar of
 * Type.AssemblyQualifiedName): `Ns.Outer+Inner`, generics with assembly-qualified arguments
 * (``System.Collections.Generic.List`1[[System.Int32, mscorlib, Version=4.0.0.0, ...]]``),
 * array suffixes (`[]`, `[,]`, `[*]`), and `Name, Version=..., Culture=..., PublicKeyToken=...`.
 * Parsed only, never resolved: the result is data for matching against registered classes.
 */

export interface AssemblyName {
  /** the simple name: `mscorlib`, `MyApp.Model` */
  readonly name: string;
  readonly version?: string;
  readonly culture?: string;
  readonly publicKeyToken?: string;
}

export interface DotNetTypeName {
  /** namespace, nesting and arity, without generic arguments or array suffixes: ``System.Collections.Generic.List`1``, `Ns.Outer+Inner` */
  readonly fullName: string;
  /** the namespace (empty for none) */
  readonly namespace: string;
  /** the innermost type's name without its arity: `List`, `Inner` */
  readonly name: string;
  readonly genericArguments: readonly DotNetTypeName[];
  /** array suffixes in the order written: 1 for `[]` and `[*]`, n for n-1 commas */
  readonly arrayRanks: readonly number[];
  /** the assembly, when the name is assembly-qualified */
  readonly assembly: AssemblyName | null;
}

/** Type names nest generic arguments no deeper than this (a hostile name cannot recurse far). */
const MAX_GENERIC_DEPTH = 16;
/** Longer names are refused: no .NET type name in practice comes near. */
const MAX_TYPE_NAME = 8192;

class Cursor {
  pos = 0;
  constructor(readonly text: string) {}
  peek(): string {
    return this.text[this.pos] ?? '';
  }
  fail(what: string): never {
    throw new SerializationException('INVALID_VALUE', `a .NET type name is malformed: ${what} at character ${this.pos}`);
  }
}

/** Parses a type name, assembly-qualified or not. */
export function parseTypeName(text: string): DotNetTypeName {
  if (text.length === 0 || text.length > MAX_TYPE_NAME) throw new SerializationException('INVALID_VALUE', `a .NET type name must be 1 to ${MAX_TYPE_NAME} characters long`);
  const c = new Cursor(text);
  const t = typeName(c, 0, true, false);
  if (c.pos !== text.length) c.fail('unexpected text');
  return t;
}

/** Parses `Name, Version=..., Culture=..., PublicKeyToken=...` (unknown keys are ignored). */
export function parseAssemblyName(text: string): AssemblyName {
  const parts = text.split(',');
  const name = parts[0]!.trim();
  if (name === '') throw new SerializationException('INVALID_VALUE', 'a .NET assembly name is empty');
  const out: { name: string; version?: string; culture?: string; publicKeyToken?: string } = { name };
  for (let i = 1; i < parts.length; i++) {
    const eq = parts[i]!.indexOf('=');
    if (eq < 0) continue;
    const key = parts[i]!.slice(0, eq).trim().toLowerCase();
    const value = parts[i]!.slice(eq + 1).trim();
    if (key === 'version') out.version = value;
    else if (key === 'culture') out.culture = value;
    else if (key === 'publickeytoken') out.publicKeyToken = value;
  }
  return out;
}

/** The simple name of an assembly's full name (`mscorlib` of `mscorlib, Version=4.0.0.0, ...`). */
export function assemblySimpleName(full: string): string {
  const comma = full.indexOf(',');
  return (comma < 0 ? full : full.slice(0, comma)).trim();
}

/**
 * typeName := name ('+' name)* genericArgs? arraySuffix* (',' assembly)?
 * `inBrackets`: an assembly-qualified generic argument, whose assembly ends at its `]`.
 */
function typeName(c: Cursor, depth: number, topLevel: boolean, inBrackets: boolean): DotNetTypeName {
  if (depth > MAX_GENERIC_DEPTH) c.fail(`generic arguments nested deeper than ${MAX_GENERIC_DEPTH}`);
  const full = identifier(c);
  let genericArguments: DotNetTypeName[] = [];
  const arrayRanks: number[] = [];
  if (c.peek() === '[' && isGenericOpen(c)) genericArguments = genericArgs(c, depth);
  while (c.peek() === '[') arrayRanks.push(arraySuffix(c));
  while (c.peek() === '*' || c.peek() === '&') c.pos++;
  let assembly: AssemblyName | null = null;
  if (c.peek() === ',' && (topLevel || inBrackets)) {
    c.pos++;
    const start = c.pos;
    let end = c.text.length;
    if (inBrackets) {
      end = c.text.indexOf(']', start);
      if (end < 0) c.fail('an unclosed generic argument');
    }
    assembly = parseAssemblyName(c.text.slice(start, end));
    c.pos = end;
  }
  const lastDot = lastTopLevelDot(full);
  const plus = full.lastIndexOf('+');
  const inner = full.slice(Math.max(lastDot, plus) + 1);
  const tick = inner.indexOf('`');
  return {
    fullName: full,
    namespace: lastDot < 0 ? '' : full.slice(0, lastDot),
    name: tick < 0 ? inner : inner.slice(0, tick),
    genericArguments,
    arrayRanks,
    assembly,
  };
}

/** The dot that ends the namespace: the last one before the first `+`. */
function lastTopLevelDot(full: string): number {
  const plus = full.indexOf('+');
  return (plus < 0 ? full : full.slice(0, plus)).lastIndexOf('.');
}

function identifier(c: Cursor): string {
  let out = '';
  for (;;) {
    const ch = c.peek();
    if (ch === '' || ch === '[' || ch === ']' || ch === ',' || ch === '*' || ch === '&') break;
    if (ch === '\\') {
      c.pos++;
      if (c.peek() === '') c.fail('a dangling escape');
      out += c.peek();
      c.pos++;
      continue;
    }
    out += ch;
    c.pos++;
  }
  out = out.trim();
  if (out === '' || out.startsWith('+') || out.endsWith('+') || out.endsWith('.')) c.fail('an empty name');
  return out;
}

/** `[` opens generic arguments unless it is an array suffix (`[]`, `[,`, `[*]`). */
function isGenericOpen(c: Cursor): boolean {
  const next = c.text[c.pos + 1];
  return next !== ']' && next !== ',' && next !== '*';
}

function genericArgs(c: Cursor, depth: number): DotNetTypeName[] {
  c.pos++; // [
  const args: DotNetTypeName[] = [];
  for (;;) {
    while (c.peek() === ' ') c.pos++;
    if (c.peek() === '[') {
      c.pos++;
      args.push(typeName(c, depth + 1, false, true));
      if (c.peek() !== ']') c.fail('an unclosed generic argument');
      c.pos++;
    } else {
      args.push(typeName(c, depth + 1, false, false));
    }
    while (c.peek() === ' ') c.pos++;
    if (c.peek() === ',') {
      c.pos++;
      continue;
    }
    if (c.peek() !== ']') c.fail('an unclosed generic argument list');
    c.pos++;
    return args;
  }
}

function arraySuffix(c: Cursor): number {
  c.pos++; // [
  let rank = 1;
  if (c.peek() === '*') c.pos++;
  while (c.peek() === ',') {
    rank++;
    c.pos++;
  }
  if (c.peek() !== ']') c.fail('an unclosed array suffix');
  c.pos++;
  return rank;
}
