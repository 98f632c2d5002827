import type { Envelope } from '@commlab/contracts';
import { placeholdersFrom, type SqlExecutor, type SqlFragment } from '@commlab/persistence';

import { assertOutboxDestination, type OutboxDestination } from './outbox-destination';
import { captureTraceContext, type StoredTraceContext } from './trace-context';

export interface EnqueueOutboxOptions {
  /** The ordering unit (Kafka key). Default: the envelope's `subject` (the aggregate id). */
  key?: string;
  /**
   * The outbox row's unique id. Default: the envelope id. One event published to two destinations (Kafka
   * and a RabbitMQ exchange) is two rows with the same envelope: give the second one its own row id.
   */
  rowId?: string;
  /** The trace context the relay publishes under. Default: the active one (the caller's transaction). */
  trace?: StoredTraceContext;
}

/** One row for `enqueueOutboxRows`. */
export interface OutboxRow extends EnqueueOutboxOptions {
  message: Envelope;
  destination: OutboxDestination;
}

/**
 * Writes `message` to the outbox inside the caller's transaction: pass the `tx` that also writes the
 * business change, so both commit or neither does. Publishing is the relay's job (call
 * `relay.notify()` after the commit for low latency). A second enqueue of the same envelope id fails
 * with a unique violation (`DB_QUERY_FAILED`, sqlState 23505) — message ids are unique. The row keeps
 * the trace context of the transaction that wrote it (`traceparent`, `tracestate`).
 */
export async function enqueueOutbox(
  tx: SqlExecutor,
  message: Envelope,
  destination: OutboxDestination,
  options: EnqueueOutboxOptions = {},
): Promise<void> {
  await enqueueOutboxRows(tx, [{ message, destination, ...options }]);
}

/**
 * Writes several outbox rows in ONE statement (one round trip, one prepared statement whatever their
 * number), in the given order: their sequences ascend as the rows do, so per-key order is kept. Each
 * row keeps the trace context the relay publishes under (its own, or the active one).
 */
export async function enqueueOutboxRows(tx: SqlExecutor, rows: readonly OutboxRow[]): Promise<void> {
  if (rows.length === 0) return;
  const insert = outboxInsert(rows);
  await tx.query(insert.sql(1), [...insert.params]);
}

/**
 * The INSERT `enqueueOutboxRows` sends, for a statement of the caller's (a data-modifying CTE): the rows
 * as six arrays, parameters `$first`…`$first + 5`. Checks each row as `enqueueOutboxRows` does.
 * `onlyIf`: an SQL condition on the statement's other CTEs (`EXISTS (SELECT 1 FROM guard)`) without
 * which no row is written.
 */
export function outboxInsert(rows: readonly OutboxRow[], onlyIf?: string): SqlFragment {
  const ids: string[] = [];
  const destinations: string[] = [];
  const keys: string[] = [];
  const envelopes: string[] = [];
  const traceparents: (string | null)[] = [];
  const tracestates: (string | null)[] = [];
  for (const { message, destination, key = message.subject, rowId, trace = captureTraceContext() } of rows) {
    assertOutboxDestination(destination);
    if (typeof message.id !== 'string' || message.id === '') throw new TypeError('The envelope has no id.');
    if (typeof key !== 'string' || key === '')
      throw new TypeError('An outbox message needs a non-empty key.');
    ids.push(rowId ?? message.id);
    destinations.push(JSON.stringify(destination));
    keys.push(key);
    envelopes.push(JSON.stringify(message));
    traceparents.push(trace.traceparent ?? null);
    tracestates.push(trace.tracestate ?? null);
  }
  return {
    sql: (first) => {
      const [a, b, c, d, e, f] = [0, 1, 2, 3, 4, 5].map(placeholdersFrom(first));
      return `INSERT INTO outbox_messages (message_id, destination, message_key, envelope, traceparent, tracestate)
     SELECT id, destination::jsonb, key, envelope::jsonb, traceparent, tracestate
       FROM unnest(${a}::text[], ${b}::text[], ${c}::text[], ${d}::text[], ${e}::text[], ${f}::text[]) WITH ORDINALITY
            AS row (id, destination, key, envelope, traceparent, tracestate, position)
      ${onlyIf === undefined ? '' : `WHERE ${onlyIf}`}
      ORDER BY position`;
    },
    params: [ids, destinations, keys, envelopes, traceparents, tracestates],
  };
}
