import { type Database, openDatabase, type SqlExecutor } from '@commlab/persistence';
import { type ThrowawayStore, throwawayStore } from '@commlab/testing';

import { PROJECTION_CONSUMER } from '../src/projections/project-event.use-case';
import { ProjectionRepository } from '../src/projections/projection.repository';
import { ProjectionSnapshotRepository } from '../src/snapshots/projection-snapshot.repository';
import { REPORTING_MIGRATIONS } from '../src/store/reporting.migrations';

jest.setTimeout(30_000);

/**
 * Snapshots and the inbox on both stores: a snapshot copies none of the inbox, however big, and a rebuild
 * from it still gets back exactly the inbox it was taken on.
 */
describe.each(['pglite', 'postgres'] as const)('projection snapshots and the inbox (%s)', (store) => {
  const snapshots = new ProjectionSnapshotRepository();
  const projections = new ProjectionRepository();
  const consumer = PROJECTION_CONSUMER;
  let target: ThrowawayStore;
  let db: Database;

  beforeAll(async () => {
    target = await throwawayStore(store, 'reporting_snapshots');
    db = await openDatabase({
      service: 'reporting-service',
      migrations: REPORTING_MIGRATIONS,
      ...target.options,
    });
  });

  afterAll(async () => {
    await db.close();
    await target.drop();
  });

  beforeEach(async () => {
    await db.query('DELETE FROM projection_snapshots');
    await db.query('DELETE FROM inbox_messages');
  });

  /** Events the consumer applied: their inbox rows. */
  const applied = (messageIds: readonly string[]) =>
    db.query('INSERT INTO inbox_messages (consumer, message_id) SELECT $1, unnest($2::text[])', [
      consumer,
      messageIds,
    ]);

  const take = () =>
    snapshots.insert(db, { trigger: 'request', offsets: [], contentHash: 'hash', eventsApplied: 0 });

  const inbox = async () =>
    (
      await db.query<{ message_id: string }>(
        'SELECT message_id FROM inbox_messages WHERE consumer = $1 ORDER BY message_id',
        [consumer],
      )
    ).rows.map((row) => row.message_id);

  /** What RebuildProjections does in its transaction, from a snapshot or (null) from the log start. */
  const rebuild = (snapshotId: string | null) =>
    db.transaction(async (tx: SqlExecutor) => {
      await snapshots.copyLiveInboxes(tx, consumer);
      await projections.wipe(tx, consumer);
      if (snapshotId !== null) await snapshots.restore(tx, snapshotId, consumer);
    });

  it('a snapshot copies none of the inbox: it stays as small while the inbox grows 1,000-fold', async () => {
    await applied(['e-1', 'e-2']);
    const small = await take();
    await applied(Array.from({ length: 2_000 }, (_, i) => `e-${String(i + 3)}`));
    const large = await take();
    const { rows } = await db.query<{ id: string | number; bytes: number; through: string | number }>(
      `SELECT id, pg_column_size(inbox) AS bytes, inbox_through AS through
         FROM projection_snapshots ORDER BY id`,
    );
    expect(rows.map((row) => String(row.id))).toEqual([small.id, large.id]);
    expect(rows[1]?.bytes).toBe(rows[0]?.bytes);
    expect(Number(rows[1]?.through) - Number(rows[0]?.through)).toBe(2_000);
  });

  it('a rebuild from a snapshot gets back exactly the inbox it was taken on, not the rows added after', async () => {
    await applied(['a', 'b']);
    const snapshot = await take();
    await applied(['c']);
    await rebuild(snapshot.id);
    expect(await inbox()).toEqual(['a', 'b']);
    // The copy was made once: the same rebuild again gives the same inbox.
    await applied(['d']);
    await rebuild(snapshot.id);
    expect(await inbox()).toEqual(['a', 'b']);
  });

  it('a snapshot older than a rebuild from the log start still restores its own inbox', async () => {
    await applied(['a', 'b']);
    const older = await take();
    await rebuild(null); // the replay records the events again, under new positions
    expect(await inbox()).toEqual([]);
    await applied(['a', 'b', 'c']);
    const newer = await take();
    await rebuild(older.id);
    expect(await inbox()).toEqual(['a', 'b']);
    await rebuild(newer.id);
    expect(await inbox()).toEqual(['a', 'b', 'c']);
  });

  it('restores a snapshot taken before inbox_through existed (a copy of the inbox)', async () => {
    const { rows } = await db.query<{ id: string | number }>(
      `INSERT INTO projection_snapshots (trigger, offsets, tables, inbox, content_hash, events_applied)
       VALUES ('request', '[]', '{}', $1::jsonb, 'hash', 1) RETURNING id`,
      [JSON.stringify([{ consumer, message_id: 'old-1', processed_at: '2026-12-01T00:00:00Z' }])],
    );
    await applied(['later']);
    await rebuild(String(rows[0]?.id));
    expect(await inbox()).toEqual(['old-1']);
  });
});
