import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { dropSchemas, requirePostgres, throwawaySchemaName } from '@commlab/testing';

/** Where an inventory-service keeps its data; the same location again = the same data. */
export interface StoreLocation {
  /** PostgreSQL URL (DATABASE_URL); unset = PGlite. */
  url?: string;
  /** PostgreSQL schema. */
  schema?: string;
  /** PGlite directory (INVENTORY_DATA_DIR); unset = in memory. */
  dataDir?: string;
}

/** Stores that outlive one service instance (a stop and a start find the same data), removed in teardown. */
export interface DurableStores {
  name: string;
  /** A new, empty store location. */
  create(): Promise<StoreLocation>;
  /** Removes every store this created. */
  teardown(): Promise<void>;
}

/** PGlite stores on disk, each in its own temporary directory. */
export function pgliteOnDisk(): DurableStores {
  const dirs: string[] = [];
  return {
    name: 'PGlite (on disk)',
    create: async () => {
      const dataDir = await mkdtemp(join(tmpdir(), 'commlab-inventory-'));
      dirs.push(dataDir);
      return { dataDir };
    },
    teardown: async () => {
      for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Throwaway schemas `inventory_test_<hex>` on the test PostgreSQL, dropped in teardown. */
export function postgresSchemas(): DurableStores {
  let url: string | undefined;
  const schemas: string[] = [];
  return {
    name: 'PostgreSQL',
    create: async () => {
      url ??= await requirePostgres();
      const schema = throwawaySchemaName('inventory_test');
      schemas.push(schema);
      return { url, schema };
    },
    teardown: async () => {
      if (url !== undefined && schemas.length > 0) await dropSchemas(url, schemas.splice(0));
    },
  };
}
