import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import { ORDER_CANCELLED_V1, RABBITMQ_ROUTING_KEYS, sampleMessages } from '@commlab/contracts';
import { waitFor } from '@commlab/testing';

import type { RunningNotificationService } from '../src';
import { NotificationHarness } from './support/notification-harness';

/**
 * An OrderCancelled on `commlab.events` (`order.cancelled`, matched by the subscriber queue's `order.*`)
 * becomes the customer's "cancelled" order-update, once however often it is delivered — not a dead letter.
 */
describe('notification-service: cancelled orders', () => {
  let harness: NotificationHarness;
  let service: RunningNotificationService;

  beforeAll(async () => {
    harness = await NotificationHarness.start('notification-cancelled');
    service = await harness.startService({}, 'memory');
  }, 60_000);

  afterAll(async () => {
    await harness.stop();
  });

  it('stores one "cancelled" order-update for the customer, however often the event is delivered', async () => {
    const orderId = `order-${randomUUID()}`;
    const sample = sampleMessages()[ORDER_CANCELLED_V1];
    const event = { ...sample, id: randomUUID(), subject: orderId, data: { ...sample.data, orderId } };
    await harness.publishEvent(RABBITMQ_ROUTING_KEYS.orderCancelled, event);
    await harness.publishEvent(RABBITMQ_ROUTING_KEYS.orderCancelled, event);

    await waitFor(async () => (await harness.notifications(service, orderId)).length > 0, {
      timeoutMs: 10_000,
      description: `the order-update notification of ${orderId}`,
    });
    await sleep(1_000); // the second delivery is handled meanwhile
    const notifications = await harness.notifications(service, orderId);
    expect(notifications).toHaveLength(1);
    expect(notifications[0]).toMatchObject({
      notificationId: event.id,
      template: 'order-update',
      channel: 'in-app',
      recipient: event.data.userId,
      params: { status: 'cancelled', event: ORDER_CANCELLED_V1 },
    });
  });
});
