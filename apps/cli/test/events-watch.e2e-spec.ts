import { randomUUID } from 'node:crypto';

import {
  createEnvelope,
  ORDER_CONFIRMED_V1,
  RABBITMQ_EXCHANGES,
  RABBITMQ_ROUTING_KEYS,
  sampleMessages,
  toAmqpMessage,
} from '@commlab/contracts';
import { type ThrowawayVhost, throwawayVhost, waitFor } from '@commlab/testing';
import amqp, { type ChannelModel, type ConfirmChannel } from 'amqplib';

import { startEventsWatcher, type WatchedEvent } from '../src/events-watch/events-watcher';

/**
 * `pnpm events:watch` as a second subscriber of commlab.events, on a real RabbitMQ (own vhost): a durable
 * watcher gets what was published while it was stopped, a transient one does not.
 */
describe('events watcher (a subscriber of commlab.events)', () => {
  let vhost: ThrowawayVhost;
  let connection: ChannelModel;
  let channel: ConfirmChannel;

  beforeAll(async () => {
    vhost = await throwawayVhost('events-watch');
    connection = await amqp.connect(vhost.url);
    channel = await connection.createConfirmChannel();
  }, 30_000);

  afterAll(async () => {
    await connection.close().catch(() => undefined);
    await vhost.drop();
  }, 30_000);

  async function publishConfirmed(subject: string): Promise<string> {
    const sample = sampleMessages()[ORDER_CONFIRMED_V1];
    const event = createEnvelope({
      type: ORDER_CONFIRMED_V1,
      source: '/commlab/order-service',
      subject,
      data: { ...sample.data, orderId: subject },
    });
    const message = toAmqpMessage(event);
    channel.publish(RABBITMQ_EXCHANGES.events, RABBITMQ_ROUTING_KEYS.orderConfirmed, message.content, {
      ...message.options,
      persistent: true,
    });
    await channel.waitForConfirms();
    return event.id;
  }

  it('a durable watcher prints every matching event, including those published while it was stopped', async () => {
    const seen: WatchedEvent[] = [];
    const watch = () =>
      startEventsWatcher({
        url: vhost.url,
        patterns: ['order.*'],
        queue: 'cli.test-audit',
        onEvent: (event) => seen.push(event),
      });
    let watcher = await watch();
    const first = await publishConfirmed(`order-${randomUUID()}`);
    await waitFor(() => seen.some((event) => event.id === first) || undefined, {
      description: 'the first event',
    });
    await watcher.close();

    const missedByNobody = await publishConfirmed(`order-${randomUUID()}`);
    watcher = await watch();
    try {
      await waitFor(() => seen.some((event) => event.id === missedByNobody) || undefined, {
        description: 'the event published while the watcher was stopped',
      });
    } finally {
      await watcher.close();
    }
    const event = seen.find((candidate) => candidate.id === first);
    expect(event).toMatchObject({ routingKey: 'order.confirmed', type: ORDER_CONFIRMED_V1 });
  });

  it('a transient watcher misses what was published while it was stopped; a non-event is shown as such', async () => {
    const seen: WatchedEvent[] = [];
    const watch = () =>
      startEventsWatcher({ url: vhost.url, patterns: ['order.confirmed'], onEvent: (e) => seen.push(e) });
    let watcher = await watch();
    await watcher.close();
    const missed = await publishConfirmed(`order-${randomUUID()}`);
    watcher = await watch();
    try {
      channel.publish(RABBITMQ_EXCHANGES.events, 'order.confirmed', Buffer.from('not json'), {});
      await channel.waitForConfirms();
      const after = await publishConfirmed(`order-${randomUUID()}`);
      await waitFor(() => seen.some((event) => event.id === after) || undefined, {
        description: 'the event published after the restart',
      });
    } finally {
      await watcher.close();
    }
    expect(seen.some((event) => event.id === missed)).toBe(false);
    expect(seen.some((event) => event.invalid !== undefined)).toBe(true);
  });
});
