import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

import type { PGlite } from '@electric-sql/pglite';

import type { DatabaseLogger } from './database';
import { loadPGlite, type PGliteExports } from './load-pglite';

/** Where the template goes unless the caller says otherwise: the user's cache directory. */
export const DEFAULT_PGLITE_TEMPLATE_DIR = join(homedir(), '.cache', 'commlab');

/**
 * The installed PGlite's version, read once from its package.json (next to the `dist/` folder its entry
 * resolves to): a template made by another version is never loaded.
 */
let installedVersion: string | undefined;
function pgliteVersion(): string {
  if (installedVersion === undefined) {
    const entry = require.resolve('@electric-sql/pglite');
    const manifest = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as {
      version?: unknown;
    };
    installedVersion = typeof manifest.version === 'string' ? manifest.version : 'unknown';
  }
  return installedVersion;
}

/** The template file of this PGlite version in `dir`. */
export function pgliteTemplateFile(dir: string): string {
  return join(dir, `pglite-${pgliteVersion()}-initdb.tar`);
}

/** Templates that could not be written to their file, kept in memory for this process's later stores. */
const unwritten = new Map<string, Blob>();

async function makeTemplate(
  PGlite: PGliteExports['PGlite'],
  file: string,
  logger?: DatabaseLogger,
): Promise<Blob> {
  const pg: PGlite = await PGlite.create();
  let template: Blob;
  try {
    template = await pg.dumpDataDir('none');
  } finally {
    await pg.close();
  }
  const partial = `${file}.${String(process.pid)}.partial`;
  try {
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    await writeFile(partial, new Uint8Array(await template.arrayBuffer()), { mode: 0o600 });
    await rename(partial, file);
  } catch (error) {
    await rm(partial, { force: true }).catch(() => undefined);
    unwritten.set(file, template);
    logger?.warn(`PGlite template not kept in ${file} (each process runs initdb once): ${String(error)}`);
  }
  return template;
}

/**
 * A pristine cluster, as PGlite's initdb leaves it, as a tarball (`dumpDataDir`, ~40 MB) in a file every
 * process of the user shares: initdb costs 2.5-4 s of CPU in WebAssembly per new store, loading the tarball
 * ~0.7 s. The first new store of a machine (per PGlite version) runs initdb in memory and writes the file
 * (a temporary name, then an atomic rename: a reader never sees half of it); every later one reads it.
 * Nothing stays in memory after the store has loaded it, unless the file could not be written (a read-only
 * home): then the process keeps it, and each process runs initdb once.
 *
 * Resolves to the template read from `dir`, or made (and written there); rejects only if initdb failed.
 */
export async function pgliteTemplate(
  PGlite: PGliteExports['PGlite'],
  dir: string,
  logger?: DatabaseLogger,
): Promise<Blob> {
  const file = pgliteTemplateFile(dir);
  const kept = unwritten.get(file);
  if (kept !== undefined) return kept;
  try {
    return new Blob([await readFile(file)]);
  } catch {
    return makeTemplate(PGlite, file, logger);
  }
}

/** Forgets the template of `dir` and deletes its file (a template PGlite refused to load). */
export async function discardPgliteTemplate(dir: string): Promise<void> {
  const file = pgliteTemplateFile(dir);
  unwritten.delete(file);
  await rm(file, { force: true });
}

/**
 * Makes the template in `dir` unless it is there; true when it made one. `pnpm start` calls it before its
 * services start all at once: on a machine's first start they would each run initdb (and each write the
 * template) instead of one doing it for all.
 */
export async function preparePgliteTemplate(
  dir: string = DEFAULT_PGLITE_TEMPLATE_DIR,
  logger?: DatabaseLogger,
): Promise<boolean> {
  const file = pgliteTemplateFile(dir);
  if (existsSync(file)) return false;
  const { PGlite } = await loadPGlite();
  await makeTemplate(PGlite, file, logger);
  return true;
}
