import type { SqlExecutor } from '@commlab/persistence';
import { Injectable } from '@nestjs/common';

import { StreamConflictError } from '../store/stream-conflict';
import { applyStockEvent, replayStock, type StockState } from './stock-state';
import type { CatalogSeedItem, StockEvent, StockEventType, StockLevel } from './stock.types';

/** A SKU's current state (replayed from its stream) with its price and the stream version it was read at. */
export interface VersionedStockLevel extends StockLevel {
  version: number;
}

/** One event to append to a SKU's stream (its version is decided by the append). */
export interface NewStockEvent {
  type: StockEventType;
  quantity: number;
  reservationId: string | null;
  /** Why, for a movement no reservation explains (default: none). */
  reason?: string;
}

interface StreamRow {
  sku: string;
  unit_price_cents: string | number;
  currency: string;
  snapshot_available: number;
  snapshot_version: number;
  version: number | null;
  type: StockEventType | null;
  quantity: number | null;
}

interface EventRow {
  sku: string;
  version: number;
  type: StockEventType;
  quantity: number;
  reservation_id: string | null;
  reason: string | null;
  occurred_at: Date;
}

const EVENT_COLUMNS = 'sku, version, type, quantity, reservation_id, reason, occurred_at';

function placeholders(count: number, first = 1): string {
  return Array.from({ length: count }, (_, index) => `$${first + index}`).join(', ');
}

function toEvent(row: EventRow): StockEvent {
  return {
    sku: row.sku,
    version: row.version,
    type: row.type,
    quantity: row.quantity,
    reservationId: row.reservation_id,
    reason: row.reason,
    occurredAt: row.occurred_at,
  };
}

/**
 * The event store of stock: one stream per SKU in `stock_events` (the source of truth, append-only,
 * `UNIQUE (sku, version)`), the catalog, and `stock_levels`, a snapshot of each stream (available, version)
 * written in the same transaction as every append so reads replay only the events after it. Every method
 * takes the executor to run on, so use cases decide what shares a transaction. No row locks: appends are
 * optimistic (see `append`).
 */
@Injectable()
export class StockRepository {
  /**
   * The current state of the SKUs that exist, in SKU order: the snapshot plus a replay of the events after
   * it, read in ONE statement (so one consistent view even under read committed). No locks.
   */
  async readStreams(sql: SqlExecutor, skus: readonly string[]): Promise<VersionedStockLevel[]> {
    if (skus.length === 0) return [];
    const { rows } = await sql.query<StreamRow>(
      `SELECT c.sku, c.unit_price_cents, c.currency,
              COALESCE(s.available, 0) AS snapshot_available, COALESCE(s.version, 0) AS snapshot_version,
              e.version, e.type, e.quantity
         FROM catalog_items c
         LEFT JOIN stock_levels s ON s.sku = c.sku
         LEFT JOIN stock_events e ON e.sku = c.sku AND e.version > COALESCE(s.version, 0)
        WHERE c.sku IN (${placeholders(skus.length)})
        ORDER BY c.sku, e.version`,
      skus,
    );
    const levels = new Map<string, VersionedStockLevel>();
    for (const row of rows) {
      let level = levels.get(row.sku);
      if (level === undefined) {
        level = {
          sku: row.sku,
          unitPriceCents: Number(row.unit_price_cents),
          currency: row.currency,
          available: row.snapshot_available,
          version: row.snapshot_version,
        };
        levels.set(row.sku, level);
      }
      if (row.version !== null && row.type !== null && row.quantity !== null) {
        Object.assign(
          level,
          applyStockEvent(level, { version: row.version, type: row.type, quantity: row.quantity }),
        );
      }
    }
    return [...levels.values()];
  }

  /** The streams of the `skus` that exist, by SKU (see readStreams). */
  async readLevels(sql: SqlExecutor, skus: readonly string[]): Promise<Map<string, VersionedStockLevel>> {
    return new Map((await this.readStreams(sql, skus)).map((level) => [level.sku, level]));
  }

  /**
   * Performs a decision's appends — one event per stream, each expecting the version its level was read at
   * — in two statements whatever their number: one INSERT of the events (a stale version fails it on
   * `UNIQUE (sku, version)`, 23505) and one UPDATE of the snapshots (StreamConflictError unless every one
   * was still at its read version). Must run in a transaction.
   */
  async appendAll(
    tx: SqlExecutor,
    appends: readonly { level: VersionedStockLevel; event: NewStockEvent }[],
  ): Promise<void> {
    if (appends.length === 0) return;
    const skus = appends.map(({ level }) => level.sku);
    if (new Set(skus).size !== skus.length) throw new Error(`one append per stream, got ${skus.join(', ')}`);
    const states = appends.map(({ level, event }) =>
      applyStockEvent(level, { version: level.version + 1, type: event.type, quantity: event.quantity }),
    );
    await tx.query(
      `INSERT INTO stock_events (sku, version, type, quantity, reservation_id, reason, occurred_at)
       SELECT event.sku, event.version, event.type, event.quantity, event.reservation_id, event.reason,
              clock_timestamp()
         FROM unnest($1::text[], $2::int[], $3::text[], $4::int[], $5::text[], $6::text[]) WITH ORDINALITY
                AS event (sku, version, type, quantity, reservation_id, reason, position)
        ORDER BY event.position`,
      [
        skus,
        states.map((state) => state.version),
        appends.map(({ event }) => event.type),
        appends.map(({ event }) => event.quantity),
        appends.map(({ event }) => event.reservationId),
        appends.map(({ event }) => event.reason ?? null),
      ],
    );
    const updated = await tx.query(
      `UPDATE stock_levels AS level SET available = snapshot.available, version = snapshot.version
         FROM unnest($1::text[], $2::int[], $3::int[], $4::int[]) AS snapshot (sku, available, version, expected)
        WHERE level.sku = snapshot.sku AND level.version = snapshot.expected`,
      [
        skus,
        states.map((state) => state.available),
        states.map((state) => state.version),
        appends.map(({ level }) => level.version),
      ],
    );
    if (updated.rowCount !== appends.length) {
      throw new StreamConflictError(`a stock stream of ${skus.join(', ')} moved past the version read`);
    }
  }

  /**
   * Appends `events` to the SKU's stream as versions `read.version + 1`, `+ 2`, … — optimistic concurrency:
   * if another transaction appended since `read` was taken, the INSERT hits `UNIQUE (sku, version)` and fails
   * with 23505 (`DatabaseError`, constraint STREAM_VERSION_CONSTRAINT); on PostgreSQL it first waits for the
   * other transaction to commit or roll back. Then moves the snapshot from `read.version` to the new version
   * (StreamConflictError if it is not at `read.version`). Returns the new state. Must run in a transaction.
   */
  async append(
    tx: SqlExecutor,
    read: StockState & { sku: string },
    events: readonly NewStockEvent[],
  ): Promise<StockState> {
    let state: StockState = { available: read.available, version: read.version };
    for (const event of events) {
      state = applyStockEvent(state, {
        version: state.version + 1,
        type: event.type,
        quantity: event.quantity,
      });
      await tx.query(
        `INSERT INTO stock_events (sku, version, type, quantity, reservation_id, reason, occurred_at)
          VALUES ($1, $2, $3, $4, $5, $6, clock_timestamp())`,
        [read.sku, state.version, event.type, event.quantity, event.reservationId, event.reason ?? null],
      );
    }
    const updated = await tx.query(
      'UPDATE stock_levels SET available = $2, version = $3 WHERE sku = $1 AND version = $4',
      [read.sku, state.available, state.version, read.version],
    );
    if (updated.rowCount !== 1) {
      throw new StreamConflictError(`stock stream ${read.sku} moved past version ${read.version}`);
    }
    return state;
  }

  /**
   * The SKU's state as of `at`: a replay of the longest prefix of its stream whose events occurred at or
   * before `at` (versions are appended in time order; stopping at the first later event keeps the answer a
   * real past state even if clocks disagree). Before the first event: available 0, version 0.
   */
  async replayAsOf(sql: SqlExecutor, sku: string, at: Date): Promise<StockState> {
    const { rows } = await sql.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM stock_events WHERE sku = $1 AND occurred_at <= $2 ORDER BY version`,
      [sku, at],
    );
    const prefix: EventRow[] = [];
    for (const row of rows) {
      if (row.version !== prefix.length + 1) break;
      prefix.push(row);
    }
    return replayStock(prefix);
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
      await this.append(tx, { sku: item.sku, available: 0, version: 0 }, [
        { type: 'StockAdded', quantity: item.initialStock, reservationId: null },
      ]);
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
      `SELECT ${EVENT_COLUMNS} FROM stock_events WHERE sku = $1 AND version > $2 ORDER BY version LIMIT $3`,
      [sku, afterVersion, limit],
    );
    return rows.map(toEvent);
  }

  /** The snapshot row of a SKU (tests and tools compare it with a full replay). */
  async readSnapshot(sql: SqlExecutor, sku: string): Promise<StockState | undefined> {
    const { rows } = await sql.query<StockState>(
      'SELECT available, version FROM stock_levels WHERE sku = $1',
      [sku],
    );
    return rows[0];
  }
}
