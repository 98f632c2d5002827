import { OUTBOX_MIGRATIONS } from '@commlab/messaging';
import type { Migration } from '@commlab/persistence';

/** order-service's own tables (orders, then the transactional outbox); no other service reads them. */
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
  ...OUTBOX_MIGRATIONS,
];
