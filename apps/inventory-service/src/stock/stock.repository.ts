import { placeholdersFrom, type SqlExecutor, type SqlFragment } from '@commlab/persistence';
import { currentCorrelationId } from '@commlab/service-kit';
import { Injectable } from '@nestjs/common';

import { currentServiceCaller } from '../auth/service-caller';
import { StreamConflictError } from '../store/stream-conflict';
import { applyStockEvent, replayStock, type StockState } from './stock-state';
import type {
  CatalogSeedItem,
  EventProvenance,
  RecordedStockEvent,
  StockEventType,
  StockLevel,
} from './stock.types';

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
  /** StockCounted and EventReverted: the signed change of available (default: none). */
  difference?: number;
  /** EventReverted: the version it compensates (default: none). */
  revertsVersion?: number;
  /**
   * Who and why (default: the service whose call is being handled, the correlation id of that call, no
   * cause — so reservation and release events carry them without their use cases passing them).
   */
  provenance?: Partial<EventProvenance>;
}

/** The columns of one new event after its defaults, in INSERT order after sku and version. */
function eventValues(event: NewStockEvent): unknown[] {
  const provenance = event.provenance ?? {};
  return [
    event.type,
    event.quantity,
    event.reservationId,
    event.reason ?? null,
    event.difference ?? null,
    event.revertsVersion ?? null,
    provenance.actor ?? currentServiceCaller() ?? null,
    provenance.correlationId ?? currentCorrelationId() ?? null,
    provenance.causationId ?? null,
  ];
}

/** The reducer's view of a new event at `version`. */
function eventData(event: NewStockEvent, version: number) {
  return { version, type: event.type, quantity: event.quantity, difference: event.difference ?? null };
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
  difference: number | null;
}

interface EventRow {
  sku: string;
  version: number;
  type: StockEventType;
  quantity: number;
  reservation_id: string | null;
  reason: string | null;
  difference: number | null;
  reverts_version: number | null;
  actor: string | null;
  correlation_id: string | null;
  causation_id: string | null;
  occurred_at: Date;
}

/** The columns an append writes (occurred_at is the database's clock). */
const INSERT_COLUMNS =
  'sku, version, type, quantity, reservation_id, reason, difference, reverts_version, actor, ' +
  'correlation_id, causation_id';

const EVENT_COLUMNS = `${INSERT_COLUMNS}, occurred_at`;

function placeholders(count: number, first = 1): string {
  const at = placeholdersFrom(first);
  return Array.from({ length: count }, (_, index) => at(index)).join(', ');
}

function toEvent(row: EventRow): RecordedStockEvent {
  return {
    sku: row.sku,
    version: row.version,
    type: row.type,
    quantity: row.quantity,
    reservationId: row.reservation_id,
    reason: row.reason,
    difference: row.difference,
    revertsVersion: row.reverts_version,
    actor: row.actor,
    correlationId: row.correlation_id,
    causationId: row.causation_id,
    occurredAt: row.occurred_at,
  };
}

/** The rows of one stream in version order, up to the first gap (the prefix a replay may fold). */
function contiguousPrefix(rows: readonly EventRow[]): EventRow[] {
  const prefix: EventRow[] = [];
  for (const row of rows) {
    if (row.version !== prefix.length + 1) break;
    prefix.push(row);
  }
  return prefix;
}

/**
 * The rows of the streams of `count` SKUs (parameters `$first`…): each SKU's snapshot joined with the
 * events after it, unordered (the caller orders by sku, version). See `StockRepository.readStreams`.
 */
function streamsSql(count: number, first: number): string {
  return `SELECT c.sku, c.unit_price_cents, c.currency,
              COALESCE(s.available, 0) AS snapshot_available, COALESCE(s.version, 0) AS snapshot_version,
              e.version, e.type, e.quantity, e.difference
         FROM catalog_items c
         LEFT JOIN stock_levels s ON s.sku = c.sku
         LEFT JOIN LATERAL (
                SELECT version, type, quantity, difference FROM stock_events
                 WHERE stock_events.sku = c.sku AND stock_events.version > COALESCE(s.version, 0)
                 ORDER BY stock_events.version) e ON true
        WHERE c.sku IN (${count === 0 ? 'NULL' : placeholders(count, first)})`;
}

/** Stream rows in (sku, version) order, folded into each SKU's current state. */
function foldStreams(rows: readonly StreamRow[]): VersionedStockLevel[] {
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
        applyStockEvent(level, {
          version: row.version,
          type: row.type,
          quantity: row.quantity,
          difference: row.difference,
        }),
      );
    }
  }
  return [...levels.values()];
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
   *
   * The events after the snapshot are a LATERAL subquery, so `version > snapshot version` is always part
   * of the index condition on `(sku, version)`: as a plain join condition, a table without statistics yet
   * (a young database, before autovacuum's first ANALYZE) was planned as an index scan on `sku` alone with
   * the version as a filter — every reservation read its SKU's whole stream, more with every order.
   */
  async readStreams(sql: SqlExecutor, skus: readonly string[]): Promise<VersionedStockLevel[]> {
    if (skus.length === 0) return [];
    const { rows } = await sql.query<StreamRow>(
      `${streamsSql(skus.length, 1)} ORDER BY c.sku, e.version`,
      skus,
    );
    return foldStreams(rows);
  }

  /**
   * ReserveStock's first read in one round trip: the streams of the `skus` that exist, by SKU (see
   * readStreams), unless reservation `reservationId` exists already — then `'taken'` (a repeat: the caller
   * reads that reservation). Both from one statement, so one consistent view.
   */
  async readLevelsUnlessTaken(
    sql: SqlExecutor,
    reservationId: string,
    skus: readonly string[],
  ): Promise<Map<string, VersionedStockLevel> | 'taken'> {
    const { rows } = await sql.query<Partial<StreamRow> & { taken: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM reservations WHERE reservation_id = $1) AS taken, stream.*
         FROM (SELECT 1) AS one
         LEFT JOIN (${streamsSql(skus.length, 2)}) AS stream ON true
        ORDER BY stream.sku, stream.version`,
      [reservationId, ...skus],
    );
    if (rows[0]?.taken === true) return 'taken';
    const streams = rows.filter((row): row is StreamRow & { taken: boolean } => typeof row.sku === 'string');
    return new Map(foldStreams(streams).map((level) => [level.sku, level]));
  }

  /** The streams of the `skus` that exist, by SKU (see readStreams). */
  async readLevels(sql: SqlExecutor, skus: readonly string[]): Promise<Map<string, VersionedStockLevel>> {
    return new Map((await this.readStreams(sql, skus)).map((level) => [level.sku, level]));
  }

  /**
   * Performs a decision's appends — one event per stream, each expecting the version its level was read at
   * — in ONE statement whatever their number: the INSERT of the events (a stale version fails it on
   * `UNIQUE (sku, version)`, 23505) and the UPDATE of the snapshots (StreamConflictError unless every one
   * was still at its read version), as two data-modifying CTEs. `provenance`: who and why, for events that
   * do not say. `guard`: a write done first in the same statement, which the appends depend on (a new
   * reservation): one or more CTEs, one of them named `guard`; false, and nothing appended, when `guard`
   * returned no row. Must run in a transaction.
   */
  async appendAll(
    tx: SqlExecutor,
    appends: readonly { level: VersionedStockLevel; event: NewStockEvent }[],
    provenance?: Partial<EventProvenance>,
    guard?: SqlFragment,
  ): Promise<boolean> {
    if (appends.length === 0 && guard === undefined) return true;
    const skus = appends.map(({ level }) => level.sku);
    if (new Set(skus).size !== skus.length) throw new Error(`one append per stream, got ${skus.join(', ')}`);
    const states = appends.map(({ level, event }) =>
      applyStockEvent(level, eventData(event, level.version + 1)),
    );
    const values = appends.map(({ event }) => eventValues({ provenance, ...event }));
    const column = (index: number) => values.map((row) => row[index]);
    const params = [
      skus,
      states.map((state) => state.version),
      ...Array.from({ length: 9 }, (_, index) => column(index)),
      states.map((state) => state.available),
      appends.map(({ level }) => level.version),
    ];
    const guarded = guard === undefined ? '' : 'AND EXISTS (SELECT 1 FROM guard)';
    const { rows } = await tx.query<{ moved: number; guarded: boolean }>(
      `WITH ${guard === undefined ? '' : `${guard.sql(params.length + 1)},`}
       appended AS (
         INSERT INTO stock_events (${INSERT_COLUMNS}, occurred_at)
         SELECT event.sku, event.version, event.type, event.quantity, event.reservation_id, event.reason,
                event.difference, event.reverts_version, event.actor, event.correlation_id, event.causation_id,
                clock_timestamp()
           FROM unnest($1::text[], $2::int[], $3::text[], $4::int[], $5::text[], $6::text[], $7::int[],
                       $8::int[], $9::text[], $10::text[], $11::text[]) WITH ORDINALITY
                  AS event (sku, version, type, quantity, reservation_id, reason, difference, reverts_version,
                            actor, correlation_id, causation_id, position)
          WHERE true ${guarded}
          ORDER BY event.position),
       moved AS (
         UPDATE stock_levels AS level SET available = snapshot.available, version = snapshot.version
           FROM unnest($1::text[], $12::int[], $2::int[], $13::int[]) AS snapshot (sku, available, version, expected)
          WHERE level.sku = snapshot.sku AND level.version = snapshot.expected ${guarded}
         RETURNING level.sku)
       SELECT (SELECT count(*) FROM moved)::int AS moved,
              ${guard === undefined ? 'true' : 'EXISTS (SELECT 1 FROM guard)'} AS guarded`,
      [...params, ...(guard?.params ?? [])],
    );
    if (rows[0]?.guarded !== true) return false;
    if (rows[0].moved !== appends.length) {
      throw new StreamConflictError(`a stock stream of ${skus.join(', ')} moved past the version read`);
    }
    return true;
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
      state = applyStockEvent(state, eventData(event, state.version + 1));
      await tx.query(
        `INSERT INTO stock_events (${INSERT_COLUMNS}, occurred_at)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, clock_timestamp())`,
        [read.sku, state.version, ...eventValues(event)],
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
    return replayStock(await this.listEventsUntil(sql, sku, at));
  }

  /** The events `replayAsOf(sku, at)` folds, oldest first (the causes of the stock as of `at`). */
  async listEventsUntil(sql: SqlExecutor, sku: string, at: Date): Promise<RecordedStockEvent[]> {
    const { rows } = await sql.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM stock_events WHERE sku = $1 AND occurred_at <= $2 ORDER BY version`,
      [sku, at],
    );
    return contiguousPrefix(rows).map(toEvent);
  }

  /** Version `version` of the SKU's stream, if it exists. */
  async readEvent(sql: SqlExecutor, sku: string, version: number): Promise<RecordedStockEvent | undefined> {
    const { rows } = await sql.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM stock_events WHERE sku = $1 AND version = $2`,
      [sku, version],
    );
    return rows[0] === undefined ? undefined : toEvent(rows[0]);
  }

  /** The version of the EventReverted that compensates `version` of the SKU's stream, if any. */
  async findRevertOf(sql: SqlExecutor, sku: string, version: number): Promise<number | undefined> {
    const { rows } = await sql.query<{ version: number }>(
      'SELECT version FROM stock_events WHERE sku = $1 AND reverts_version = $2',
      [sku, version],
    );
    return rows[0]?.version;
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
  ): Promise<RecordedStockEvent[]> {
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
