import {
  type Database,
  type DatabaseLogger,
  type Migration,
  type PgliteThreadMode,
  openDatabase,
} from '@commlab/persistence';

/** PGlite's own spelling of "no directory": `<NAME>_DATA_DIR=memory://` keeps a store in memory. */
export const IN_MEMORY_DATA_DIR = 'memory://';

/** How tests and tools adjust a service's store (the same three options on every `start<Name>Service`). */
export interface ServiceStoreOptions {
  /** PostgreSQL schema when DATABASE_URL is set (default: the service name); tests use a throwaway one. */
  databaseSchema?: string;
  /** An in-memory PGlite instead of the service's data directory (ignored when DATABASE_URL is set). */
  inMemoryStore?: boolean;
  /** Where the store logs migrations (default: nowhere); `runServiceMain` passes the boot logger. */
  databaseLogger?: DatabaseLogger;
}

export interface ServiceStoreSettings {
  /** `inventory-service`: names the default PostgreSQL schema and prefixes log lines. */
  service: string;
  migrations: readonly Migration[];
  /** The service config's DATABASE_URL: PostgreSQL when set, else PGlite. */
  databaseUrl: string | undefined;
  /** The service config's `<NAME>_DATA_DIR` (PGlite), or `memory://`. */
  dataDir: string;
  /** The service config's PGLITE_THREAD: PGlite on a worker thread, or on the service's event loop. */
  pgliteThread?: PgliteThreadMode;
}

/**
 * Opens a service's one store and runs its migrations: PostgreSQL (DATABASE_URL, the service's tables in
 * its own schema) or PGlite on the service's data directory — or in memory for `memory://` and tests.
 */
export function openServiceStore(
  settings: ServiceStoreSettings,
  options: ServiceStoreOptions = {},
): Promise<Database> {
  const inMemory = options.inMemoryStore === true || settings.dataDir === IN_MEMORY_DATA_DIR;
  return openDatabase({
    service: settings.service,
    migrations: settings.migrations,
    ...(settings.databaseUrl === undefined ? {} : { url: settings.databaseUrl }),
    ...(settings.databaseUrl === undefined && !inMemory ? { dataDir: settings.dataDir } : {}),
    ...(settings.pgliteThread === undefined ? {} : { pgliteThread: settings.pgliteThread }),
    ...(options.databaseSchema === undefined ? {} : { schema: options.databaseSchema }),
    ...(options.databaseLogger === undefined ? {} : { logger: options.databaseLogger }),
  });
}

/**
 * Runs `start` on an open store and hands back what it started with the store: if `start` fails, the
 * store is closed before the error surfaces (no PGlite instance or pool left behind).
 */
export async function startOnStore<T>(database: Database, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (error) {
    await database.close();
    throw error;
  }
}
