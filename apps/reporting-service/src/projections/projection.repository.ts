import { FIRST_DELIVERY, type ProcessOnceResult, processOnceInOneStatement } from '@commlab/messaging';
import type { SqlExecutor } from '@commlab/persistence';
import { Injectable } from '@nestjs/common';

import { PROJECTION_TABLES } from '../store/reporting.migrations';
import type { ProjectionChanges } from './projection-changes';
import type {
  DaySales,
  OrderCounts,
  ProjectionContent,
  SalesTotals,
  SkuSales,
  StockMovement,
} from './sales-report.types';

type OrderStatus = keyof OrderCounts;

interface TotalsRow {
  currency: string;
  orders: string | number;
  units: string | number;
  revenue_cents: string | number;
}

function totals(row: TotalsRow): SalesTotals {
  return {
    currency: row.currency,
    orders: Number(row.orders),
    units: Number(row.units),
    revenueCents: Number(row.revenue_cents),
  };
}

/**
 * The CTE `name` upserting a sale into `table`, keyed by `key` and the currency (`$4`): `keys` is the
 * array parameter of the keys, `units` the number of the units' array parameter (the revenue's follows).
 */
function salesWrite(name: string, table: string, key: string, keys: string, units: number): string {
  return `${name} AS (
    INSERT INTO ${table} (${key}, currency, orders, units, revenue_cents)
    SELECT sale.${key}, $4::text, 1, sale.units, sale.revenue_cents
      FROM ${FIRST_DELIVERY}, unnest(${keys}, $${String(units)}::bigint[], $${String(units + 1)}::bigint[])
             AS sale (${key}, units, revenue_cents)
    ON CONFLICT (${key}, currency) DO UPDATE SET orders = ${table}.orders + 1,
      units = ${table}.units + EXCLUDED.units,
      revenue_cents = ${table}.revenue_cents + EXCLUDED.revenue_cents)`;
}

/**
 * The writes of one event's changes, as the data-modifying CTEs of `processOnceInOneStatement`: every
 * projection table in one statement, each row incremented at most once (ProjectionChanges merges them);
 * a table the event does not change gets empty arrays and writes nothing. Parameters from $3.
 */
const PROJECTION_WRITES = `
  counted AS (
    INSERT INTO order_counts (status, orders)
    SELECT status, 1 FROM ${FIRST_DELIVERY}, unnest($3::text[]) AS status
    ON CONFLICT (status) DO UPDATE SET orders = order_counts.orders + 1),
  ${salesWrite('by_sku', 'sales_by_sku', 'sku', '$5::text[]', 6)},
  ${salesWrite('by_day', 'sales_by_day', 'day', '$8::date[]', 9)},
  moved AS (
    INSERT INTO stock_movements (sku, reserved_units, released_units, reservations, rejections)
    SELECT movement.sku, movement.reserved_units, movement.released_units, movement.reservations,
           movement.rejections
      FROM ${FIRST_DELIVERY},
           unnest($11::text[], $12::bigint[], $13::bigint[], $14::bigint[], $15::bigint[])
             AS movement (sku, reserved_units, released_units, reservations, rejections)
    ON CONFLICT (sku) DO UPDATE SET
      reserved_units = stock_movements.reserved_units + EXCLUDED.reserved_units,
      released_units = stock_movements.released_units + EXCLUDED.released_units,
      reservations = stock_movements.reservations + EXCLUDED.reservations,
      rejections = stock_movements.rejections + EXCLUDED.rejections)`;

function projectionParams({ counts, sale, movements }: ProjectionChanges): unknown[] {
  const bySku = sale?.bySku ?? [];
  return [
    counts,
    sale?.currency ?? null,
    bySku.map((line) => line.sku),
    bySku.map((line) => line.units),
    bySku.map((line) => line.revenueCents),
    sale === undefined ? [] : [sale.day],
    sale === undefined ? [] : [sale.units],
    sale === undefined ? [] : [sale.revenueCents],
    movements.map((movement) => movement.sku),
    movements.map((movement) => movement.reservedUnits),
    movements.map((movement) => movement.releasedUnits),
    movements.map((movement) => movement.reservations),
    movements.map((movement) => movement.rejections),
  ];
}

/**
 * The read models and the only SQL that touches them. Updates are increments (upserts), written in ONE
 * statement together with the inbox row of the event, so each event counts exactly once.
 */
@Injectable()
export class ProjectionRepository {
  /**
   * Applies one event's changes unless `consumer` applied message `messageId` before (`duplicate`): the
   * inbox row and every upsert in one statement (`processOnceInOneStatement`), no transaction of its own.
   */
  async applyOnce(
    sql: SqlExecutor,
    consumer: string,
    messageId: string,
    changes: ProjectionChanges,
  ): Promise<ProcessOnceResult<Record<string, unknown>>> {
    return processOnceInOneStatement(sql, consumer, messageId, {
      writes: PROJECTION_WRITES,
      params: projectionParams(changes),
    });
  }

  /** Everything the projections hold, in a stable order (the hash depends on it). */
  async read(sql: SqlExecutor): Promise<ProjectionContent> {
    const counts = await sql.query<{ status: OrderStatus; orders: string | number }>(
      'SELECT status, orders FROM order_counts',
    );
    const orders: OrderCounts = { placed: 0, confirmed: 0, rejected: 0, cancelled: 0 };
    for (const row of counts.rows) orders[row.status] = Number(row.orders);

    const revenue = await sql.query<TotalsRow>(
      `SELECT currency, SUM(orders) AS orders, SUM(units) AS units, SUM(revenue_cents) AS revenue_cents
         FROM sales_by_day GROUP BY currency ORDER BY currency`,
    );
    const bySku = await sql.query<TotalsRow & { sku: string }>(
      'SELECT sku, currency, orders, units, revenue_cents FROM sales_by_sku ORDER BY sku, currency',
    );
    const byDay = await sql.query<TotalsRow & { day: string }>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, currency, orders, units, revenue_cents
         FROM sales_by_day ORDER BY day, currency`,
    );
    const movements = await sql.query<{
      sku: string;
      reserved_units: string | number;
      released_units: string | number;
      reservations: string | number;
      rejections: string | number;
    }>('SELECT * FROM stock_movements ORDER BY sku');

    return {
      orders,
      revenue: revenue.rows.map(totals),
      bySku: bySku.rows.map((row): SkuSales => ({ sku: row.sku, ...totals(row) })),
      byDay: byDay.rows.map((row): DaySales => ({ day: row.day, ...totals(row) })),
      stockMovements: movements.rows.map((row): StockMovement => ({
        sku: row.sku,
        reservedUnits: Number(row.reserved_units),
        releasedUnits: Number(row.released_units),
        reservations: Number(row.reservations),
        rejections: Number(row.rejections),
      })),
    };
  }

  /** Empties every projection and forgets which events `consumer` applied (before a replay). */
  async wipe(tx: SqlExecutor, consumer: string): Promise<void> {
    await tx.query(`TRUNCATE ${PROJECTION_TABLES.join(', ')}`);
    await tx.query('DELETE FROM inbox_messages WHERE consumer = $1', [consumer]);
  }

  /** How many events `consumer` has applied (inbox rows). */
  async eventsApplied(sql: SqlExecutor, consumer: string): Promise<number> {
    const { rows } = await sql.query<{ count: string | number }>(
      'SELECT COUNT(*) AS count FROM inbox_messages WHERE consumer = $1',
      [consumer],
    );
    return Number(rows[0]?.count ?? 0);
  }
}
