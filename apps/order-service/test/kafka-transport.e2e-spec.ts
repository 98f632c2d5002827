import {
  CORRELATION_ID_HEADER,
  KAFKA_CONSUMER_GROUPS,
  KAFKA_TOPICS,
  kafkaTopicLayout,
} from '@commlab/contracts';
import { type KafkaLite, startKafkaLite } from '@commlab/kafka-lite';
import { waitFor } from '@commlab/testing';
import { AssignerProtocol, Kafka, logLevel } from 'kafkajs';

import { login, type SyncStack, startSyncStack, untilAnOrderWorks } from './support/sync-stack';

interface OrderBody {
  id: string;
  status: string;
  transport: string;
  createdAt: string;
}

interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

const cart = {
  items: [
    { sku: 'mug-red', quantity: 2 },
    { sku: 'tee-black', quantity: 1 },
  ],
};

/**
 * ?transport=kafka: order → inventory ReserveStock over Kafka request-reply (NestJS ClientKafka.send →
 * inventory's ServerKafka on `inventory.reserve-stock`, reply on `inventory.reserve-stock.reply`), with
 * real auth, inventory, order and kafka-lite. The stack's DOWNSTREAM_TIMEOUT_MS is 1000.
 */
jest.setTimeout(30_000);

describe('sync order over Kafka request-reply', () => {
  let stack: SyncStack;
  let alice: string;
  /** The broker started again on the same port by the outage test. */
  let restarted: KafkaLite | undefined;

  const placeOrder = async (
    query: string,
    body: unknown = cart,
    orderUrl = stack.order.httpUrl,
    headers: Record<string, string> = {},
  ) => {
    const response = await fetch(`${orderUrl}/orders${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${alice}`, ...headers },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  };

  /** The first Kafka order of an instance connects and joins the reply group: wait until one works. */
  const warmUp = (orderUrl: string) =>
    untilAnOrderWorks(
      () => placeOrder('?transport=kafka', cart, orderUrl),
      `a Kafka order through ${orderUrl} answers 201`,
    );

  beforeAll(async () => {
    stack = await startSyncStack('pglite');
    alice = await login(stack.auth.httpUrl, 'alice@example.com', 'alice-password');
    await warmUp(stack.order.httpUrl);
  }, 60_000);

  afterAll(async () => {
    await stack.stop();
    await restarted?.close();
  });

  const strip = (body: unknown) => {
    const { id: _id, createdAt: _createdAt, transport: _transport, ...rest } = body as OrderBody;
    return rest;
  };

  it('answers 201 with the same body as over gRPC, apart from id, time and transport', async () => {
    const overKafka = await placeOrder('?transport=kafka');
    const overGrpc = await placeOrder('?transport=grpc');
    expect([overKafka.status, overGrpc.status]).toEqual([201, 201]);
    expect(overKafka.body).toMatchObject({ status: 'CONFIRMED', transport: 'kafka', totalCents: 4500 });
    expect(strip(overKafka.body)).toEqual(strip(overGrpc.body));
    const fetched = await fetch(`${stack.order.httpUrl}/orders/${(overKafka.body as OrderBody).id}`, {
      headers: { authorization: `Bearer ${alice}` },
    });
    expect(await fetched.json()).toEqual(overKafka.body);
  });

  it.each([
    [
      'out of stock',
      {
        items: [
          { sku: 'mug-red', quantity: 1 },
          { sku: 'poster-async', quantity: 1 },
        ],
      },
      409,
    ],
    ['an unknown SKU', { items: [{ sku: 'no-such-sku', quantity: 1 }] }, 400],
  ])('%s → the same error as over gRPC', async (_case, body, status) => {
    const overKafka = await placeOrder('?transport=kafka', body);
    const overGrpc = await placeOrder('?transport=grpc', body);
    expect(overKafka.status).toBe(status);
    expect(overKafka).toEqual(overGrpc);
  });

  it('out of stock → 409 OUT_OF_STOCK naming the SKU', async () => {
    const { status, body } = await placeOrder('?transport=kafka', {
      items: [{ sku: 'poster-async', quantity: 1 }],
    });
    expect(status).toBe(409);
    expect(body).toMatchObject({ code: 'OUT_OF_STOCK', details: { skus: ['poster-async'] } });
  });

  it('sends the request keyed by order id, with NestJS reply headers and the correlation id', async () => {
    const correlationId = `kafka-e2e-${String(Date.now())}`;
    const { status, body } = await placeOrder('?transport=kafka', cart, stack.order.httpUrl, {
      [CORRELATION_ID_HEADER]: correlationId,
    });
    expect(status).toBe(201);
    const orderId = (body as OrderBody).id;

    const kafka = new Kafka({ brokers: [stack.kafka.bootstrap], logLevel: logLevel.NOTHING });
    const reader = kafka.consumer({
      groupId: `kafka-e2e-reader-${String(Date.now())}`,
      maxWaitTimeInMs: 100,
    });
    const seen: { key: string; headers: Record<string, string> }[] = [];
    await reader.connect();
    try {
      await reader.subscribe({ topic: KAFKA_TOPICS.inventoryReserveStock, fromBeginning: true });
      await reader.run({
        eachMessage: ({ message }) => {
          const headers = Object.fromEntries(
            Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]),
          );
          seen.push({ key: message.key?.toString() ?? '', headers });
          return Promise.resolve();
        },
      });
      const request = await waitFor(() => seen.find((record) => record.key === orderId), {
        timeoutMs: 10_000,
        description: `the request of order ${orderId} on ${KAFKA_TOPICS.inventoryReserveStock}`,
      });
      expect(request.headers).toMatchObject({
        kafka_replyTopic: KAFKA_TOPICS.inventoryReserveStockReply,
        [CORRELATION_ID_HEADER]: correlationId,
      });
      expect(request.headers.kafka_correlationId).toEqual(expect.any(String));
      expect(request.headers.kafka_replyPartition).toMatch(/^\d+$/);
    } finally {
      await reader.disconnect();
    }
  });

  it('serves two order instances sharing the reply group: each owns a reply partition', async () => {
    const second = await stack.startOrder();
    await warmUp(second.httpUrl);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        placeOrder('?transport=kafka', cart, i % 2 === 0 ? stack.order.httpUrl : second.httpUrl),
      ),
    );
    expect(results.map((result) => result.status)).toEqual(Array.from({ length: 10 }, () => 201));

    const admin = new Kafka({ brokers: [stack.kafka.bootstrap], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const {
        groups: [group],
      } = await admin.describeGroups([KAFKA_CONSUMER_GROUPS.orderReserveStockReplies]);
      const partitions = (group?.members ?? []).map(
        (member) =>
          AssignerProtocol.MemberAssignment.decode(member.memberAssignment)?.assignment[
            KAFKA_TOPICS.inventoryReserveStockReply
          ] ?? [],
      );
      expect(partitions).toHaveLength(2);
      const owned = partitions.flat();
      expect(new Set(owned).size).toBe(owned.length);
      expect(partitions.every((list) => list.length > 0)).toBe(true);
    } finally {
      await admin.disconnect();
    }
  });

  it('Kafka stopped → 503 INVENTORY_UNAVAILABLE within about the timeout; back → orders work again', async () => {
    await stack.kafka.close();
    const started = Date.now();
    const { status, body } = await placeOrder('?transport=kafka');
    expect(status).toBe(503);
    expect((body as ErrorBody).code).toBe('INVENTORY_UNAVAILABLE');
    expect(Date.now() - started).toBeLessThan(1_800);
    expect((await placeOrder('?transport=grpc')).status).toBe(201);

    // An order instance that boots while Kafka is down starts, and answers Kafka orders with a 503.
    const fresh = await stack.startOrder();
    const again = Date.now();
    const late = await placeOrder('?transport=kafka', cart, fresh.httpUrl);
    expect(late.status).toBe(503);
    expect((late.body as ErrorBody).code).toBe('INVENTORY_UNAVAILABLE');
    expect(Date.now() - again).toBeLessThan(1_800);

    // The broker comes back on the same address: Kafka orders work again, without restarting anything.
    restarted = await startKafkaLite({
      port: stack.kafka.port,
      logLevel: 'silent',
      topics: kafkaTopicLayout(),
      groupInitialRebalanceDelayMs: 0,
    });
    await warmUp(stack.order.httpUrl);
    await warmUp(fresh.httpUrl);
  });
});
