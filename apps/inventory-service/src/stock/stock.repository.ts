import type { SqlExecutor } from '@commlab/persistence';
import { Injectable } from '@nestjs/common';

import type { CatalogSeedItem, StockEvent, StockEventType, StockLevel } from './stock.types';

/** A stock level with its stream version, as read (and possibly locked) inside a transaction. */
export interface VersionedStockLevel extends StockLevel {
  version: number;
}

/** One movement to append to a SKU's stream; `delta` is what it does to `available`. */
export interface StockMovement {
  sku: string;
  type: StockEventType;
  quantity: number;
  delta: number;
  reservationId: string | null;
  /** The stream version the caller read (under its row lock); the event becomes `expectedVersion + 1`. */
  expectedVersion: number;
}

interface LevelRow {
  sku: string;
  available: number;
  version: number;
  unit_price_cents: string | number;
  currency: string;
}

interface EventRow {
  sku: string;
  version: number;
  type: StockEventType;
  quantity: number;
  reservation_id: string | null;
  occurred_at: Date;
}

function placeholders(count: number, first = 1): string {
  return Array.from({ length: count }, (_, index) => `$${first + index}`).join(', ');
}

function toLevel(row: LevelRow): VersionedStockLevel {
  return {
    sku: row.sku,
    available: row.available,
    version: row.version,
    unitPriceCents: Number(row.unit_price_cents),
    currency: row.currency,
  };
}

const LEVEL_COLUMNS = 's.sku, s.available, s.version, c.unit_price_cents, c.currency';

/**
 * SQL for the catalog, the current stock levels and the append-only `stock_events` log. Every method takes
 * the executor to run on, so use cases decide what shares a transaction.
 */
@Injectable()
export class StockRepository {
  /** The levels of the SKUs that exist, in SKU order (no locks). */
  async findLevels(sql: SqlExecutor, skus: readonly string[]): Promise<VersionedStockLevel[]> {
    if (skus.length === 0) return [];
    const { rows } = await sql.query<LevelRow>(
      `SELECT ${LEVEL_COLUMNS} FROM stock_levels s JOIN catalog_items c ON c.sku = s.sku
        WHERE s.sku IN (${placeholders(skus.length)}) ORDER BY s.sku`,
      skus,
    );
    return rows.map(toLevel);
  }

  /**
   * Like findLevels, but locks the rows until the transaction ends. Rows are locked in SKU order, so two
   * multi-SKU transactions never wait for each other in a cycle (no deadlocks).
   */
  async lockLevels(tx: SqlExecutor, skus: readonly string[]): Promise<VersionedStockLevel[]> {
    if (skus.length === 0) return [];
    const { rows } = await tx.query<LevelRow>(
      `SELECT ${LEVEL_COLUMNS} FROM stock_levels s JOIN catalog_items c ON c.sku = s.sku
        WHERE s.sku IN (${placeholders(skus.length)}) ORDER BY s.sku FOR UPDATE OF s`,
      skus,
    );
    return rows.map(toLevel);
  }

  /**
   * Appends one event to the SKU's stream and updates the current level in the same transaction. The
   * version check makes a lost update impossible even without the row lock; with it, it never fails.
   */
  async append(tx: SqlExecutor, movement: StockMovement): Promise<number> {
    const { rows } = await tx.query<{ version: number }>(
      `UPDATE stock_levels SET available = available + $2, version = version + 1
        WHERE sku = $1 AND version = $3 RETURNING version`,
      [movement.sku, movement.delta, movement.expectedVersion],
    );
    const version = rows[0]?.version;
    if (version === undefined) {
      throw new Error(
        `stock stream ${movement.sku} moved past version ${movement.expectedVersion} while locked`,
      );
    }
    await tx.query(
      `INSERT INTO stock_events (sku, version, type, quantity, reservation_id) VALUES ($1, $2, $3, $4, $5)`,
      [movement.sku, version, movement.type, movement.quantity, movement.reservationId],
    );
    return version;
  }

  /** Adds a SKU with its price and initial stock (a StockAdded event) unless it exists. True if added. */
  async addCatalogItem(tx: SqlExecutor, item: CatalogSeedItem): Promise<boolean> {
    const inserted = await tx.query(
      `INSERT INTO catalog_items (sku, unit_price_cents, currency) VALUES ($1, $2, $3)
        ON CONFLICT (sku) DO NOTHING RETURNING sku`,
      [item.sku, item.unitPriceCents, item.currency],
    );
    if (inserted.rowCount === 0) return false;
    await tx.query('INSERT INTO stock_levels (sku, available, version) VALUES ($1, 0, 0)', [item.sku]);
    if (item.initialStock > 0) {
      await this.append(tx, {
        sku: item.sku,
        type: 'StockAdded',
        quantity: item.initialStock,
        delta: item.initialStock,
        reservationId: null,
        expectedVersion: 0,
      });
    }
    return true;
  }

  async skuExists(sql: SqlExecutor, sku: string): Promise<boolean> {
    const { rowCount } = await sql.query('SELECT 1 FROM catalog_items WHERE sku = $1', [sku]);
    return rowCount > 0;
  }

  /** The SKU's events after `afterVersion`, oldest first, at most `limit`. */
  async listEvents(
    sql: SqlExecutor,
    sku: string,
    afterVersion: number,
    limit: number,
  ): Promise<StockEvent[]> {
    const { rows } = await sql.query<EventRow>(
      `SELECT sku, version, type, quantity, reservation_id, occurred_at FROM stock_events
        WHERE sku = $1 AND version > $2 ORDER BY version LIMIT $3`,
      [sku, afterVersion, limit],
    );
    return rows.map((row) => ({
      sku: row.sku,
      version: row.version,
      type: row.type,
      quantity: row.quantity,
      reservationId: row.reservation_id,
      occurredAt: row.occurred_at,
    }));
  }
}
