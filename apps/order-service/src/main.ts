// First: OpenTelemetry starts before NestJS and the broker and database clients load, so it can instrument them.
import '@commlab/tracing/register';
import 'reflect-metadata';

import { runServiceMain } from '@commlab/service-kit';

import { orderConfigSchema } from './config/order.config';
import { SERVICE_NAME } from './order-app.module';
import { startOrderService } from './start-order-service';

/** `pnpm --filter @commlab/order-service start`: validated config, then HTTP + the Kafka event consumer. */
runServiceMain({
  name: SERVICE_NAME,
  schema: orderConfigSchema,
  start: (config, databaseLogger) => startOrderService(config, { databaseLogger }),
  describe: (service) => `${SERVICE_NAME} listening: HTTP ${service.httpUrl} (docs ${service.httpUrl}/docs)`,
});
