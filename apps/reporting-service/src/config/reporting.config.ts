import {
  env,
  inboxBookkeepingConfigFields,
  infrastructureConfigSchema,
  kafkaConsumerConfigFields,
} from '@commlab/config';
import { PORTS } from '@commlab/contracts';
import type { z } from 'zod';

/** reporting-service's variables, on top of the shared infrastructure and Kafka consumer ones. */
export const reportingConfigSchema = infrastructureConfigSchema.extend({
  REPORTING_HTTP_PORT: env.port(PORTS.reporting.http),
  /** PGlite directory, used when DATABASE_URL is unset. */
  REPORTING_DATA_DIR: env.path('.data/reporting-service'),
  /**
   * How long `POST /reports/rebuild` waits for the replay to reach the offsets it started from before it
   * answers 202 ("still replaying") instead of 200 with the before/after hashes.
   */
  REPORTING_REBUILD_TIMEOUT_MS: env.durationMs(60_000),
  /** Bound of each admin call behind `GET /reports/status` (offsets, watermarks): past it, 503. */
  REPORTING_KAFKA_ADMIN_TIMEOUT_MS: env.durationMs(3_000),
  /**
   * Take a snapshot of the projections (with the offsets they had reached) every this many consumed
   * records; 0 = only on `POST /reports/snapshots`. A rebuild after retention restores the newest one.
   */
  REPORTING_SNAPSHOT_EVERY_EVENTS: env.nonNegativeInt(1_000, 'records; 0 = only on request'),
  /** How many snapshots are kept: taking one deletes the older ones. */
  REPORTING_SNAPSHOTS_KEPT: env.positiveInt(5, 'snapshots'),
  ...kafkaConsumerConfigFields,
  ...inboxBookkeepingConfigFields,
});

export type ReportingConfig = z.infer<typeof reportingConfigSchema>;
