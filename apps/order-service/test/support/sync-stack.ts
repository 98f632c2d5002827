import { authConfigSchema, type RunningAuthService, startAuthService } from '@commlab/auth-service';
import { loadConfig } from '@commlab/config';
import {
  inventoryConfigSchema,
  type RunningInventoryService,
  startInventoryService,
} from '@commlab/inventory-service';
import { dropSchemas, freePort, requirePostgres, throwawaySchemaName } from '@commlab/testing';

import { orderConfigSchema, type RunningOrderService, startOrderService } from '../../src';

export type Backend = 'pglite' | 'postgres';

export interface SyncStack {
  auth: RunningAuthService;
  inventory: RunningInventoryService;
  order: RunningOrderService;
  /** Starts one more order-service against the same auth/inventory (or other URLs). */
  startOrder(overrides?: Record<string, string>): Promise<RunningOrderService>;
  stop(): Promise<void>;
}

/**
 * auth, inventory and order as real servers on free ports, each with its own store: in-memory PGlite, or
 * throwaway schemas in the real PostgreSQL. Demo users and catalog are seeded (COMMLAB_ENV=development).
 */
export async function startSyncStack(backend: Backend): Promise<SyncStack> {
  const common: Record<string, string> = { COMMLAB_ENV: 'development', LOG_LEVEL: 'silent' };
  const schemas: string[] = [];
  let databaseUrl: string | undefined;
  if (backend === 'postgres') {
    databaseUrl = await requirePostgres();
    common.DATABASE_URL = databaseUrl;
  }
  const schema = (service: string) => {
    const name = throwawaySchemaName(`${service}_test`);
    schemas.push(name);
    return name;
  };

  const started: { close(): Promise<void> }[] = [];
  const stop = async () => {
    for (const service of started.reverse()) await service.close().catch(() => undefined);
    if (databaseUrl !== undefined) await dropSchemas(databaseUrl, schemas);
  };

  try {
    const auth = await startAuthService(
      loadConfig(authConfigSchema, {
        ...common,
        AUTH_HTTP_PORT: '0',
        AUTH_GRPC_PORT: String(await freePort()),
      }),
      { inMemoryStore: true, ...(backend === 'postgres' ? { databaseSchema: schema('auth') } : {}) },
    );
    started.push(auth);
    const inventory = await startInventoryService(
      loadConfig(inventoryConfigSchema, {
        ...common,
        INVENTORY_HTTP_PORT: '0',
        INVENTORY_GRPC_PORT: String(await freePort()),
        INVENTORY_DATA_DIR: 'memory://',
      }),
      backend === 'postgres' ? { databaseSchema: schema('inventory') } : {},
    );
    started.push(inventory);

    const startOrder = async (overrides: Record<string, string> = {}) => {
      const order = await startOrderService(
        loadConfig(orderConfigSchema, {
          ...common,
          ORDER_HTTP_PORT: '0',
          AUTH_GRPC_URL: auth.grpcUrl,
          AUTH_HTTP_URL: auth.httpUrl,
          INVENTORY_GRPC_URL: inventory.grpcUrl,
          INVENTORY_HTTP_URL: inventory.httpUrl,
          DOWNSTREAM_TIMEOUT_MS: '1000',
          ...overrides,
        }),
        { inMemoryStore: true, ...(backend === 'postgres' ? { databaseSchema: schema('order') } : {}) },
      );
      started.push(order);
      return order;
    };
    const order = await startOrder();
    return { auth, inventory, order, startOrder, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export async function login(authUrl: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${authUrl}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200)
    throw new Error(`login ${email}: HTTP ${response.status} ${await response.text()}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}
