import 'reflect-metadata';

import { runServiceMain } from '@commlab/service-kit';

import { inventoryConfigSchema } from './config/inventory.config';
import { startInventoryService } from './start-inventory-service';

/** `pnpm --filter @commlab/inventory-service start`: validated config, then the HTTP, gRPC and Kafka servers. */
runServiceMain({
  name: 'inventory-service',
  schema: inventoryConfigSchema,
  start: (config, databaseLogger) => startInventoryService(config, { databaseLogger }),
  describe: (service) =>
    `inventory-service listening: HTTP ${service.httpUrl} (docs ${service.httpUrl}/docs), gRPC ${service.grpcUrl}`,
});
