import type * as ts from 'typescript';

/**
 * The `typescript` package as a library: the one weft's per-file paths (bundler plugins, the
 * register hook, the CLI) compile with. TypeScript 7's package is the native compiler and has no
 * JavaScript API (its main export is a version number), so a project that moved `typescript` to 7
 * must hand weft a 5.9/6.0 under another name; this says so instead of failing on `undefined`.
 */
export function checkTypeScript(tsi: unknown, where: string): typeof ts {
  const api = tsi as Partial<typeof ts> | undefined;
  if (api && typeof api.transpileModule === 'function' && typeof api.createSourceFile === 'function') return api as typeof ts;
  const version = api && typeof api.version === 'string' ? ` ${api.version}` : '';
  throw new Error(
    `${where} needs TypeScript's JavaScript API (typescript >=5.9 <7), but the typescript package it was given${version} has none` +
      (version.startsWith(' 7') ? ' (TypeScript 7 is the native compiler)' : '') +
      `. Install TypeScript 6 under an alias ("typescript-6": "npm:typescript@6.0.3") and pass it: { ts: require('typescript-6') }.`,
  );
}

/** `require('typescript')` from this package's location (the peer dependency), checked. */
export function requireTypeScript(where: string): typeof ts {
  return checkTypeScript(require('typescript'), where);
}
