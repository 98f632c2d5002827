import type { SqlExecutor } from '@commlab/persistence';
import { Injectable } from '@nestjs/common';

import { PROJECTION_TABLES } from '../store/reporting.migrations';
import type {
  DaySales,
  OrderCounts,
  ProjectionContent,
  SalesTotals,
  SkuSales,
  StockMovement,
} from './sales-report.types';

/** One sale: the priced lines of a confirmed order. */
export interface Sale {
  currency: string;
  /** ISO time of confirmation; its UTC day is the sales day. */
  at: string;
  lines: readonly { sku: string; quantity: number; unitPriceCents: number }[];
}

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
 * The read models and the only SQL that touches them. Updates are increments (upserts), applied inside the
 * caller's transaction together with the inbox row of the event, so each event counts exactly once.
 */
@Injectable()
export class ProjectionRepository {
  async countOrder(tx: SqlExecutor, status: OrderStatus): Promise<void> {
    await tx.query(
      `INSERT INTO order_counts (status, orders) VALUES ($1, 1)
       ON CONFLICT (status) DO UPDATE SET orders = order_counts.orders + 1`,
      [status],
    );
  }

  async recordSale(tx: SqlExecutor, sale: Sale): Promise<void> {
    const day = sale.at.slice(0, 10);
    let units = 0;
    let revenue = 0;
    // One order counts once per SKU even if a SKU appeared on two lines.
    const perSku = new Map<string, { units: number; revenue: number }>();
    for (const line of sale.lines) {
      const entry = perSku.get(line.sku) ?? { units: 0, revenue: 0 };
      entry.units += line.quantity;
      entry.revenue += line.quantity * line.unitPriceCents;
      perSku.set(line.sku, entry);
      units += line.quantity;
      revenue += line.quantity * line.unitPriceCents;
    }
    for (const [sku, entry] of [...perSku].sort(([a], [b]) => a.localeCompare(b))) {
      await tx.query(
        `INSERT INTO sales_by_sku (sku, currency, orders, units, revenue_cents) VALUES ($1, $2, 1, $3, $4)
         ON CONFLICT (sku, currency) DO UPDATE SET orders = sales_by_sku.orders + 1,
           units = sales_by_sku.units + EXCLUDED.units,
           revenue_cents = sales_by_sku.revenue_cents + EXCLUDED.revenue_cents`,
        [sku, sale.currency, entry.units, entry.revenue],
      );
    }
    await tx.query(
      `INSERT INTO sales_by_day (day, currency, orders, units, revenue_cents) VALUES ($1, $2, 1, $3, $4)
       ON CONFLICT (day, currency) DO UPDATE SET orders = sales_by_day.orders + 1,
         units = sales_by_day.units + EXCLUDED.units,
         revenue_cents = sales_by_day.revenue_cents + EXCLUDED.revenue_cents`,
      [day, sale.currency, units, revenue],
    );
  }

  async recordStockMovement(
    tx: SqlExecutor,
    sku: string,
    movement: { reservedUnits?: number; releasedUnits?: number; reservations?: number; rejections?: number },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO stock_movements (sku, reserved_units, released_units, reservations, rejections)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (sku) DO UPDATE SET
         reserved_units = stock_movements.reserved_units + EXCLUDED.reserved_units,
         released_units = stock_movements.released_units + EXCLUDED.released_units,
         reservations = stock_movements.reservations + EXCLUDED.reservations,
         rejections = stock_movements.rejections + EXCLUDED.rejections`,
      [
        sku,
        movement.reservedUnits ?? 0,
        movement.releasedUnits ?? 0,
        movement.reservations ?? 0,
        movement.rejections ?? 0,
      ],
    );
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
