import { KAFKA_TOPICS } from '@commlab/contracts';
import { Kafka, logLevel } from 'kafkajs';

import { type Backend, orderPlaced, orderPlacedV2, ReportingHarness } from './support/reporting-harness';

describe.each<Backend>(['pglite', 'postgres'])('reporting-service projections (%s)', (backend) => {
  let harness: ReportingHarness;

  beforeAll(async () => {
    harness = await ReportingHarness.start(backend);
  }, 60_000);

  afterAll(async () => {
    await harness.stop();
  });

  it('counts OrderPlaced events into sales per SKU and per day, and a redelivery changes nothing', async () => {
    // The topic holds both versions: v1 (sent before the change, upcast when read) and v2, one of them
    // with a field no version defines yet (a newer producer's, ignored by this tolerant reader).
    const first = orderPlaced('mug-red', 2, 1250, '2026-11-21T23:59:00.000Z');
    const second = orderPlacedV2('mug-red', 1, 1250, '2026-11-22T08:00:00.000Z');
    const third = orderPlacedV2('tee-black', 3, 2000, '2026-11-22T09:00:00.000Z', { giftWrap: true });
    // `second` is delivered twice (a relay that published, crashed before marking it sent, and published again).
    await harness.publish(KAFKA_TOPICS.orders, [first, second, second, third]);

    const report = await harness.waitForEventsApplied(3);
    await harness.waitForNoLag();
    const again = await harness.sales();
    expect(again.eventsApplied).toBe(3);
    expect(report.orders).toEqual({ placed: 3, confirmed: 3, rejected: 0, cancelled: 0 });
    expect(report.bySku).toEqual([
      { sku: 'mug-red', currency: 'USD', orders: 2, units: 3, revenueCents: 3750 },
      { sku: 'tee-black', currency: 'USD', orders: 1, units: 3, revenueCents: 6000 },
    ]);
    expect(report.byDay).toEqual([
      { day: '2026-11-21', currency: 'USD', orders: 1, units: 2, revenueCents: 2500 },
      { day: '2026-11-22', currency: 'USD', orders: 2, units: 4, revenueCents: 7250 },
    ]);
    expect(report.revenue).toEqual([{ currency: 'USD', orders: 3, units: 6, revenueCents: 9750 }]);
    expect(report.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('shows committed offsets, high watermarks and lag per partition', async () => {
    const status = await harness.waitForNoLag();
    expect(status.consumerGroup).toBe('reporting');
    expect(status.consumer.running).toBe(true);
    const orders = status.partitions.filter((entry) => entry.topic === KAFKA_TOPICS.orders);
    expect(orders.map((entry) => entry.partition)).toEqual([0, 1, 2]);
    const records = orders.reduce((sum, entry) => sum + Number(entry.highWatermark), 0);
    expect(records).toBe(4);
    for (const entry of orders) {
      expect(entry.committedOffset ?? '0').toBe(entry.highWatermark);
      expect(entry.lag).toBe(0);
      expect(entry.assignedHere).toBe(true);
    }
  });

  it('rebuild wipes the projections, replays from offset 0 (v1 and v2 alike), and ends with the same content hash', async () => {
    const before = await harness.sales();
    const { status, body } = await harness.rebuild();
    expect(status).toBe(200);
    expect(body.status).toBe('rebuilt');
    // The topics hold everything: replayed from the start, not from a snapshot.
    expect(body.from).toBe('log-start');
    expect(body.snapshotId).toBeNull();
    expect(body.hashBefore).toBe(before.contentHash);
    expect(body.hashAfter).toBe(before.contentHash);
    expect(body.equal).toBe(true);
    expect(body.eventsApplied).toBe(before.eventsApplied);
    const after = await harness.sales();
    expect(after.contentHash).toBe(before.contentHash);
  });

  it('after retention deleted the head of a partition, with no snapshot, rebuild refuses (409 HISTORY_TRUNCATED) and keeps the projections', async () => {
    const before = await harness.sales();
    const partitions = (await harness.status()).partitions.filter(
      (entry) => entry.topic === KAFKA_TOPICS.orders && Number(entry.highWatermark) > 0,
    );
    const [first] = partitions;
    if (first === undefined) throw new Error('no partition of orders holds a record');
    // What retention does when a record outlives retention.ms: the log start moves past it.
    const kafka = new Kafka({ brokers: [harness.kafka.bootstrap], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    try {
      // kafkajs finds the partition's leader in metadata it must have loaded first.
      await admin.fetchTopicMetadata({ topics: [KAFKA_TOPICS.orders] });
      await admin.deleteTopicRecords({
        topic: KAFKA_TOPICS.orders,
        partitions: [{ partition: first.partition, offset: '1' }],
      });
    } finally {
      await admin.disconnect();
    }
    const { status, body } = await harness.rebuild();
    expect(status).toBe(409);
    expect(body).toMatchObject({
      code: 'HISTORY_TRUNCATED',
      details: {
        truncated: [{ topic: KAFKA_TOPICS.orders, partition: first.partition, logStartOffset: '1' }],
        newestSnapshot: null,
      },
    });
    const after = await harness.sales();
    expect(after.contentHash).toBe(before.contentHash);
    expect(after.eventsApplied).toBe(before.eventsApplied);
  });
});
