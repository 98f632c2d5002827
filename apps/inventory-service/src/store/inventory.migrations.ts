import { INBOX_MIGRATIONS, OUTBOX_MIGRATIONS } from '@commlab/messaging';
import type { Migration } from '@commlab/persistence';

/**
 * inventory-service's schema. `stock_events` is the event store and the source of truth: one stream per SKU,
 * `version` 1, 2, 3, … with no gaps, `UNIQUE (sku, version)` being the optimistic-concurrency check of every
 * append. `stock_levels` is a snapshot of each stream (available, version), written in the same transaction
 * as each append so reads replay only the events after it; it can always be rebuilt by a replay.
 * Applied migrations are never edited (checksums): changes go into new ones. The transactional outbox
 * (`outbox_messages`, from @commlab/messaging, ids `9xx_`) comes last: stock events are enqueued there in
 * the same transaction as the stock change, and the relay publishes them to Kafka topic `inventory`.
 * The inbox (`inbox_messages`, `91x_`) dedupes ReserveStock commands from RabbitMQ `inventory.commands` and
 * OrderCancelled events from `inventory.order-cancellations`.
 */
export const INVENTORY_MIGRATIONS: readonly Migration[] = [
  {
    id: '001_catalog_stock_reservations',
    sql: `
CREATE TABLE catalog_items (
  sku text PRIMARY KEY CHECK (sku ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(sku) <= 64),
  unit_price_cents bigint NOT NULL CHECK (unit_price_cents >= 0),
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE stock_levels (
  sku text PRIMARY KEY REFERENCES catalog_items (sku),
  available integer NOT NULL CHECK (available >= 0),
  version integer NOT NULL CHECK (version >= 0)
);

CREATE TABLE stock_events (
  sku text NOT NULL REFERENCES catalog_items (sku),
  version integer NOT NULL CHECK (version >= 1),
  type text NOT NULL CHECK (type IN ('StockAdded', 'StockReserved', 'StockReleased', 'ReservationRejected')),
  quantity integer NOT NULL CHECK (quantity > 0),
  reservation_id text,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT stock_events_sku_version_key UNIQUE (sku, version)
);

CREATE TABLE reservations (
  reservation_id text PRIMARY KEY,
  order_id text NOT NULL,
  status text NOT NULL CHECK (status IN ('active', 'released')),
  currency text NOT NULL,
  total_cents bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  released_at timestamptz
);

CREATE TABLE reservation_lines (
  reservation_id text NOT NULL REFERENCES reservations (reservation_id) ON DELETE CASCADE,
  line_no integer NOT NULL,
  sku text NOT NULL REFERENCES catalog_items (sku),
  quantity integer NOT NULL CHECK (quantity > 0),
  unit_price_cents bigint NOT NULL,
  PRIMARY KEY (reservation_id, line_no),
  UNIQUE (reservation_id, sku)
);
`,
  },
  {
    // Events carry the time they were appended (not the transaction start, which now() would give), so
    // occurred_at grows with version in each stream and "as of" replays see a prefix of the stream.
    id: '002_event_store_clock',
    sql: `
ALTER TABLE stock_events ALTER COLUMN occurred_at SET DEFAULT clock_timestamp();
CREATE INDEX stock_events_sku_occurred_at_idx ON stock_events (sku, occurred_at);
`,
  },
  {
    // Why a stock movement that no reservation explains happened (a stock adjustment: goods received).
    id: '003_stock_event_reason',
    sql: `ALTER TABLE stock_events ADD COLUMN reason text;`,
  },
  {
    // Corrections without editing history: StockRemoved (damaged), StockCounted (a physical count: quantity
    // is the counted level, possibly 0, and difference its signed change) and EventReverted (difference
    // undoes the event at reverts_version; at most one revert per event, enforced by a unique index). Who
    // and why on every event: actor, correlation_id, causation_id (null for events from before, or unknown).
    id: '004_stock_corrections_and_provenance',
    sql: `
ALTER TABLE stock_events DROP CONSTRAINT stock_events_type_check;
ALTER TABLE stock_events DROP CONSTRAINT stock_events_quantity_check;
ALTER TABLE stock_events
  ADD COLUMN difference integer,
  ADD COLUMN reverts_version integer,
  ADD COLUMN actor text,
  ADD COLUMN correlation_id text,
  ADD COLUMN causation_id text,
  ADD CONSTRAINT stock_events_type_check CHECK (type IN ('StockAdded', 'StockReserved', 'StockReleased',
    'ReservationRejected', 'StockRemoved', 'StockCounted', 'EventReverted')),
  ADD CONSTRAINT stock_events_quantity_check CHECK (
    CASE WHEN type IN ('StockCounted', 'EventReverted') THEN quantity >= 0 AND difference IS NOT NULL
         ELSE quantity > 0 AND difference IS NULL END),
  ADD CONSTRAINT stock_events_reverts_version_check CHECK (
    (type = 'EventReverted') = (reverts_version IS NOT NULL) AND (reverts_version IS NULL OR reverts_version < version));
CREATE UNIQUE INDEX stock_events_one_revert_idx ON stock_events (sku, reverts_version)
  WHERE reverts_version IS NOT NULL;
`,
  },
  {
    // A cancelled order's reservation: 'cancelled' is the record that the order was cancelled before its
    // ReserveStock arrived (no lines, currency XXX — ISO 4217's "no currency"). Its reservation id is
    // taken, so a ReserveStock that comes later is refused (RESERVATION_CONFLICT), as after a release.
    id: '005_reservation_cancellations',
    sql: `
ALTER TABLE reservations DROP CONSTRAINT reservations_status_check;
ALTER TABLE reservations ADD CONSTRAINT reservations_status_check
  CHECK (status IN ('active', 'released', 'cancelled'));
`,
  },
  {
    // GET /reservations?status=active (order-service's reconciliation): the reservations holding stock,
    // oldest first, walked by keyset over this index.
    id: '006_active_reservations_index',
    sql: `
CREATE INDEX reservations_active ON reservations (created_at, reservation_id) WHERE status = 'active';
`,
  },
  ...OUTBOX_MIGRATIONS,
  ...INBOX_MIGRATIONS,
];
