// First: OpenTelemetry starts before NestJS and the broker and database clients load, so it can instrument them.
import '@commlab/tracing/register';
import 'reflect-metadata';

import { runServiceMain } from '@commlab/service-kit';

import { reportingConfigSchema } from './config/reporting.config';
import { SERVICE_NAME } from './reporting-app.module';
import { startReportingService } from './start-reporting-service';

/** `pnpm --filter @commlab/reporting-service start`: validated config, then HTTP + the Kafka consumer. */
runServiceMain({
  name: SERVICE_NAME,
  schema: reportingConfigSchema,
  start: (config, databaseLogger) => startReportingService(config, { databaseLogger }),
  describe: (service, config) =>
    `${SERVICE_NAME} listening: HTTP ${service.httpUrl} (docs ${service.httpUrl}/docs), ` +
    `consumer group ${service.kafka.consumerGroupId} on ${config.KAFKA_BROKERS.join(',')}`,
});
