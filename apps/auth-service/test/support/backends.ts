import { dropSchemas, requirePostgres, throwawaySchemaName } from '@commlab/testing';

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
  const schema = throwawaySchemaName('auth_test');
  return {
    name: 'PostgreSQL',
    prepare: async () => {
      url = await requirePostgres();
      return { DATABASE_URL: url, databaseSchema: schema };
    },
    teardown: async () => {
      if (url !== '') await dropSchemas(url, [schema]);
    },
  };
}
