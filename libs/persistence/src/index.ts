export type {
  Database,
  DatabaseKind,
  DatabaseLogger,
  IsolationLevel,
  Migration,
  OpenDatabaseOptions,
  PgliteThreadMode,
  QueryResult,
  SqlExecutor,
  TransactionOptions,
} from './database';
export {
  DB_ERROR_CODES,
  DatabaseError,
  INVALID_INPUT_SQL_STATES,
  isInvalidInputDbError,
  isRetriableDbError,
  redactUrl,
  type DatabaseErrorCode,
} from './database-error';
export { migrationChecksum, validateMigrations } from './migrations';
export { openDatabase, schemaNameFor } from './open-database';
export { sqlOperation, tracedDatabase } from './traced-database';
export { placeholdersFrom, type SqlFragment } from './sql-fragment';
export { DEFAULT_PGLITE_TEMPLATE_DIR, pgliteTemplateFile, preparePgliteTemplate } from './pglite-template';
