import {
  KAFKA_TOPICS,
  ORDER_CANCELLED_V1,
  RABBITMQ_SUBSCRIPTIONS,
  STOCK_RELEASED_V1,
  STOCK_RESERVED_V1,
} from '@commlab/contracts';
import { DEMO_CATALOG } from '@commlab/inventory-service';
import { waitFor } from '@commlab/testing';
import amqp from 'amqplib';

import { header, readTopic, type TopicReader } from '../../inventory-service/test/support/topic-reader';
import type { RunningOrderService } from '../src';
import { type AsyncOrderBody, listenToLiveFeed, type LiveFeedListener } from './support/async-order-api';
import { login, type OrderStore, type SyncStack, startSyncStack } from './support/sync-stack';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver';

jest.setTimeout(120_000);

const SKU = 'mug-red';
const TIMEOUT_MS = 1_500;

/**
 * An async order inventory never answers: inventory is down, its ReserveStock waits in
 * `inventory.commands`. Past ORDER_PENDING_TIMEOUT_MS the order is EXPIRED — GET, the webhook, the live
 * feed and `commlab.order.cancelled.v1` (reason TIMED_OUT) on Kafka say so. Then inventory comes back and
 * reserves the stock after all (its cancellation subscriber emptied first, so that the late reservation
 * is what it sees): order-service must release it, not confirm the order. Real auth, inventory and
 * order services, RabbitMQ (own vhost), kafka-lite, PGlite.
 */
describe('an async order inventory never answers', () => {
  let stack: SyncStack;
  let store: OrderStore;
  let order: RunningOrderService;
  let receiver: WebhookReceiver;
  let live: LiveFeedListener;
  let ordersTopic: TopicReader;
  let inventoryTopic: TopicReader;
  let alice: string;

  const settings = {
    ORDER_PENDING_TIMEOUT_MS: String(TIMEOUT_MS),
    ORDER_EXPIRY_INTERVAL_MS: '100',
    KAFKA_CONSUMER_MAX_WAIT_MS: '50',
    WEBHOOK_RETRY_BASE_MS: '50',
    WEBHOOK_RETRY_MAX_MS: '200',
  };

  beforeAll(async () => {
    live = await listenToLiveFeed();
    stack = await startSyncStack('pglite');
    // inventory declared its queues at start; down now, it answers nothing.
    await stack.order.close();
    await stack.inventory.close();
    store = await stack.persistentOrderStore();
    order = await stack.startOrder(settings, store);
    receiver = await startWebhookReceiver();
    ordersTopic = await readTopic(stack.kafka.bootstrap, KAFKA_TOPICS.orders);
    inventoryTopic = await readTopic(stack.kafka.bootstrap, KAFKA_TOPICS.inventory);
    alice = await login(stack.auth.httpUrl, 'alice@example.com', 'alice-password');
  }, 120_000);

  afterAll(async () => {
    live.stop();
    await ordersTopic.stop();
    await inventoryTopic.stop();
    await receiver.close();
    await stack.stop();
  });

  async function call(
    service: RunningOrderService,
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) {
    const response = await fetch(`${service.httpUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${alice}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return {
      status: response.status,
      body: (await response.json()) as AsyncOrderBody & { expiresAt: string | null; code?: string },
    };
  }

  it('expires past its deadline, says so everywhere, and releases the stock reserved after it', async () => {
    const placed = await call(
      order,
      'POST',
      '/orders',
      { items: [{ sku: SKU, quantity: 2 }], callbackUrl: receiver.url },
      { prefer: 'respond-async' },
    );
    expect(placed.status).toBe(202);
    const { id, expiresAt } = placed.body;
    expect(placed.body.status).toBe('PENDING');
    expect(expiresAt).not.toBeNull();
    const placedAt = Date.parse((placed.body as unknown as { createdAt: string }).createdAt);
    expect(Date.parse(expiresAt ?? '') - placedAt).toBe(TIMEOUT_MS);

    // Before the deadline it waits; after it, it is EXPIRED (never earlier than the deadline).
    expect((await call(order, 'GET', `/orders/${id}`)).body.status).toBe('PENDING');
    await waitFor(
      async () => ((await call(order, 'GET', `/orders/${id}`)).body.status === 'EXPIRED' ? true : undefined),
      { timeoutMs: 15_000, description: `order ${id} EXPIRED` },
    );
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(expiresAt ?? ''));

    // The callback announces it like a completion: type order.expired, the EXPIRED order.
    await waitFor(() => receiver.received.length > 0 || undefined, {
      timeoutMs: 10_000,
      description: 'the order.expired callback',
    });
    const callback = JSON.parse(receiver.received[0]?.body ?? '{}') as {
      type: string;
      data: { id: string; status: string };
    };
    expect([callback.type, callback.data.id, callback.data.status]).toEqual(['order.expired', id, 'EXPIRED']);

    // Kafka `orders`: OrderCancelled with reason TIMED_OUT (what inventory's compensation consumes).
    await waitFor(() => ordersTopic.withKey(id).length > 0 || undefined, {
      timeoutMs: 10_000,
      description: 'the OrderCancelled of the expired order',
    });
    const [event] = ordersTopic.withKey(id);
    expect(header(event, 'ce_type')).toBe(ORDER_CANCELLED_V1);
    expect(JSON.parse(event?.value?.toString() ?? '{}')).toMatchObject({
      orderId: id,
      reservationId: id,
      previousStatus: 'PENDING',
      reason: 'TIMED_OUT',
    });
    await waitFor(() => live.lines.find((line) => line.event === 'order.expired' && line.orderId === id), {
      timeoutMs: 5_000,
      description: 'order.expired on the live feed',
    });

    // An EXPIRED order is final: it cannot be cancelled any more.
    const cancel = await call(order, 'POST', `/orders/${id}/cancel`);
    expect([cancel.status, cancel.body.code]).toEqual([409, 'ORDER_NOT_CANCELLABLE']);

    // inventory comes back after the deadline and sees the ReserveStock first (the expiry's OrderCancelled
    // is taken out of its subscriber queue): it reserves, then answers StockReserved.
    const rabbit = await amqp.connect(stack.rabbitmqUrl);
    const channel = await rabbit.createChannel();
    const cancellations = RABBITMQ_SUBSCRIPTIONS.inventoryOrderCancellations.queue;
    // The OrderCancelled reaches RabbitMQ through its own outbox row, maybe after Kafka's copy: wait for it.
    await waitFor(async () => (await channel.checkQueue(cancellations)).messageCount >= 1 || undefined, {
      timeoutMs: 10_000,
      description: `the expired order's OrderCancelled in ${cancellations}`,
    });
    const purged = await channel.purgeQueue(cancellations);
    expect(purged.messageCount).toBe(1);
    await rabbit.close();
    await order.close();
    const inventory = await stack.startInventory();
    const later = await stack.startOrder(
      { ...settings, INVENTORY_GRPC_URL: inventory.grpcUrl, INVENTORY_HTTP_URL: inventory.httpUrl },
      store,
    );

    // order-service gets a StockReserved for an EXPIRED order: it releases the reservation.
    const answers = () => inventoryTopic.withKey(id).map((message) => header(message, 'ce_type'));
    await waitFor(() => answers().includes(STOCK_RELEASED_V1) || undefined, {
      timeoutMs: 30_000,
      description: `the late reservation of ${id} released`,
    });
    expect(answers()).toEqual([STOCK_RESERVED_V1, STOCK_RELEASED_V1]);
    const { rows } = await inventory.database.query<{ status: string }>(
      'SELECT status FROM reservations WHERE reservation_id = $1',
      [id],
    );
    expect(rows).toEqual([{ status: 'released' }]);
    const stock = (await (await fetch(`${inventory.httpUrl}/stock/${SKU}`)).json()) as { available: number };
    expect(stock.available).toBe(DEMO_CATALOG.find((item) => item.sku === SKU)?.initialStock);
    await waitFor(
      () =>
        live.lines.find((line) => line.event === 'order.late-reservation-released' && line.orderId === id),
      { timeoutMs: 5_000, description: 'the late release on the live feed' },
    );

    // The order stays EXPIRED, with one callback.
    expect((await call(later, 'GET', `/orders/${id}`)).body.status).toBe('EXPIRED');
    expect(receiver.received).toHaveLength(1);
  });
});
