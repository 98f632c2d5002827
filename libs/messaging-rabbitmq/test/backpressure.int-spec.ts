import { randomBytes } from 'node:crypto';

import { ORDER_PLACED_V1, RABBITMQ_QUEUES, retryQueue, sampleMessages } from '@commlab/contracts';
import { enqueueOutboxRows, OUTBOX_MIGRATIONS, OutboxRelay } from '@commlab/messaging';
import { type Database, openDatabase } from '@commlab/persistence';
import { type ThrowawayVhost, throwawayVhost, waitFor } from '@commlab/testing';
import amqp, { type Channel, type ChannelModel } from 'amqplib';

import {
  assertCommlabTopology,
  assertWorkQueue,
  DEFAULT_NOTIFICATIONS_SEND_BOUND,
  QueueArgumentsMismatchError,
  RabbitMqOutboxPublisher,
  workQueueTopology,
} from '../src';

const MAX_LENGTH = 5;
const ROWS = 40;

/** A fresh channel whose failure (a 404 / 406 closes it) does not end the test's connection. */
async function probeChannel(connection: ChannelModel): Promise<Channel> {
  const channel = await connection.createChannel();
  channel.on('error', () => undefined);
  return channel;
}

describe('backpressure: a bounded queue (reject-publish) and the outbox relay (real RabbitMQ)', () => {
  let vhost: ThrowawayVhost;
  let connection: ChannelModel;

  beforeAll(async () => {
    vhost = await throwawayVhost('backpressure');
    connection = await amqp.connect(vhost.url);
  }, 30_000);

  afterAll(async () => {
    await connection.close().catch(() => undefined);
    await vhost.drop();
  });

  it('the relay gets nacks from a full queue, keeps the rows PENDING and backs off; once consumed, every row is delivered exactly once', async () => {
    const queue = `bp.jobs.${randomBytes(3).toString('hex')}`;
    const names = { events: `${queue}.events`, deadLetterExchange: `${queue}.dlx` };
    const db: Database = await openDatabase({ service: 'backpressure-test', migrations: OUTBOX_MIGRATIONS });
    const publisher = new RabbitMqOutboxPublisher({
      url: vhost.url,
      publishTimeoutMs: 5_000,
      topology: workQueueTopology(queue, names, { maxLength: MAX_LENGTH }),
    });
    const warnings: string[] = [];
    const relay = new OutboxRelay({
      db,
      publisher,
      batchSize: 10,
      pollIntervalMs: 20,
      backoff: { baseDelayMs: 20, maxDelayMs: 200, jitter: 0.5 },
      logger: { log: () => undefined, warn: (line) => warnings.push(line) },
    });
    const ids = Array.from({ length: ROWS }, (_, i) => `bp-${String(i)}-${randomBytes(4).toString('hex')}`);
    const received: string[] = [];
    let consumer: Channel | undefined;
    try {
      await db.transaction((tx) =>
        enqueueOutboxRows(
          tx,
          ids.map((id) => ({
            message: { ...sampleMessages()[ORDER_PLACED_V1], id, subject: id },
            destination: { transport: 'rabbitmq-queue', queue },
          })),
        ),
      );
      relay.start();

      // No consumer: the queue fills up to its bound, the broker nacks the rest, the relay backs off.
      await waitFor(() => (relay.backpressure.backoffs >= 3 ? true : undefined), {
        timeoutMs: 15_000,
        description: 'three backoffs of the relay',
      });
      const probe = await probeChannel(connection);
      expect((await probe.checkQueue(queue)).messageCount).toBe(MAX_LENGTH);
      const stats = await relay.stats();
      expect(stats.sent).toBe(MAX_LENGTH);
      expect(stats.pending).toBe(ROWS - MAX_LENGTH);
      expect(stats.failing).toBeGreaterThan(0);
      const { rows } = await db.query<{ last_error: string }>(
        "SELECT last_error FROM outbox_messages WHERE status = 'PENDING' AND attempts > 0 LIMIT 1",
      );
      expect(rows[0]?.last_error).toMatch(/RABBITMQ_PUBLISH_NACKED|publisher-confirm nack/);
      expect(relay.backpressure.refusedRows).toBeGreaterThan(0);
      expect(warnings.some((line) => /backing off \d+ ms/.test(line))).toBe(true);

      // A consumer drains the queue: the relay gets through, every row ends SENT.
      consumer = await connection.createChannel();
      await consumer.prefetch(1);
      const channel = consumer;
      await channel.consume(queue, (message) => {
        if (message === null) return;
        received.push(String(message.properties.messageId));
        channel.ack(message);
      });
      await waitFor(async () => ((await relay.stats()).pending === 0 ? true : undefined), {
        timeoutMs: 30_000,
        description: 'every outbox row SENT',
      });
      await waitFor(() => (received.length >= ROWS ? true : undefined), {
        timeoutMs: 10_000,
        description: `${String(ROWS)} deliveries`,
      });
      // Nothing more arrives: no duplicate of a nacked publish that was in fact enqueued.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(received).toHaveLength(ROWS);
      expect(new Set(received)).toEqual(new Set(ids));
      expect((await probe.checkQueue(queue)).messageCount).toBe(0);
    } finally {
      await relay.stop();
      await consumer?.close().catch(() => undefined);
      await publisher.close();
      await db.close();
    }
  }, 60_000);

  describe('notifications.send: its owner declares the bound, every other process leaves it be', () => {
    const queue = RABBITMQ_QUEUES.notificationsSend;

    afterEach(async () => {
      const channel = await probeChannel(connection);
      await channel.deleteQueue(queue);
      await channel.deleteQueue(retryQueue(queue));
      await channel.close();
    });

    it('a process that is not the owner creates a missing queue with the default bound', async () => {
      const channel = await probeChannel(connection);
      await assertCommlabTopology(channel);
      // The same arguments again are accepted, none are refused: the bound is on the queue.
      await expect(
        assertWorkQueue(channel, queue, undefined, DEFAULT_NOTIFICATIONS_SEND_BOUND),
      ).resolves.toBeDefined();
      const unbounded = await probeChannel(connection);
      await expect(assertWorkQueue(unbounded, queue)).rejects.toThrow(/inequivalent arg 'x-max-length'/);
    });

    it('a process that is not the owner leaves an existing queue as it is (an old unbounded one, or another bound)', async () => {
      const channel = await probeChannel(connection);
      await assertWorkQueue(channel, queue, undefined, { maxLength: 7 });
      await expect(assertCommlabTopology(channel)).resolves.toBeUndefined();
      await expect(assertWorkQueue(channel, queue, undefined, { maxLength: 7 })).resolves.toBeDefined();
    });

    it('the owner refuses to start on a queue declared with other arguments, and says what to do', async () => {
      const old = await probeChannel(connection);
      await assertWorkQueue(old, queue); // declared before bounds existed
      const owner = await probeChannel(connection);
      const failure = assertCommlabTopology(owner, { notificationsSend: { maxLength: 100 } });
      await expect(failure).rejects.toBeInstanceOf(QueueArgumentsMismatchError);
      await expect(failure).rejects.toMatchObject({ code: 'RABBITMQ_QUEUE_ARGUMENTS_MISMATCH' });
      await expect(failure).rejects.toThrow(/rabbitmqctl delete_queue notifications\.send/);
      // The same declaration as the queue's: accepted.
      const again = await probeChannel(connection);
      await expect(
        assertCommlabTopology(again, { notificationsSend: { maxLength: 0 } }),
      ).resolves.toBeUndefined();
    });
  });
});
