import { KAFKA_TOPICS } from '@commlab/contracts';
import { waitFor } from '@commlab/testing';

import { type Backend, orderPlaced, ReportingHarness } from './support/reporting-harness';

const FIRST_BATCH = 1500;
const WHILE_DOWN = 300;

describe.each<Backend>(['pglite', 'postgres'])('reporting-service restarted mid-stream (%s)', (backend) => {
  let harness: ReportingHarness;

  beforeAll(async () => {
    harness = await ReportingHarness.start(backend);
  }, 60_000);

  afterAll(async () => {
    await harness.stop();
  });

  it('counts every event exactly once across a restart in the middle of the stream', async () => {
    const events = Array.from({ length: FIRST_BATCH }, (_, index) =>
      orderPlaced('mug-red', 1 + (index % 3), 1250),
    );
    for (let start = 0; start < events.length; start += 250) {
      await harness.publish(KAFKA_TOPICS.orders, events.slice(start, start + 250));
    }
    // Stop while it is part-way through.
    const appliedAtStop = await waitFor(
      async () => {
        const { eventsApplied } = await harness.sales();
        return eventsApplied >= 50 ? eventsApplied : undefined;
      },
      { timeoutMs: 45_000, intervalMs: 10, description: 'some events applied' },
    );
    await harness.stopReporting();
    expect(appliedAtStop).toBeLessThan(FIRST_BATCH);

    // Events published while reporting is down wait in Kafka (the lag grows), nothing is lost.
    const later = Array.from({ length: WHILE_DOWN }, () => orderPlaced('tee-black', 1, 2000));
    await harness.publish(KAFKA_TOPICS.orders, later);

    await harness.startReporting();
    const report = await harness.waitForEventsApplied(FIRST_BATCH + WHILE_DOWN, 60_000);
    await harness.waitForNoLag();
    const final = await harness.sales();

    const expectedMugUnits = events.reduce((sum, event) => sum + (event.data.items[0]?.quantity ?? 0), 0);
    expect(final.eventsApplied).toBe(FIRST_BATCH + WHILE_DOWN);
    expect(final.orders).toEqual({
      placed: FIRST_BATCH + WHILE_DOWN,
      confirmed: FIRST_BATCH + WHILE_DOWN,
      rejected: 0,
      cancelled: 0,
    });
    expect(final.bySku).toEqual([
      {
        sku: 'mug-red',
        currency: 'USD',
        orders: FIRST_BATCH,
        units: expectedMugUnits,
        revenueCents: expectedMugUnits * 1250,
      },
      {
        sku: 'tee-black',
        currency: 'USD',
        orders: WHILE_DOWN,
        units: WHILE_DOWN,
        revenueCents: WHILE_DOWN * 2000,
      },
    ]);
    expect(final.contentHash).toBe(report.contentHash);
  }, 120_000);
});
