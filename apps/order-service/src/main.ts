import 'reflect-metadata';

import { ConfigError, loadConfig } from '@commlab/config';

import { orderConfigSchema } from './config/order.config';
import { startOrderService } from './start-order-service';

async function main(): Promise<void> {
  const config = loadConfig(orderConfigSchema);
  const service = await startOrderService(config);
  process.stdout.write(
    `${JSON.stringify({ level: 30, time: new Date().toISOString(), name: 'order-service', msg: `order-service listening on ${service.httpUrl}` })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `order-service: ${error instanceof ConfigError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
