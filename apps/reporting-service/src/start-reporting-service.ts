import 'reflect-metadata';

import { kafkaConsumerSettings } from '@commlab/config';
import { KAFKA_CONSUMER_GROUPS } from '@commlab/contracts';
import { ResilientKafkaServer } from '@commlab/messaging-kafka';
import { type Database, type DatabaseLogger, openDatabase } from '@commlab/persistence';
import { createServiceApp } from '@commlab/service-kit';
import { type KafkaConfig, logLevel } from 'kafkajs';

import type { ReportingConfig } from './config/reporting.config';
import { reportingAppModule, SERVICE_NAME } from './reporting-app.module';
import { REPORTING_MIGRATIONS } from './store/reporting.migrations';

export interface StartReportingServiceOptions {
  /** PostgreSQL schema when DATABASE_URL is set (tests use a throwaway one). */
  databaseSchema?: string;
  /** Use an in-memory PGlite instead of REPORTING_DATA_DIR (tests). */
  inMemoryStore?: boolean;
  /** Where the store logs migrations (default: nowhere). */
  databaseLogger?: DatabaseLogger;
}

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
  const settings = kafkaConsumerSettings(config);
  const database = await openDatabase({
    service: SERVICE_NAME,
    migrations: REPORTING_MIGRATIONS,
    ...(config.DATABASE_URL === undefined ? {} : { url: config.DATABASE_URL }),
    ...(config.DATABASE_URL === undefined && options.inMemoryStore !== true
      ? { dataDir: config.REPORTING_DATA_DIR }
      : {}),
    ...(options.databaseSchema === undefined ? {} : { schema: options.databaseSchema }),
    ...(options.databaseLogger === undefined ? {} : { logger: options.databaseLogger }),
  });
  const client: KafkaConfig = {
    clientId: SERVICE_NAME,
    brokers: [...config.KAFKA_BROKERS],
    connectionTimeout: 3_000,
    logLevel: logLevel.WARN,
  };
  const kafka = new ResilientKafkaServer({
    client,
    consumer: {
      groupId: KAFKA_CONSUMER_GROUPS.reporting,
      sessionTimeout: settings.sessionTimeout,
      heartbeatInterval: settings.heartbeatInterval,
      maxWaitTimeInMs: settings.maxWaitTimeInMs,
      allowAutoTopicCreation: false,
    },
    // A new group reads the topics from their start: projections are built from the whole history.
    subscribe: { fromBeginning: true },
    // One record at a time, in partition order; offsets are committed only after a record was applied
    // or dead-lettered (kafkajs commits what eachMessage resolved).
    run: { partitionsConsumedConcurrently: 1, autoCommit: true },
    // The producer only writes dead letters: every one acknowledged by all in-sync replicas.
    producer: { idempotent: false, allowAutoTopicCreation: true },
    // Records reach the handler as bytes + string headers: the CloudEvents binding parses them itself.
    parser: { keepBinary: true },
    // The group and client names are the contract ones, not NestJS's `-server` variants.
    postfixId: '',
  });
  try {
    const service = await createServiceApp({
      module: reportingAppModule(config, database, kafka, settings),
      service: SERVICE_NAME,
      description:
        'Projections built from the Kafka topics orders and inventory by the consumer group `reporting`: ' +
        'sales per SKU and per day, order counts, stock movements; consumer offsets and lag; rebuild by replay.',
      http: { host: config.BIND_HOST, port: config.REPORTING_HTTP_PORT },
    });
    service.app.connectMicroservice({ strategy: kafka }, { inheritAppConfig: true });
    await service.app.startAllMicroservices();
    return {
      httpUrl: service.httpUrl,
      kafka,
      database,
      close: async () => {
        try {
          await service.close();
        } finally {
          await database.close();
        }
      },
    };
  } catch (error) {
    await kafka.close().catch(() => undefined);
    await database.close();
    throw error;
  }
}
