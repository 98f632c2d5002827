import { env } from '@commlab/config';
import { PORTS } from '@commlab/contracts';

/**
 * The variables of a service that verifies access tokens locally (order-service's `?auth=jwks`,
 * inventory-service's service tokens): where auth-service publishes its keys and what the tokens must say.
 */
export const jwksConfigFields = {
  AUTH_HTTP_URL: env.url(`http://127.0.0.1:${PORTS.auth.http}`, ['http:', 'https:']),
  AUTH_JWT_ISSUER: env.text('commlab-auth'),
  AUTH_JWT_AUDIENCE: env.text('commlab'),
  /** How long auth-service's public keys are used before they are fetched again. */
  JWKS_CACHE_MS: env.durationMs(10 * 60_000),
};

/** The JwksVerifier options from those variables; `timeoutMs` bounds one fetch of the key set. */
export function jwksVerifierOptions(
  config: {
    AUTH_HTTP_URL: string;
    AUTH_JWT_ISSUER: string;
    AUTH_JWT_AUDIENCE: string;
    JWKS_CACHE_MS: number;
  },
  timeoutMs: number,
) {
  return {
    authUrl: config.AUTH_HTTP_URL,
    issuer: config.AUTH_JWT_ISSUER,
    audience: config.AUTH_JWT_AUDIENCE,
    cacheMs: config.JWKS_CACHE_MS,
    timeoutMs,
  };
}
