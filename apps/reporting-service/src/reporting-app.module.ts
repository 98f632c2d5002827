import { LiveFeed } from '@commlab/messaging-redis';
import type { KafkaConsumerSettings } from '@commlab/config';
import { LiveFeedModule } from '@commlab/messaging-nest';
import type { ResilientKafkaServer } from '@commlab/messaging-kafka';
import type { Database } from '@commlab/persistence';
import { type DependencyCheck, ServiceKitModule } from '@commlab/service-kit';
import { Module, type Type } from '@nestjs/common';

import type { ReportingConfig } from './config/reporting.config';
import { CONSUMER_POLICY, ConsumeEvent, type ConsumerPolicy } from './consumer/consume-event.service';
import { ConsumerProgress } from './consumer/consumer-progress';
import { ExclusiveGate } from './consumer/exclusive-gate';
import { InventoryKafkaController } from './consumer/inventory.kafka.controller';
import { OrdersKafkaController } from './consumer/orders.kafka.controller';
import { REPORTING_KAFKA_SERVER } from './consumer/reporting-kafka-server';
import { ProjectEvent } from './projections/project-event.use-case';
import { ProjectionRepository } from './projections/projection.repository';
import { ConsumerStatusService } from './reports/consumer-status.service';
import { ADMIN_TIMEOUT_MS, KafkaAdminSession } from './reports/kafka-admin-session';
import { REBUILD_TIMEOUT_MS, RebuildProjectionsService } from './reports/rebuild-projections.service';
import { ReportsHttpController } from './reports/reports.http.controller';
import { SalesReportService } from './reports/sales-report.service';
import { DATABASE, StoreModule } from './store/store.module';

export const SERVICE_NAME = 'reporting-service';

/** The root module around an open store and a (not yet started) Kafka server. */
export function reportingAppModule(
  config: ReportingConfig,
  database: Database,
  server: ResilientKafkaServer,
  settings: KafkaConsumerSettings,
): Type {
  const store = StoreModule.forRoot(database);
  const policy: ConsumerPolicy = { consumerGroup: server.consumerGroupId, retry: settings.retry };

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
      // One fire-and-forget line per projected event and per rebuild (Redis `commlab.live`).
      LiveFeedModule.forRoot(() => new LiveFeed({ url: config.REDIS_URL, service: SERVICE_NAME })),
    ],
    controllers: [ReportsHttpController, OrdersKafkaController, InventoryKafkaController],
    providers: [
      { provide: REPORTING_KAFKA_SERVER, useValue: server },
      { provide: CONSUMER_POLICY, useValue: policy },
      { provide: REBUILD_TIMEOUT_MS, useValue: config.REPORTING_REBUILD_TIMEOUT_MS },
      { provide: ADMIN_TIMEOUT_MS, useValue: config.REPORTING_KAFKA_ADMIN_TIMEOUT_MS },
      ExclusiveGate,
      ConsumerProgress,
      ProjectionRepository,
      ProjectEvent,
      ConsumeEvent,
      KafkaAdminSession,
      ConsumerStatusService,
      SalesReportService,
      RebuildProjectionsService,
    ],
  })
  class ReportingAppModule {}

  return ReportingAppModule;
}
