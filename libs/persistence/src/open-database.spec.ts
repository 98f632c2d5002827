import { DatabaseError } from './database-error';
import { openDatabase, schemaNameFor } from './open-database';

describe('schemaNameFor', () => {
  it.each([
    ['order-service', 'order_service'],
    ['Inventory.Service', 'inventory_service'],
    ['3d-prints', '_3d_prints'],
  ])('%s → %s', (service, schema) => {
    expect(schemaNameFor(service)).toBe(schema);
  });
});

describe('openDatabase option checks (before any connection is made)', () => {
  const url = 'postgres://postgres@127.0.0.1:5432/postgres';

  it.each([
    ['an empty service', { service: ' ', migrations: [] }],
    ['a non-postgres url', { service: 's', url: 'mysql://x@y/z', migrations: [] }],
    ['a schema that needs quoting', { service: 's', url, schema: 'Bad-Schema', migrations: [] }],
    ['a zero pool size', { service: 's', url, poolSize: 0, migrations: [] }],
  ])('rejects %s with DB_CONFIG_INVALID', async (_what, options) => {
    await expect(openDatabase(options)).rejects.toMatchObject({ code: 'DB_CONFIG_INVALID' });
  });

  it('rejects invalid migrations with MIGRATION_INVALID', async () => {
    const migrations = [
      { id: '2', sql: 'SELECT 1' },
      { id: '1', sql: 'SELECT 1' },
    ];
    const error: unknown = await openDatabase({ service: 's', url, migrations }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseError);
    expect(error).toMatchObject({ code: 'MIGRATION_INVALID' });
  });
});
