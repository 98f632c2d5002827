import { LiveFeed } from '@commlab/messaging-redis';
import { KafkaOutboxPublisher } from '@commlab/messaging-kafka';
import { LiveFeedModule, OutboxModule } from '@commlab/messaging-nest';
import type { Database } from '@commlab/persistence';
import { type DependencyCheck, ServiceKitModule } from '@commlab/service-kit';
import { Module, type Type } from '@nestjs/common';

import type { InventoryConfig } from './config/inventory.config';
import { InventoryModule } from './inventory.module';
import { DATABASE, StoreModule } from './store/store.module';

export const SERVICE_NAME = 'inventory-service';

/** The client id of the outbox's Kafka producer. */
export const OUTBOX_KAFKA_CLIENT_ID = `${SERVICE_NAME}-outbox`;

/**
 * The root module around an already-open store: platform (logs, errors, /health), the transactional
 * outbox (stock events → Kafka), the live feed (Redis `commlab.live`) and inventory.
 */
export function inventoryAppModule(database: Database, config: InventoryConfig): Type {
  const store = StoreModule.forRoot(database);

  @Module({
    imports: [
      store,
      ServiceKitModule.forRoot({
        service: SERVICE_NAME,
        logLevel: config.LOG_LEVEL,
        dependencyChecks: {
          imports: [store],
          inject: [DATABASE],
          useFactory: (db: Database): DependencyCheck[] => [{ name: 'database', check: () => db.ping() }],
        },
      }),
      // Transactional outbox → Kafka topic `inventory`. The producer connects lazily in the relay's loop,
      // so a missing broker never blocks startup or a request: rows stay PENDING and the relay retries.
      OutboxModule.forRoot({
        useFactory: () => ({
          db: database,
          publisher: new KafkaOutboxPublisher({
            brokers: config.KAFKA_BROKERS,
            clientId: OUTBOX_KAFKA_CLIENT_ID,
            publishTimeoutMs: 10_000,
          }),
          leaseMs: 30_000,
        }),
      }),
      // One fire-and-forget line per reservation, refusal and release (connects on the first line).
      LiveFeedModule.forRoot(() => new LiveFeed({ url: config.REDIS_URL, service: SERVICE_NAME })),
      InventoryModule,
    ],
  })
  class InventoryAppModule {}

  return InventoryAppModule;
}
