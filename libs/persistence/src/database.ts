/** What a query answers. `rowCount` is the row count from the command tag (rows returned or affected), 0 when none. */
export interface QueryResult<Row> {
  rows: Row[];
  rowCount: number;
}

/** Runs SQL with `$1, $2, …` parameters; the same text works on PGlite and PostgreSQL. */
export interface SqlExecutor {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>>;
}

export type IsolationLevel = 'read committed' | 'repeatable read' | 'serializable';

export interface TransactionOptions {
  /** Default: the server's default, `read committed`. */
  isolation?: IsolationLevel;
}

export type DatabaseKind = 'pglite' | 'postgres';

/** Where an embedded PGlite runs: `worker`, a thread of its own (PgliteThread); `main`, the thread that opens it. */
export type PgliteThreadMode = 'main' | 'worker';

/** One service's SQL store. */
export interface Database extends SqlExecutor {
  readonly kind: DatabaseKind;
  /**
   * Runs `fn` in one transaction: BEGIN … COMMIT, ROLLBACK (and rethrow) when `fn` throws. Use only `tx`
   * inside `fn`: calling the `Database` itself from inside is refused (`DB_TRANSACTION_MISUSE`), because on
   * PGlite it would wait for the very transaction that waits for it.
   */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** Liveness probe for /health: `SELECT 1`, rejected with `DB_UNAVAILABLE` after `timeoutMs` (default 2000). */
  ping(timeoutMs?: number): Promise<void>;
  /** Closes the pool or the PGlite instance. Idempotent; later queries fail with `DB_CLOSED`. */
  close(): Promise<void>;
}

/** One schema change. `id` sorts (e.g. `001_create_users`); `sql` may hold several statements. */
export interface Migration {
  id: string;
  sql: string;
}

/** Where log lines go; Nest's `Logger` and `console` both fit. */
export interface DatabaseLogger {
  log(message: string): void;
  warn(message: string): void;
}

export interface OpenDatabaseOptions {
  /** The owning service; names the default PostgreSQL schema and prefixes log lines. */
  service: string;
  /** `postgres://…` → a real PostgreSQL (pg.Pool). Unset → embedded PGlite. */
  url?: string;
  /** PGlite data directory, created if missing. Unset → in-memory PGlite. Ignored with `url`. */
  dataDir?: string;
  /**
   * Where a new PGlite store finds the initdb template every process of the user shares (default
   * ~/.cache/commlab): new stores load it instead of running initdb. Ignored with `url`.
   */
  pgliteTemplateDir?: string;
  /**
   * Where PGlite's WebAssembly runs: `worker`, a thread of its own (the caller's event loop stays free while
   * a statement runs), or `main`, the caller's thread (default). Ignored with `url`.
   */
  pgliteThread?: PgliteThreadMode;
  /**
   * PostgreSQL schema holding this service's tables (default: `service` lower-cased, non-alphanumerics → `_`).
   * Created if missing and put on every pooled connection's `search_path`. Ignored on PGlite (public schema).
   */
  schema?: string;
  /** Applied at open, in order, each in its own transaction. */
  migrations: readonly Migration[];
  /** PostgreSQL pool size (default 10). */
  poolSize?: number;
  logger?: DatabaseLogger;
}
