import { randomUUID } from 'node:crypto';

import { fromKafkaRecord, KAFKA_TOPICS, ORDER_PLACED_V2, type OrderPlacedV2 } from '@commlab/contracts';
import { freePort, waitFor } from '@commlab/testing';
import { type Consumer, Kafka, type KafkaMessage, logLevel } from 'kafkajs';

import { login, type SyncStack, startSyncStack } from './support/sync-stack';

interface OrderBody {
  id: string;
  userId: string;
  items: { sku: string; quantity: number; unitPriceCents: number; lineTotalCents: number }[];
  totalCents: number;
  currency: string;
  createdAt: string;
}

const cart = {
  items: [
    { sku: 'mug-red', quantity: 2 },
    { sku: 'sticker-kafka', quantity: 3 },
  ],
};

const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

/** OrderPlaced through the transactional outbox to the `orders` topic of a real (kafka-lite) broker. */
jest.setTimeout(30_000);

describe.each(['pglite', 'postgres'] as const)(
  'OrderPlaced via the outbox to Kafka (%s stores)',
  (backend) => {
    let stack: SyncStack;
    let alice: string;
    let consumer: Consumer;
    const received: KafkaMessage[] = [];

    beforeAll(async () => {
      stack = await startSyncStack(backend);
      alice = await login(stack.auth.httpUrl, 'alice@example.com', 'alice-password');
      const kafka = new Kafka({
        brokers: [stack.kafka.bootstrap],
        clientId: 'order-outbox-test',
        logLevel: logLevel.NOTHING,
      });
      consumer = kafka.consumer({
        groupId: `order-outbox-test-${randomUUID()}`,
        maxWaitTimeInMs: 100,
        heartbeatInterval: 500,
        sessionTimeout: 10_000,
        rebalanceTimeout: 3_000,
      });
      await consumer.connect();
      await consumer.subscribe({ topic: KAFKA_TOPICS.orders, fromBeginning: true });
      await consumer.run({
        eachMessage: ({ message }) => {
          received.push(message);
          return Promise.resolve();
        },
      });
    }, 60_000);

    afterAll(async () => {
      await consumer.disconnect();
      await stack.stop();
    });

    const placeOrder = async (orderUrl: string, correlationId: string) => {
      const response = await fetch(`${orderUrl}/orders`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${alice}`,
          'x-correlation-id': correlationId,
        },
        body: JSON.stringify(cart),
      });
      expect(response.status).toBe(201);
      return (await response.json()) as OrderBody;
    };

    const messagesFor = (orderId: string) =>
      received.filter((message) => message.key?.toString() === orderId);

    const expectOrderPlaced = (
      message: KafkaMessage | undefined,
      order: OrderBody,
      correlationId: string,
    ) => {
      const header = (name: string) => message?.headers?.[name]?.toString();
      expect(header('ce_type')).toBe(ORDER_PLACED_V2);
      expect(header('ce_id')).toEqual(expect.any(String));
      expect(header('ce_correlationid')).toBe(correlationId);
      const traceparent = header('traceparent');
      if (traceparent !== undefined) expect(traceparent).toMatch(TRACEPARENT);
      const parsed = fromKafkaRecord({ value: message?.value ?? null, headers: message?.headers ?? {} });
      if (!parsed.ok) throw new Error(`invalid OrderPlaced: ${JSON.stringify(parsed)}`);
      expect(parsed.message).toMatchObject({
        type: ORDER_PLACED_V2,
        source: '/commlab/order-service',
        subject: order.id,
        id: header('ce_id'),
        correlationid: correlationId,
      });
      const data = parsed.message.data as OrderPlacedV2;
      expect(data).toEqual({
        orderId: order.id,
        userId: order.userId,
        mode: 'sync',
        items: order.items.map(({ sku, quantity, unitPriceCents }) => ({
          sku,
          quantity,
          unitPrice: { amountCents: unitPriceCents, currency: order.currency },
        })),
        total: { amountCents: order.totalCents, currency: order.currency },
        placedAt: order.createdAt,
      });
    };

    it('a sync order → exactly one commlab.order.placed.v2 on `orders`, keyed by order id', async () => {
      const correlationId = `it-${randomUUID()}`;
      const order = await placeOrder(stack.order.httpUrl, correlationId);
      await waitFor(() => messagesFor(order.id).length > 0, {
        timeoutMs: 10_000,
        description: `OrderPlaced of ${order.id} on ${KAFKA_TOPICS.orders}`,
      });
      // Give a duplicate the chance to show up before counting.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const messages = messagesFor(order.id);
      expect(messages).toHaveLength(1);
      expectOrderPlaced(messages[0], order, correlationId);
    });

    it('Kafka down: the order is still placed (201, /health up); a later instance on the same store publishes it', async () => {
      const store = await stack.persistentOrderStore();
      const unreachable = `127.0.0.1:${String(await freePort())}`;
      const offline = await stack.startOrder({ KAFKA_BROKERS: unreachable }, store);
      const correlationId = `it-${randomUUID()}`;
      const started = Date.now();
      const order = await placeOrder(offline.httpUrl, correlationId);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect((await fetch(`${offline.httpUrl}/health`)).status).toBe(200);
      // The relay is failing and backing off; the row stays PENDING. "Kill" it between commit and publish.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      await offline.close();
      expect(messagesFor(order.id)).toEqual([]);

      const online = await stack.startOrder({}, store);
      await waitFor(() => messagesFor(order.id).length > 0, {
        timeoutMs: 15_000,
        description: `OrderPlaced of ${order.id} after the restart`,
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(messagesFor(order.id)).toHaveLength(1);
      expectOrderPlaced(messagesFor(order.id)[0], order, correlationId);
      await online.close();
    });
  },
);
