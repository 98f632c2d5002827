import { randomUUID } from 'node:crypto';

import { RABBITMQ_ROUTING_KEYS, REDIS_CHANNELS } from '@commlab/contracts';
import { assertSubscriberQueue } from '@commlab/messaging-rabbitmq';
import type { LiveFeedLine } from '@commlab/messaging';
import { waitFor } from '@commlab/testing';
import Redis from 'ioredis';

import type { RunningNotificationService } from '../src';
import { NotificationHarness, orderPlaced } from './support/notification-harness';

/** A second durable subscriber of commlab.events, declared by the test (an audit log, say). */
const AUDIT_QUEUE = 'test.order-placed-audit';

describe('publish-subscribe: RabbitMQ commlab.events (durable) vs Redis commlab.live (fire-and-forget)', () => {
  let harness: NotificationHarness;
  let service: RunningNotificationService;

  beforeAll(async () => {
    harness = await NotificationHarness.start('notification-pubsub');
    await assertSubscriberQueue(harness.channel, AUDIT_QUEUE, [RABBITMQ_ROUTING_KEYS.orderPlaced]);
    service = await harness.startService({}, 'memory');
  }, 60_000);

  afterAll(async () => {
    await harness.stop();
  });

  async function waitForNotification(orderId: string): Promise<void> {
    await waitFor(async () => (await harness.notifications(service, orderId)).length > 0, {
      timeoutMs: 10_000,
      description: `the order-update notification of ${orderId}`,
    });
  }

  it('two subscriber queues each get every matching event; a Redis subscriber that was down misses what was published meanwhile', async () => {
    const lines: LiveFeedLine[] = [];
    const connectSubscriber = async (): Promise<Redis> => {
      const subscriber = new Redis(harness.redisUrl, { lazyConnect: true });
      await subscriber.connect();
      subscriber.on('message', (_channel: string, message: string) => {
        lines.push(JSON.parse(message) as LiveFeedLine);
      });
      await subscriber.subscribe(REDIS_CHANNELS.live);
      return subscriber;
    };
    const lineFor = (orderId: string) =>
      lines.find((line) => line.service === 'notification-service' && line.orderId === orderId);

    let subscriber = await connectSubscriber();
    try {
      // 1. Both durable queues get the event; the live feed reports the stored notification.
      const first = orderPlaced(`order-${randomUUID()}`);
      await harness.publishEvent(RABBITMQ_ROUTING_KEYS.orderPlaced, first);
      await waitForNotification(first.data.orderId);
      const [notification] = await harness.notifications(service, first.data.orderId);
      expect(notification).toMatchObject({
        notificationId: first.id,
        template: 'order-update',
        channel: 'in-app',
        recipient: first.data.userId,
        params: { status: 'placed', event: first.type },
      });
      await waitFor(() => lineFor(first.data.orderId), { description: 'the live line of the first event' });
      expect(lineFor(first.data.orderId)).toMatchObject({
        event: 'notification.stored',
        template: 'order-update',
      });
      await expect(harness.channel.checkQueue(AUDIT_QUEUE)).resolves.toMatchObject({ messageCount: 1 });

      // 2. The Redis subscriber goes away; an event is published and handled meanwhile.
      subscriber.disconnect();
      const missed = orderPlaced(`order-${randomUUID()}`);
      await harness.publishEvent(RABBITMQ_ROUTING_KEYS.orderPlaced, missed);
      await waitForNotification(missed.data.orderId);
      await waitFor(() => service.liveFeed.stats().inFlight === 0);

      // 3. It comes back: it sees new lines, never the one published while it was away.
      subscriber = await connectSubscriber();
      const after = orderPlaced(`order-${randomUUID()}`);
      await harness.publishEvent(RABBITMQ_ROUTING_KEYS.orderPlaced, after);
      await waitFor(() => lineFor(after.data.orderId), { description: 'the live line after reconnecting' });
      expect(lineFor(missed.data.orderId)).toBeUndefined();

      // The durable queue kept everything while nobody consumed it.
      await expect(harness.channel.checkQueue(AUDIT_QUEUE)).resolves.toMatchObject({ messageCount: 3 });
      const kept = await harness.channel.get(AUDIT_QUEUE, { noAck: true });
      expect(kept && kept.properties.messageId).toBe(first.id);
    } finally {
      subscriber.disconnect();
    }
  }, 60_000);
});
