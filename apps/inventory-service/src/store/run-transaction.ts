import { setTimeout as sleep } from 'node:timers/promises';

import { AppError } from '@commlab/errors';
import { type Database, DatabaseError, type SqlExecutor } from '@commlab/persistence';
import { fromStoreInputError } from '@commlab/service-kit';

import { isStreamConflict } from './stream-conflict';

/** Attempts of one command when stream appends keep conflicting (optimistic concurrency). */
export const MAX_CONFLICT_ATTEMPTS = 20;
/** Attempts when the store reports a serialization failure or deadlock. */
const MAX_SERIALIZATION_ATTEMPTS = 3;
/** Full-jitter backoff between conflicting attempts: random in [0, min(CAP, BASE × 2^(attempt−1))) ms. */
const BACKOFF_BASE_MS = 5;
const BACKOFF_CAP_MS = 200;

export interface RunTransactionOptions {
  /** Default MAX_CONFLICT_ATTEMPTS. */
  maxConflictAttempts?: number;
  /** Waits between conflicting attempts (tests pass a no-op). */
  backoff?: (attempt: number) => Promise<void>;
  /**
   * Told of each conflict as it happens, before the backoff: `retry` counts the conflicts so far (1 on the
   * first), `gaveUp` is true on the last one (STOCK_CONTENTION follows). Must not throw.
   */
  onConflict?: (conflict: { retry: number; gaveUp: boolean }) => void;
}

function jitteredBackoff(attempt: number): Promise<void> {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
  return sleep(Math.random() * ceiling);
}

/**
 * Runs `fn` — one command: read the streams, decide, append — in a read-committed transaction, and runs it
 * again (re-reading everything) when an append lost the race for a stream version (23505 on
 * `stock_events (sku, version)`): the whole transaction rolled back, so nothing of the losing attempt
 * remains. Conflicts retry up to `maxConflictAttempts` times with jittered backoff, then answer 503
 * `STOCK_CONTENTION` (retriable). A serialization failure or deadlock retries up to 3 times; a store that
 * cannot be reached becomes 503 `STORE_UNAVAILABLE`. Business errors (AppError) pass through after the
 * rollback.
 */
export async function runTransaction<T>(
  database: Database,
  fn: (tx: SqlExecutor) => Promise<T>,
  options: RunTransactionOptions = {},
): Promise<T> {
  const maxConflictAttempts = options.maxConflictAttempts ?? MAX_CONFLICT_ATTEMPTS;
  const backoff = options.backoff ?? jitteredBackoff;
  let conflicts = 0;
  let serializationFailures = 0;
  for (;;) {
    try {
      return await database.transaction(fn);
    } catch (error) {
      if (isStreamConflict(error)) {
        conflicts += 1;
        const gaveUp = conflicts >= maxConflictAttempts;
        options.onConflict?.({ retry: conflicts, gaveUp });
        if (gaveUp) throw stockContention(conflicts, error);
        await backoff(conflicts);
        continue;
      }
      if (!(error instanceof DatabaseError)) throw error;
      if (error.code === 'DB_SERIALIZATION_FAILURE') {
        serializationFailures += 1;
        if (serializationFailures < MAX_SERIALIZATION_ATTEMPTS) continue;
      }
      throw storeError(error);
    }
  }
}

/** Too many writers on the same stock streams: the command gave up without changing anything. */
export function stockContention(attempts: number, cause?: unknown): AppError {
  return new AppError({
    code: 'STOCK_CONTENTION',
    kind: 'unavailable',
    message: `stock is changing too fast: gave up after ${attempts} conflicting attempts, try again`,
    retriable: true,
    retryAfterSeconds: 1,
    details: { attempts },
    cause,
  });
}

/**
 * Maps a store failure to the error a client sees: 503 when it may pass, 400 when the database refused a
 * value of the request (DB_INVALID_INPUT), 500 otherwise.
 */
export function storeError(error: DatabaseError): AppError {
  const refusedValue = fromStoreInputError(error);
  if (refusedValue instanceof AppError) return refusedValue;
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
