import { setTimeout as sleep } from 'node:timers/promises';

import { waitFor } from '@commlab/testing';
import { generateWebhookSecret, verifyWebhook } from '@commlab/webhooks';

import type { RunningOrderService } from '../src';
import { login, type SyncStack, startSyncStack } from './support/sync-stack';
import { type AsyncOrderBody, listenToLiveFeed, type LiveFeedListener } from './support/async-order-api';
import { startWebhookReceiver } from './support/webhook-receiver';

jest.setTimeout(90_000);

const SECRET = generateWebhookSecret();

/**
 * The whole async flow with the real services: order → ReserveStock on RabbitMQ `inventory.commands`
 * → inventory-service reserves (or refuses) and announces it on Kafka `inventory` through its outbox →
 * order completes the order and calls the webhook. Real RabbitMQ (own vhost), kafka-lite, PGlite stores.
 */
describe('async orders end to end with inventory-service', () => {
  let stack: SyncStack;
  let order: RunningOrderService;
  let alice: string;
  let live: LiveFeedListener;

  beforeAll(async () => {
    // The fire-and-forget live feed (Redis Pub/Sub commlab.live), as watchers see it.
    live = await listenToLiveFeed();
    stack = await startSyncStack('pglite');
    // One order-service in consumer group `order`: the stack's default instance has a store of its own
    // and would take the answers of the partitions it owns.
    await stack.order.close();
    order = await stack.startOrder({
      KAFKA_CONSUMER_MAX_WAIT_MS: '50',
      WEBHOOK_SIGNING_SECRET: SECRET,
      WEBHOOK_TIMEOUT_MS: '2000',
    });
    alice = await login(stack.auth.httpUrl, 'alice@example.com', 'alice-password');
  }, 90_000);

  afterAll(async () => {
    live.stop();
    await stack.stop();
  });

  async function placeAsync(items: { sku: string; quantity: number }[], callbackUrl?: string) {
    const response = await fetch(`${order.httpUrl}/orders`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${alice}`,
        'content-type': 'application/json',
        prefer: 'respond-async',
      },
      body: JSON.stringify({ items, ...(callbackUrl === undefined ? {} : { callbackUrl }) }),
    });
    expect(response.status).toBe(202);
    return (await response.json()) as AsyncOrderBody;
  }

  async function getOrder(id: string): Promise<AsyncOrderBody> {
    const response = await fetch(`${order.httpUrl}/orders/${id}`, {
      headers: { authorization: `Bearer ${alice}` },
    });
    return (await response.json()) as AsyncOrderBody;
  }

  function completed(id: string, timeoutMs = 20_000): Promise<AsyncOrderBody> {
    return waitFor(
      async () => {
        const current = await getOrder(id);
        return current.status === 'PENDING' ? undefined : current;
      },
      { timeoutMs, description: `order ${id} to leave PENDING` },
    );
  }

  it('202 → CONFIRMED with the prices inventory reserved, and exactly one valid signed callback', async () => {
    const receiver = await startWebhookReceiver();
    try {
      const accepted = await placeAsync([{ sku: 'mug-red', quantity: 3 }], receiver.url);
      expect(accepted).toMatchObject({ status: 'PENDING', mode: 'async' });
      const done = await completed(accepted.id);
      expect(done).toMatchObject({
        status: 'CONFIRMED',
        items: [{ sku: 'mug-red', quantity: 3, unitPriceCents: 1250 }],
        totalCents: 3750,
        currency: 'USD',
      });
      // inventory really reserved it: the stock went down by 3 (100 seeded).
      const stock = (await (await fetch(`${stack.inventory.httpUrl}/stock/mug-red`)).json()) as {
        available: number;
      };
      expect(stock.available).toBe(97);
      // auth, order and inventory each said what they did on the live feed.
      const said = (service: string, event: string, orderId?: string) =>
        live.lines.some(
          (line) =>
            line.service === service &&
            line.event === event &&
            (orderId === undefined || line.orderId === orderId),
        ) || undefined;
      await waitFor(() => said('inventory-service', 'stock.reserved', accepted.id), {
        description: 'inventory-service stock.reserved on commlab.live',
      });
      expect(said('order-service', 'order.confirmed', accepted.id)).toBe(true);
      expect(said('auth-service', 'user.logged-in')).toBe(true);

      await waitFor(() => receiver.received.length > 0 || undefined, {
        timeoutMs: 10_000,
        description: 'the webhook callback',
      });
      await sleep(500);
      expect(receiver.received).toHaveLength(1);
      const [callback] = receiver.received;
      if (callback === undefined) throw new Error('no callback');
      expect(verifyWebhook({ secret: SECRET, headers: callback.headers, body: callback.body })).toMatchObject(
        {
          type: 'order.confirmed',
          data: { id: accepted.id, status: 'CONFIRMED' },
        },
      );
    } finally {
      await receiver.close();
    }
  });

  it('REJECTED with inventory’s reason: OUT_OF_STOCK for poster-async, UNKNOWN_SKU for a SKU it does not sell', async () => {
    const noStock = await placeAsync([{ sku: 'poster-async', quantity: 1 }]);
    const unknown = await placeAsync([{ sku: 'no-such-sku', quantity: 1 }]);
    expect(await completed(noStock.id)).toMatchObject({
      status: 'REJECTED',
      rejection: { reason: 'OUT_OF_STOCK', skus: ['poster-async'] },
    });
    expect(await completed(unknown.id)).toMatchObject({
      status: 'REJECTED',
      rejection: { reason: 'UNKNOWN_SKU', skus: ['no-such-sku'] },
    });
  });

  it('inventory stopped: the order still gets 202, stays PENDING, and completes once inventory is back', async () => {
    await stack.inventory.close();
    const accepted = await placeAsync([{ sku: 'tee-black', quantity: 1 }]);
    await sleep(1_500);
    expect((await getOrder(accepted.id)).status).toBe('PENDING');

    // The command waited in inventory.commands (durable queue) and is processed by the new instance.
    await stack.startInventory();
    expect(await completed(accepted.id, 30_000)).toMatchObject({
      status: 'CONFIRMED',
      items: [{ sku: 'tee-black', quantity: 1, unitPriceCents: 2000 }],
      totalCents: 2000,
    });
  });
});
