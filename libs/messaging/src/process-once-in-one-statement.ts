import type { SqlExecutor } from '@commlab/persistence';

import type { ProcessOnceResult } from './process-once';

/** The name of the inbox CTE the writes of a `OneStatementEffect` read from. */
export const FIRST_DELIVERY = 'first_delivery';

/** A message's effect as writes of one statement (see `processOnceInOneStatement`). */
export interface OneStatementEffect {
  /**
   * Data-modifying CTEs, `name AS (INSERT … SELECT … FROM first_delivery …)`, separated by commas. Every
   * one reads FROM `first_delivery` — one row on the message's first delivery, none on a redelivery — so
   * it writes only on the first one. Their parameters start at `$3` (`$1`, `$2`: the inbox's consumer and
   * message id); give each one a type (`$3::text`): a SELECT list does not take the column's.
   */
  writes: string;
  params: readonly unknown[];
  /** The columns of the result row of a first delivery (default `true AS first`). */
  select?: string;
}

/**
 * `processOnce` in ONE statement, no transaction of its own: the inbox row and the writes of `effect` are
 * data-modifying CTEs of a single statement — atomic on its own (all commit or none), one round trip
 * instead of BEGIN, the inbox INSERT, each write, COMMIT. For an effect whose writes are known before any
 * of them runs (no read decides them).
 *
 * The same guarantees as `processOnce`: the inbox INSERT runs first (every write reads its result); on
 * PostgreSQL a concurrent delivery of the same id waits on that row until the other statement ends, then
 * sees the conflict (`duplicate`, nothing written) or, after a rollback, wins the insert. If a write
 * fails, the statement fails as a whole — the inbox row included — and a redelivery can process it.
 * The writes see the tables as they were before the statement (CTEs do not see each other's changes),
 * so no two of them may change the same row — nor one the same row twice (`ON CONFLICT DO UPDATE`
 * refuses that): merge such rows first.
 */
export async function processOnceInOneStatement<Row extends Record<string, unknown>>(
  db: SqlExecutor,
  consumer: string,
  messageId: string,
  effect: OneStatementEffect,
): Promise<ProcessOnceResult<Row>> {
  if (consumer === '') throw new TypeError('processOnceInOneStatement needs a consumer name.');
  if (messageId === '') throw new TypeError('processOnceInOneStatement needs a message id.');
  if (!effect.writes.includes(`FROM ${FIRST_DELIVERY}`))
    throw new TypeError(`the writes of a one-statement effect must read FROM ${FIRST_DELIVERY}.`);
  const { rows } = await db.query<Row>(
    `WITH ${FIRST_DELIVERY} AS (
       INSERT INTO inbox_messages (consumer, message_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1),
     ${effect.writes}
     SELECT ${effect.select ?? 'true AS first'} FROM ${FIRST_DELIVERY}`,
    [consumer, messageId, ...effect.params],
  );
  const [row] = rows;
  return row === undefined ? { status: 'duplicate' } : { status: 'processed', result: row };
}
