import { loadConfig } from '@commlab/config';
import { dropSchemas, freePort, requirePostgres, throwawaySchemaName } from '@commlab/testing';

import { type InventoryConfig, inventoryConfigSchema, startInventoryService } from '../src';
import { inventoryHttpClient } from './inventory-clients';
import { useTestTokenIssuer } from './support/test-token-issuer';
import { useThrowawayRabbitMq } from './support/throwaway-rabbitmq';

const rabbitmqUrl = useThrowawayRabbitMq('inventory-store');
const tokens = useTestTokenIssuer();

jest.setTimeout(30_000);

async function config(overrides: Record<string, string>): Promise<InventoryConfig> {
  return loadConfig(inventoryConfigSchema, {
    RABBITMQ_URL: rabbitmqUrl(),
    COMMLAB_ENV: 'development', // seeds the demo catalog by default
    LOG_LEVEL: 'silent',
    INVENTORY_HTTP_PORT: '0',
    INVENTORY_GRPC_PORT: String(await freePort()),
    INVENTORY_DATA_DIR: 'memory://',
    AUTH_HTTP_URL: tokens.authUrl,
    // No Kafka here: a port nothing listens on, never a running stack's 9092.
    KAFKA_BROKERS: `127.0.0.1:${String(await freePort())}`,
    ...overrides,
  });
}

/** The store's life cycle: what survives a restart (or a second replica), and what a dead store looks like. */
describe('inventory-service store life cycle', () => {
  let postgresUrl = '';
  const schema = throwawaySchemaName('inventory_test');

  beforeAll(async () => {
    postgresUrl = await requirePostgres();
  });

  afterAll(async () => {
    if (postgresUrl !== '') await dropSchemas(postgresUrl, [schema]);
  });

  it('keeps reservations and stock across a restart on PostgreSQL, and seeds only once', async () => {
    const first = await startInventoryService(await config({ DATABASE_URL: postgresUrl }), {
      databaseSchema: schema,
    });
    try {
      const http = inventoryHttpClient(first.httpUrl, () => tokens.serviceToken());
      const reserved = await http.post('/reservations', {
        reservationId: 'restart-1',
        items: [{ sku: 'tee-black', quantity: 5 }],
      });
      expect(reserved.status).toBe(201);
    } finally {
      await first.close();
    }

    const second = await startInventoryService(await config({ DATABASE_URL: postgresUrl }), {
      databaseSchema: schema,
    });
    try {
      const http = inventoryHttpClient(second.httpUrl, () => tokens.serviceToken());
      expect((await http.get('/stock/tee-black')).body.available).toBe(45);
      const events = (await http.get('/stock/tee-black/events')).body.events as { type: string }[];
      expect(events.map((event) => event.type)).toEqual(['StockAdded', 'StockReserved']);
      expect(await http.delete('/reservations/restart-1')).toMatchObject({
        status: 200,
        body: { released: true },
      });
      expect((await http.get('/stock/tee-black')).body.available).toBe(50);
    } finally {
      await second.close();
    }
  });

  it('answers 503 on /health and STORE_UNAVAILABLE when the store is gone', async () => {
    const service = await startInventoryService(await config({}));
    try {
      const http = inventoryHttpClient(service.httpUrl, () => tokens.serviceToken());
      await service.database.close();
      expect(await http.get('/health')).toMatchObject({
        status: 503,
        body: { code: 'UNHEALTHY', message: 'not ready: database down' },
      });
      expect(await http.get('/stock/mug-red')).toMatchObject({
        status: 503,
        body: { code: 'STORE_UNAVAILABLE' },
      });
      expect(
        await http.post('/reservations', {
          reservationId: 'dead-store',
          items: [{ sku: 'mug-red', quantity: 1 }],
        }),
      ).toMatchObject({ status: 503, body: { code: 'STORE_UNAVAILABLE' } });
    } finally {
      await service.close();
    }
  });
});
