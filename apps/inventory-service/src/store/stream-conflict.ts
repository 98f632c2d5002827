import { DatabaseError } from '@commlab/persistence';

/**
 * The snapshot no longer matches the version the append expected: another transaction appended to the
 * stream first. Like a unique violation on (sku, version), it means "re-read and retry the command".
 */
export class StreamConflictError extends Error {
  override readonly name = 'StreamConflictError';
}

/** The unique constraint that makes an append with a stale expected version fail (23505). */
export const STREAM_VERSION_CONSTRAINT = 'stock_events_sku_version_key';

/** True when a transaction failed because another one appended to the same stock stream first. */
export function isStreamConflict(error: unknown): boolean {
  if (error instanceof StreamConflictError) return true;
  return (
    error instanceof DatabaseError &&
    error.sqlState === '23505' &&
    error.constraint === STREAM_VERSION_CONSTRAINT
  );
}
