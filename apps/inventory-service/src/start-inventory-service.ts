import 'reflect-metadata';

import { GRPC_LOADER_OPTIONS, INVENTORY_GRPC_PACKAGE, INVENTORY_PROTO_PATH } from '@commlab/contracts';
import type { Database } from '@commlab/persistence';
import {
  createServiceApp,
  openServiceStore,
  type ServiceStoreOptions,
  startOnStore,
} from '@commlab/service-kit';

import { inventoryAppModule, SERVICE_NAME } from './inventory-app.module';
import { DEMO_CATALOG } from './catalog/demo-catalog';
import { seedCatalog } from './catalog/seed-catalog';
import { inventoryRmqServers } from './rabbitmq/inventory-rmq-servers';
import { orderEventsKafkaServer } from './reservations/order-events.kafka-server';
import { reserveStockKafkaServer } from './reservations/reserve-stock.kafka-server';
import { type InventoryConfig, shouldSeedDemoData } from './config/inventory.config';
import type { CatalogSeedItem } from './stock/stock.types';
import { INVENTORY_MIGRATIONS } from './store/inventory.migrations';

export interface StartInventoryServiceOptions extends ServiceStoreOptions {
  /** Extra catalog entries to add at start (idempotent), e.g. a test SKU with a known stock. */
  seedItems?: readonly CatalogSeedItem[];
}

export interface RunningInventoryService {
  /** `http://host:port` actually bound. */
  httpUrl: string;
  /** `host:port` of the gRPC server. */
  grpcUrl: string;
  /** The open store, for tests and tools (closed by `close()`). */
  database: Database;
  /** Stops the servers (in-flight requests finish) and closes the store. */
  close(): Promise<void>;
}

/**
 * Opens the store (PostgreSQL when DATABASE_URL is set, else PGlite on INVENTORY_DATA_DIR), runs the
 * migrations, seeds the demo catalog when enabled, and starts the HTTP and gRPC servers, the Kafka
 * request server (`inventory.reserve-stock`), the Kafka consumer of `orders` (choreographed orders:
 * group `inventory-order-events`) and the RabbitMQ servers (`inventory.rpc`,
 * `inventory.commands`, `inventory.order-cancellations`), the broker ones connected in the background.
 */
export async function startInventoryService(
  config: InventoryConfig,
  options: StartInventoryServiceOptions = {},
): Promise<RunningInventoryService> {
  const database = await openServiceStore(
    {
      service: SERVICE_NAME,
      migrations: INVENTORY_MIGRATIONS,
      databaseUrl: config.DATABASE_URL,
      dataDir: config.INVENTORY_DATA_DIR,
      pgliteThread: config.PGLITE_THREAD,
    },
    options,
  );
  return startOnStore(database, async () => {
    const seed = [...(shouldSeedDemoData(config) ? DEMO_CATALOG : []), ...(options.seedItems ?? [])];
    if (seed.length > 0) await seedCatalog(database, seed);

    const grpcUrl = `${config.BIND_HOST}:${config.INVENTORY_GRPC_PORT}`;
    const service = await createServiceApp({
      module: inventoryAppModule({ config, database }),
      service: SERVICE_NAME,
      description: 'Catalog, stock levels and all-or-nothing stock reservations (REST twin of the gRPC API).',
      http: { host: config.BIND_HOST, port: config.INVENTORY_HTTP_PORT },
      grpc: {
        url: grpcUrl,
        package: INVENTORY_GRPC_PACKAGE,
        protoPath: INVENTORY_PROTO_PATH,
        loader: GRPC_LOADER_OPTIONS,
      },
      // Kafka request-reply ReserveStock and the `orders` consumer, RabbitMQ RPC and commands; all connect in the background, so a
      // broker outage never blocks boot (REST and gRPC serve meanwhile).
      microservices: [
        reserveStockKafkaServer(config),
        orderEventsKafkaServer(config),
        ...inventoryRmqServers(config),
      ],
    });
    return {
      httpUrl: service.httpUrl,
      grpcUrl,
      database,
      close: () => service.close(),
    };
  });
}
