import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import { RABBITMQ_QUEUES, RABBITMQ_RPC_PATTERNS } from '@commlab/contracts';
import type { KafkaLite } from '@commlab/kafka-lite';
import { assertCommlabTopology } from '@commlab/messaging-rabbitmq';
import { waitFor } from '@commlab/testing';
import amqp, { type Channel, type ChannelModel } from 'amqplib';

import type { RunningInventoryService } from '../src';
import { pgliteOnDisk } from './support/durable-stores';
import { startTestInventory } from './support/start-test-inventory';
import { useTestTokenIssuer } from './support/test-token-issuer';
import { useThrowawayRabbitMq } from './support/throwaway-rabbitmq';
import { startTestKafka } from './support/test-kafka';
import type { TopicReader } from './support/topic-reader';

jest.setTimeout(60_000);

const rabbitmqUrl = useThrowawayRabbitMq('inventory-rpc-expiry');
const tokens = useTestTokenIssuer();
const SKU = 'expiry-mug';
const INITIAL = 10;
/** How long the stale request may wait in `inventory.rpc` (order-service sends DOWNSTREAM_TIMEOUT_MS). */
const EXPIRATION_MS = 300;
/** Long enough for an answer (or a wrongly published event) to arrive. */
const SETTLE_MS = 1_000;

/**
 * `inventory.rpc` requests carry an AMQP `expiration` (order-service: DOWNSTREAM_TIMEOUT_MS, after which
 * it has already answered the order 503): a request nobody took in time is dropped by RabbitMQ — the
 * queue has no dead-letter exchange — and a consumer started later never sees it, so no stock is reserved
 * for an order that already failed. Two requests wait while no inventory runs: one past its expiration,
 * one without; only the second is answered once inventory starts. The stale one has no `expiresAt` in its
 * data, so nothing but the broker's expiration stops it. Real RabbitMQ (own vhost), kafka-lite, PGlite.
 */
describe('inventory.rpc: a request that waited past its expiration is never processed', () => {
  const stores = pgliteOnDisk();
  let kafka: KafkaLite;
  let topic: TopicReader;
  let connection: ChannelModel;
  let channel: Channel;
  let inventory: RunningInventoryService | undefined;
  const replies = new Map<string, { response?: unknown; err?: unknown }>();

  beforeAll(async () => {
    ({ kafka, topic } = await startTestKafka());
    connection = await amqp.connect(rabbitmqUrl());
    channel = await connection.createChannel();
    await assertCommlabTopology(channel);
    await channel.consume(
      'amq.rabbitmq.reply-to',
      (message) => {
        if (message === null) return;
        const reply = JSON.parse(message.content.toString('utf8')) as { response?: unknown; err?: unknown };
        replies.set(String(message.properties.correlationId), reply);
      },
      { noAck: true },
    );
  }, 60_000);

  afterAll(async () => {
    await connection.close().catch(() => undefined);
    await inventory?.close();
    await topic.stop();
    await kafka.close();
    await stores.teardown();
  });

  /** A ReserveStock request as NestJS's RMQ client (order-service) sends it, with `expiration` if given. */
  function request(reservationId: string, quantity: number, expiration?: number): void {
    channel.sendToQueue(
      RABBITMQ_QUEUES.inventoryRpc,
      Buffer.from(
        JSON.stringify({
          pattern: RABBITMQ_RPC_PATTERNS.reserveStock,
          data: { reservationId, items: [{ sku: SKU, quantity }] },
          id: reservationId,
        }),
      ),
      {
        replyTo: 'amq.rabbitmq.reply-to',
        correlationId: reservationId,
        headers: { authorization: `Bearer ${tokens.serviceToken()}` },
        ...(expiration === undefined ? {} : { expiration: String(expiration) }),
      },
    );
  }

  const waiting = async () => (await channel.checkQueue(RABBITMQ_QUEUES.inventoryRpc)).messageCount;

  it('is dropped from the queue at its expiration; the consumer started later answers only the fresh one', async () => {
    const stale = `stale-${randomUUID()}`;
    const fresh = `fresh-${randomUUID()}`;
    request(stale, 4, EXPIRATION_MS);
    request(fresh, 1);
    await waitFor(async () => ((await waiting()) === 2 ? true : undefined), {
      timeoutMs: 2_000,
      description: 'both requests waiting in inventory.rpc',
    });
    // Past its expiration the stale request is gone from the queue (no consumer ever saw it).
    await waitFor(async () => ((await waiting()) === 1 ? true : undefined), {
      timeoutMs: 5_000,
      intervalMs: 50,
      description: 'the stale request dropped by RabbitMQ',
    });

    inventory = await startTestInventory({
      store: await stores.create(),
      kafkaBrokers: kafka.bootstrap,
      rabbitmqUrl: rabbitmqUrl(),
      authUrl: tokens.authUrl,
      seedItems: [{ sku: SKU, unitPriceCents: 500, currency: 'USD', initialStock: INITIAL }],
    });
    const answered = await waitFor(() => replies.get(fresh), {
      timeoutMs: 15_000,
      description: 'the answer to the fresh request',
    });
    expect(answered.response).toMatchObject({
      reservationId: fresh,
      lines: [expect.objectContaining({ quantity: 1 })],
    });
    await waitFor(() => topic.withKey(fresh).length > 0 || undefined, {
      timeoutMs: 15_000,
      description: 'StockReserved of the fresh request on Kafka',
    });
    await sleep(SETTLE_MS);

    expect(replies.has(stale)).toBe(false);
    expect(topic.withKey(stale)).toEqual([]);
    const level = (await (await fetch(`${inventory.httpUrl}/stock/${SKU}`)).json()) as { available: number };
    expect(level.available).toBe(INITIAL - 1);
    const { events } = (await (await fetch(`${inventory.httpUrl}/stock/${SKU}/events`)).json()) as {
      events: { reservationId: string | null }[];
    };
    expect(events.filter((event) => event.reservationId === stale)).toEqual([]);
    expect(await waiting()).toBe(0);
  });
});
