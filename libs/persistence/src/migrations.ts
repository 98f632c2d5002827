import { createHash } from 'node:crypto';

import type { DatabaseLogger, Migration, SqlExecutor } from './database';
import { DatabaseError, toDatabaseError } from './database-error';

/** What the migration runner needs from a backend. */
export interface MigrationTarget {
  /** Runs `fn` in one transaction; `tx.exec` accepts several statements without parameters. */
  transaction<T>(fn: (tx: MigrationExecutor) => Promise<T>): Promise<T>;
  /**
   * Called first in every migration transaction: serializes concurrent migrators (PostgreSQL: a
   * transaction-level advisory lock) and makes sure `schema_migrations` exists.
   */
  prepare(tx: MigrationExecutor): Promise<void>;
}

export interface MigrationExecutor extends SqlExecutor {
  exec(sql: string): Promise<void>;
}

export const SCHEMA_MIGRATIONS_DDL = `CREATE TABLE IF NOT EXISTS schema_migrations (
  id text PRIMARY KEY,
  checksum text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

/** sha256 of the SQL text, hex. Any edit to an applied migration changes it. */
export function migrationChecksum(sql: string): string {
  return createHash('sha256').update(sql, 'utf8').digest('hex');
}

/** Throws `MIGRATION_INVALID` unless every id is non-blank, unique and the list is sorted by id. */
export function validateMigrations(migrations: readonly Migration[]): void {
  let previous: string | undefined;
  for (const [index, migration] of migrations.entries()) {
    const { id, sql } = migration as Partial<Migration>;
    if (typeof id !== 'string' || id.trim() === '' || id.trim() !== id) {
      throw new DatabaseError(
        'MIGRATION_INVALID',
        `Migration #${index} has no valid id (got ${String(id)}).`,
      );
    }
    if (typeof sql !== 'string' || sql.trim() === '') {
      throw new DatabaseError('MIGRATION_INVALID', `Migration ${id} has no SQL.`);
    }
    if (previous !== undefined && id === previous) {
      throw new DatabaseError('MIGRATION_INVALID', `Migration id ${id} appears twice.`);
    }
    if (previous !== undefined && id < previous) {
      throw new DatabaseError(
        'MIGRATION_INVALID',
        `Migrations must be sorted by id: ${id} comes after ${previous}.`,
      );
    }
    previous = id;
  }
}

interface AppliedRow {
  id: string;
  checksum: string;
}

function checksumMismatch(id: string, applied: string, current: string): DatabaseError {
  return new DatabaseError(
    'MIGRATION_CHECKSUM_MISMATCH',
    `Migration ${id} was already applied with checksum ${applied.slice(0, 12)}…, but its SQL now hashes to ` +
      `${current.slice(0, 12)}…. Applied migrations must not change: add a new migration instead.`,
  );
}

/**
 * Applies the pending migrations in order, each in its own transaction that also records it in
 * `schema_migrations`. Verifies the checksums of those already applied first, so a changed migration stops
 * the boot before anything else runs. Returns the ids it applied.
 */
export async function runMigrations(
  target: MigrationTarget,
  migrations: readonly Migration[],
  logPrefix: string,
  logger?: DatabaseLogger,
): Promise<string[]> {
  validateMigrations(migrations);
  const applied = await target.transaction(async (tx) => {
    await target.prepare(tx);
    const { rows } = await tx.query<AppliedRow>('SELECT id, checksum FROM schema_migrations');
    return new Map(rows.map((row) => [row.id, row.checksum]));
  });
  for (const migration of migrations) {
    const recorded = applied.get(migration.id);
    const checksum = migrationChecksum(migration.sql);
    if (recorded !== undefined && recorded !== checksum)
      throw checksumMismatch(migration.id, recorded, checksum);
  }

  const newlyApplied: string[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.id)) continue;
    const checksum = migrationChecksum(migration.sql);
    const started = Date.now();
    const ran = await target.transaction(async (tx) => {
      await target.prepare(tx);
      // Another instance may have applied it while this one waited for the lock.
      const { rows } = await tx.query<AppliedRow>(
        'SELECT id, checksum FROM schema_migrations WHERE id = $1',
        [migration.id],
      );
      const existing = rows[0];
      if (existing !== undefined) {
        if (existing.checksum !== checksum) throw checksumMismatch(migration.id, existing.checksum, checksum);
        return false;
      }
      try {
        await tx.exec(migration.sql);
      } catch (error) {
        const cause = toDatabaseError(error, `Migration ${migration.id} failed`);
        if (cause.retriable) throw cause;
        throw new DatabaseError('MIGRATION_FAILED', cause.message, {
          cause,
          ...(cause.sqlState === undefined ? {} : { sqlState: cause.sqlState }),
        });
      }
      await tx.query('INSERT INTO schema_migrations (id, checksum) VALUES ($1, $2)', [
        migration.id,
        checksum,
      ]);
      return true;
    });
    if (ran) {
      newlyApplied.push(migration.id);
      logger?.log(`${logPrefix} applied migration ${migration.id} in ${Date.now() - started} ms`);
    }
  }
  return newlyApplied;
}
