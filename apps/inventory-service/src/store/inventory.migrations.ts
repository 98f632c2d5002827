import type { Migration } from '@commlab/persistence';

/**
 * inventory-service's schema. `stock_events` is the append-only log of stock movements per SKU (one stream
 * per SKU, `version` 1, 2, 3, … with no gaps); `stock_levels` is the current state derived from it, updated
 * in the same transaction as each append. The next step (event sourcing) can replay `stock_events` to
 * rebuild `stock_levels` and use `version` for optimistic concurrency without changing this layout.
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
];
