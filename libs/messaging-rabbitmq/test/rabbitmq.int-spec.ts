import {
  ORDER_PLACED_V1,
  RABBITMQ_EXCHANGES,
  RABBITMQ_QUEUES,
  RABBITMQ_SUBSCRIPTIONS,
  fromAmqpMessage,
  sampleMessages,
} from '@commlab/contracts';
import { freePort, type ThrowawayVhost, throwawayVhost, waitFor } from '@commlab/testing';
import amqp, { type ChannelModel, type ConfirmChannel, type GetMessage } from 'amqplib';

import {
  assertCommlabTopology,
  handleRmqDelivery,
  RabbitMqOutboxPublisher,
  RMQ_POLICY_HEADERS,
  workQueueNames,
} from '../src';
import type { OutboxMessage } from '@commlab/messaging';
import { retryPolicy } from '@commlab/resilience';

function row(destination: OutboxMessage['destination'], sequence = 1): OutboxMessage {
  const envelope = {
    ...sampleMessages()[ORDER_PLACED_V1],
    id: `msg-${String(sequence)}-${String(Date.now())}`,
  };
  return {
    sequence,
    messageId: envelope.id,
    destination,
    key: envelope.subject,
    envelope,
    attempts: 0,
    createdAt: new Date(),
  };
}

async function getOne(channel: ConfirmChannel, queue: string, timeoutMs = 5_000): Promise<GetMessage> {
  return waitFor(
    async () => {
      const message = await channel.get(queue, { noAck: true });
      return message === false ? undefined : message;
    },
    { timeoutMs, intervalMs: 25, description: `a message on ${queue}` },
  );
}

describe('RabbitMQ topology, outbox publisher and delivery policy (real RabbitMQ)', () => {
  let vhost: ThrowawayVhost;
  let connection: ChannelModel;
  let channel: ConfirmChannel;

  beforeAll(async () => {
    vhost = await throwawayVhost('messaging');
    connection = await amqp.connect(vhost.url);
    channel = await connection.createConfirmChannel();
    await assertCommlabTopology(channel);
  }, 30_000);

  afterAll(async () => {
    await connection.close().catch(() => undefined);
    await vhost.drop();
  });

  it('declares the topology idempotently, with dead-letter arguments on the work queues', async () => {
    await assertCommlabTopology(channel);
    const names = workQueueNames(RABBITMQ_QUEUES.notificationsSend);
    for (const queue of [names.queue, names.retry, names.deadLetter, RABBITMQ_QUEUES.inventoryRpc]) {
      await expect(channel.checkQueue(queue)).resolves.toMatchObject({ queue });
    }
    // Re-declaring a work queue WITHOUT its arguments is refused by the broker: the arguments are there.
    const probe = await connection.createChannel();
    probe.on('error', () => undefined);
    await expect(probe.assertQueue(names.queue, { durable: true })).rejects.toThrow(/PRECONDITION_FAILED/);
  });

  it('publishes outbox rows to the exchange (fan-out to subscriber queues) and to a queue, confirmed and persistent', async () => {
    const publisher = new RabbitMqOutboxPublisher({ url: vhost.url, publishTimeoutMs: 5_000 });
    try {
      const toExchange = row(
        { transport: 'rabbitmq', exchange: RABBITMQ_EXCHANGES.events, routingKey: 'order.placed' },
        1,
      );
      const toQueue = row({ transport: 'rabbitmq-queue', queue: RABBITMQ_QUEUES.notificationsSend }, 2);
      await expect(publisher.publish([toExchange, toQueue])).resolves.toEqual([
        { messageId: toExchange.messageId, ok: true },
        { messageId: toQueue.messageId, ok: true },
      ]);

      const fanned = await getOne(channel, RABBITMQ_SUBSCRIPTIONS.notificationOrderEvents.queue);
      expect(fanned.properties.deliveryMode).toBe(2);
      expect(fanned.properties.headers?.cloudEvents_type).toBe(ORDER_PLACED_V1);
      const parsed = fromAmqpMessage(fanned);
      expect(parsed.ok && parsed.message.id).toBe(toExchange.messageId);

      const queued = await getOne(channel, RABBITMQ_QUEUES.notificationsSend);
      const parsedQueued = fromAmqpMessage(queued);
      expect(parsedQueued.ok && parsedQueued.message).toEqual(toQueue.envelope);
    } finally {
      await publisher.close();
    }
  });

  it('adds headersFor(row) to the message at publish time; a throw fails the row instead of sending it bare', async () => {
    let refuse = false;
    const publisher = new RabbitMqOutboxPublisher({
      url: vhost.url,
      publishTimeoutMs: 5_000,
      headersFor: (outboxRow) => {
        if (refuse) return Promise.reject(new Error('no token now'));
        return Promise.resolve({
          authorization: `Bearer for-${outboxRow.messageId}`,
          cloudEvents_type: 'forged',
        });
      },
    });
    try {
      const queue = { transport: 'rabbitmq-queue', queue: RABBITMQ_QUEUES.notificationsSend } as const;
      const first = row(queue, 1);
      await expect(publisher.publish([first])).resolves.toEqual([{ messageId: first.messageId, ok: true }]);
      const sent = await getOne(channel, RABBITMQ_QUEUES.notificationsSend);
      expect(sent.properties.headers?.authorization).toBe(`Bearer for-${first.messageId}`);
      // A publish header never overrides the event's own attributes.
      expect(sent.properties.headers?.cloudEvents_type).toBe(first.envelope.type);

      refuse = true;
      const second = row(queue, 2);
      const [result] = await publisher.publish([second]);
      expect(result).toMatchObject({ messageId: second.messageId, ok: false });
      expect(String((result as { error?: unknown }).error)).toMatch(/no token now/);
      expect(await channel.get(RABBITMQ_QUEUES.notificationsSend)).toBe(false);
    } finally {
      await publisher.close();
    }
  });

  it('fails rows quickly (not lost: ok false) when RabbitMQ cannot be reached', async () => {
    const port = await freePort();
    const publisher = new RabbitMqOutboxPublisher({
      url: `amqp://guest:guest@127.0.0.1:${String(port)}`,
      publishTimeoutMs: 2_000,
    });
    try {
      const started = Date.now();
      const [result] = await publisher.publish([
        row({ transport: 'rabbitmq-queue', queue: RABBITMQ_QUEUES.notificationsSend }),
      ]);
      expect(result?.ok).toBe(false);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await publisher.close();
    }
  });

  describe('handleRmqDelivery', () => {
    const queue = RABBITMQ_QUEUES.inventoryCommands;
    const names = workQueueNames(queue);
    const policy = retryPolicy({ maxAttempts: 2, baseDelayMs: 200, maxDelayMs: 200, jitter: 0 });

    async function sendRaw(content: string, headers: Record<string, unknown> = {}): Promise<void> {
      channel.sendToQueue(queue, Buffer.from(content), { persistent: true, headers });
      await channel.waitForConfirms();
    }

    it('acks a processed message', async () => {
      const message = sampleMessages()[ORDER_PLACED_V1];
      await sendRaw(JSON.stringify(message.data), { cloudEvents_type: 'x' });
      const delivered = await waitFor(async () => (await channel.get(queue)) || undefined);
      const outcome = await handleRmqDelivery({
        message: delivered,
        channel,
        queue,
        parse: () => ({ ok: true, message: 'job' }),
        handle: () => Promise.resolve(),
        policy,
      });
      expect(outcome).toEqual({ outcome: 'processed', attempt: 1 });
      await expect(channel.checkQueue(queue)).resolves.toMatchObject({ messageCount: 0 });
    });

    it('retries through the .retry queue after its TTL, then dead-letters with the reason and attempt count', async () => {
      await sendRaw('{"job":1}');
      const handle = () => Promise.reject(new Error('smtp down'));
      const first = await waitFor(async () => (await channel.get(queue)) || undefined);
      await expect(
        handleRmqDelivery({
          message: first,
          channel,
          queue,
          parse: () => ({ ok: true, message: 1 }),
          handle,
          policy,
        }),
      ).resolves.toMatchObject({ outcome: 'retry-scheduled', attempt: 1, delayMs: 200 });
      await expect(channel.checkQueue(names.retry)).resolves.toMatchObject({ messageCount: 1 });

      // The broker moves it back to the work queue once the TTL expired.
      const second = await waitFor(async () => (await channel.get(queue)) || undefined, { timeoutMs: 5_000 });
      expect(second.properties.headers?.[RMQ_POLICY_HEADERS.attempt]).toBe(2);
      await expect(
        handleRmqDelivery({
          message: second,
          channel,
          queue,
          parse: () => ({ ok: true, message: 1 }),
          handle,
          policy,
        }),
      ).resolves.toMatchObject({ outcome: 'dead-lettered', attempt: 2 });

      const dead = await getOne(channel, names.deadLetter);
      expect(dead.content.toString()).toBe('{"job":1}');
      expect(dead.properties.headers).toMatchObject({
        [RMQ_POLICY_HEADERS.attempts]: 2,
        [RMQ_POLICY_HEADERS.errorMessage]: 'Error: smtp down',
        [RMQ_POLICY_HEADERS.reason]: 'failed 2 attempts, last: Error: smtp down',
        [RMQ_POLICY_HEADERS.originalQueue]: queue,
      });
    });

    it('dead-letters a message that does not parse at once, without calling the handler', async () => {
      await sendRaw('not json');
      const delivered = await waitFor(async () => (await channel.get(queue)) || undefined);
      let called = false;
      const outcome = await handleRmqDelivery({
        message: delivered,
        channel,
        queue,
        parse: (message) => {
          const parsed = fromAmqpMessage({ content: message.content, properties: message.properties });
          return parsed.ok ? parsed : { ok: false, error: parsed.error };
        },
        handle: () => {
          called = true;
          return Promise.resolve();
        },
        policy,
      });
      expect(outcome).toMatchObject({ outcome: 'dead-lettered', attempt: 1 });
      expect(called).toBe(false);
      const dead = await getOne(channel, names.deadLetter);
      expect(dead.properties.headers?.[RMQ_POLICY_HEADERS.errorCode]).toBe('MESSAGE_NOT_JSON');
    });

    it('a message the consumer rejects (nack, no requeue) reaches the .dlq through commlab.dlx', async () => {
      await sendRaw('{"unknown":true}');
      const delivered = await waitFor(async () => (await channel.get(queue)) || undefined);
      channel.nack(delivered, false, false);
      const dead = await getOne(channel, names.deadLetter);
      const [death] = (dead.properties.headers?.['x-death'] ?? []) as { reason: string; queue: string }[];
      expect(death).toMatchObject({ reason: 'rejected', queue });
    });
  });
});
