import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Script, constants, runInThisContext } from 'node:vm';

import type * as PGliteModule from '@electric-sql/pglite';

export type PGliteExports = typeof PGliteModule;

let loading: Promise<PGliteExports> | undefined;

/**
 * Loads `@electric-sql/pglite` once.
 *
 * PGlite's CommonJS build still calls `import()` (for `node:module`, `fs/promises`, …) while it boots. Inside
 * a `vm` sandbox without `--experimental-vm-modules` — Jest's CommonJS runtime — every such call fails with
 * ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING_FLAG, and it fails as an uncaught rejection that kills the worker
 * (electric-sql/pglite#224). So when this module runs in such a sandbox (its global is not the process's main
 * global), PGlite is loaded by Node's own loader in the main context instead. Its objects then belong to
 * that other realm: callers must not use `instanceof` on what it returns or throws (see pglite-values.ts).
 * In plain Node (services, CLI) this is an ordinary dynamic import.
 */
export function loadPGlite(): Promise<PGliteExports> {
  loading ??= load();
  return loading;
}

async function load(): Promise<PGliteExports> {
  if (!inSandbox()) {
    // The ESM build's declarations are separate copies of the CommonJS ones; the API is the same.
    return (await import('@electric-sql/pglite')) as unknown as PGliteExports;
  }
  const entry = createRequire(__filename).resolve('@electric-sql/pglite');
  const importInMainContext = new Script('(specifier) => import(specifier)', {
    filename: __filename,
    importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  }).runInThisContext() as (specifier: string) => Promise<PGliteExports>;
  return importInMainContext(pathToFileURL(entry).href);
}

function inSandbox(): boolean {
  return runInThisContext('globalThis') !== globalThis;
}
