import type * as PGliteModule from '@electric-sql/pglite';

export type PGliteExports = typeof PGliteModule;

let loading: Promise<PGliteExports> | undefined;

/**
 * Loads `@electric-sql/pglite` once, through a real dynamic import: its CommonJS build itself calls
 * `import()` while booting, so it needs a runtime that supports that — plain Node always, Jest when Node
 * runs with --experimental-vm-modules (the repo's test scripts do).
 */
export function loadPGlite(): Promise<PGliteExports> {
  loading ??= import('@electric-sql/pglite') as unknown as Promise<PGliteExports>;
  return loading;
}
