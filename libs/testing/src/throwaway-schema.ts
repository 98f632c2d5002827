import { randomBytes } from 'node:crypto';

import pg from 'pg';

import { requirePostgres } from './require-server';

/** A fresh schema name on the test PostgreSQL: `<prefix>_<8 hex>` (lowercase, safe unquoted). */
export function throwawaySchemaName(prefix: string): string {
  return `${prefix.toLowerCase().replace(/[^a-z0-9_]/g, '_')}_${randomBytes(4).toString('hex')}`;
}

/** Drops test schemas and everything in them; a missing schema is fine. */
export async function dropSchemas(url: string, schemas: readonly string[]): Promise<void> {
  if (schemas.length === 0) return;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const schema of schemas)
      await client.query(`DROP SCHEMA IF EXISTS "${schema.replace(/"/g, '""')}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** The two SQL stores a service runs on, for `describe.each(STORES)`. */
export type TestStore = 'pglite' | 'postgres';

export interface ThrowawayStore {
  /**
   * Spread into `openDatabase`'s options: nothing on PGlite (a store in memory), the test PostgreSQL's
   * URL and a fresh schema on PostgreSQL.
   */
  options: { url: string; schema: string } | Record<string, never>;
  /** Drops the schema (PostgreSQL); nothing to do on PGlite. */
  drop(): Promise<void>;
}

/** Where a test's store goes: fails with how to start PostgreSQL when `store` is it and none answers. */
export async function throwawayStore(store: TestStore, prefix: string): Promise<ThrowawayStore> {
  if (store === 'pglite') return { options: {}, drop: () => Promise.resolve() };
  const url = await requirePostgres();
  const schema = throwawaySchemaName(prefix);
  return { options: { url, schema }, drop: () => dropSchemas(url, [schema]) };
}
