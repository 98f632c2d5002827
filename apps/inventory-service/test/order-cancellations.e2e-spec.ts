import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import {
  createEnvelope,
  deadLetterQueue,
  type Envelope,
  fromKafkaRecord,
  ORDER_CANCELLED_V1,
  type OrderCancelledV1Message,
  RABBITMQ_EXCHANGES,
  RABBITMQ_QUEUES,
  RABBITMQ_ROUTING_KEYS,
  RABBITMQ_SUBSCRIPTIONS,
  RESERVE_STOCK_V1,
  type ReserveStockV1Message,
  STOCK_REJECTED_V1,
  STOCK_RELEASED_V1,
  STOCK_RESERVED_V1,
  toAmqpMessage,
} from '@commlab/contracts';
import type { KafkaLite } from '@commlab/kafka-lite';
import { RMQ_POLICY_HEADERS } from '@commlab/messaging-rabbitmq';
import { waitFor } from '@commlab/testing';
import amqp, { type ChannelModel, type ConfirmChannel, type GetMessage } from 'amqplib';

import type { RunningInventoryService } from '../src';
import { type DurableStores, pgliteOnDisk, postgresSchemas } from './support/durable-stores';
import { openCommandChannel } from './support/command-channel';
import { startTestInventory } from './support/start-test-inventory';
import { useTestTokenIssuer } from './support/test-token-issuer';
import { useThrowawayRabbitMq } from './support/throwaway-rabbitmq';
import { startTestKafka } from './support/test-kafka';
import type { TopicReader } from './support/topic-reader';

jest.setTimeout(90_000);

/** Long enough for a duplicate (or a wrongly published event) to reach the reader. */
const SETTLE_MS = 700;
const QUEUE = RABBITMQ_SUBSCRIPTIONS.inventoryOrderCancellations.queue;

const reserveStock = (orderId: string, sku: string, quantity: number): ReserveStockV1Message =>
  createEnvelope({
    type: RESERVE_STOCK_V1,
    source: '/commlab/order-service',
    subject: orderId,
    correlationId: `corr-${orderId}`,
    data: { reservationId: orderId, orderId, items: [{ sku, quantity }] },
  });

const orderCancelled = (orderId: string, sku: string, quantity: number): OrderCancelledV1Message =>
  createEnvelope({
    type: ORDER_CANCELLED_V1,
    source: '/commlab/order-service',
    subject: orderId,
    correlationId: `corr-${orderId}`,
    data: {
      orderId,
      userId: 'user-1',
      reservationId: orderId,
      mode: 'async',
      previousStatus: 'PENDING',
      items: [{ sku, quantity }],
      cancelledAt: new Date().toISOString(),
    },
  });

/**
 * inventory-service's compensation of cancelled orders: OrderCancelled from its subscriber queue
 * `inventory.order-cancellations` (bound to `commlab.events` with `order.cancelled`) releases the order's
 * reservation once, refuses a ReserveStock that comes after it, and dead-letters what it cannot read.
 * Real RabbitMQ (own vhost), kafka-lite, and both stores: PGlite, and PostgreSQL where the command and
 * the cancellation of one order really run at the same time.
 */
describe.each([
  ['PGlite', pgliteOnDisk],
  ['PostgreSQL', postgresSchemas],
])('inventory-service: OrderCancelled releases the reservation (%s)', (_name, makeStores) => {
  const rabbitmqUrl = useThrowawayRabbitMq('inventory-cancel');
  const tokens = useTestTokenIssuer();
  const stores: DurableStores = makeStores();
  const sku = `cancel-mug-${randomUUID().slice(0, 8)}`;
  const INITIAL = 1_000;
  let kafka: KafkaLite;
  let topic: TopicReader;
  let inventory: RunningInventoryService;
  let connection: ChannelModel;
  let channel: ConfirmChannel;

  beforeAll(async () => {
    ({ kafka, topic } = await startTestKafka());
    inventory = await startTestInventory({
      store: await stores.create(),
      kafkaBrokers: kafka.bootstrap,
      rabbitmqUrl: rabbitmqUrl(),
      authUrl: tokens.authUrl,
      seedItems: [{ sku, unitPriceCents: 700, currency: 'USD', initialStock: INITIAL }],
    });
    ({ connection, channel } = await openCommandChannel(rabbitmqUrl()));
  }, 60_000);

  afterAll(async () => {
    await connection.close().catch(() => undefined);
    await inventory.close();
    await topic.stop();
    await kafka.close();
    await stores.teardown();
  });

  /** A ReserveStock command as order-service's relay sends it: with its service token. */
  async function sendCommand(envelope: Envelope): Promise<void> {
    const message = toAmqpMessage(envelope);
    channel.sendToQueue(RABBITMQ_QUEUES.inventoryCommands, message.content, {
      persistent: true,
      ...message.options,
      headers: { ...message.options.headers, authorization: `Bearer ${tokens.serviceToken()}` },
    });
    await channel.waitForConfirms();
  }

  /**
   * As order-service's relay publishes it: to `commlab.events` with routing key `order.cancelled`, with its
   * service token (`authorization: null`: none).
   */
  async function publishCancellation(
    content: Buffer | string,
    options: amqp.Options.Publish,
    authorization: string | null = `Bearer ${tokens.serviceToken()}`,
  ): Promise<void> {
    channel.publish(RABBITMQ_EXCHANGES.events, RABBITMQ_ROUTING_KEYS.orderCancelled, Buffer.from(content), {
      persistent: true,
      ...options,
      headers: {
        ...(options.headers as Record<string, unknown> | undefined),
        ...(authorization === null ? {} : { authorization }),
      },
    });
    await channel.waitForConfirms();
  }

  async function cancel(envelope: OrderCancelledV1Message): Promise<void> {
    const message = toAmqpMessage(envelope);
    await publishCancellation(message.content, message.options);
  }

  const eventsOf = (key: string) =>
    topic.withKey(key).map((record) => {
      const parsed = fromKafkaRecord({ value: record.value, headers: record.headers ?? {} });
      if (!parsed.ok) throw new Error(`invalid inventory event: ${JSON.stringify(parsed.error)}`);
      return parsed.message;
    });

  const typesOf = (key: string) => eventsOf(key).map((event) => event.type);

  const waitForEvent = (key: string, type: string) =>
    waitFor(() => typesOf(key).includes(type as never) || undefined, {
      timeoutMs: 15_000,
      description: `${type} keyed ${key} on Kafka inventory`,
    });

  async function available(): Promise<number> {
    const response = await fetch(`${inventory.httpUrl}/stock/${sku}`);
    return ((await response.json()) as { available: number }).available;
  }

  /** The stored stock events of a reservation, with their provenance. */
  async function storedEventsOf(reservationId: string) {
    const response = await fetch(`${inventory.httpUrl}/stock/${sku}/events`);
    const { events } = (await response.json()) as {
      events: {
        type: string;
        reservationId: string | null;
        actor: string | null;
        correlationId: string | null;
        causationId: string | null;
      }[];
    };
    return events.filter((event) => event.reservationId === reservationId);
  }

  async function streamOf(reservationId: string): Promise<string[]> {
    return (await storedEventsOf(reservationId)).map((event) => event.type);
  }

  it('delivered twice, it releases an active reservation once: one StockReleased in the stream and on Kafka', async () => {
    const before = await available();
    const orderId = randomUUID();
    await sendCommand(reserveStock(orderId, sku, 3));
    await waitForEvent(orderId, STOCK_RESERVED_V1);
    expect(await available()).toBe(before - 3);

    const cancellation = orderCancelled(orderId, sku, 3);
    await cancel(cancellation);
    await cancel(cancellation); // a redelivery: same message id
    await waitForEvent(orderId, STOCK_RELEASED_V1);
    await sleep(SETTLE_MS);

    expect(typesOf(orderId)).toEqual([STOCK_RESERVED_V1, STOCK_RELEASED_V1]);
    expect(eventsOf(orderId)[1]).toMatchObject({
      correlationid: cancellation.correlationid,
      causationid: cancellation.id,
      data: { reservationId: orderId, orderId, items: [{ sku, quantity: 3 }] },
    });
    expect(await streamOf(orderId)).toEqual(['StockReserved', 'StockReleased']);
    // The stored StockReleased says what caused it, as the stored StockReserved does: the message's id,
    // and who sent it (the service token's client).
    expect((await storedEventsOf(orderId))[1]).toMatchObject({
      actor: 'order-service',
      correlationId: cancellation.correlationid,
      causationId: cancellation.id,
    });
    expect(await available()).toBe(before);
  });

  it('without a service token it is dead-lettered and releases nothing (anyone could publish on commlab.events)', async () => {
    const before = await available();
    const orderId = randomUUID();
    await sendCommand(reserveStock(orderId, sku, 2));
    await waitForEvent(orderId, STOCK_RESERVED_V1);
    const forged = toAmqpMessage(orderCancelled(orderId, sku, 2));
    await publishCancellation(forged.content, forged.options, null);
    const dlq = deadLetterQueue(QUEUE);
    const dead = await waitFor(
      async () => {
        const message = await channel.get(dlq, { noAck: true });
        return message !== false && message.properties.messageId === forged.options.messageId
          ? message
          : undefined;
      },
      { timeoutMs: 15_000, description: `the unsigned OrderCancelled in ${dlq}` },
    );
    expect(String(dead.properties.headers?.[RMQ_POLICY_HEADERS.reason])).toContain('MISSING_TOKEN');
    await sleep(SETTLE_MS);
    expect(typesOf(orderId)).toEqual([STOCK_RESERVED_V1]);
    expect(await streamOf(orderId)).toEqual(['StockReserved']);
    expect(await available()).toBe(before - 2);
  });

  it('a cancellation that arrives before its ReserveStock: the command is refused and holds no stock', async () => {
    const before = await available();
    const orderId = randomUUID();
    await cancel(orderCancelled(orderId, sku, 2));
    // The cancellation is recorded (no event: nothing was reserved) before the command comes.
    await waitFor(
      async () => {
        const { rows } = await inventory.database.query<{ status: string }>(
          'SELECT status FROM reservations WHERE reservation_id = $1',
          [orderId],
        );
        return rows[0]?.status === 'cancelled' || undefined;
      },
      { timeoutMs: 15_000, description: 'the cancellation recorded' },
    );
    await sendCommand(reserveStock(orderId, sku, 2));
    await waitForEvent(orderId, STOCK_REJECTED_V1);
    await sleep(SETTLE_MS);

    const [refusal, ...others] = eventsOf(orderId);
    expect(others).toEqual([]);
    expect(refusal).toMatchObject({ type: STOCK_REJECTED_V1, data: { reason: 'INVALID_REQUEST' } });
    expect(await streamOf(orderId)).toEqual([]);
    expect(await available()).toBe(before);
  });

  it('many orders whose command and cancellation arrive together: no stock stays held, none released twice', async () => {
    const before = await available();
    const orderIds = Array.from({ length: 25 }, () => randomUUID());
    await Promise.all(
      orderIds.flatMap((orderId) => [
        sendCommand(reserveStock(orderId, sku, 1)),
        cancel(orderCancelled(orderId, sku, 1)),
      ]),
    );
    // Every order ends released (its command won) or refused (its cancellation won).
    await waitFor(
      () =>
        orderIds.every((orderId) => {
          const types = typesOf(orderId);
          return types.includes(STOCK_RELEASED_V1) || types.includes(STOCK_REJECTED_V1);
        }) || undefined,
      { timeoutMs: 30_000, description: 'every order released or refused' },
    );
    await sleep(SETTLE_MS);

    for (const orderId of orderIds) {
      const types = typesOf(orderId);
      expect([orderId, types]).toEqual([
        orderId,
        types.includes(STOCK_REJECTED_V1) ? [STOCK_REJECTED_V1] : [STOCK_RESERVED_V1, STOCK_RELEASED_V1],
      ]);
    }
    const { rows } = await inventory.database.query<{ status: string; count: string | number }>(
      `SELECT status, count(*) AS count FROM reservations WHERE reservation_id = ANY($1::text[]) GROUP BY status`,
      [orderIds],
    );
    expect(rows.find((row) => row.status === 'active')).toBeUndefined();
    expect(rows.reduce((sum, row) => sum + Number(row.count), 0)).toBe(orderIds.length);
    expect(await available()).toBe(before);
  });

  it("a cancellation naming another order's reservation is dead-lettered at once; that stock stays reserved", async () => {
    const orderId = randomUUID();
    await sendCommand(reserveStock(orderId, sku, 1));
    await waitForEvent(orderId, STOCK_RESERVED_V1);
    const held = await available();
    const foreign = orderCancelled(orderId, sku, 1);
    await cancel({ ...foreign, data: { ...foreign.data, orderId: randomUUID() } });

    const dlq = deadLetterQueue(QUEUE);
    const dead = await waitFor(async () => (await channel.get(dlq, { noAck: true })) || undefined, {
      timeoutMs: 15_000,
      description: `the dead letter in ${dlq}`,
    });
    expect(dead.properties.messageId).toBe(foreign.id);
    expect(String(dead.properties.headers?.[RMQ_POLICY_HEADERS.errorCode])).toBe('RESERVATION_CONFLICT');
    expect(String(dead.properties.headers?.[RMQ_POLICY_HEADERS.attempts])).toBe('1');
    expect(await streamOf(orderId)).toEqual(['StockReserved']);
    expect(await available()).toBe(held);
  });

  it('malformed JSON, a wrong schema and an unknown type go to its .dlq with the reason; the consumer goes on', async () => {
    const good = orderCancelled(randomUUID(), sku, 1);
    const valid = toAmqpMessage(good);
    await publishCancellation('{"orderId": ', { ...valid.options, messageId: `bad-json-${randomUUID()}` });
    await publishCancellation(JSON.stringify({ orderId: 'x', items: 'many' }), {
      ...valid.options,
      messageId: `bad-schema-${randomUUID()}`,
    });
    await publishCancellation(valid.content, {
      ...valid.options,
      messageId: `bad-type-${randomUUID()}`,
      type: 'commlab.order.teleported.v1',
      headers: { ...valid.options.headers, cloudEvents_type: 'commlab.order.teleported.v1' },
    });
    // A good one after them is still processed (recorded: it reserved nothing).
    await cancel(good);

    const dlq = deadLetterQueue(QUEUE);
    const dead: GetMessage[] = [];
    await waitFor(
      async () => {
        const message = await channel.get(dlq, { noAck: true });
        if (message) dead.push(message);
        return dead.length >= 3 || undefined;
      },
      { timeoutMs: 15_000, description: `three dead letters in ${dlq}` },
    );
    expect(
      dead.map((message) => String(message.properties.messageId).replace(/-[0-9a-f-]{36}$/, '')).sort(),
    ).toEqual(['bad-json', 'bad-schema', 'bad-type']);
    const badSchema = dead.find((message) => String(message.properties.messageId).startsWith('bad-schema'));
    expect(badSchema?.properties.headers?.[RMQ_POLICY_HEADERS.reason]).toEqual(expect.any(String));
    await waitFor(
      async () => {
        const { rows } = await inventory.database.query<{ status: string }>(
          'SELECT status FROM reservations WHERE reservation_id = $1',
          [good.data.reservationId],
        );
        return rows[0]?.status === 'cancelled' || undefined;
      },
      { timeoutMs: 15_000, description: 'the good cancellation processed after the bad ones' },
    );
  });
});
