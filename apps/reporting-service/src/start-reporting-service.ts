import 'reflect-metadata';

import { kafkaConsumerSettings } from '@commlab/config';
import { KAFKA_CONSUMER_GROUPS } from '@commlab/contracts';
import { kafkaEventConsumerServer, type ResilientKafkaServer } from '@commlab/messaging-kafka';
import type { Database } from '@commlab/persistence';
import {
  createServiceApp,
  openServiceStore,
  type ServiceStoreOptions,
  startOnStore,
} from '@commlab/service-kit';

import type { ReportingConfig } from './config/reporting.config';
import { reportingAppModule, SERVICE_NAME } from './reporting-app.module';
import { REPORTING_MIGRATIONS } from './store/reporting.migrations';

export type StartReportingServiceOptions = ServiceStoreOptions;

export interface RunningReportingService {
  httpUrl: string;
  /** The consumer group's Kafka server (status, assignment), for tests and tools. */
  kafka: ResilientKafkaServer;
  database: Database;
  /** Stops HTTP and the consumer (the event in flight finishes), then closes the store. */
  close(): Promise<void>;
}

/**
 * Opens the store, starts the HTTP API, and joins the `reporting` consumer group over `orders` and
 * `inventory` through NestJS's Kafka transport. Kafka being down does not stop the start: the consumer
 * connects in the background and `GET /reports/status` says why it is not running.
 */
export async function startReportingService(
  config: ReportingConfig,
  options: StartReportingServiceOptions = {},
): Promise<RunningReportingService> {
  const database = await openServiceStore(
    {
      service: SERVICE_NAME,
      migrations: REPORTING_MIGRATIONS,
      databaseUrl: config.DATABASE_URL,
      dataDir: config.REPORTING_DATA_DIR,
      pgliteThread: config.PGLITE_THREAD,
    },
    options,
  );
  const kafka = kafkaEventConsumerServer({
    brokers: config.KAFKA_BROKERS,
    clientId: SERVICE_NAME,
    groupId: KAFKA_CONSUMER_GROUPS.reporting,
    timings: kafkaConsumerSettings(config),
  });
  try {
    return await startOnStore(database, async () => {
      const service = await createServiceApp({
        module: reportingAppModule({ config, database, server: kafka }),
        service: SERVICE_NAME,
        description:
          'Projections built from the Kafka topics orders and inventory by the consumer group `reporting`: ' +
          'sales per SKU and per day, order counts, stock movements; consumer offsets and lag; rebuild by replay.',
        http: { host: config.BIND_HOST, port: config.REPORTING_HTTP_PORT },
        microservices: [{ strategy: kafka }],
      });
      return { httpUrl: service.httpUrl, kafka, database, close: () => service.close() };
    });
  } catch (error) {
    await kafka.close().catch(() => undefined);
    throw error;
  }
}
