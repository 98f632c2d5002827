import { INBOX_MIGRATIONS, OUTBOX_MIGRATIONS } from '@commlab/messaging';
import type { Migration } from '@commlab/persistence';

/** order-service's own tables (orders, the transactional outbox, the inbox); no other service reads them. */
export const ORDER_MIGRATIONS: readonly Migration[] = [
  {
    id: '001_create_orders',
    sql: `
      CREATE TABLE orders (
        id            text PRIMARY KEY,
        user_id       text NOT NULL,
        status        text NOT NULL CHECK (status IN ('PENDING', 'CONFIRMED', 'REJECTED')),
        transport     text NOT NULL,
        total_cents   bigint NOT NULL CHECK (total_cents >= 0),
        currency      text NOT NULL,
        callback_url  text,
        created_at    timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX orders_by_user ON orders (user_id, created_at DESC);
      CREATE TABLE order_items (
        order_id          text NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
        line_no           integer NOT NULL,
        sku               text NOT NULL,
        quantity          integer NOT NULL CHECK (quantity > 0),
        unit_price_cents  bigint NOT NULL CHECK (unit_price_cents >= 0),
        line_total_cents  bigint NOT NULL CHECK (line_total_cents >= 0),
        PRIMARY KEY (order_id, line_no)
      );
    `,
  },
  {
    // Async orders: PENDING until inventory answers (StockReserved / StockRejected on Kafka). Their prices
    // and currency are known only then, so currency may be NULL while PENDING. The caller's email is kept
    // for the notification sent on completion.
    id: '002_async_orders',
    sql: `
      ALTER TABLE orders ADD COLUMN mode text NOT NULL DEFAULT 'sync' CHECK (mode IN ('sync', 'async'));
      ALTER TABLE orders ADD COLUMN user_email text;
      ALTER TABLE orders ADD COLUMN rejection_reason text;
      ALTER TABLE orders ADD COLUMN rejected_skus jsonb;
      ALTER TABLE orders ADD COLUMN completed_at timestamptz;
      ALTER TABLE orders ALTER COLUMN currency DROP NOT NULL;
    `,
  },
  {
    // The callback of an async order: one delivery per order, its attempts, and the scheduler's lease.
    id: '003_webhook_deliveries',
    sql: `
      CREATE TABLE webhook_deliveries (
        order_id        text PRIMARY KEY REFERENCES orders (id),
        webhook_id      text NOT NULL UNIQUE,
        url             text NOT NULL,
        payload         jsonb NOT NULL,
        status          text NOT NULL DEFAULT 'PENDING'
                        CHECK (status IN ('PENDING', 'DELIVERED', 'GONE', 'FAILED')),
        attempts        integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        claimed_until   timestamptz,
        created_at      timestamptz NOT NULL DEFAULT now(),
        finished_at     timestamptz
      );
      CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'PENDING';
      CREATE TABLE webhook_attempts (
        order_id       text NOT NULL REFERENCES webhook_deliveries (order_id),
        attempt        integer NOT NULL,
        at             timestamptz NOT NULL,
        duration_ms    integer NOT NULL,
        outcome        text NOT NULL,
        status_code    integer,
        location       text,
        error_code     text,
        error_message  text,
        PRIMARY KEY (order_id, attempt)
      );
    `,
  },
  {
    // The trace context of the transaction that scheduled the callback: the dispatcher delivers it in
    // the order's trace, so the webhook POST (and its traceparent header) joins it.
    id: '004_webhook_trace_context',
    sql: `ALTER TABLE webhook_deliveries ADD COLUMN traceparent text, ADD COLUMN tracestate text;`,
  },
  {
    // Idempotency-Key on POST /orders, per user: the request's fingerprint, the claim of the request
    // running it, then its final response (written in the order's transaction). Pruned past expires_at.
    id: '005_idempotency_keys',
    sql: `
      CREATE TABLE idempotency_keys (
        user_id            text NOT NULL,
        idem_key           text NOT NULL,
        fingerprint        text NOT NULL,
        claim_id           text NOT NULL,
        state              text NOT NULL CHECK (state IN ('in_progress', 'completed')),
        order_id           text REFERENCES orders (id),
        response_status    integer,
        response_body      text,
        response_location  text,
        locked_until       timestamptz NOT NULL,
        expires_at         timestamptz NOT NULL,
        created_at         timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, idem_key)
      );
      CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);
    `,
  },
  {
    // Cancellation (POST /orders/{id}/cancel): PENDING or CONFIRMED → CANCELLED, a final status. The
    // constraint is the one PostgreSQL named for 001's inline CHECK.
    id: '006_order_cancellation',
    sql: `
      ALTER TABLE orders DROP CONSTRAINT orders_status_check;
      ALTER TABLE orders ADD CONSTRAINT orders_status_check
        CHECK (status IN ('PENDING', 'CONFIRMED', 'REJECTED', 'CANCELLED'));
      ALTER TABLE orders ADD COLUMN cancelled_at timestamptz;
    `,
  },
  {
    // Expiry: every async order gets a deadline (expires_at, ORDER_PENDING_TIMEOUT_MS after it was
    // accepted); a PENDING one past it becomes EXPIRED, a final status (completed_at says when). The
    // partial index is what the expiry job walks: the PENDING orders by deadline.
    id: '007_order_expiry',
    sql: `
      ALTER TABLE orders DROP CONSTRAINT orders_status_check;
      ALTER TABLE orders ADD CONSTRAINT orders_status_check
        CHECK (status IN ('PENDING', 'CONFIRMED', 'REJECTED', 'CANCELLED', 'EXPIRED'));
      ALTER TABLE orders ADD COLUMN expires_at timestamptz;
      CREATE INDEX orders_pending_by_deadline ON orders (expires_at) WHERE status = 'PENDING';
    `,
  },
  {
    // Saga style of an async order (?saga=orchestration|choreography); orders from before are orchestrated
    // (that was the only style), sync orders have none.
    id: '008_order_saga_style',
    sql: `
      ALTER TABLE orders ADD COLUMN saga text
        CHECK (saga IS NULL OR saga IN ('orchestration', 'choreography'));
      UPDATE orders SET saga = 'orchestration' WHERE mode = 'async';
    `,
  },
  {
    // GET /orders pages by (created_at, id), both descending: the position is then one row comparison, a
    // range on this index, instead of an OR that PostgreSQL can only filter (every page rescanned the
    // user's orders from the newest).
    id: '009_orders_by_user_newest',
    sql: `
      CREATE INDEX orders_by_user_newest ON orders (user_id, created_at DESC, id DESC);
      DROP INDEX orders_by_user;
    `,
  },
  ...OUTBOX_MIGRATIONS,
  ...INBOX_MIGRATIONS,
];
