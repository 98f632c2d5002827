import { setTimeout as sleep } from 'node:timers/promises';

import {
  createEnvelope,
  deadLetterTopic,
  KAFKA_CONSUMER_GROUPS,
  KAFKA_TOPICS,
  ORDER_ACCEPTED_V1,
  RABBITMQ_QUEUES,
  STOCK_REJECTED_V1,
  STOCK_RELEASED_V1,
  STOCK_RESERVED_V1,
  toKafkaRecord,
} from '@commlab/contracts';
import { waitFor } from '@commlab/testing';
import { Kafka, type KafkaMessage, logLevel, type Message } from 'kafkajs';

import { header, readTopic, type TopicReader } from '../../inventory-service/test/support/topic-reader';
import type { RunningOrderService } from '../src';
import { type AsyncOrderBody, availableStock, leftPending } from './support/async-order-api';
import { login, type SyncStack, startSyncStack } from './support/sync-stack';

jest.setTimeout(120_000);

type OrderBody = AsyncOrderBody & { saga: string | null; transport: string; code?: string };

/**
 * The same async order, choreographed (`?saga=choreography`): order-service announces OrderAccepted on
 * Kafka `orders` and sends no command; inventory-service reacts to the event on its own (consumer group
 * `inventory-order-events`) and answers on Kafka `inventory` as it does for a command. Real services,
 * own RabbitMQ vhost, kafka-lite on a free port, PGlite stores.
 */
describe('choreographed async orders (?saga=choreography)', () => {
  let stack: SyncStack;
  let order: RunningOrderService;
  let alice: string;
  let ordersTopic: TopicReader;
  let inventoryTopic: TopicReader;

  beforeAll(async () => {
    stack = await startSyncStack('pglite');
    // One order-service in consumer group `order`, reading inventory's answers without delay.
    await stack.order.close();
    order = await stack.startOrder({ KAFKA_CONSUMER_MAX_WAIT_MS: '50' });
    alice = await login(stack.auth.httpUrl, 'alice@example.com', 'alice-password');
    ordersTopic = await readTopic(stack.kafka.bootstrap, KAFKA_TOPICS.orders);
    inventoryTopic = await readTopic(stack.kafka.bootstrap, KAFKA_TOPICS.inventory);
  }, 120_000);

  afterAll(async () => {
    await ordersTopic.stop();
    await inventoryTopic.stop();
    await stack.stop();
  });

  async function post(query: string, items: { sku: string; quantity: number }[], async = true) {
    const response = await fetch(`${order.httpUrl}/orders${query}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${alice}`,
        'content-type': 'application/json',
        ...(async ? { prefer: 'respond-async' } : {}),
      },
      body: JSON.stringify({ items }),
    });
    return { status: response.status, body: (await response.json()) as OrderBody };
  }

  async function placeChoreographed(items: { sku: string; quantity: number }[]): Promise<OrderBody> {
    const placed = await post('?saga=choreography', items);
    expect(placed.status).toBe(202);
    expect(placed.body).toMatchObject({ status: 'PENDING', saga: 'choreography', transport: 'kafka-event' });
    return placed.body;
  }

  async function getOrder(id: string): Promise<OrderBody> {
    const response = await fetch(`${order.httpUrl}/orders/${id}`, {
      headers: { authorization: `Bearer ${alice}` },
    });
    return (await response.json()) as OrderBody;
  }

  const completed = (id: string) => leftPending(() => getOrder(id));
  const available = (sku: string) => availableStock(stack.inventory.httpUrl, sku);

  /** inventory's inbox entries of one consumer for these message ids. */
  async function inboxed(consumer: string, messageIds: string[]): Promise<string[]> {
    const { rows } = await stack.inventory.database.query<{ message_id: string }>(
      'SELECT message_id FROM inbox_messages WHERE consumer = $1 AND message_id = ANY($2::text[])',
      [consumer, messageIds],
    );
    return rows.map((row) => row.message_id);
  }

  /** One record onto Kafka `orders`, as any producer with access to the topic could write it. */
  async function sendToOrders(record: Message): Promise<void> {
    const kafka = new Kafka({
      brokers: [stack.kafka.bootstrap],
      clientId: 'test-producer',
      logLevel: logLevel.NOTHING,
    });
    const producer = kafka.producer();
    await producer.connect();
    try {
      await producer.send({ topic: KAFKA_TOPICS.orders, messages: [record] });
    } finally {
      await producer.disconnect();
    }
  }

  const typesAbout = (reader: TopicReader, orderId: string) =>
    reader.withKey(orderId).map((message) => header(message, 'ce_type'));

  /** The stock event types about an order on `inventory`, once the first has reached the test's reader. */
  const stockEventsAbout = (orderId: string) =>
    waitFor(
      () =>
        typesAbout(inventoryTopic, orderId).length > 0 ? typesAbout(inventoryTopic, orderId) : undefined,
      {
        description: `a stock event about ${orderId} on Kafka inventory`,
      },
    );

  function acceptedEventOf(orderId: string): Promise<KafkaMessage> {
    return waitFor(
      () => ordersTopic.withKey(orderId).find((m) => header(m, 'ce_type') === ORDER_ACCEPTED_V1),
      { description: `OrderAccepted of ${orderId} on Kafka orders` },
    );
  }

  /** Every command inventory.commands delivered, as inventory's inbox recorded them. */
  async function commandsProcessed(): Promise<number> {
    const { rows } = await stack.inventory.database.query<{ n: string | number }>(
      'SELECT count(*) AS n FROM inbox_messages WHERE consumer = $1',
      [RABBITMQ_QUEUES.inventoryCommands],
    );
    return Number(rows[0]?.n ?? 0);
  }

  it('CONFIRMED without any command: inventory reacted to OrderAccepted, and says so in its causation id', async () => {
    const commandsBefore = await commandsProcessed();
    const before = await available('mug-red');
    const accepted = await placeChoreographed([{ sku: 'mug-red', quantity: 2 }]);
    expect(await completed(accepted.id)).toMatchObject({
      status: 'CONFIRMED',
      saga: 'choreography',
      items: [{ sku: 'mug-red', quantity: 2, unitPriceCents: 1250 }],
      totalCents: 2500,
    });
    expect(await available('mug-red')).toBe(before - 2);

    const event = await acceptedEventOf(accepted.id);
    const eventId = header(event, 'ce_id');
    // The relay put order-service's service token on it, as on a command.
    expect(header(event, 'authorization')).toMatch(/^Bearer /);
    const reserved = await waitFor(
      () => inventoryTopic.withKey(accepted.id).find((m) => header(m, 'ce_type') === STOCK_RESERVED_V1),
      { description: 'StockReserved on Kafka inventory' },
    );
    expect(header(reserved, 'ce_causationid')).toBe(eventId);
    // No command went to inventory.commands: inventory processed none, only the event.
    expect(await commandsProcessed()).toBe(commandsBefore);
    expect(await inboxed(KAFKA_CONSUMER_GROUPS.inventoryOrderEvents, [String(eventId)])).toEqual([eventId]);
  });

  it('out of stock → REJECTED with OUT_OF_STOCK', async () => {
    const accepted = await placeChoreographed([{ sku: 'poster-async', quantity: 1 }]);
    expect(await completed(accepted.id)).toMatchObject({
      status: 'REJECTED',
      rejection: { reason: 'OUT_OF_STOCK', skus: ['poster-async'] },
    });
    expect(await stockEventsAbout(accepted.id)).toEqual([STOCK_REJECTED_V1]);
  });

  it('the same OrderAccepted delivered twice reserves once and answers once', async () => {
    const accepted = await placeChoreographed([{ sku: 'tee-black', quantity: 1 }]);
    await completed(accepted.id);
    const afterFirst = await available('tee-black');
    const event = await acceptedEventOf(accepted.id);

    // A redelivery, as after a consumer crash before its offset commit: the very same record again.
    await sendToOrders({ key: event.key, value: event.value, headers: event.headers ?? {} });
    await waitFor(
      () =>
        ordersTopic.withKey(accepted.id).filter((m) => header(m, 'ce_type') === ORDER_ACCEPTED_V1).length ===
          2 || undefined,
      { description: 'the redelivered OrderAccepted on Kafka orders' },
    );
    await sleep(2_000); // a second reservation or answer would show meanwhile
    expect(await available('tee-black')).toBe(afterFirst);
    expect(typesAbout(inventoryTopic, accepted.id)).toEqual([STOCK_RESERVED_V1]);
    expect((await getOrder(accepted.id)).status).toBe('CONFIRMED');
  });

  it('cancelled after confirmation: inventory releases its stock (OrderCancelled, as for every order)', async () => {
    const before = await available('mug-red');
    const accepted = await placeChoreographed([{ sku: 'mug-red', quantity: 4 }]);
    expect((await completed(accepted.id)).status).toBe('CONFIRMED');
    expect(await available('mug-red')).toBe(before - 4);
    const cancel = await fetch(`${order.httpUrl}/orders/${accepted.id}/cancel`, {
      method: 'POST',
      headers: { authorization: `Bearer ${alice}` },
    });
    expect(cancel.status).toBe(200);
    await waitFor(async () => ((await available('mug-red')) === before ? true : undefined), {
      timeoutMs: 20_000,
      description: 'the stock of the cancelled order back',
    });
    await waitFor(() => typesAbout(inventoryTopic, accepted.id).includes(STOCK_RELEASED_V1) || undefined, {
      description: 'StockReleased on Kafka inventory',
    });
  });

  it('an OrderAccepted without a service token is dead-lettered to orders.dlt and reserves nothing', async () => {
    const dlt = await readTopic(stack.kafka.bootstrap, deadLetterTopic(KAFKA_TOPICS.orders));
    try {
      const before = await available('tee-black');
      const forged = createEnvelope({
        type: ORDER_ACCEPTED_V1,
        source: '/commlab/order-service',
        subject: 'forged-order-1',
        data: {
          orderId: 'forged-order-1',
          userId: 'mallory',
          reservationId: 'forged-order-1',
          items: [{ sku: 'tee-black', quantity: 5 }],
          saga: 'choreography',
          acceptedAt: new Date().toISOString(),
          expiresAt: new Date(Date.now() + 60_000).toISOString(),
        },
      });
      await sendToOrders(toKafkaRecord(forged));
      const dead = await waitFor(() => dlt.withKey('forged-order-1')[0], {
        timeoutMs: 20_000,
        description: 'the forged OrderAccepted on orders.dlt',
      });
      expect(header(dead, 'ce_id')).toBe(forged.id);
      expect(header(dead, 'dlt_error_code')).toBe('MISSING_TOKEN');
      expect(header(dead, 'dlt_consumer_group')).toBe(KAFKA_CONSUMER_GROUPS.inventoryOrderEvents);
      expect(await available('tee-black')).toBe(before);
      expect(typesAbout(inventoryTopic, 'forged-order-1')).toEqual([]);
    } finally {
      await dlt.stop();
    }
  });

  it('an orchestrated order is unaffected: its command reserves, the new consumer ignores it', async () => {
    const commandsBefore = await commandsProcessed();
    const placed = await post('', [{ sku: 'tee-black', quantity: 1 }]);
    expect(placed.status).toBe(202);
    expect(placed.body).toMatchObject({ saga: 'orchestration', transport: 'rmq-command' });
    expect((await completed(placed.body.id)).status).toBe('CONFIRMED');
    expect(await commandsProcessed()).toBe(commandsBefore + 1);
    // Nothing about it on Kafka orders for inventory to react to, and one answer only.
    expect(typesAbout(ordersTopic, placed.body.id)).not.toContain(ORDER_ACCEPTED_V1);
    await sleep(500);
    expect(await stockEventsAbout(placed.body.id)).toEqual([STOCK_RESERVED_V1]);
  });

  it('refuses an unknown saga style and a saga on a sync order with 400', async () => {
    const unknown = await post('?saga=improvised', [{ sku: 'mug-red', quantity: 1 }]);
    expect([unknown.status, unknown.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const onSync = await post('?saga=choreography', [{ sku: 'mug-red', quantity: 1 }], false);
    expect([onSync.status, onSync.body.code]).toEqual([400, 'SAGA_REQUIRES_ASYNC']);
    const sync = await post('', [{ sku: 'mug-red', quantity: 1 }], false);
    expect([sync.status, sync.body.saga]).toEqual([201, null]);
  });
});

/**
 * A choreographed order inventory never answers in time: inventory is down, the order EXPIRES, and its
 * OrderCancelled (TIMED_OUT) compensates exactly as for an orchestrated order. When inventory comes back it
 * reads both the OrderAccepted (Kafka `orders`) and the OrderCancelled (`inventory.order-cancellations`),
 * in either order: no stock stays held for the order.
 */
describe('a choreographed order that expires', () => {
  let stack: SyncStack;
  let order: RunningOrderService;
  let alice: string;

  beforeAll(async () => {
    stack = await startSyncStack('pglite');
    // inventory declared its queues and joined its groups at start; down now, it answers nothing.
    await stack.order.close();
    await stack.inventory.close();
    order = await stack.startOrder({
      ORDER_PENDING_TIMEOUT_MS: '1500',
      ORDER_EXPIRY_INTERVAL_MS: '100',
      KAFKA_CONSUMER_MAX_WAIT_MS: '50',
    });
    alice = await login(stack.auth.httpUrl, 'alice@example.com', 'alice-password');
  }, 120_000);

  afterAll(async () => {
    await stack.stop();
  });

  it('EXPIRED while inventory is away; once back, inventory holds no stock for it', async () => {
    const placed = await fetch(`${order.httpUrl}/orders?saga=choreography`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${alice}`,
        'content-type': 'application/json',
        prefer: 'respond-async',
      },
      body: JSON.stringify({ items: [{ sku: 'mug-red', quantity: 3 }] }),
    });
    expect(placed.status).toBe(202);
    const { id } = (await placed.json()) as OrderBody;
    const getOrder = async () =>
      (await (
        await fetch(`${order.httpUrl}/orders/${id}`, { headers: { authorization: `Bearer ${alice}` } })
      ).json()) as OrderBody;
    expect(await leftPending(getOrder)).toMatchObject({ status: 'EXPIRED', saga: 'choreography' });

    const inventory = await stack.startInventory();
    const initial = 100; // mug-red in the demo catalog of the fresh store
    await waitFor(
      async () => {
        const { rows } = await inventory.database.query<{ message_id: string }>(
          'SELECT message_id FROM inbox_messages WHERE consumer = $1',
          [KAFKA_CONSUMER_GROUPS.inventoryOrderEvents],
        );
        return rows.length > 0 || undefined;
      },
      { timeoutMs: 30_000, description: "inventory's consumer to process the OrderAccepted" },
    );
    await waitFor(
      async () => {
        const { rows } = await inventory.database.query<{ status: string }>(
          "SELECT status FROM reservations WHERE reservation_id = $1 AND status = 'active'",
          [id],
        );
        const held = rows.length > 0;
        return !held && (await availableStock(inventory.httpUrl, 'mug-red')) === initial ? true : undefined;
      },
      { timeoutMs: 30_000, description: 'no stock held for the expired order' },
    );
    expect((await getOrder()).status).toBe('EXPIRED');
  });
});
