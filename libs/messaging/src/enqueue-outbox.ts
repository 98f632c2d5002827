import type { Envelope } from '@commlab/contracts';
import type { SqlExecutor } from '@commlab/persistence';

import { assertOutboxDestination, type OutboxDestination } from './outbox-destination';

export interface EnqueueOutboxOptions {
  /** The ordering unit (Kafka key). Default: the envelope's `subject` (the aggregate id). */
  key?: string;
  /**
   * The outbox row's unique id. Default: the envelope id. One event published to two destinations (Kafka
   * and a RabbitMQ exchange) is two rows with the same envelope: give the second one its own row id.
   */
  rowId?: string;
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
 * with a unique violation (`DB_QUERY_FAILED`, sqlState 23505) — message ids are unique.
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
 * number), in the given order: their sequences ascend as the rows do, so per-key order is kept.
 */
export async function enqueueOutboxRows(tx: SqlExecutor, rows: readonly OutboxRow[]): Promise<void> {
  if (rows.length === 0) return;
  const ids: string[] = [];
  const destinations: string[] = [];
  const keys: string[] = [];
  const envelopes: string[] = [];
  for (const { message, destination, key = message.subject, rowId } of rows) {
    assertOutboxDestination(destination);
    if (typeof message.id !== 'string' || message.id === '') throw new TypeError('The envelope has no id.');
    if (typeof key !== 'string' || key === '')
      throw new TypeError('An outbox message needs a non-empty key.');
    ids.push(rowId ?? message.id);
    destinations.push(JSON.stringify(destination));
    keys.push(key);
    envelopes.push(JSON.stringify(message));
  }
  await tx.query(
    `INSERT INTO outbox_messages (message_id, destination, message_key, envelope)
     SELECT id, destination::jsonb, key, envelope::jsonb
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY
            AS row (id, destination, key, envelope, position)
      ORDER BY position`,
    [ids, destinations, keys, envelopes],
  );
}
