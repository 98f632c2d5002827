import { randomBytes } from 'node:crypto';

import { requirePostgres } from '@commlab/testing';
import pg from 'pg';

/** Where a test's auth-service keeps its data: PGlite (in memory or a dir) or a throwaway PostgreSQL schema. */
export interface StoreBackend {
  name: string;
  /** Config and start options for this backend; `reuse` = the same store as the previous call. */
  prepare(): Promise<{ DATABASE_URL?: string; databaseSchema?: string }>;
  teardown(): Promise<void>;
}

export function pgliteBackend(): StoreBackend {
  return { name: 'PGlite', prepare: () => Promise.resolve({}), teardown: () => Promise.resolve() };
}

/** One throwaway schema `auth_test_<hex>` on the test PostgreSQL, dropped in teardown. */
export function postgresBackend(): StoreBackend {
  let url = '';
  const schema = `auth_test_${randomBytes(4).toString('hex')}`;
  return {
    name: 'PostgreSQL',
    prepare: async () => {
      url = await requirePostgres();
      return { DATABASE_URL: url, databaseSchema: schema };
    },
    teardown: async () => {
      if (url === '') return;
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}
