import { randomBytes } from 'node:crypto';

import pg from 'pg';

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
