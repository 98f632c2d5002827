import type { Envelope } from '@commlab/contracts';
import type { SqlExecutor } from '@commlab/persistence';

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
  assertOutboxDestination(destination);
  const key = options.key ?? message.subject;
  if (typeof message.id !== 'string' || message.id === '') throw new TypeError('The envelope has no id.');
  if (typeof key !== 'string' || key === '') throw new TypeError('An outbox message needs a non-empty key.');
  const trace = options.trace ?? captureTraceContext();
  await tx.query(
    `INSERT INTO outbox_messages (message_id, destination, message_key, envelope, traceparent, tracestate)
     VALUES ($1, $2::jsonb, $3, $4::jsonb, $5, $6)`,
    [
      options.rowId ?? message.id,
      JSON.stringify(destination),
      key,
      JSON.stringify(message),
      trace.traceparent ?? null,
      trace.tracestate ?? null,
    ],
  );
}
