import { randomBytes } from 'node:crypto';

import type pg from 'pg';

/** The SKU, price and user the measured orders use: history is made of the same orders. */
const SKU = 'sticker-kafka';
const USER_EMAIL = 'alice@example.com';
/** Past orders written per transaction (one progress line each). */
const BATCH = 10_000;

/**
 * The ids and times of past orders `$2`..`$3` as rows `h`: ids are UUID-shaped md5s of a salt (`$1`) that is
 * new each fill, so they are unique and spread over the indexes like random UUIDs. `at` runs from `$4`
 * (just after the stack's last stock event) to `$5` (now) in `$6` equal steps, so every stream's
 * `occurred_at` keeps growing with its version and the measured orders that follow come after them.
 */
const HISTORY = `h AS (
  SELECT i, md5($1 || ':o' || i)::uuid::text AS order_id, md5($1 || ':p' || i)::uuid::text AS placed_id,
         md5($1 || ':n' || i)::uuid::text AS job_id, md5($1 || ':r' || i)::uuid::text AS reserved_id,
         md5($1 || ':c' || i)::uuid::text AS correlation_id,
         '00-' || md5($1 || ':t' || i) || '-' || left(md5($1 || ':s' || i), 16) || '-01' AS traceparent,
         $4::timestamptz + ($5::timestamptz - $4::timestamptz) * (i::float8 / ($6::int + 1)) AS at
    FROM generate_series($2::int, $3::int) AS i)`;

/** `at` as the services write it into a JSON envelope (ISO 8601, milliseconds, Z). */
const iso = (column: string) => `to_char((${column}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The CloudEvents envelope every outbox row carries (ids, times and trace context of the row's order). */
const envelope = (id: string, type: string, source: string, data: string, time: string) =>
  `jsonb_build_object('id', ${id}, 'type', '${type}', 'source', '/commlab/${source}', 'subject', h.order_id,
     'time', ${time}, 'specversion', '1.0', 'datacontenttype', 'application/json',
     'correlationid', h.correlation_id, 'causationid', h.correlation_id, 'traceparent', h.traceparent,
     'data', ${data})`;

const ORDER_PLACED_DATA = `jsonb_build_object('mode', 'sync', 'orderId', h.order_id, 'userId', u.id,
  'placedAt', ${iso("h.at + interval '2 ms'")},
  'items', jsonb_build_array(jsonb_build_object('sku', '${SKU}', 'quantity', 1,
    'unitPrice', jsonb_build_object('currency', 'USD', 'amountCents', 100))),
  'total', jsonb_build_object('currency', 'USD', 'amountCents', 100))`;

const NOTIFICATION_JOB_DATA = `jsonb_build_object('to', u.email, 'userId', u.id, 'orderId', h.order_id,
  'channel', 'email', 'template', 'order-placed', 'notificationId', h.order_id || ':order-placed',
  'params', jsonb_build_object('status', 'CONFIRMED', 'currency', 'USD', 'totalCents', 100))`;

const STOCK_RESERVED_DATA = `jsonb_build_object('orderId', h.order_id, 'reservationId', h.order_id,
  'currency', 'USD', 'totalCents', 100, 'reservedAt', ${iso('h.at')},
  'items', jsonb_build_array(jsonb_build_object('sku', '${SKU}', 'quantity', 1, 'unitPriceCents', 100)))`;

/** An outbox row already published (SENT, one attempt), as the relay leaves it. */
const sentOutbox = (schema: string, select: string) => `
  INSERT INTO ${schema}.outbox_messages (message_id, destination, message_key, envelope, status, attempts,
    next_attempt_at, created_at, sent_at, traceparent, tracestate)
  ${select}`;

/**
 * One batch of sync orders as the stack writes them, per service (read off a real run): order-service's
 * CONFIRMED order, its line and three SENT outbox rows (OrderPlaced on Kafka `orders` and on RabbitMQ
 * `commlab.events`, the NotificationRequested job); inventory-service's StockReserved event (the next
 * version of the SKU's stream: `$7` + i, the only statement with a 7th parameter), its active reservation and line, its SENT outbox row;
 * reporting-service's two inbox rows (OrderPlaced, StockReserved); notification-service's two inbox rows
 * and two notifications (the email job and the in-app order update).
 */
const BATCH_STATEMENTS = [
  `WITH ${HISTORY}, u AS (SELECT id::text AS id, email FROM auth_service.users WHERE email = '${USER_EMAIL}')
   INSERT INTO order_service.orders (id, user_id, status, transport, total_cents, currency, created_at, mode,
     user_email)
   SELECT h.order_id, u.id, 'CONFIRMED', 'grpc', 100, 'USD', h.at + interval '2 ms', 'sync', u.email FROM h, u`,
  `WITH ${HISTORY}
   INSERT INTO order_service.order_items (order_id, line_no, sku, quantity, unit_price_cents, line_total_cents)
   SELECT h.order_id, 1, '${SKU}', 1, 100, 100 FROM h`,
  `WITH ${HISTORY}, u AS (SELECT id::text AS id, email FROM auth_service.users WHERE email = '${USER_EMAIL}')
   ${sentOutbox(
     'order_service',
     `SELECT m.message_id, m.destination, h.order_id, m.envelope, 'SENT', 1, h.at + interval '3 ms',
             h.at + interval '3 ms', h.at + interval '20 ms', h.traceparent, NULL
        FROM h, u, LATERAL (VALUES
          (h.placed_id, '{"topic": "orders", "transport": "kafka"}'::jsonb,
           ${envelope('h.placed_id', 'commlab.order.placed.v2', 'order-service', ORDER_PLACED_DATA, iso("h.at + interval '2 ms'"))}),
          (h.placed_id || '@rabbitmq:commlab.events/order.placed',
           '{"exchange": "commlab.events", "transport": "rabbitmq", "routingKey": "order.placed"}'::jsonb,
           ${envelope('h.placed_id', 'commlab.order.placed.v2', 'order-service', ORDER_PLACED_DATA, iso("h.at + interval '2 ms'"))}),
          (h.job_id, '{"queue": "notifications.send", "transport": "rabbitmq-queue"}'::jsonb,
           ${envelope('h.job_id', 'commlab.notification.requested.v1', 'order-service', NOTIFICATION_JOB_DATA, iso("h.at + interval '3 ms'"))})
        ) AS m (message_id, destination, envelope)
       ORDER BY h.i`,
   )}`,
  `WITH ${HISTORY}
   INSERT INTO inventory_service.stock_events (sku, version, type, quantity, reservation_id, occurred_at, actor,
     correlation_id, causation_id)
   SELECT '${SKU}', $7::int + h.i, 'StockReserved', 1, h.order_id, h.at, 'order-service', h.correlation_id,
          h.correlation_id
     FROM h`,
  `WITH ${HISTORY}
   INSERT INTO inventory_service.reservations (reservation_id, order_id, status, currency, total_cents,
     created_at)
   SELECT h.order_id, h.order_id, 'active', 'USD', 100, h.at FROM h`,
  `WITH ${HISTORY}
   INSERT INTO inventory_service.reservation_lines (reservation_id, line_no, sku, quantity, unit_price_cents)
   SELECT h.order_id, 1, '${SKU}', 1, 100 FROM h`,
  `WITH ${HISTORY}
   ${sentOutbox(
     'inventory_service',
     `SELECT h.reserved_id, '{"topic": "inventory", "transport": "kafka"}'::jsonb, h.order_id,
             ${envelope('h.reserved_id', 'commlab.stock.reserved.v1', 'inventory-service', STOCK_RESERVED_DATA, iso('h.at'))}
               || '{"tracestate": ""}'::jsonb,
             'SENT', 1, h.at, h.at, h.at + interval '10 ms', h.traceparent, ''
        FROM h ORDER BY h.i`,
   )}`,
  `WITH ${HISTORY}
   INSERT INTO reporting_service.inbox_messages (consumer, message_id, processed_at)
   SELECT 'reporting', m.id, h.at + interval '30 ms'
     FROM h, LATERAL (VALUES (h.placed_id), (h.reserved_id)) AS m (id)`,
  `WITH ${HISTORY}
   INSERT INTO notification_service.inbox_messages (consumer, message_id, processed_at)
   SELECT m.consumer, m.id, h.at + interval '30 ms'
     FROM h, LATERAL (VALUES ('notification-service.order-events', h.placed_id),
                             ('notification-service.jobs', h.job_id)) AS m (consumer, id)`,
  `WITH ${HISTORY}, u AS (SELECT id::text AS id, email FROM auth_service.users WHERE email = '${USER_EMAIL}')
   INSERT INTO notification_service.notifications (notification_id, order_id, channel, recipient, template,
     params, message_id, sent_by, sent_at)
   SELECT n.notification_id, h.order_id, n.channel, n.recipient, n.template, n.params, n.message_id,
          'profile-order:history', h.at + interval '30 ms'
     FROM h, u, LATERAL (VALUES
       (h.order_id || ':order-placed', 'email', u.email, 'order-placed',
        '{"status": "CONFIRMED", "currency": "USD", "totalCents": 100}'::jsonb, h.job_id),
       (h.placed_id, 'in-app', u.id, 'order-update',
        '{"event": "commlab.order.placed.v2", "status": "placed"}'::jsonb, h.placed_id)
     ) AS n (notification_id, channel, recipient, template, params, message_id)`,
];

/** The read models of reporting-service, moved by the history's N orders (as its events would have). */
const PROJECTION_STATEMENTS = [
  `INSERT INTO reporting_service.order_counts (status, orders)
   VALUES ('placed', $1::bigint), ('confirmed', $1::bigint)
   ON CONFLICT (status) DO UPDATE SET orders = order_counts.orders + EXCLUDED.orders`,
  `INSERT INTO reporting_service.sales_by_sku (sku, currency, orders, units, revenue_cents)
   VALUES ('${SKU}', 'USD', $1::bigint, $1::bigint, 100 * $1::bigint)
   ON CONFLICT (sku, currency) DO UPDATE SET orders = sales_by_sku.orders + EXCLUDED.orders,
     units = sales_by_sku.units + EXCLUDED.units, revenue_cents = sales_by_sku.revenue_cents + EXCLUDED.revenue_cents`,
  `INSERT INTO reporting_service.stock_movements (sku, reserved_units, reservations)
   VALUES ('${SKU}', $1::bigint, $1::bigint)
   ON CONFLICT (sku) DO UPDATE SET reserved_units = stock_movements.reserved_units + EXCLUDED.reserved_units,
     reservations = stock_movements.reservations + EXCLUDED.reservations`,
];

/** sales_by_day: each history order on the UTC day of its confirmation. */
const SALES_BY_DAY = `
  INSERT INTO reporting_service.sales_by_day (day, currency, orders, units, revenue_cents)
  SELECT day, 'USD', n, n, 100 * n
    FROM (SELECT ((o.created_at AT TIME ZONE 'UTC')::date) AS day, count(*) AS n
            FROM order_service.orders o JOIN notification_service.notifications s
                 ON s.notification_id = o.id || ':order-placed' AND s.sent_by = 'profile-order:history'
           GROUP BY 1) AS history
  ON CONFLICT (day, currency) DO UPDATE SET orders = sales_by_day.orders + EXCLUDED.orders,
    units = sales_by_day.units + EXCLUDED.units, revenue_cents = sales_by_day.revenue_cents + EXCLUDED.revenue_cents`;

const TABLES = [
  'order_service.orders',
  'order_service.order_items',
  'order_service.outbox_messages',
  'inventory_service.stock_events',
  'inventory_service.stock_levels',
  'inventory_service.reservations',
  'inventory_service.reservation_lines',
  'inventory_service.outbox_messages',
  'reporting_service.inbox_messages',
  'reporting_service.order_counts',
  'reporting_service.sales_by_sku',
  'reporting_service.sales_by_day',
  'reporting_service.stock_movements',
  'notification_service.inbox_messages',
  'notification_service.notifications',
];

async function inTransaction(db: pg.Client, fn: () => Promise<void>): Promise<void> {
  await db.query('BEGIN');
  try {
    await fn();
    await db.query('COMMIT');
  } catch (error) {
    await db.query('ROLLBACK');
    throw error;
  }
}

/**
 * Writes `orders` past sync orders into every service's tables of a running stack (connected as `db` to
 * its database), as if the stack had taken them one by one: first a StockAdded of `orders` + `restock`
 * units to the SKU's stream (the history's units, and those the orders measured next will take: the
 * seeded stock was for one run), then batches of
 * `BATCH_STATEMENTS` in a transaction each, the stream's snapshot (stock_levels) moved with every batch,
 * then the projections, then ANALYZE of every table written. Meant for an idle stack: no order may be
 * placed meanwhile (the stream's version is read once).
 */
export async function fillHistory(
  db: pg.Client,
  { orders, restock }: { orders: number; restock: number },
  log: (line: string) => void,
): Promise<void> {
  const salt = randomBytes(6).toString('hex');
  const started = performance.now();
  // Times as text: a Date would drop the microseconds, and the history must start after the last event.
  const stream = await db.query<{ version: number; snapshot: number; last: string; now: string }>(
    `SELECT max(e.version)::int AS version, s.version AS snapshot, max(e.occurred_at)::text AS last,
            clock_timestamp()::text AS now
       FROM inventory_service.stock_events e JOIN inventory_service.stock_levels s USING (sku)
      WHERE e.sku = $1 GROUP BY s.version`,
    [SKU],
  );
  const head = stream.rows[0];
  if (head === undefined || head.version !== head.snapshot)
    throw new Error(
      `${SKU}: stream at version ${String(head?.version)}, snapshot at ${String(head?.snapshot)}: not a resting stack`,
    );
  // Version head + 1: the units the history takes; its orders follow as head + 1 + i.
  await inTransaction(db, async () => {
    await db.query(
      `INSERT INTO inventory_service.stock_events (sku, version, type, quantity, occurred_at, reason, actor)
       VALUES ($1, $2, 'StockAdded', $3, $4, 'goods received for the history of bench:profile-order', 'profile-order')`,
      [SKU, head.version + 1, orders + restock, head.last],
    );
    await db.query(
      'UPDATE inventory_service.stock_levels SET version = $2, available = available + $3 WHERE sku = $1',
      [SKU, head.version + 1, orders + restock],
    );
  });
  for (let from = 1; from <= orders; from += BATCH) {
    const to = Math.min(orders, from + BATCH - 1);
    await inTransaction(db, async () => {
      const params = [salt, from, to, head.last, head.now, orders];
      for (const sql of BATCH_STATEMENTS) {
        const { rowCount } = await db.query(sql, sql.includes('$7') ? [...params, head.version + 1] : params);
        if ((rowCount ?? 0) < to - from + 1)
          throw new Error(
            `history: ${String(rowCount)} rows written for ${String(to - from + 1)} orders by ${sql}`,
          );
      }
      // Each reservation took a unit: the snapshot follows the stream.
      await db.query(
        'UPDATE inventory_service.stock_levels SET version = $2, available = available - $3 WHERE sku = $1',
        [SKU, head.version + 1 + to, to - from + 1],
      );
    });
    log(
      `  history: ${String(to)} / ${String(orders)} past orders written (${((performance.now() - started) / 1000).toFixed(1)} s)`,
    );
  }
  await inTransaction(db, async () => {
    for (const sql of PROJECTION_STATEMENTS) await db.query(sql, [orders]);
    await db.query(SALES_BY_DAY);
  });
  await db.query(`ANALYZE ${TABLES.join(', ')}`);
  log(
    `  history: projections moved, tables analyzed (${((performance.now() - started) / 1000).toFixed(1)} s in all)`,
  );
}
