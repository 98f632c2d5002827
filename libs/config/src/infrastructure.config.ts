import { PORTS } from '@commlab/contracts';
import { z } from 'zod';

import { host, hostPortList, oneOf, optionalBool, optionalUrl, url } from './fields';

/**
 * Where the brokers and the database are. Every service and test reads these through this one schema,
 * so the defaults (the local `pnpm start` stack) and the names are the same everywhere.
 */
export const infrastructureConfigSchema = z.object({
  /** `development` seeds demo data and allows loopback webhooks; `production` is what compose runs. */
  COMMLAB_ENV: oneOf(['development', 'production', 'test'], 'development'),
  LOG_LEVEL: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
  /** Kafka bootstrap brokers; locally kafka-lite, in compose Apache Kafka. */
  KAFKA_BROKERS: hostPortList(`127.0.0.1:${PORTS.kafka}`),
  RABBITMQ_URL: url(`amqp://guest:guest@127.0.0.1:${PORTS.rabbitmq}`, ['amqp:', 'amqps:']),
  REDIS_URL: url(`redis://127.0.0.1:${PORTS.redis}`, ['redis:', 'rediss:']),
  /** Unset: each service keeps an embedded PGlite under `.data/<service>`. Set: a real PostgreSQL. */
  DATABASE_URL: optionalUrl(['postgres:', 'postgresql:']),
  /** Where an embedded PGlite runs: `worker`, a thread of its own, or `main`, the service's event loop. */
  PGLITE_THREAD: oneOf(['worker', 'main'], 'main'),
  /** Interface the services listen on: 127.0.0.1 locally; compose sets 0.0.0.0. */
  BIND_HOST: host('127.0.0.1'),
  /** Seed demo users and the demo catalog (idempotent). Unset: only when COMMLAB_ENV=development. */
  SEED_DEMO_DATA: optionalBool('true only when COMMLAB_ENV=development'),
});

export type InfrastructureConfig = z.infer<typeof infrastructureConfigSchema>;

/** SEED_DEMO_DATA when given, else true only in development. */
export function shouldSeedDemoData(
  config: Pick<InfrastructureConfig, 'SEED_DEMO_DATA' | 'COMMLAB_ENV'>,
): boolean {
  return config.SEED_DEMO_DATA ?? config.COMMLAB_ENV === 'development';
}
