import { env, infrastructureConfigSchema } from '@commlab/config';
import { PORTS } from '@commlab/contracts';
import { z } from 'zod';

/**
 * `pnpm start` settings. The port variables are the services' own (each service reads the same name),
 * so the stack and the health checks agree when a user moves a port.
 */
export const startConfigSchema = infrastructureConfigSchema.extend({
  /** Run the built-in kafka-lite; set false to use KAFKA_BROKERS (e.g. the compose Kafka) instead. */
  KAFKA_LITE: env.bool(true),
  KAFKA_LITE_PORT: env.port(PORTS.kafka),
  /**
   * How long kafka-lite keeps a record (Kafka's log.retention.ms); -1, the default, keeps every record
   * forever. With retention, old records disappear from the topics: reporting's rebuild then starts from
   * its newest snapshot that still meets the log, and refuses (HISTORY_TRUNCATED) when none does, rather
   * than build reports that silently miss them.
   */
  KAFKA_LITE_RETENTION_MS: z.coerce
    .number()
    .int()
    .min(-1)
    .default(-1)
    .describe('milliseconds a record is kept, or -1 to keep every record'),
  /**
   * Run the built-in trace store (an OTLP/HTTP receiver; \`pnpm trace\` reads it). Off, or with
   * OTEL_EXPORTER_OTLP_ENDPOINT set, the services export to that endpoint instead (Jaeger, a Collector).
   */
  TRACE_STORE: env.bool(true),
  TRACE_STORE_PORT: env.port(PORTS.otlpHttp),
  /** Where the services send their spans instead of the built-in trace store. */
  OTEL_EXPORTER_OTLP_ENDPOINT: env.optionalUrl(['http:', 'https:']),
  /** Where PGlite databases, kafka-lite's log and the service logs live. */
  COMMLAB_DATA_DIR: env.path('.data'),
  /** How long a service may take to become healthy (first start creates its databases). */
  START_TIMEOUT_MS: env.durationMs(120_000),
  /**
   * Start a service that crashes again, after a backoff (0.5 s doubling up to RESTART_MAX_BACKOFF_MS).
   * Off: a crashed service stays stopped (the rest keeps running) until `pnpm stack start`.
   */
  RESTART_ON_CRASH: env.bool(true),
  /**
   * Stop gracefully once stdin ends: set by programs that start a stack of their own on a pipe (the bench,
   * pnpm chaos, bench:profile-order), so their stack goes when they do, even when they are killed.
   */
  STOP_WHEN_STDIN_CLOSES: env.bool(false),
  /** The longest wait before restarting a crashed service; a crash loop is retried this often. */
  RESTART_MAX_BACKOFF_MS: z.coerce
    .number()
    .int()
    .min(500)
    .max(3_600_000)
    .default(30_000)
    .describe('milliseconds, from 500 (the first wait) to 3600000'),
  AUTH_HTTP_PORT: env.port(PORTS.auth.http),
  AUTH_GRPC_PORT: env.port(PORTS.auth.grpc),
  INVENTORY_HTTP_PORT: env.port(PORTS.inventory.http),
  INVENTORY_GRPC_PORT: env.port(PORTS.inventory.grpc),
  ORDER_HTTP_PORT: env.port(PORTS.order.http),
  NOTIFICATION_HTTP_PORT: env.port(PORTS.notification.http),
  REPORTING_HTTP_PORT: env.port(PORTS.reporting.http),
  /** The console (apps/console), started after the services: open http://127.0.0.1:8080. */
  CONSOLE_PORT: env.port(PORTS.console.http),
});

export type StartConfig = ReturnType<typeof startConfigSchema.parse>;
