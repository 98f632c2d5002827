import { loadConfig } from '@commlab/config';
import { freePort } from '@commlab/testing';

import {
  type CatalogSeedItem,
  IN_MEMORY_DATA_DIR,
  inventoryConfigSchema,
  type RunningInventoryService,
  startInventoryService,
} from '../../src';
import type { StoreLocation } from './durable-stores';

export interface TestInventoryOptions {
  store: StoreLocation;
  /** KAFKA_BROKERS: where the outbox relay publishes. */
  kafkaBrokers: string;
  /** RABBITMQ_URL: a throwaway vhost (useThrowawayRabbitMq). */
  rabbitmqUrl: string;
  seedItems?: readonly CatalogSeedItem[];
  /** AUTH_HTTP_URL: whose keys service tokens are verified with (useTestTokenIssuer().authUrl). */
  authUrl?: string;
  /** More of inventory's variables (e.g. INVENTORY_COMMANDS_TOKEN_GRACE_MS). */
  env?: Readonly<Record<string, string>>;
}

/** inventory-service on free ports, silent, no demo data, on the given store and Kafka. */
export async function startTestInventory(options: TestInventoryOptions): Promise<RunningInventoryService> {
  const { store } = options;
  const config = loadConfig(inventoryConfigSchema, {
    COMMLAB_ENV: 'test',
    LOG_LEVEL: 'silent',
    SEED_DEMO_DATA: 'false',
    INVENTORY_HTTP_PORT: '0',
    INVENTORY_GRPC_PORT: String(await freePort()),
    INVENTORY_DATA_DIR: store.dataDir ?? IN_MEMORY_DATA_DIR,
    KAFKA_BROKERS: options.kafkaBrokers,
    RABBITMQ_URL: options.rabbitmqUrl,
    ...(options.authUrl === undefined ? {} : { AUTH_HTTP_URL: options.authUrl }),
    ...(store.url === undefined ? {} : { DATABASE_URL: store.url }),
    ...options.env,
  });
  return startInventoryService(config, {
    ...(options.seedItems === undefined ? {} : { seedItems: options.seedItems }),
    ...(store.schema === undefined ? {} : { databaseSchema: store.schema }),
  });
}
