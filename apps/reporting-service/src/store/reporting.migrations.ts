import { INBOX_MIGRATIONS } from '@commlab/messaging';
import type { Migration } from '@commlab/persistence';

/**
 * reporting-service's read models. Every table here is a projection: derived from the `orders` and
 * `inventory` topics only, wiped and rebuilt by `POST /reports/rebuild`. The inbox (processed message
 * ids, same transaction as each projection update) makes a redelivered event change nothing. Snapshots
 * (`projection_snapshots`) copy them with the offsets they had reached, for a rebuild after retention.
 * Applied migrations are never edited (checksums): changes go into new ones.
 */
export const REPORTING_MIGRATIONS: readonly Migration[] = [
  {
    id: '001_projections',
    sql: `
CREATE TABLE order_counts (
  status text PRIMARY KEY CHECK (status IN ('placed', 'confirmed', 'rejected')),
  orders bigint NOT NULL DEFAULT 0
);

CREATE TABLE sales_by_sku (
  sku text NOT NULL,
  currency text NOT NULL,
  orders bigint NOT NULL DEFAULT 0,
  units bigint NOT NULL DEFAULT 0,
  revenue_cents bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (sku, currency)
);

CREATE TABLE sales_by_day (
  day date NOT NULL,
  currency text NOT NULL,
  orders bigint NOT NULL DEFAULT 0,
  units bigint NOT NULL DEFAULT 0,
  revenue_cents bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (day, currency)
);

CREATE TABLE stock_movements (
  sku text PRIMARY KEY,
  reserved_units bigint NOT NULL DEFAULT 0,
  released_units bigint NOT NULL DEFAULT 0,
  reservations bigint NOT NULL DEFAULT 0,
  rejections bigint NOT NULL DEFAULT 0
);
`,
  },
  {
    // Cancelled orders (commlab.order.cancelled.v1) are counted too.
    id: '002_cancelled_orders',
    sql: `
ALTER TABLE order_counts DROP CONSTRAINT order_counts_status_check;
ALTER TABLE order_counts ADD CONSTRAINT order_counts_status_check
  CHECK (status IN ('placed', 'confirmed', 'rejected', 'cancelled'));
`,
  },
  {
    // Snapshots: a copy of every projection table and of the inbox rows, with the offsets they had
    // reached; a rebuild after retention starts from one. Not a projection: a rebuild keeps them.
    id: '003_projection_snapshots',
    sql: `
CREATE TABLE projection_snapshots (
  id bigserial PRIMARY KEY,
  taken_at timestamptz NOT NULL DEFAULT now(),
  trigger text NOT NULL CHECK (trigger IN ('request', 'automatic')),
  offsets jsonb NOT NULL,
  tables jsonb NOT NULL,
  inbox jsonb NOT NULL,
  content_hash text NOT NULL,
  events_applied bigint NOT NULL
);
`,
  },
  ...INBOX_MIGRATIONS,
  {
    // A snapshot no longer copies the inbox (which grows with a week of retention) every time it is
    // taken: it notes how far the inbox's positions went (`inbox_through`), and the rows up to there
    // are copied only when a rebuild is about to wipe the inbox. Sorted after the inbox's migration.
    id: '990_snapshot_inbox_through',
    sql: `
ALTER TABLE inbox_messages ADD COLUMN position bigint GENERATED ALWAYS AS IDENTITY;
ALTER TABLE projection_snapshots ADD COLUMN inbox_through bigint;
`,
  },
];

/** The projection tables, in the order the report and its hash read them. */
export const PROJECTION_TABLES = ['order_counts', 'sales_by_sku', 'sales_by_day', 'stock_movements'] as const;
