// First: OpenTelemetry starts before NestJS and the broker and database clients load, so it can instrument them.
import '@commlab/tracing/register';
import 'reflect-metadata';

import { runServiceMain } from '@commlab/service-kit';

import { inventoryConfigSchema } from './config/inventory.config';
import { SERVICE_NAME } from './inventory-app.module';
import { startInventoryService } from './start-inventory-service';

/** `pnpm --filter @commlab/inventory-service start`: validated config, then the HTTP, gRPC and Kafka servers. */
runServiceMain({
  name: SERVICE_NAME,
  schema: inventoryConfigSchema,
  start: (config, databaseLogger) => startInventoryService(config, { databaseLogger }),
  describe: (service) =>
    `${SERVICE_NAME} listening: HTTP ${service.httpUrl} (docs ${service.httpUrl}/docs), gRPC ${service.grpcUrl}`,
});
