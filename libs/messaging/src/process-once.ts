import type { Database, SqlExecutor, TransactionOptions } from '@commlab/persistence';

/**
 * Records `(consumer, messageId)` in the inbox inside `tx`; false when it was recorded before (a
 * redelivery). For consumers whose effect runs its own transaction loop: call it first in that transaction.
 */
export async function recordInInbox(tx: SqlExecutor, consumer: string, messageId: string): Promise<boolean> {
  if (consumer === '') throw new TypeError('the inbox needs a consumer name.');
  if (messageId === '') throw new TypeError('the inbox needs a message id.');
  const inserted = await tx.query(
    'INSERT INTO inbox_messages (consumer, message_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
    [consumer, messageId],
  );
  return inserted.rowCount > 0;
}

export type ProcessOnceResult<T> = { status: 'processed'; result: T } | { status: 'duplicate' };

/**
 * Idempotent consumer: records `(consumer, messageId)` in the inbox and runs `effect` in ONE transaction.
 * If the id was already recorded, `effect` does not run (`duplicate`). If `effect` throws, the transaction
 * rolls back — the inbox row included — and the error propagates, so a redelivery can process it.
 *
 * The inbox INSERT comes first: on PostgreSQL a concurrent delivery of the same id blocks on that row
 * until the first transaction ends, then sees the conflict (duplicate) or, after a rollback, wins the
 * insert itself. Exactly one effect commits per id. Use `tx` (never the `Database`) inside `effect`.
 */
export async function processOnce<T>(
  db: Database,
  consumer: string,
  messageId: string,
  effect: (tx: SqlExecutor) => Promise<T>,
  options?: TransactionOptions,
): Promise<ProcessOnceResult<T>> {
  if (consumer === '') throw new TypeError('processOnce needs a consumer name.');
  if (messageId === '') throw new TypeError('processOnce needs a message id.');
  return db.transaction(async (tx): Promise<ProcessOnceResult<T>> => {
    if (!(await recordInInbox(tx, consumer, messageId))) return { status: 'duplicate' };
    return { status: 'processed', result: await effect(tx) };
  }, options);
}

/**
 * Deletes inbox rows processed before `olderThan` (redeliveries older than that are no longer deduped), at
 * most `limit` of them, oldest first. Returns how many were deleted.
 */
export async function pruneInbox(db: SqlExecutor, olderThan: Date, limit = 1_000): Promise<number> {
  const { rowCount } = await db.query(
    `DELETE FROM inbox_messages WHERE (consumer, message_id) IN (
       SELECT consumer, message_id FROM inbox_messages WHERE processed_at < $1 ORDER BY processed_at LIMIT $2)`,
    [olderThan, limit],
  );
  return rowCount;
}
