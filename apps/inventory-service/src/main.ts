import 'reflect-metadata';

import { ConfigError, loadConfig } from '@commlab/config';

import { inventoryConfigSchema } from './config/inventory.config';
import { startInventoryService } from './start-inventory-service';

const QUIET_LEVELS = new Set(['silent', 'fatal', 'error', 'warn']);

/** `pnpm --filter @commlab/inventory-service start`: validated config, then the HTTP and gRPC servers. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(inventoryConfigSchema);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  // Boot lines in the same JSON shape as the service's pino logs (migrations run before Nest starts).
  const info = (msg: string) => {
    if (QUIET_LEVELS.has(config.LOG_LEVEL)) return;
    const line = {
      level: 30,
      time: new Date().toISOString(),
      pid: process.pid,
      name: 'inventory-service',
      msg,
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  };
  const service = await startInventoryService(config, { databaseLogger: { log: info, warn: info } });
  // SIGTERM/SIGINT: Nest's shutdown hooks stop the servers, then StoreModule closes the store.
  info(
    `inventory-service listening: HTTP ${service.httpUrl} (docs ${service.httpUrl}/docs), gRPC ${service.grpcUrl}`,
  );
}

main().catch((error: unknown) => {
  console.error('inventory-service failed to start:', error);
  process.exit(1);
});
