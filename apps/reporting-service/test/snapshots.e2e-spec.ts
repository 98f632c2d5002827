import { KAFKA_TOPICS } from '@commlab/contracts';
import { waitFor } from '@commlab/testing';

import type { SnapshotView } from '../src';
import { type Backend, orderPlaced, ReportingHarness } from './support/reporting-harness';

/** Six orders over a few SKUs, in one send: one record batch per partition. */
function someOrders(tag: string) {
  return Array.from({ length: 6 }, (_, i) => orderPlaced(`${tag}-${String(i % 3)}`, 1 + i, 100 * (i + 1)));
}

describe.each<Backend>(['pglite', 'postgres'])('reporting snapshots and retention (%s)', (backend) => {
  let harness: ReportingHarness;
  let first: SnapshotView;

  beforeAll(async () => {
    harness = await ReportingHarness.start(backend, {
      REPORTING_SNAPSHOT_EVERY_EVENTS: '0',
      REPORTING_SNAPSHOTS_KEPT: '2',
    });
  }, 60_000);

  afterAll(async () => {
    await harness.stop();
  });

  /** The log start of each `orders` partition, as GET /reports/status reports it. */
  async function logStarts(): Promise<Map<number, bigint>> {
    const { partitions } = await harness.status();
    return new Map(
      partitions
        .filter((entry) => entry.topic === KAFKA_TOPICS.orders)
        .map((entry) => [entry.partition, BigInt(entry.logStartOffset)]),
    );
  }

  function ordersOffset(snapshot: SnapshotView, partition: number): bigint {
    const entry = snapshot.offsets.find((o) => o.topic === KAFKA_TOPICS.orders && o.partition === partition);
    return BigInt(entry?.offset ?? '0');
  }

  it('takes a snapshot between events: the offsets consumed, the content hash and the event count', async () => {
    await harness.publish(KAFKA_TOPICS.orders, someOrders('mug'));
    const report = await harness.waitForEventsApplied(6);
    const status = await harness.waitForNoLag();

    const older = await harness.takeSnapshot();
    const taken = await harness.takeSnapshot();
    expect(older.status).toBe(201);
    expect(taken.status).toBe(201);
    first = taken.body;
    expect(first.contentHash).toBe(report.contentHash);
    expect(first.eventsApplied).toBe(6);
    expect(first.trigger).toBe('request');
    // Every projected partition, at the offset the projections had consumed: here, the high watermark.
    expect(first.offsets).toEqual(
      status.partitions.map(({ topic, partition, highWatermark }) => ({
        topic,
        partition,
        offset: highWatermark,
      })),
    );
    expect((await harness.snapshots()).map((s) => s.id)).toEqual([first.id, older.body.id]);

    // A complete log is replayed from its start unless a snapshot is asked for.
    const fromSnapshot = await harness.rebuild('?from=snapshot');
    expect(fromSnapshot.status).toBe(200);
    expect(fromSnapshot.body).toMatchObject({ from: 'snapshot', snapshotId: first.id, equal: true });
    expect(fromSnapshot.body.hashAfter).toBe(report.contentHash);
    expect((await harness.rebuild('?from=somewhere')).status).toBe(400);
  });

  it('after retention deleted the head of the topic, rebuild restores the snapshot, replays the rest, and ends with the same hash', async () => {
    await harness.publish(KAFKA_TOPICS.orders, someOrders('tee'));
    const before = await harness.waitForEventsApplied(12);
    // Size retention keeps only the newest batch of each partition: the first six orders go.
    await harness.setTopicConfig(KAFKA_TOPICS.orders, { 'retention.bytes': '1' });
    const starts = await waitFor(
      async () => {
        const current = await logStarts();
        return [...current.values()].some((low) => low > 0n) ? current : undefined;
      },
      { timeoutMs: 10_000, intervalMs: 100, description: 'retention moved a log start' },
    );
    for (const [partition, low] of starts) expect(ordersOffset(first, partition)).toBeGreaterThanOrEqual(low);

    const { status, body } = await harness.rebuild();
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'rebuilt', from: 'snapshot', snapshotId: first.id, equal: true });
    expect(body.hashBefore).toBe(before.contentHash);
    expect(body.hashAfter).toBe(before.contentHash);
    expect(body.eventsApplied).toBe(12);
    for (const range of body.replayTo.filter((r) => r.topic === KAFKA_TOPICS.orders))
      expect(range.from).toBe(String(ordersOffset(first, range.partition)));
    expect((await harness.sales()).contentHash).toBe(before.contentHash);
  });

  it('when no snapshot covers the deleted records, rebuild answers 409 HISTORY_TRUNCATED naming the newest; a fresh snapshot covers it', async () => {
    // One order at a time (one batch each), until retention deleted records the snapshot does not hold.
    let published = 12;
    await waitFor(
      async () => {
        await harness.publish(KAFKA_TOPICS.orders, [orderPlaced('cap', 1, 900)]);
        published += 1;
        const starts = await logStarts();
        return [...starts].some(([partition, low]) => low > ordersOffset(first, partition))
          ? true
          : undefined;
      },
      { timeoutMs: 10_000, intervalMs: 10, description: 'retention deleted records past the snapshot' },
    );
    const before = await harness.waitForEventsApplied(published);

    const refused = await harness.rebuild();
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      code: 'HISTORY_TRUNCATED',
      details: { newestSnapshot: { id: first.id } },
    });
    expect(JSON.stringify(refused.body)).toContain('no snapshot covers the gap');
    const kept = await harness.sales();
    expect(kept.contentHash).toBe(before.contentHash);
    expect(kept.eventsApplied).toBe(before.eventsApplied);

    const fresh = await harness.takeSnapshot();
    expect(fresh.status).toBe(201);
    // Two kept: the oldest one is gone.
    expect((await harness.snapshots()).map((s) => s.id)).toEqual([fresh.body.id, first.id]);
    const { status, body } = await harness.rebuild();
    expect(status).toBe(200);
    expect(body).toMatchObject({
      from: 'snapshot',
      snapshotId: fresh.body.id,
      hashAfter: before.contentHash,
    });
  });

  it('takes a snapshot by itself every REPORTING_SNAPSHOT_EVERY_EVENTS records', async () => {
    const applied = (await harness.sales()).eventsApplied;
    await harness.stopReporting();
    await harness.startReporting({ REPORTING_SNAPSHOT_EVERY_EVENTS: '2' });
    await harness.publish(KAFKA_TOPICS.orders, [orderPlaced('pen', 1, 100), orderPlaced('pen', 2, 100)]);
    const snapshots = await waitFor(
      async () => {
        const list = await harness.snapshots();
        return list[0]?.trigger === 'automatic' ? list : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 100, description: 'an automatic snapshot' },
    );
    expect(snapshots[0]?.eventsApplied).toBe(applied + 2);
    expect(snapshots[0]?.contentHash).toBe((await harness.waitForEventsApplied(applied + 2)).contentHash);
  });
});
