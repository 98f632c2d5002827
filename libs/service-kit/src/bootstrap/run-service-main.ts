import { ConfigError, loadConfig } from '@commlab/config';
import type { DatabaseLogger } from '@commlab/persistence';
import type { z } from 'zod';

const QUIET_LEVELS = new Set(['silent', 'fatal', 'error', 'warn']);

export interface RunServiceMainOptions<Shape extends z.ZodRawShape, Service> {
  /** `inventory-service`: the `name` of the boot lines and of the failure message. */
  name: string;
  schema: z.ZodObject<Shape>;
  /** Starts the service; `databaseLogger` prints the migration lines. */
  start: (config: z.infer<z.ZodObject<Shape>>, databaseLogger: DatabaseLogger) => Promise<Service>;
  /** The line printed once it listens (URLs, queues, …). */
  describe: (service: Service, config: z.infer<z.ZodObject<Shape>>) => string;
}

/**
 * The `main.ts` of every service: validate the config (a ConfigError prints every bad variable and exits
 * 1, no stack), start, print a "listening" line. Boot lines have the JSON shape of the service's pino
 * logs (migrations run before Nest starts) and respect LOG_LEVEL. SIGTERM/SIGINT are Nest's shutdown hooks.
 */
export function runServiceMain<Shape extends z.ZodRawShape, Service>(
  options: RunServiceMainOptions<Shape, Service>,
): void {
  const fail = (error: unknown): never => {
    if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
    else console.error(`${options.name} failed to start:`, error);
    process.exit(1);
  };
  const main = async (): Promise<void> => {
    const config = loadConfig(options.schema);
    const level = (config as { LOG_LEVEL?: string }).LOG_LEVEL ?? 'info';
    const info = (msg: string) => {
      if (QUIET_LEVELS.has(level)) return;
      const line = { level: 30, time: new Date().toISOString(), pid: process.pid, name: options.name, msg };
      process.stdout.write(`${JSON.stringify(line)}\n`);
    };
    const service = await options.start(config, { log: info, warn: info });
    info(options.describe(service, config));
  };
  main().catch(fail);
}
