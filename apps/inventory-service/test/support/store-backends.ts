import { dropSchemas, requirePostgres, throwawaySchemaName } from '@commlab/testing';

/** Where a test's inventory-service keeps its data: in-memory PGlite or a throwaway PostgreSQL schema. */
export interface Backend {
  name: string;
  setup(): Promise<{ url?: string; schema?: string }>;
  teardown(): Promise<void>;
}

export const pgliteInMemory: Backend = {
  name: 'PGlite (in memory)',
  setup: () => Promise.resolve({}),
  teardown: () => Promise.resolve(),
};

/** One throwaway schema `inventory_test_<hex>` on the test PostgreSQL, dropped in teardown. */
export function postgres(): Backend {
  let url = '';
  const schema = throwawaySchemaName('inventory_test');
  return {
    name: 'PostgreSQL',
    setup: async () => {
      url = await requirePostgres();
      return { url, schema };
    },
    teardown: async () => {
      if (url !== '') await dropSchemas(url, [schema]);
    },
  };
}
