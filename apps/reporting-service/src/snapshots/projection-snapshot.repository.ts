import type { SqlExecutor } from '@commlab/persistence';
import { Injectable } from '@nestjs/common';

import { PROJECTION_TABLES } from '../store/reporting.migrations';
import type { PartitionPosition } from './snapshot-coverage';

export type SnapshotTrigger = 'request' | 'automatic';

/** A snapshot as listed: everything but the copied rows. */
export interface SnapshotRecord {
  id: string;
  takenAt: string;
  trigger: SnapshotTrigger;
  offsets: PartitionPosition[];
  contentHash: string;
  eventsApplied: number;
}

interface SnapshotRow {
  id: string | number;
  taken_at: Date | string;
  trigger: SnapshotTrigger;
  offsets: PartitionPosition[] | string;
  content_hash: string;
  events_applied: string | number;
}

function toRecord(row: SnapshotRow): SnapshotRecord {
  return {
    id: String(row.id),
    takenAt: new Date(row.taken_at).toISOString(),
    trigger: row.trigger,
    offsets: typeof row.offsets === 'string' ? (JSON.parse(row.offsets) as PartitionPosition[]) : row.offsets,
    contentHash: row.content_hash,
    eventsApplied: Number(row.events_applied),
  };
}

const COLUMNS = 'id, taken_at, trigger, offsets, content_hash, events_applied';

/** Every projection table's rows as one JSON object, `{table: [rows]}`. */
const COPY_TABLES = `jsonb_build_object(${PROJECTION_TABLES.map(
  (table) => `'${table}', (SELECT COALESCE(jsonb_agg(t), '[]'::jsonb) FROM ${table} t)`,
).join(', ')})`;

/**
 * Snapshots of the projections, in SQL: a copy of every projection table and of the consumer's inbox rows
 * (so an event before the snapshot that comes again after it still counts once) as JSON, with the offsets
 * they had reached. Restoring writes the rows back through `jsonb_populate_recordset`, so the copy follows
 * the tables' columns without a line per column.
 */
@Injectable()
export class ProjectionSnapshotRepository {
  /** Copies the projections and `consumer`'s inbox as they stand in `tx`. */
  async insert(
    tx: SqlExecutor,
    snapshot: {
      consumer: string;
      trigger: SnapshotTrigger;
      offsets: readonly PartitionPosition[];
      contentHash: string;
      eventsApplied: number;
    },
  ): Promise<SnapshotRecord> {
    const { rows } = await tx.query<SnapshotRow>(
      `INSERT INTO projection_snapshots (trigger, offsets, tables, inbox, content_hash, events_applied)
       SELECT $1, $2::jsonb, ${COPY_TABLES},
         (SELECT COALESCE(jsonb_agg(i), '[]'::jsonb) FROM inbox_messages i WHERE consumer = $3), $4, $5
       RETURNING ${COLUMNS}`,
      [
        snapshot.trigger,
        JSON.stringify(snapshot.offsets),
        snapshot.consumer,
        snapshot.contentHash,
        snapshot.eventsApplied,
      ],
    );
    const [row] = rows;
    if (row === undefined) throw new Error('INSERT … RETURNING returned no row');
    return toRecord(row);
  }

  /** Deletes all but the newest `keep` snapshots. */
  async prune(tx: SqlExecutor, keep: number): Promise<void> {
    await tx.query(
      `DELETE FROM projection_snapshots
        WHERE id NOT IN (SELECT id FROM projection_snapshots ORDER BY id DESC LIMIT $1)`,
      [keep],
    );
  }

  /** Every snapshot kept, newest first. */
  async list(sql: SqlExecutor): Promise<SnapshotRecord[]> {
    const { rows } = await sql.query<SnapshotRow>(
      `SELECT ${COLUMNS} FROM projection_snapshots ORDER BY id DESC`,
    );
    return rows.map(toRecord);
  }

  /**
   * Replaces the projections and `consumer`'s inbox with snapshot `id`'s copy (the projections and the
   * inbox must have been wiped in `tx` first).
   */
  async restore(tx: SqlExecutor, id: string, consumer: string): Promise<void> {
    for (const table of PROJECTION_TABLES) {
      await tx.query(
        `INSERT INTO ${table} SELECT * FROM jsonb_populate_recordset(NULL::${table},
           (SELECT tables -> '${table}' FROM projection_snapshots WHERE id = $1))`,
        [id],
      );
    }
    await tx.query(
      `INSERT INTO inbox_messages SELECT * FROM jsonb_populate_recordset(NULL::inbox_messages,
         (SELECT inbox FROM projection_snapshots WHERE id = $1)) WHERE consumer = $2`,
      [id, consumer],
    );
  }
}
