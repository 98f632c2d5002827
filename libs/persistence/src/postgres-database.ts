import pg from 'pg';

import type {
  Database,
  DatabaseLogger,
  Migration,
  QueryResult,
  SqlExecutor,
  TransactionOptions,
} from './database';
import { DatabaseError, redactUrl, toDatabaseError } from './database-error';
import { type MigrationExecutor, SCHEMA_MIGRATIONS_DDL, runMigrations } from './migrations';
import { StatementNames } from './statement-names';
import { TransactionGuard, TransactionScope, isolationStatement } from './transaction-guard';
import { withTimeout } from './with-timeout';

export interface PostgresDatabaseOptions {
  service: string;
  url: string;
  schema: string;
  migrations: readonly Migration[];
  poolSize?: number;
  logger?: DatabaseLogger;
}

const CONNECT_TIMEOUT_MS = 5000;

/** node-postgres defaults, except `date` stays a 'YYYY-MM-DD' string (as on PGlite) instead of local midnight. */
const types: pg.CustomTypesConfig = {
  getTypeParser: (oid, format = 'text'): unknown =>
    oid === pg.types.builtins.DATE && format === 'text'
      ? (value: string) => value
      : (pg.types.getTypeParser(oid, format) as unknown),
};

/**
 * A parameterised statement as node-postgres runs it: named (prepared once per connection, then only
 * bound and executed) — parse and plan are most of PostgreSQL's CPU for the short statements services run.
 * Statements without parameters (BEGIN, COMMIT, DDL, several statements in one text) run unprepared.
 */
function statement(
  names: StatementNames,
  sql: string,
  params: readonly unknown[] | undefined,
): pg.QueryConfig {
  if (params === undefined || params.length === 0) return { text: sql };
  const name = names.nameOf(sql);
  return { text: sql, values: params as unknown[], ...(name === undefined ? {} : { name }) };
}

function toResult<Row>(result: pg.QueryResult): QueryResult<Row> {
  return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
}

/** The schema's advisory lock key: stable across processes, so every instance of a service contends for it. */
const LOCK_SQL = "SELECT pg_advisory_xact_lock(hashtext('commlab.migrations.' || $1))";

class PostgresDatabase implements Database {
  readonly kind = 'postgres' as const;
  private readonly guard = new TransactionGuard();
  private readonly statementNames = new StatementNames();
  private closing: Promise<void> | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly url: string,
    private readonly logPrefix: string,
  ) {}

  async query<Row = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<QueryResult<Row>> {
    this.assertUsable('query()');
    try {
      return toResult<Row>(await this.pool.query(statement(this.statementNames, sql, params)));
    } catch (error) {
      throw this.classify(error, 'query failed');
    }
  }

  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>, options?: TransactionOptions): Promise<T> {
    return this.migrationTransaction(fn, options);
  }

  async migrationTransaction<T>(
    fn: (tx: MigrationExecutor) => Promise<T>,
    options?: TransactionOptions,
  ): Promise<T> {
    this.assertUsable('transaction()');
    const setIsolation = isolationStatement(options?.isolation);
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw this.classify(error, 'could not get a connection');
    }
    const scope = new TransactionScope();
    let broken: unknown;
    try {
      await this.run(client, 'BEGIN');
      if (setIsolation !== undefined) await this.run(client, setIsolation);
      const tx: MigrationExecutor = {
        query: async <Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>> => {
          scope.assertOpen(this.logPrefix);
          return toResult<Row>(await this.run(client, sql, params));
        },
        exec: async (sql: string): Promise<void> => {
          scope.assertOpen(this.logPrefix);
          await this.run(client, sql);
        },
      };
      let result: T;
      try {
        result = await this.guard.run(() => fn(tx));
      } finally {
        scope.end();
      }
      await this.run(client, 'COMMIT');
      return result;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackError) {
        broken = rollbackError; // the connection is unusable: destroy it rather than return it to the pool
      }
      throw error;
    } finally {
      client.release(broken === undefined ? undefined : toError(broken));
    }
  }

  async ping(timeoutMs = 2000): Promise<void> {
    this.assertUsable('ping()');
    try {
      await withTimeout(
        this.pool.query('SELECT 1'),
        timeoutMs,
        () => new Error(`no answer to SELECT 1 within ${timeoutMs} ms`),
      );
    } catch (error) {
      const failure = this.classify(error, 'ping failed');
      if (failure.code === 'DB_UNAVAILABLE') throw failure;
      throw new DatabaseError('DB_UNAVAILABLE', failure.message, { cause: error, retriable: true });
    }
  }

  close(): Promise<void> {
    this.closing ??= this.pool.end();
    return this.closing;
  }

  private async run(
    client: pg.PoolClient,
    sql: string,
    params?: readonly unknown[],
  ): Promise<pg.QueryResult> {
    try {
      return await client.query(statement(this.statementNames, sql, params));
    } catch (error) {
      throw this.classify(error, 'query failed');
    }
  }

  private classify(error: unknown, what: string): DatabaseError {
    return toDatabaseError(error, `${this.logPrefix} ${what} (${redactUrl(this.url)})`, this.url);
  }

  private assertUsable(what: string): void {
    if (this.closing !== undefined) {
      throw new DatabaseError('DB_CLOSED', `${this.logPrefix} ${what} called after close().`);
    }
    this.guard.assertOutside(what, this.logPrefix);
  }
}

function toError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export async function openPostgresDatabase(options: PostgresDatabaseOptions): Promise<Database> {
  const logPrefix = `[${options.service}]`;
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
    application_name: options.service,
    // Every pooled connection resolves unqualified names in the service's schema, exactly like PGlite's public.
    options: `-c search_path=${options.schema}`,
    types,
  });
  // A connection lost (pg_terminate_backend, a server restart) makes its client emit 'error'; pg-pool listens
  // only while the client is idle. Checked out — by a transaction, by pool.query, or handed to a waiting
  // caller in the very callback that released it — nobody would: an uncaught exception that kills the
  // service (found by `pnpm chaos`, pg-terminate). So every client gets a listener of its own, for life:
  // the statement in flight, or the next one, fails with the connection error, and the pool discards a
  // client that is no longer queryable when it comes back.
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  // An idle client losing its connection (server restart) must not crash the process; the next query reports it.
  pool.on('error', (error) => {
    options.logger?.warn(
      `${logPrefix} idle PostgreSQL connection failed: ${toDatabaseError(error, 'pool', options.url).message}`,
    );
  });
  const database = new PostgresDatabase(pool, options.url, logPrefix);
  try {
    await runMigrations(
      {
        transaction: (fn) => database.migrationTransaction(fn),
        prepare: async (tx) => {
          await tx.query(LOCK_SQL, [options.schema]);
          await tx.exec(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(options.schema)}`);
          await tx.exec(SCHEMA_MIGRATIONS_DDL);
        },
      },
      options.migrations,
      logPrefix,
      options.logger,
    );
  } catch (error) {
    await database.close();
    throw toDatabaseError(error, `${logPrefix} opening PostgreSQL failed`, options.url);
  }
  options.logger?.log(`${logPrefix} PostgreSQL ready (${redactUrl(options.url)}, schema ${options.schema})`);
  return database;
}
