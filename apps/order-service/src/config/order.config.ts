import {
  bookkeepingConfigFields,
  env,
  infrastructureConfigSchema,
  kafkaConsumerConfigFields,
} from '@commlab/config';
import { webhookConfigFields } from '@commlab/webhooks';
import { devClientCredentials, jwksConfigFields } from '@commlab/access-tokens';
import { PORTS } from '@commlab/contracts';
import type { z } from 'zod';

export const orderConfigSchema = infrastructureConfigSchema.extend({
  ORDER_HTTP_PORT: env.port(PORTS.order.http),
  /** PGlite directory, used when DATABASE_URL is unset. */
  ORDER_DATA_DIR: env.path('.data/order-service'),
  AUTH_GRPC_URL: env.hostPort(`127.0.0.1:${PORTS.auth.grpc}`),
  INVENTORY_GRPC_URL: env.hostPort(`127.0.0.1:${PORTS.inventory.grpc}`),
  INVENTORY_HTTP_URL: env.url(`http://127.0.0.1:${PORTS.inventory.http}`, ['http:', 'https:']),
  /**
   * Deadline of every synchronous call to auth and inventory (gRPC deadline, HTTP timeout). Past it the
   * order answers 503 AUTH_UNAVAILABLE / INVENTORY_UNAVAILABLE instead of hanging.
   */
  DOWNSTREAM_TIMEOUT_MS: env.durationMs(2000),
  /**
   * order-service's own client of auth's client credentials grant: the service token (scope stock:reserve)
   * it sends to inventory on every transport. Defaults: the DEV-ONLY client, refused in production.
   */
  ORDER_CLIENT_ID: env.text(devClientCredentials('order-service').id),
  ORDER_CLIENT_SECRET: env.text(devClientCredentials('order-service').secret),
  /** auth-service's HTTP API and keys: `?auth=rest` calls it, `?auth=jwks` verifies with its keys. */
  ...jwksConfigFields,
  /** The consumer of inventory's answers (Kafka `inventory`, group `order`) that completes async orders. */
  ...kafkaConsumerConfigFields,
  ...bookkeepingConfigFields,
  /**
   * How long an Idempotency-Key of POST /orders is kept (per user): a retry with the key within it replays
   * the first response; expired keys are pruned every BOOKKEEPING_PRUNE_INTERVAL_MS.
   */
  IDEMPOTENCY_KEY_TTL_MS: env.durationMs(86_400_000),
  /**
   * An async order's deadline: still PENDING this long after it was accepted (inventory never answered),
   * it is EXPIRED and inventory is asked to release whatever it reserved for it. Longer than inventory
   * may be down for maintenance; the default is 15 minutes.
   */
  ORDER_PENDING_TIMEOUT_MS: env.durationMs(900_000),
  /** How often the expiry job looks for PENDING orders past their deadline. */
  ORDER_EXPIRY_INTERVAL_MS: env.durationMs(5_000),
  /**
   * How often the reconciliation job compares the orders with inventory's active reservations (also run
   * on demand: POST /admin/reconcile).
   */
  RECONCILE_INTERVAL_MS: env.durationMs(300_000),
  /**
   * A reservation younger than this is left alone by the reconciliation: a sync order's reservation is
   * made before its order is stored, and a cancellation or expiry may still be on its way to inventory.
   */
  RECONCILE_GRACE_MS: env.durationMs(120_000),
  /** Signed callbacks of async orders (Standard Webhooks) and the SSRF rules for callback URLs. */
  ...webhookConfigFields,
});

export type OrderConfig = z.infer<typeof orderConfigSchema>;
