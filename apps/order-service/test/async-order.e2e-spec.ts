import {
  createEnvelope,
  fromAmqpMessage,
  KAFKA_TOPICS,
  RABBITMQ_QUEUES,
  RESERVE_STOCK_V1,
  STOCK_REJECTED_V1,
  STOCK_RESERVED_V1,
  toKafkaRecord,
} from '@commlab/contracts';
import { type ThrowawayVhost, throwawayVhost, waitFor } from '@commlab/testing';

import { generateWebhookSecret, verifyWebhook } from '@commlab/webhooks';
import amqp, { type ChannelModel } from 'amqplib';
import { Kafka, logLevel, type Producer } from 'kafkajs';

import type { RunningOrderService } from '../src';
import { assertCommlabTopology } from '@commlab/messaging-rabbitmq';

import { login, type SyncStack, startSyncStack } from './support/sync-stack';
import { type AsyncOrderBody, listenToLiveFeed, type LiveFeedListener } from './support/async-order-api';
import { startWebhookReceiver } from './support/webhook-receiver';

jest.setTimeout(60_000);

const SECRET = generateWebhookSecret();

/**
 * The async order on order-service's side: 202 + Location + PENDING, the ReserveStock command on RabbitMQ
 * `inventory.commands`, then inventory's answer on Kafka `inventory` (published here the way inventory's
 * outbox does) completes it exactly once. Real kafka-lite, real RabbitMQ (own vhost), real stores.
 */
describe('async orders (Prefer: respond-async)', () => {
  let stack: SyncStack;
  let order: RunningOrderService;
  let vhost: ThrowawayVhost;
  let rabbit: ChannelModel;
  let producer: Producer;
  let alice: string;
  let live: LiveFeedListener;

  beforeAll(async () => {
    // The fire-and-forget live feed (Redis Pub/Sub commlab.live), as watchers see it.
    live = await listenToLiveFeed();
    vhost = await throwawayVhost('async-order');
    stack = await startSyncStack('pglite');
    // One order-service in consumer group `order` (instances of a real deployment share one store; the
    // stack's default instance has its own, so it would swallow the answers of the partitions it owns).
    await stack.order.close();
    order = await stack.startOrder({
      RABBITMQ_URL: vhost.url,
      KAFKA_CONSUMER_MAX_WAIT_MS: '50',
      WEBHOOK_SIGNING_SECRET: SECRET,
      WEBHOOK_RETRY_BASE_MS: '50',
      WEBHOOK_RETRY_MAX_MS: '200',
      WEBHOOK_TIMEOUT_MS: '2000',
    });
    alice = await login(stack.auth.httpUrl, 'alice@example.com', 'alice-password');
    rabbit = await amqp.connect(vhost.url);
    const setup = await rabbit.createChannel();
    await assertCommlabTopology(setup);
    await setup.close();
    producer = new Kafka({
      brokers: [stack.kafka.bootstrap],
      clientId: 'async-test',
      logLevel: logLevel.NOTHING,
    }).producer();
    await producer.connect();
  });

  afterAll(async () => {
    live.stop();
    await producer.disconnect().catch(() => undefined);
    await rabbit.close().catch(() => undefined);
    await stack.stop();
    await vhost.drop();
  });

  async function placeAsync(
    items: { sku: string; quantity: number }[],
    callbackUrl?: string,
  ): Promise<Response> {
    return fetch(`${order.httpUrl}/orders`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${alice}`,
        'content-type': 'application/json',
        prefer: 'respond-async, wait=10',
      },
      body: JSON.stringify({ items, ...(callbackUrl === undefined ? {} : { callbackUrl }) }),
    });
  }

  /** Places an async order with a callback and answers for inventory: reserved. Returns the order id. */
  async function completedWithCallback(callbackUrl: string): Promise<string> {
    const body = (await (
      await placeAsync([{ sku: 'mug-red', quantity: 1 }], callbackUrl)
    ).json()) as AsyncOrderBody;
    await nextCommand();
    await answer(STOCK_RESERVED_V1, {
      reservationId: body.id,
      orderId: body.id,
      items: [{ sku: 'mug-red', quantity: 1, unitPriceCents: 1250 }],
      totalCents: 1250,
      currency: 'USD',
      reservedAt: new Date().toISOString(),
    });
    return body.id;
  }

  async function callbackOf(
    id: string,
    status: string,
  ): Promise<AsyncOrderBody & { callback: { status: string; attempts: { statusCode: number | null }[] } }> {
    return waitFor(
      async () => {
        const current = (await getOrder(id)) as AsyncOrderBody & {
          callback: { status: string; attempts: { statusCode: number | null }[] } | null;
        };
        return current.callback?.status === status ? (current as never) : undefined;
      },
      { timeoutMs: 15_000, description: `callback ${status}` },
    );
  }

  async function getOrder(id: string): Promise<AsyncOrderBody> {
    const response = await fetch(`${order.httpUrl}/orders/${id}`, {
      headers: { authorization: `Bearer ${alice}` },
    });
    return (await response.json()) as AsyncOrderBody;
  }

  async function nextCommand(): Promise<ReturnType<typeof fromAmqpMessage>> {
    const channel = await rabbit.createChannel();
    try {
      const message = await waitFor(
        async () => (await channel.get(RABBITMQ_QUEUES.inventoryCommands, { noAck: true })) || undefined,
        {
          timeoutMs: 10_000,
          description: 'a ReserveStock command',
        },
      );
      return fromAmqpMessage(message);
    } finally {
      await channel.close();
    }
  }

  async function answer(
    type: typeof STOCK_RESERVED_V1 | typeof STOCK_REJECTED_V1,
    data: object,
    id?: string,
  ) {
    const envelope = createEnvelope({
      type,
      source: '/commlab/inventory-service',
      subject: 'x',
      ...(id === undefined ? {} : { id }),
      data,
    });
    const record = toKafkaRecord(envelope);
    await producer.send({ topic: KAFKA_TOPICS.inventory, acks: -1, messages: [record] });
    return envelope;
  }

  it('answers 202 with Location and the PENDING order, and sends ReserveStock to inventory.commands', async () => {
    const response = await placeAsync([{ sku: 'mug-red', quantity: 2 }]);
    expect(response.status).toBe(202);
    expect(response.headers.get('preference-applied')).toBe('respond-async');
    const body = (await response.json()) as AsyncOrderBody;
    expect(response.headers.get('location')).toBe(`/orders/${body.id}`);
    expect(body).toMatchObject({ status: 'PENDING', mode: 'async', totalCents: 0, currency: null });

    const command = await nextCommand();
    expect(command.ok && command.message.type).toBe(RESERVE_STOCK_V1);
    expect(command.ok && command.message.data).toEqual({
      reservationId: body.id,
      orderId: body.id,
      items: [{ sku: 'mug-red', quantity: 2 }],
    });
    expect((await getOrder(body.id)).status).toBe('PENDING');

    // inventory's answer, delivered twice: the order is confirmed once, with inventory's prices.
    const data = {
      reservationId: body.id,
      orderId: body.id,
      items: [{ sku: 'mug-red', quantity: 2, unitPriceCents: 1250 }],
      totalCents: 2500,
      currency: 'USD',
      reservedAt: new Date().toISOString(),
    };
    const first = await answer(STOCK_RESERVED_V1, data);
    await answer(STOCK_RESERVED_V1, data, first.id);
    const confirmed = await waitFor(
      async () => {
        const current = await getOrder(body.id);
        return current.status === 'CONFIRMED' ? current : undefined;
      },
      { timeoutMs: 15_000, description: 'order CONFIRMED' },
    );
    const events = await waitFor(
      () => {
        const mine = live.lines
          .filter((line) => line.orderId === body.id)
          .map((line) => `${line.service} ${line.event}`);
        return mine.length >= 2 ? mine : undefined;
      },
      { description: 'live feed lines of the order' },
    );
    expect(events).toEqual(['order-service order.accepted', 'order-service order.confirmed']);
    expect(confirmed).toMatchObject({
      totalCents: 2500,
      currency: 'USD',
      items: [{ sku: 'mug-red', quantity: 2, unitPriceCents: 1250 }],
    });
  });

  it("carries the caller's x-correlation-id into authentication: VerifyToken's call.completed line has it", async () => {
    const correlationId = `corr-guard-${String(Date.now())}`;
    const response = await fetch(`${order.httpUrl}/orders`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${alice}`,
        'content-type': 'application/json',
        'x-correlation-id': correlationId,
        prefer: 'respond-async',
      },
      body: JSON.stringify({ items: [{ sku: 'mug-red', quantity: 1 }] }),
    });
    expect(response.status).toBe(202);
    expect(response.headers.get('x-correlation-id')).toBe(correlationId);
    const verified = await waitFor(
      () =>
        live.lines.find(
          (line) =>
            line.event === 'call.completed' &&
            line.operation === 'VerifyToken' &&
            line.correlationId === correlationId,
        ),
      { description: "VerifyToken's call.completed line with the request's correlation id" },
    );
    expect(verified).toMatchObject({ service: 'order-service', to: 'auth-service', ok: true });
  });

  it('moves to REJECTED with the reason and SKUs when inventory refuses', async () => {
    const response = await placeAsync([{ sku: 'poster-async', quantity: 1 }]);
    const body = (await response.json()) as AsyncOrderBody;
    await nextCommand();
    await answer(STOCK_REJECTED_V1, {
      reservationId: body.id,
      orderId: body.id,
      reason: 'OUT_OF_STOCK',
      skus: ['poster-async'],
      rejectedAt: new Date().toISOString(),
    });
    const rejected = await waitFor(
      async () => {
        const current = await getOrder(body.id);
        return current.status === 'REJECTED' ? current : undefined;
      },
      { timeoutMs: 15_000, description: 'order REJECTED' },
    );
    expect(rejected.rejection).toEqual({ reason: 'OUT_OF_STOCK', skus: ['poster-async'] });
  });

  it('refuses a callback URL to a private or metadata address with 400 before storing anything', async () => {
    for (const callbackUrl of ['http://10.0.0.1/hook', 'http://169.254.169.254/latest/meta-data']) {
      const response = await fetch(`${order.httpUrl}/orders`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${alice}`,
          'content-type': 'application/json',
          prefer: 'respond-async',
        },
        body: JSON.stringify({ items: [{ sku: 'mug-red', quantity: 1 }], callbackUrl }),
      });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { code: string }).code).toBe('CALLBACK_URL_REFUSED');
    }
  });

  it('POSTs exactly one valid signed callback when the order completes', async () => {
    const receiver = await startWebhookReceiver([]);
    try {
      const id = await completedWithCallback(receiver.url);
      const view = await callbackOf(id, 'DELIVERED');
      expect(view.callback.attempts.map((attempt) => attempt.statusCode)).toEqual([200]);
      expect(receiver.received).toHaveLength(1);
      const [callback] = receiver.received;
      if (callback === undefined) throw new Error('no callback');
      const verified = verifyWebhook({ secret: SECRET, headers: callback.headers, body: callback.body });
      expect(verified).toMatchObject({ type: 'order.confirmed' });
      expect(JSON.parse(callback.body)).toMatchObject({
        type: 'order.confirmed',
        data: { id, status: 'CONFIRMED' },
      });
      // A tampered body fails verification.
      expect(() =>
        verifyWebhook({
          secret: SECRET,
          headers: callback.headers,
          body: callback.body.replace('1250', '1'),
        }),
      ).toThrow();
    } finally {
      await receiver.close();
    }
  });

  it('retries a receiver that answers 500 twice and delivers on the third attempt', async () => {
    const receiver = await startWebhookReceiver([500, 500, 200]);
    try {
      const id = await completedWithCallback(receiver.url);
      const view = await callbackOf(id, 'DELIVERED');
      expect(view.callback.attempts.map((attempt) => attempt.statusCode)).toEqual([500, 500, 200]);
      expect(receiver.received).toHaveLength(3);
      expect(new Set(receiver.received.map((callback) => callback.headers['webhook-id'])).size).toBe(1);
    } finally {
      await receiver.close();
    }
  });

  it('stops at 410 Gone and never calls that receiver again', async () => {
    const receiver = await startWebhookReceiver([410]);
    try {
      const id = await completedWithCallback(receiver.url);
      const view = await callbackOf(id, 'GONE');
      expect(view.callback.attempts.map((attempt) => attempt.statusCode)).toEqual([410]);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(receiver.received).toHaveLength(1);
    } finally {
      await receiver.close();
    }
  });
});
