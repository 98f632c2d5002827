import { authConfigSchema, type RunningAuthService, startAuthService } from '@commlab/auth-service';
import { loadConfig } from '@commlab/config';
import {
  inventoryConfigSchema,
  type RunningInventoryService,
  startInventoryService,
} from '@commlab/inventory-service';
import { orderConfigSchema, type RunningOrderService, startOrderService } from '@commlab/order-service';
import { REDIS_CHANNELS } from '@commlab/contracts';
import { freePort, requireRedis, type ThrowawayVhost, throwawayVhost, waitFor } from '@commlab/testing';
import Redis from 'ioredis';

import { ReportingHarness } from './support/reporting-harness';

async function login(authUrl: string): Promise<string> {
  const response = await fetch(`${authUrl}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'alice@example.com', password: 'alice-password' }),
  });
  if (response.status !== 200)
    throw new Error(`login: HTTP ${String(response.status)} ${await response.text()}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

/**
 * The whole event path on real servers: POST /orders on order-service → the outbox relay publishes
 * OrderPlaced to `orders` and inventory publishes StockReserved to `inventory` (kafka-lite) → the
 * `reporting` consumer group projects both.
 */
describe('order → Kafka → reporting', () => {
  let harness: ReportingHarness;
  let auth: RunningAuthService;
  let inventory: RunningInventoryService;
  let order: RunningOrderService;
  let vhost: ThrowawayVhost;
  const common = { COMMLAB_ENV: 'development', LOG_LEVEL: 'silent' };

  beforeAll(async () => {
    harness = await ReportingHarness.start('pglite');
    // order-service also publishes to RabbitMQ: into a vhost of its own, never the shared default one.
    vhost = await throwawayVhost('order-to-report');
    auth = await startAuthService(
      loadConfig(authConfigSchema, {
        ...common,
        AUTH_HTTP_PORT: '0',
        AUTH_GRPC_PORT: String(await freePort()),
      }),
      { inMemoryStore: true },
    );
    inventory = await startInventoryService(
      loadConfig(inventoryConfigSchema, {
        ...common,
        INVENTORY_HTTP_PORT: '0',
        INVENTORY_GRPC_PORT: String(await freePort()),
        INVENTORY_DATA_DIR: 'memory://',
        KAFKA_BROKERS: harness.kafka.bootstrap,
        RABBITMQ_URL: vhost.url,
        // order's service token (reservations) is verified against this auth's keys.
        AUTH_HTTP_URL: auth.httpUrl,
      }),
    );
    order = await startOrderService(
      loadConfig(orderConfigSchema, {
        ...common,
        ORDER_HTTP_PORT: '0',
        AUTH_GRPC_URL: auth.grpcUrl,
        AUTH_HTTP_URL: auth.httpUrl,
        INVENTORY_GRPC_URL: inventory.grpcUrl,
        INVENTORY_HTTP_URL: inventory.httpUrl,
        KAFKA_BROKERS: harness.kafka.bootstrap,
        RABBITMQ_URL: vhost.url,
      }),
      { inMemoryStore: true },
    );
  }, 90_000);

  afterAll(async () => {
    await order.close().catch(() => undefined);
    await inventory.close().catch(() => undefined);
    await auth.close().catch(() => undefined);
    await harness.stop();
    await vhost.drop();
  });

  it('an order placed over REST shows up in the sales report and the stock movements', async () => {
    // reporting says what it projected on the fire-and-forget live feed (Redis Pub/Sub commlab.live).
    const live = new Redis(await requireRedis());
    // Other stacks on this machine (tests running beside this one) post there too: only this order's lines
    // count, by their subject (the order's id, which is also its reservation's).
    const projected: { type?: string; subject?: string }[] = [];
    await live.subscribe(REDIS_CHANNELS.live);
    live.on('message', (_channel: string, line: string) => {
      const parsed = JSON.parse(line) as {
        service?: string;
        event?: string;
        type?: string;
        subject?: string;
      };
      if (parsed.service === 'reporting-service' && parsed.event === 'projection.updated') {
        projected.push({ type: parsed.type, subject: parsed.subject });
      }
    });
    const token = await login(auth.httpUrl);
    const response = await fetch(`${order.httpUrl}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        items: [
          { sku: 'mug-red', quantity: 2 },
          { sku: 'tee-black', quantity: 1 },
        ],
      }),
    });
    expect(response.status).toBe(201);
    const placed = (await response.json()) as { id: string; totalCents: number };

    // OrderPlaced (orders) + StockReserved (inventory).
    const report = await harness.waitForEventsApplied(2, 30_000);
    expect(report.orders).toEqual({ placed: 1, confirmed: 1, rejected: 0, cancelled: 0 });
    expect(report.revenue).toEqual([
      { currency: 'USD', orders: 1, units: 3, revenueCents: placed.totalCents },
    ]);
    expect(report.bySku).toEqual([
      { sku: 'mug-red', currency: 'USD', orders: 1, units: 2, revenueCents: 2500 },
      { sku: 'tee-black', currency: 'USD', orders: 1, units: 1, revenueCents: 2000 },
    ]);
    expect(report.stockMovements).toEqual([
      { sku: 'mug-red', reservedUnits: 2, releasedUnits: 0, reservations: 1, rejections: 0 },
      { sku: 'tee-black', reservedUnits: 1, releasedUnits: 0, reservations: 1, rejections: 0 },
    ]);
    try {
      const ofThisOrder = () =>
        projected.filter((line) => line.subject === placed.id).map((line) => line.type);
      await waitFor(() => ofThisOrder().length >= 2 || undefined, {
        description: 'two projection.updated lines of reporting-service on commlab.live about this order',
      });
      expect(ofThisOrder().sort()).toEqual(['commlab.order.placed.v2', 'commlab.stock.reserved.v1']);
    } finally {
      live.disconnect();
    }
  }, 60_000);
});
