import { authConfigSchema, type RunningAuthService, startAuthService } from '@commlab/auth-service';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { loadConfig } from '@commlab/config';
import { kafkaTopicLayout } from '@commlab/contracts';
import {
  inventoryConfigSchema,
  type RunningInventoryService,
  startInventoryService,
} from '@commlab/inventory-service';
import { type KafkaLite, startKafkaLite } from '@commlab/kafka-lite';
import {
  dropSchemas,
  freePort,
  requirePostgres,
  type ThrowawayVhost,
  throwawaySchemaName,
  throwawayVhost,
  waitFor,
} from '@commlab/testing';

import {
  orderConfigSchema,
  type RunningOrderService,
  startOrderService,
  type StartOrderServiceOptions,
} from '../../src';

export type Backend = 'pglite' | 'postgres';

/** An order store that outlives one order-service instance (PGlite data dir or PostgreSQL schema). */
export interface OrderStore {
  env: Record<string, string>;
  options: StartOrderServiceOptions;
}

export interface SyncStack {
  auth: RunningAuthService;
  inventory: RunningInventoryService;
  order: RunningOrderService;
  /**
   * kafka-lite on a free port with every topic (kafkaTopicLayout): order-services publish to it and use
   * it for ?transport=kafka; inventory serves `inventory.reserve-stock` from it.
   */
  kafka: KafkaLite;
  /** The stack's own RabbitMQ vhost (every service of the stack uses it unless told otherwise). */
  rabbitmqUrl: string;
  /**
   * Starts one more order-service against the same auth/inventory/Kafka (or other URLs), with a fresh
   * store unless `store` is given.
   */
  startOrder(overrides?: Record<string, string>, store?: OrderStore): Promise<RunningOrderService>;
  /**
   * Starts one more inventory-service on the same Kafka and RabbitMQ vhost, with a fresh in-memory store
   * seeded with the demo catalog (e.g. to bring inventory back after `inventory.close()`).
   */
  startInventory(): Promise<RunningInventoryService>;
  /** A store to share between order-service instances (removed/dropped by `stop`). */
  persistentOrderStore(): Promise<OrderStore>;
  stop(): Promise<void>;
}

/**
 * auth, inventory and order as real servers on free ports, each with its own store: in-memory PGlite, or
 * throwaway schemas in the real PostgreSQL. Demo users and catalog are seeded (COMMLAB_ENV=development).
 */
export async function startSyncStack(
  backend: Backend,
  options: {
    /** More auth-service environment, e.g. its login throttling. */ auth?: Record<string, string>;
  } = {},
): Promise<SyncStack> {
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
  const dataDirs: string[] = [];
  // order-service publishes to RabbitMQ (commands, pub/sub, notification jobs): into a vhost of its own,
  // so tests never leave messages in the queues of the server's default vhost.
  let vhost: ThrowawayVhost | undefined;
  const stop = async () => {
    for (const service of started.reverse()) await service.close().catch(() => undefined);
    await vhost?.drop().catch(() => undefined);
    if (databaseUrl !== undefined) await dropSchemas(databaseUrl, schemas);
    for (const dir of dataDirs) await rm(dir, { recursive: true, force: true });
  };

  try {
    vhost = await throwawayVhost('sync-stack');
    common.RABBITMQ_URL = vhost.url;
    const kafka = await startKafkaLite({
      port: 0,
      logLevel: 'silent',
      topics: kafkaTopicLayout(),
      groupInitialRebalanceDelayMs: 0,
    });
    started.push(kafka);
    const auth = await startAuthService(
      loadConfig(authConfigSchema, {
        ...common,
        AUTH_HTTP_PORT: '0',
        AUTH_GRPC_PORT: String(await freePort()),
        ...options.auth,
      }),
      { inMemoryStore: true, ...(backend === 'postgres' ? { databaseSchema: schema('auth') } : {}) },
    );
    started.push(auth);
    const startInventory = async () => {
      const inventory = await startInventoryService(
        loadConfig(inventoryConfigSchema, {
          ...common,
          INVENTORY_HTTP_PORT: '0',
          INVENTORY_GRPC_PORT: String(await freePort()),
          INVENTORY_DATA_DIR: 'memory://',
          KAFKA_BROKERS: kafka.bootstrap,
          // Reservations need a service token: verified against this auth's keys.
          AUTH_HTTP_URL: auth.httpUrl,
        }),
        backend === 'postgres' ? { databaseSchema: schema('inventory') } : {},
      );
      started.push(inventory);
      return inventory;
    };
    const inventory = await startInventory();

    const persistentOrderStore = async (): Promise<OrderStore> => {
      if (backend === 'postgres') return { env: {}, options: { databaseSchema: schema('order') } };
      const dir = await mkdtemp(join(tmpdir(), 'commlab-order-'));
      dataDirs.push(dir);
      return { env: { ORDER_DATA_DIR: dir }, options: {} };
    };

    const startOrder = async (overrides: Record<string, string> = {}, store?: OrderStore) => {
      const order = await startOrderService(
        loadConfig(orderConfigSchema, {
          ...common,
          ORDER_HTTP_PORT: '0',
          AUTH_GRPC_URL: auth.grpcUrl,
          AUTH_HTTP_URL: auth.httpUrl,
          INVENTORY_GRPC_URL: inventory.grpcUrl,
          INVENTORY_HTTP_URL: inventory.httpUrl,
          DOWNSTREAM_TIMEOUT_MS: '1000',
          KAFKA_BROKERS: kafka.bootstrap,
          ...store?.env,
          ...overrides,
        }),
        store?.options ?? {
          inMemoryStore: true,
          ...(backend === 'postgres' ? { databaseSchema: schema('order') } : {}),
        },
      );
      started.push(order);
      return order;
    };
    const order = await startOrder();
    const rabbitmqUrl = vhost.url;
    return {
      auth,
      inventory,
      order,
      kafka,
      rabbitmqUrl,
      startOrder,
      startInventory,
      persistentOrderStore,
      stop,
    };
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

/**
 * Waits (≤ 20 s) until `placeOrder` answers 201. An order-service's first order over a broker can find its
 * client still connecting — RabbitMQ's since boot, in the background; Kafka's on that first request, with
 * a consumer group to join — and on a loaded machine that can pass the stack's 1 s deadline (503).
 */
export async function untilAnOrderWorks(
  placeOrder: () => Promise<{ status: number }>,
  description: string,
): Promise<void> {
  await waitFor(async () => (await placeOrder()).status === 201, {
    timeoutMs: 20_000,
    intervalMs: 200,
    description,
  });
}
