import { INBOX_MIGRATIONS } from '@commlab/messaging';
import type { Migration } from '@commlab/persistence';

/**
 * notification-service's store: the notifications it "sent" (stored, one per notification id), the inbox
 * (one row per processed message id, written in the same transaction), and the dead letters moved out of
 * the `.dlq` queues (so `GET /dlq` is a query, and redrive deletes a row only after the broker confirmed
 * the republish). Applied migrations are never edited (checksums): changes go into new ones.
 */
export const NOTIFICATION_MIGRATIONS: readonly Migration[] = [
  {
    id: '001_notifications',
    sql: `
CREATE TABLE notifications (
  notification_id text PRIMARY KEY,
  order_id text NOT NULL,
  channel text NOT NULL,
  recipient text NOT NULL,
  template text NOT NULL,
  params jsonb NOT NULL,
  message_id text NOT NULL,
  -- Which instance stored it: competing consumers share the queue, this shows how.
  sent_by text NOT NULL,
  sent_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notifications_by_order ON notifications (order_id, sent_at);

CREATE TABLE dead_letters (
  id text PRIMARY KEY,
  queue text NOT NULL,
  dead_letter_queue text NOT NULL,
  reason text NOT NULL,
  error_code text,
  attempts integer NOT NULL,
  type text,
  message_id text,
  content_type text,
  headers jsonb NOT NULL,
  body bytea NOT NULL,
  dead_lettered_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dead_letters_by_queue ON dead_letters (queue, dead_lettered_at);
`,
  },
  {
    // The lists page by (time, id) row comparisons, ranges on these indexes: a page starts at its cursor
    // whatever the history before it (GET /notifications without orderId had no index at all, so every
    // page sorted the whole table).
    id: '002_keyset_indexes',
    sql: `
CREATE INDEX notifications_by_order_keyset ON notifications (order_id, sent_at, notification_id);
DROP INDEX notifications_by_order;
CREATE INDEX notifications_by_time ON notifications (sent_at, notification_id);
CREATE INDEX dead_letters_by_queue_keyset ON dead_letters (queue, dead_lettered_at, id);
DROP INDEX dead_letters_by_queue;
CREATE INDEX dead_letters_by_time ON dead_letters (dead_lettered_at, id);
`,
  },
  ...INBOX_MIGRATIONS,
];
