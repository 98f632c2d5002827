import type { Database, OpenDatabaseOptions } from './database';
import { DatabaseError } from './database-error';
import { validateMigrations } from './migrations';
import { openPgliteDatabase } from './pglite-database';
import { openPostgresDatabase } from './postgres-database';
import { tracedDatabase } from './traced-database';

/** PGlite's one database (the `db.namespace` of its spans). */
const PGLITE_DATABASE_NAME = 'postgres';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** The default PostgreSQL schema of a service: lower-cased, every non-alphanumeric → `_`, no leading digit. */
export function schemaNameFor(service: string): string {
  const name = service.toLowerCase().replace(/[^a-z0-9]/g, '_');
  return (/^[0-9]/.test(name) ? `_${name}` : name).slice(0, 63);
}

/**
 * Opens a service's SQL store and brings its schema up to date: PostgreSQL when `url` is set, otherwise an
 * embedded PGlite (on `dataDir`, or in memory). The same SQL and migrations run on both. Queries get
 * OpenTelemetry spans on both: PostgreSQL's from the pg instrumentation, PGlite's from `tracedDatabase`.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.service.trim() === '') {
    throw new DatabaseError('DB_CONFIG_INVALID', 'openDatabase: `service` must not be empty.');
  }
  validateMigrations(options.migrations);
  const { service, migrations } = options;
  const logger = options.logger === undefined ? {} : { logger: options.logger };
  if (options.url === undefined || options.url === '') {
    const pglite = await openPgliteDatabase({
      service,
      migrations,
      ...logger,
      ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
      ...(options.pgliteTemplateDir === undefined ? {} : { templateDir: options.pgliteTemplateDir }),
      ...(options.pgliteThread === undefined ? {} : { thread: options.pgliteThread }),
    });
    return tracedDatabase(pglite, PGLITE_DATABASE_NAME);
  }
  if (!/^postgres(ql)?:\/\//.test(options.url)) {
    throw new DatabaseError(
      'DB_CONFIG_INVALID',
      'openDatabase: `url` must start with postgres:// or postgresql://.',
    );
  }
  const schema = options.schema ?? schemaNameFor(service);
  if (!SCHEMA_NAME.test(schema)) {
    throw new DatabaseError(
      'DB_CONFIG_INVALID',
      `openDatabase: schema "${schema}" must be lower-case letters, digits and _ (max 63, not starting with a digit).`,
    );
  }
  if (options.poolSize !== undefined && (!Number.isInteger(options.poolSize) || options.poolSize < 1)) {
    throw new DatabaseError('DB_CONFIG_INVALID', `openDatabase: poolSize must be a positive integer.`);
  }
  return openPostgresDatabase({
    service,
    url: options.url,
    schema,
    migrations,
    ...logger,
    ...(options.poolSize === undefined ? {} : { poolSize: options.poolSize }),
  });
}
