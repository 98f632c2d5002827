import { bookkeepingSettings, kafkaConsumerSettings } from '@commlab/config';
import type { ResilientKafkaServer } from '@commlab/messaging-kafka';
import { BookkeepingModule, CONSUMER_POLICY, LiveFeedModule } from '@commlab/messaging-nest';
import { LiveFeed } from '@commlab/messaging-redis';
import type { Database } from '@commlab/persistence';
import { ServiceKitModule } from '@commlab/service-kit';
import { Module, type Type } from '@nestjs/common';

import type { ReportingConfig } from './config/reporting.config';
import { ConsumeEvent } from './consumer/consume-event';
import { ConsumerProgress } from './consumer/consumer-progress';
import { ExclusiveGate } from './consumer/exclusive-gate';
import { InventoryKafkaController } from './consumer/inventory.kafka.controller';
import { OrdersKafkaController } from './consumer/orders.kafka.controller';
import { REPORTING_KAFKA_SERVER } from './consumer/reporting-kafka-server';
import { ProjectEvent } from './projections/project-event.use-case';
import { ProjectionRepository } from './projections/projection.repository';
import { GetConsumerStatus } from './reports/get-consumer-status.use-case';
import { GetSalesReport } from './reports/get-sales-report.use-case';
import { ADMIN_TIMEOUT_MS, KafkaAdminSession } from './reports/kafka-admin-session';
import { REBUILD_TIMEOUT_MS, RebuildProjections } from './reports/rebuild-projections.use-case';
import { ReportsHttpController } from './reports/reports.http.controller';
import { ListSnapshots } from './snapshots/list-snapshots.use-case';
import { ProjectionSnapshotRepository } from './snapshots/projection-snapshot.repository';
import { SnapshotsHttpController } from './snapshots/snapshots.http.controller';
import { SNAPSHOT_SETTINGS, TakeSnapshot } from './snapshots/take-snapshot.use-case';

export const SERVICE_NAME = 'reporting-service';

/** What the root module is built from: opened and created by startReportingService before Nest starts. */
export interface ReportingAppDependencies {
  config: ReportingConfig;
  database: Database;
  /** The (not yet started) Kafka server of the consumer group: status, assignment, rebuild. */
  server: ResilientKafkaServer;
}

/**
 * The root module around an open store: platform (logs, errors, /health, config and store), the live
 * feed, the consumer's failure policy, the projections, their snapshots and the reports.
 */
export function reportingAppModule({ config, database, server }: ReportingAppDependencies): Type {
  @Module({
    imports: [
      ServiceKitModule.forRoot({ service: SERVICE_NAME, logLevel: config.LOG_LEVEL, config, database }),
      // Inbox entries past their retention are pruned in the background.
      BookkeepingModule.forRoot({ db: database, ...bookkeepingSettings(config) }),
      // One fire-and-forget line per projected event and per rebuild (Redis `commlab.live`).
      LiveFeedModule.forRoot(() => new LiveFeed({ url: config.REDIS_URL, service: SERVICE_NAME })),
    ],
    controllers: [
      ReportsHttpController,
      SnapshotsHttpController,
      OrdersKafkaController,
      InventoryKafkaController,
    ],
    providers: [
      { provide: REPORTING_KAFKA_SERVER, useValue: server },
      {
        provide: CONSUMER_POLICY,
        useValue: { consumerGroup: server.consumerGroupId, retry: kafkaConsumerSettings(config).retry },
      },
      { provide: REBUILD_TIMEOUT_MS, useValue: config.REPORTING_REBUILD_TIMEOUT_MS },
      { provide: ADMIN_TIMEOUT_MS, useValue: config.REPORTING_KAFKA_ADMIN_TIMEOUT_MS },
      {
        provide: SNAPSHOT_SETTINGS,
        useValue: {
          everyRecords: config.REPORTING_SNAPSHOT_EVERY_EVENTS,
          keep: config.REPORTING_SNAPSHOTS_KEPT,
        },
      },
      ExclusiveGate,
      ConsumerProgress,
      ProjectionRepository,
      ProjectEvent,
      ConsumeEvent,
      KafkaAdminSession,
      GetConsumerStatus,
      GetSalesReport,
      RebuildProjections,
      ProjectionSnapshotRepository,
      TakeSnapshot,
      ListSnapshots,
    ],
  })
  class ReportingAppModule {}

  return ReportingAppModule;
}
