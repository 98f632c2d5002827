import { AppError } from '@commlab/errors';
import { type Database, DatabaseError, type SqlExecutor } from '@commlab/persistence';

const MAX_ATTEMPTS = 3;

/**
 * Runs `fn` in a read-committed transaction. A serialization failure or deadlock (retriable, rare here
 * because rows are locked in SKU order) retries the whole transaction; a store that cannot be reached
 * becomes 503 `STORE_UNAVAILABLE`. Business errors (AppError) pass through after the rollback.
 */
export async function runTransaction<T>(database: Database, fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await database.transaction(fn);
    } catch (error) {
      if (!(error instanceof DatabaseError)) throw error;
      if (error.code === 'DB_SERIALIZATION_FAILURE' && attempt < MAX_ATTEMPTS) continue;
      throw storeError(error);
    }
  }
}

/** Maps a store failure to the error a client sees: 503 when it may pass, 500 otherwise. */
export function storeError(error: DatabaseError): AppError {
  if (error.retriable || error.code === 'DB_CLOSED') {
    return new AppError({
      code: 'STORE_UNAVAILABLE',
      kind: 'unavailable',
      message: 'the inventory store is unavailable, try again',
      cause: error,
    });
  }
  return new AppError({ code: 'INTERNAL', kind: 'internal', message: 'internal error', cause: error });
}

/** Reads outside a transaction, with the same error mapping. */
export async function runQuery<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw error instanceof DatabaseError ? storeError(error) : error;
  }
}
