import { openDatabase } from '@commlab/persistence';
import { createServiceApp } from '@commlab/service-kit';
import { Logger } from '@nestjs/common';

import type { OrderConfig } from './config/order.config';
import { ORDER_MIGRATIONS } from './database/order.migrations';
import { OrderAppModule } from './order-app.module';
import { inventoryEventsKafkaServer } from './orders/inventory-events-kafka-server';

export interface RunningOrderService {
  httpUrl: string;
  close(): Promise<void>;
}

export interface StartOrderServiceOptions {
  /** PostgreSQL schema when DATABASE_URL is set (tests use a throwaway one). */
  databaseSchema?: string;
  /** Use an in-memory PGlite instead of ORDER_DATA_DIR (tests). */
  inMemoryStore?: boolean;
}

/** Opens the store (running migrations), then starts the HTTP API. */
export async function startOrderService(
  config: OrderConfig,
  options: StartOrderServiceOptions = {},
): Promise<RunningOrderService> {
  const db = await openDatabase({
    service: 'order-service',
    ...(config.DATABASE_URL === undefined ? {} : { url: config.DATABASE_URL }),
    ...(config.DATABASE_URL === undefined && !options.inMemoryStore
      ? { dataDir: config.ORDER_DATA_DIR }
      : {}),
    ...(options.databaseSchema === undefined ? {} : { schema: options.databaseSchema }),
    migrations: ORDER_MIGRATIONS,
    logger: new Logger('Database'),
  });
  try {
    const service = await createServiceApp({
      module: OrderAppModule.forRoot(config, db) as never,
      service: 'order-service',
      description:
        'Orders. POST /orders verifies the bearer token with auth-service and reserves stock with inventory-service, synchronously, over gRPC (default), REST or Kafka request-reply.',
      http: { host: config.BIND_HOST, port: config.ORDER_HTTP_PORT },
      // Completes async orders from inventory's answers on Kafka `inventory`.
      microservices: [{ strategy: inventoryEventsKafkaServer(config) }],
    });
    return {
      httpUrl: service.httpUrl,
      close: async () => {
        await service.close();
        await db.close();
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}
