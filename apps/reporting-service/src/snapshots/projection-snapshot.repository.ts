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

/** The last position given to an inbox row (0 before the first): rows added later are above it. */
const INBOX_LAST_POSITION = `COALESCE(pg_sequence_last_value(
  pg_get_serial_sequence('inbox_messages', 'position')::regclass), 0)`;

/**
 * Snapshots of the projections, in SQL: a copy of every projection table as JSON, with the offsets they
 * had reached, and the consumer's inbox as it stood (so an event before the snapshot that comes again
 * after it still counts once). The inbox is not copied when the snapshot is taken: it grows with a week
 * of retention, and an automatic snapshot every 1,000 records would copy all of it each time. The
 * snapshot notes the last inbox position instead (`inbox_through`: the gate lets no event of the
 * consumer in while it is taken, and positions only grow), and `copyLiveInboxes` copies the rows up to
 * there just before a rebuild wipes the inbox. Restoring writes the rows back through
 * `jsonb_populate_recordset`, so the copy follows the tables' columns without a line per column.
 */
@Injectable()
export class ProjectionSnapshotRepository {
  /** Copies the projections as they stand in `tx`, and notes how far the inbox went. */
  async insert(
    tx: SqlExecutor,
    snapshot: {
      trigger: SnapshotTrigger;
      offsets: readonly PartitionPosition[];
      contentHash: string;
      eventsApplied: number;
    },
  ): Promise<SnapshotRecord> {
    const { rows } = await tx.query<SnapshotRow>(
      `INSERT INTO projection_snapshots
         (trigger, offsets, tables, inbox, inbox_through, content_hash, events_applied)
       SELECT $1, $2::jsonb, ${COPY_TABLES}, '[]'::jsonb, ${INBOX_LAST_POSITION}, $3, $4
       RETURNING ${COLUMNS}`,
      [snapshot.trigger, JSON.stringify(snapshot.offsets), snapshot.contentHash, snapshot.eventsApplied],
    );
    const [row] = rows;
    if (row === undefined) throw new Error('INSERT … RETURNING returned no row');
    return toRecord(row);
  }

  /**
   * Before the inbox is wiped (a rebuild): every snapshot that still refers to the live inbox gets its
   * copy, `consumer`'s rows up to its `inbox_through`. Rows the inbox's retention deleted since are not
   * in it: a redelivery older than the retention counts again, after a restore as without one.
   */
  async copyLiveInboxes(tx: SqlExecutor, consumer: string): Promise<void> {
    await tx.query(
      `UPDATE projection_snapshots AS snapshot
          SET inbox = (SELECT COALESCE(jsonb_agg(i ORDER BY i.position), '[]'::jsonb)
                         FROM inbox_messages i
                        WHERE i.consumer = $1 AND i.position <= snapshot.inbox_through),
              inbox_through = NULL
        WHERE snapshot.inbox_through IS NOT NULL`,
      [consumer],
    );
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
   * Replaces the projections and `consumer`'s inbox with snapshot `id`'s copy (`copyLiveInboxes`, then
   * the projections and the inbox wiped, in `tx` first).
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
      `INSERT INTO inbox_messages (consumer, message_id, processed_at)
       SELECT consumer, message_id, processed_at FROM jsonb_populate_recordset(NULL::inbox_messages,
         (SELECT inbox FROM projection_snapshots WHERE id = $1)) WHERE consumer = $2`,
      [id, consumer],
    );
  }
}
