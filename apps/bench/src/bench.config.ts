import { infrastructureConfigSchema, loadConfig, type Environment } from '@commlab/config';
import { z } from 'zod';

/**
 * The bench's environment: where RabbitMQ, Redis and (for `--target compose`) Kafka are — the same
 * variables as every service — plus BENCH_KAFKA_BROKERS to use a running Kafka instead of starting a
 * kafka-lite with `--target local`, and DATABASE_URL: as with `pnpm start`, the services the bench starts
 * keep their stores in that PostgreSQL (schemas of their own, dropped afterwards) instead of PGlite.
 */
export const benchConfigSchema = infrastructureConfigSchema
  .pick({ RABBITMQ_URL: true, REDIS_URL: true, KAFKA_BROKERS: true, DATABASE_URL: true })
  .extend({
    BENCH_KAFKA_BROKERS: z
      .string()
      .regex(/^[A-Za-z0-9.\-_[\]:]+:\d{1,5}(,[A-Za-z0-9.\-_[\]:]+:\d{1,5})*$/)
      .optional()
      .describe('a comma-separated list of host:port addresses, or unset (start a kafka-lite)'),
  });

export type BenchConfig = z.infer<typeof benchConfigSchema>;

export function loadBenchConfig(env?: Environment): BenchConfig {
  return loadConfig(benchConfigSchema, env);
}
