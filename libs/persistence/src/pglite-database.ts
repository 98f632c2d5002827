import { existsSync } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

import type {
  Database,
  DatabaseLogger,
  Migration,
  PgliteThreadMode,
  QueryResult,
  SqlExecutor,
  TransactionOptions,
} from './database';
import { DatabaseError, toDatabaseError } from './database-error';
import { loadPGlite } from './load-pglite';
import { type MigrationExecutor, SCHEMA_MIGRATIONS_DDL, runMigrations } from './migrations';
import { DEFAULT_PGLITE_TEMPLATE_DIR, discardPgliteTemplate, pgliteTemplate } from './pglite-template';
import { type PgliteEngine, type PgliteExecutor, type PgliteResults, PgliteThread } from './pglite-thread';
import { PGLITE_PARSERS, toLocalRows, toPgliteParams } from './pglite-values';
import { TransactionGuard, TransactionScope, isolationStatement } from './transaction-guard';
import { withTimeout } from './with-timeout';

export interface PgliteDatabaseOptions {
  service: string;
  dataDir?: string;
  /** Where the initdb template is kept (default ~/.cache/commlab; see pglite-template.ts). */
  templateDir?: string;
  migrations: readonly Migration[];
  logger?: DatabaseLogger;
  /** Where PGlite's WebAssembly runs: on a worker thread of its own, or on the caller's (default). */
  thread?: PgliteThreadMode;
}

function toResult<Row>(results: PgliteResults): QueryResult<Row> {
  return { rows: toLocalRows<Row>(results.rows), rowCount: results.rowCount ?? 0 };
}

/**
 * Embedded PostgreSQL (PGlite, WASM) in this process, on the caller's thread or a worker's. It has a single
 * connection: PGlite's own `transaction()` holds a mutex that also queues every `query()` made outside it
 * (on a worker as well: PgliteThread keeps the lock from BEGIN to COMMIT), so concurrent transactions
 * run one after another and never interleave statements. Each one is therefore effectively serial: no
 * serialization failures, no deadlocks, and `SELECT … FOR UPDATE` never waits.
 */
class PgliteDatabase implements Database {
  readonly kind = 'pglite' as const;
  private readonly guard = new TransactionGuard();
  private closing: Promise<void> | undefined;

  constructor(
    private readonly pg: PgliteEngine,
    private readonly logPrefix: string,
  ) {}

  async query<Row = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<QueryResult<Row>> {
    this.assertUsable('query()');
    try {
      return toResult<Row>(await this.pg.query(sql, toPgliteParams(params)));
    } catch (error) {
      throw toDatabaseError(error, `${this.logPrefix} query failed`);
    }
  }

  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>, options?: TransactionOptions): Promise<T> {
    return this.migrationTransaction(fn, options);
  }

  /** Same as transaction(), with `exec` for multi-statement SQL (migrations). */
  async migrationTransaction<T>(
    fn: (tx: MigrationExecutor) => Promise<T>,
    options?: TransactionOptions,
  ): Promise<T> {
    this.assertUsable('transaction()');
    const setIsolation = isolationStatement(options?.isolation);
    const scope = new TransactionScope();
    const state = { callbackFailed: false };
    try {
      return await this.pg.transaction(async (pgTx) => {
        if (setIsolation !== undefined) await pgTx.exec(setIsolation);
        const tx = this.executorFor(pgTx, scope);
        try {
          return await this.guard.run(() => fn(tx));
        } catch (error) {
          state.callbackFailed = true;
          throw error;
        } finally {
          scope.end();
        }
      });
    } catch (error) {
      // The callback's own errors (including DatabaseErrors from tx.query) pass through unchanged.
      if (state.callbackFailed) throw error;
      throw toDatabaseError(error, `${this.logPrefix} transaction failed`);
    }
  }

  async ping(timeoutMs = 2000): Promise<void> {
    this.assertUsable('ping()');
    try {
      await withTimeout(
        this.pg.query('SELECT 1'),
        timeoutMs,
        () => new Error(`no answer to SELECT 1 within ${timeoutMs} ms (PGlite busy or stuck)`),
      );
    } catch (error) {
      const failure = toDatabaseError(error, `${this.logPrefix} ping failed`);
      if (failure.code === 'DB_UNAVAILABLE') throw failure;
      throw new DatabaseError('DB_UNAVAILABLE', failure.message, { cause: error, retriable: true });
    }
  }

  close(): Promise<void> {
    this.closing ??= this.pg.closed ? Promise.resolve() : this.pg.close();
    return this.closing;
  }

  private executorFor(pgTx: PgliteExecutor, scope: TransactionScope): MigrationExecutor {
    return {
      query: async <Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>> => {
        scope.assertOpen(this.logPrefix);
        try {
          return toResult<Row>(await pgTx.query(sql, toPgliteParams(params)));
        } catch (error) {
          throw toDatabaseError(error, `${this.logPrefix} query failed`);
        }
      },
      exec: async (sql: string): Promise<void> => {
        scope.assertOpen(this.logPrefix);
        await pgTx.exec(sql);
      },
    };
  }

  private assertUsable(what: string): void {
    if (this.closing !== undefined) {
      throw new DatabaseError('DB_CLOSED', `${this.logPrefix} ${what} called after close().`);
    }
    this.guard.assertOutside(what, this.logPrefix);
  }
}

/** A directory nothing but PGlite has written to: absent, or empty. */
async function isUnused(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length === 0;
  } catch {
    return true;
  }
}

/**
 * A new store (in memory, or a data directory without a cluster) starts from the shared initdb template
 * (pglite-template.ts); a data directory that holds a cluster opens as it is. A template PGlite cannot load
 * is deleted and the store runs initdb itself: in memory, or in its directory, cleared first when it was
 * empty before (a directory that held something else is left alone, and the error is the store's).
 */
async function createPglite(
  dataDir: string | undefined,
  templateDir: string,
  logger: DatabaseLogger | undefined,
  thread: PgliteThreadMode,
): Promise<PgliteEngine> {
  const { PGlite } = await loadPGlite();
  const create = (template?: Blob): Promise<PgliteEngine> => {
    const where = dataDir === undefined ? {} : { dataDir };
    if (thread === 'worker')
      return PgliteThread.start({ ...where, ...(template === undefined ? {} : { template }) });
    const loaded = template === undefined ? {} : { loadDataDir: template };
    return PGlite.create({ parsers: PGLITE_PARSERS, ...where, ...loaded });
  };
  if (dataDir !== undefined && existsSync(join(dataDir, 'PG_VERSION'))) return create();
  const unused = dataDir === undefined || (await isUnused(dataDir));
  if (dataDir !== undefined) await mkdir(dataDir, { recursive: true });
  const template = await pgliteTemplate(PGlite, templateDir, logger);
  try {
    return await create(template);
  } catch (error) {
    await discardPgliteTemplate(templateDir);
    if (!unused) throw error;
    logger?.warn(`PGlite could not load its template (deleted; running initdb): ${String(error)}`);
    if (dataDir !== undefined) {
      await rm(dataDir, { recursive: true, force: true });
      await mkdir(dataDir, { recursive: true });
    }
    return create();
  }
}

export async function openPgliteDatabase(options: PgliteDatabaseOptions): Promise<Database> {
  const logPrefix = `[${options.service}]`;
  const where = options.dataDir ?? 'memory';
  const thread = options.thread ?? 'main';
  let pg: PgliteEngine;
  try {
    pg = await createPglite(
      options.dataDir,
      options.templateDir ?? DEFAULT_PGLITE_TEMPLATE_DIR,
      options.logger,
      thread,
    );
  } catch (error) {
    const failure = toDatabaseError(error, `${logPrefix} could not open PGlite (${where})`);
    throw new DatabaseError('DB_UNAVAILABLE', failure.message, { cause: error, retriable: false });
  }
  const database = new PgliteDatabase(pg, logPrefix);
  try {
    await runMigrations(
      {
        transaction: (fn) => database.migrationTransaction(fn),
        prepare: (tx) => tx.exec(SCHEMA_MIGRATIONS_DDL),
      },
      options.migrations,
      logPrefix,
      options.logger,
    );
  } catch (error) {
    await database.close();
    throw toDatabaseError(error, `${logPrefix} migrations failed`);
  }
  options.logger?.log(
    `${logPrefix} PGlite ready (${where}${thread === 'worker' ? ', on a worker thread' : ''})`,
  );
  return database;
}
