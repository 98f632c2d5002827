import {
  createEnvelope,
  KAFKA_TOPICS,
  ORDER_CANCELLED_V1,
  type OrderCancelledV1Message,
} from '@commlab/contracts';

import { orderPlaced, ReportingHarness } from './support/reporting-harness';

/** The OrderCancelled of an order placed earlier (as order-service publishes it to Kafka `orders`). */
function orderCancelled(placed: ReturnType<typeof orderPlaced>): OrderCancelledV1Message {
  const { orderId, items } = placed.data;
  return createEnvelope({
    type: ORDER_CANCELLED_V1,
    source: '/commlab/order-service',
    subject: orderId,
    data: {
      orderId,
      userId: placed.data.userId,
      reservationId: orderId,
      mode: 'sync',
      previousStatus: 'CONFIRMED',
      items: items.map(({ sku, quantity }) => ({ sku, quantity })),
      cancelledAt: '2026-11-22T11:00:00.000Z',
    },
  });
}

/** reporting-service counts cancelled orders from Kafka `orders`: once per event, however often delivered. */
describe('reporting-service: cancelled orders', () => {
  let harness: ReportingHarness;

  beforeAll(async () => {
    harness = await ReportingHarness.start('pglite');
  }, 60_000);

  afterAll(async () => {
    await harness.stop();
  });

  it('counts an OrderCancelled as cancelled once; the order stays counted as placed and confirmed', async () => {
    const placed = orderPlaced('mug-red', 2, 1250);
    const kept = orderPlaced('tee-black', 1, 2000);
    const cancelled = orderCancelled(placed);
    await harness.publish(KAFKA_TOPICS.orders, [placed, kept, cancelled, cancelled]);

    const report = await harness.waitForEventsApplied(3);
    await harness.waitForNoLag();
    expect((await harness.sales()).eventsApplied).toBe(3);
    expect(report.orders).toEqual({ placed: 2, confirmed: 2, rejected: 0, cancelled: 1 });
  });
});
