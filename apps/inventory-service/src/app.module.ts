import type { Database } from '@commlab/persistence';
import { type DependencyCheck, ServiceKitModule } from '@commlab/service-kit';
import { Module, type Type } from '@nestjs/common';

import type { InventoryConfig } from './config/inventory.config';
import { InventoryModule } from './inventory.module';
import { DATABASE, StoreModule } from './store/store.module';

export const SERVICE_NAME = 'inventory-service';

/** The root module around an already-open store: platform (logs, errors, /health) + inventory. */
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
      InventoryModule,
    ],
  })
  class InventoryAppModule {}

  return InventoryAppModule;
}
