import type { Migration } from '@commlab/persistence';

/**
 * The outbox table. Append to the service's own migrations (`[...own, ...OUTBOX_MIGRATIONS]`); the
 * `9xx_` ids sort after a service's numbered migrations, as `openDatabase` requires.
 *
 * - `sequence` orders everything (and per `message_key`, the ordering unit = the aggregate = the Kafka key).
 * - `status` is PENDING until a publish succeeded, then SENT; a failed publish keeps it PENDING with
 *   `attempts`, `next_attempt_at` (backoff) and `last_error`.
 * - `claimed_by` / `claimed_until` are a relay's lease on rows it is publishing right now.
 * - `traceparent` / `tracestate` (901): the trace context the row was written in.
 * - 902: the index the pruning job (BookkeepingPruner) finds old SENT rows by.
 */
export const OUTBOX_MIGRATIONS: readonly Migration[] = [
  {
    id: '900_messaging_create_outbox',
    sql: `CREATE TABLE outbox_messages (
  sequence bigserial PRIMARY KEY,
  message_id text NOT NULL UNIQUE,
  destination jsonb NOT NULL,
  message_key text NOT NULL,
  envelope jsonb NOT NULL,
  status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'SENT')),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error text,
  claimed_by text,
  claimed_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz
);
CREATE INDEX outbox_messages_pending_idx ON outbox_messages (sequence) WHERE status = 'PENDING';
CREATE INDEX outbox_messages_pending_key_idx ON outbox_messages (message_key, sequence) WHERE status = 'PENDING';`,
  },
  {
    // The W3C trace context of the transaction that wrote the row: the relay publishes under it, so the
    // publish joins the trace of the request (or message) that caused it. NULL when nothing traced.
    id: '901_messaging_outbox_trace_context',
    sql: `ALTER TABLE outbox_messages ADD COLUMN traceparent text, ADD COLUMN tracestate text;`,
  },
  {
    id: '902_messaging_outbox_sent_at_index',
    sql: `CREATE INDEX outbox_messages_sent_at_idx ON outbox_messages (sent_at) WHERE status = 'SENT';`,
  },
];

/** The inbox table: one row per (consumer, message id) a consumer has processed. */
export const INBOX_MIGRATIONS: readonly Migration[] = [
  {
    id: '910_messaging_create_inbox',
    sql: `CREATE TABLE inbox_messages (
  consumer text NOT NULL,
  message_id text NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, message_id)
);
CREATE INDEX inbox_messages_processed_at_idx ON inbox_messages (processed_at);`,
  },
];
