import { type RunningAuthService, authConfigSchema, startAuthService } from '@commlab/auth-service';
import { loadConfig } from '@commlab/config';
import { freePort } from '@commlab/testing';

import {
  IN_MEMORY_DATA_DIR,
  inventoryConfigSchema,
  type RunningInventoryService,
  startInventoryService,
} from '../src';
import { useThrowawayRabbitMq } from './support/throwaway-rabbitmq';

const rabbitmqUrl = useThrowawayRabbitMq('inventory-adjustments');

jest.setTimeout(30_000);

/**
 * POST /stock/{sku}/adjustments on a real inventory-service, with real service tokens from a real
 * auth-service (client credentials), verified by inventory against auth's JWKS.
 */
describe('stock adjustments (service tokens)', () => {
  let auth: RunningAuthService;
  let inventory: RunningInventoryService;

  beforeAll(async () => {
    auth = await startAuthService(
      loadConfig(authConfigSchema, {
        COMMLAB_ENV: 'test',
        LOG_LEVEL: 'silent',
        AUTH_HTTP_PORT: '0',
        AUTH_GRPC_PORT: String(await freePort()),
        SEED_DEMO_DATA: 'true',
      }),
      { inMemoryStore: true, scryptParams: { N: 2 ** 14, r: 8, p: 1 } },
    );
    inventory = await startInventoryService(
      loadConfig(inventoryConfigSchema, {
        COMMLAB_ENV: 'test',
        LOG_LEVEL: 'silent',
        SEED_DEMO_DATA: 'false',
        INVENTORY_HTTP_PORT: '0',
        INVENTORY_GRPC_PORT: String(await freePort()),
        INVENTORY_DATA_DIR: IN_MEMORY_DATA_DIR,
        KAFKA_BROKERS: `127.0.0.1:${String(await freePort())}`,
        RABBITMQ_URL: rabbitmqUrl(),
        AUTH_HTTP_URL: auth.httpUrl,
      }),
      { seedItems: [{ sku: 'adj-sku', unitPriceCents: 100, currency: 'USD', initialStock: 5 }] },
    );
  });

  afterAll(async () => {
    await inventory.close();
    await auth.close();
  });

  async function serviceToken(): Promise<string> {
    const response = await fetch(`${auth.httpUrl}/oauth/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        // The DEV-ONLY client of development and test (see auth-service's clients/service-clients.ts).
        authorization: `Basic ${Buffer.from('commlab-bench:dev-only-commlab-bench-secret').toString('base64')}`,
      },
      body: 'grant_type=client_credentials',
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { access_token: string }).access_token;
  }

  async function userToken(): Promise<string> {
    const response = await fetch(`${auth.httpUrl}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'alice@example.com', password: 'alice-password' }),
    });
    return ((await response.json()) as { accessToken: string }).accessToken;
  }

  async function adjust(sku: string, body: unknown, token?: string) {
    const response = await fetch(`${inventory.httpUrl}/stock/${sku}/adjustments`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it('appends StockAdded with its reason for a service holding stock:adjust', async () => {
    const answer = await adjust(
      'adj-sku',
      { kind: 'received', quantity: 95, reason: 'pallet 7' },
      await serviceToken(),
    );
    expect(answer).toEqual({
      status: 201,
      body: {
        sku: 'adj-sku',
        kind: 'received',
        type: 'StockAdded',
        quantity: 95,
        reason: 'pallet 7',
        version: 2,
        available: 100,
      },
    });
    const stock = (await (await fetch(`${inventory.httpUrl}/stock/adj-sku`)).json()) as { available: number };
    expect(stock.available).toBe(100);
    const { events } = (await (await fetch(`${inventory.httpUrl}/stock/adj-sku/events`)).json()) as {
      events: { type: string; quantity: number; reason?: string }[];
    };
    expect(events.map(({ type, quantity, reason }) => ({ type, quantity, reason }))).toEqual([
      { type: 'StockAdded', quantity: 5, reason: undefined },
      { type: 'StockAdded', quantity: 95, reason: 'pallet 7' },
    ]);
  });

  it('refuses callers without a service token holding the scope', async () => {
    const body = { kind: 'received', quantity: 1, reason: 'x' };
    expect(await adjust('adj-sku', body)).toMatchObject({ status: 401, body: { code: 'MISSING_TOKEN' } });
    expect(await adjust('adj-sku', body, 'not.a.token')).toMatchObject({
      status: 401,
      body: { code: 'TOKEN_INVALID' },
    });
    // A user's token never will do, whatever it grants: only services adjust stock.
    expect(await adjust('adj-sku', body, await userToken())).toMatchObject({
      status: 403,
      body: { code: 'SERVICE_TOKEN_REQUIRED' },
    });
  });

  it('answers 400 for a bad adjustment and 404 for an unknown SKU', async () => {
    const token = await serviceToken();
    for (const bad of [
      { kind: 'stolen', quantity: 1, reason: 'x' },
      { kind: 'received', quantity: 0, reason: 'x' },
      { kind: 'received', quantity: 1, reason: '' },
      { kind: 'received', quantity: 1, reason: 'a\u0000b' },
      { kind: 'received', quantity: 1, reason: 'x', extra: true },
    ]) {
      expect(await adjust('adj-sku', bad, token)).toMatchObject({
        status: 400,
        body: { code: 'VALIDATION_FAILED' },
      });
    }
    expect(await adjust('no-such-sku', { kind: 'received', quantity: 1, reason: 'x' }, token)).toMatchObject({
      status: 404,
      body: { code: 'UNKNOWN_SKU' },
    });
  });
});
