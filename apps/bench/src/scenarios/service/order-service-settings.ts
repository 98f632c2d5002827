import { jwksConfigFields } from '@commlab/access-tokens';
import { env, kafkaConsumerConfigFields, loadConfig } from '@commlab/config';
import { z } from 'zod';

/** How order-service may reserve a sync order's stock (`POST /orders?transport=`), as its API lists them. */
export type ReserveTransport = 'grpc' | 'rest' | 'rmq' | 'kafka';

/**
 * The settings of order-service the scenarios copy, at the defaults `pnpm start` and compose run it with:
 * the JWT issuer, audience and JWKS cache (the shared access-token fields), its Kafka consumer's fetch wait
 * (the shared consumer fields) and DOWNSTREAM_TIMEOUT_MS, the deadline it puts on every call to auth and
 * inventory (order-service's own default, 2 s).
 */
export const ORDER_SERVICE_DEFAULTS = loadConfig(
  z.object({
    AUTH_JWT_ISSUER: jwksConfigFields.AUTH_JWT_ISSUER,
    AUTH_JWT_AUDIENCE: jwksConfigFields.AUTH_JWT_AUDIENCE,
    JWKS_CACHE_MS: jwksConfigFields.JWKS_CACHE_MS,
    KAFKA_CONSUMER_MAX_WAIT_MS: kafkaConsumerConfigFields.KAFKA_CONSUMER_MAX_WAIT_MS,
    DOWNSTREAM_TIMEOUT_MS: env.durationMs(2000),
  }),
  {},
);
