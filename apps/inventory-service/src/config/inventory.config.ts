import {
  bookkeepingConfigFields,
  env,
  infrastructureConfigSchema,
  kafkaConsumerConfigFields,
  rabbitMqConsumerConfigFields,
} from '@commlab/config';
import { jwksConfigFields } from '@commlab/access-tokens';
import { PORTS } from '@commlab/contracts';
import { z } from 'zod';

export { shouldSeedDemoData } from '@commlab/config';

export { IN_MEMORY_DATA_DIR } from '@commlab/service-kit';

/** The prefix of the `inventory.commands` consumer's variables (INVENTORY_COMMANDS_MAX_ATTEMPTS, …). */
export const INVENTORY_COMMANDS = 'INVENTORY_COMMANDS';

/** inventory-service's variables, on top of the shared infrastructure ones. */
export const inventoryConfigSchema = infrastructureConfigSchema.extend({
  INVENTORY_HTTP_PORT: env.port(PORTS.inventory.http),
  INVENTORY_GRPC_PORT: env.port(PORTS.inventory.grpc),
  /** PGlite directory, used only when DATABASE_URL is unset; `memory://` = in memory. */
  INVENTORY_DATA_DIR: z
    .string()
    .min(1)
    .default('.data/inventory-service')
    .describe('a directory path, or memory:// for an in-memory store'),
  /** auth-service's keys: service tokens (POST /stock/{sku}/adjustments) are verified with them, locally. */
  ...jwksConfigFields,
  /** The Kafka request server of ReserveStock (group `inventory-reserve-stock`). */
  ...kafkaConsumerConfigFields,
  ...bookkeepingConfigFields,
  /**
   * Heartbeats of the request server: every second (rather than the event consumers' 3 s), so an instance
   * that joins or leaves is noticed quickly and requests do not wait long for a rebalance.
   */
  KAFKA_HEARTBEAT_INTERVAL_MS: env.durationMs(1_000),
  /** The `inventory.commands` consumer: prefetch and failure policy of the async orders' ReserveStock. */
  /**
   * A ReserveStock command may wait in `inventory.commands` (inventory down, a backlog) past the expiry of
   * the service token it was sent with; it is still accepted this long after (default 1 h), not later:
   * an outage longer than that dead-letters the waiting commands (TOKEN_INVALID). Every other operation
   * accepts no expired token.
   */
  INVENTORY_COMMANDS_TOKEN_GRACE_MS: env.durationMs(3_600_000),
  ...rabbitMqConsumerConfigFields(INVENTORY_COMMANDS, {
    prefetch: 20,
    maxAttempts: 5,
    retryBaseMs: 500,
    retryMaxMs: 30_000,
  }),
});

export type InventoryConfig = z.infer<typeof inventoryConfigSchema>;
