import { env, infrastructureConfigSchema } from '@commlab/config';
import { PORTS } from '@commlab/contracts';
import { z } from 'zod';

import { privateSigningJwkSchema } from '../keys/signing-jwk';

export { shouldSeedDemoData } from '@commlab/config';

/** A private Ed25519 JWK given as JSON text (e.g. `{"kty":"OKP","crv":"Ed25519","x":"…","d":"…"}`). */
function optionalPrivateJwk() {
  const description = 'a private Ed25519 JWK as JSON: {"kty":"OKP","crv":"Ed25519","x":"…","d":"…"}';
  return z
    .string()
    .transform((text, context) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      const jwk = privateSigningJwkSchema.safeParse(parsed);
      if (jwk.success) return jwk.data;
      context.addIssue({ code: 'custom', message: description });
      return z.NEVER;
    })
    .optional()
    .describe(description);
}

/** Everything auth-service reads from the environment (see README.md and .env.example). */
export const authConfigSchema = infrastructureConfigSchema
  .extend({
    AUTH_HTTP_PORT: env.port(PORTS.auth.http),
    AUTH_GRPC_PORT: env.port(PORTS.auth.grpc),
    /** PGlite directory, used only when DATABASE_URL is unset. */
    AUTH_DATA_DIR: env.path('.data/auth-service'),
    AUTH_JWT_ISSUER: z.string().min(1).default('commlab-auth').describe('a non-empty string (the JWT iss)'),
    AUTH_JWT_AUDIENCE: z.string().min(1).default('commlab').describe('a non-empty string (the JWT aud)'),
    /** When set, the only signing key (nothing is generated or stored). */
    AUTH_SIGNING_KEY: optionalPrivateJwk(),
    /** Failed logins per normalized email within the window before logins answer 429. */
    AUTH_LOGIN_MAX_FAILURES: env.positiveInt(5, 'failed logins'),
    AUTH_LOGIN_FAILURE_WINDOW_MS: env.durationMs(15 * 60 * 1000),
    /** Failed (or refused) logins per client address within its sliding window before logins from it answer 429. */
    AUTH_LOGIN_MAX_FAILURES_PER_ADDRESS: env.positiveInt(20, 'failed logins'),
    AUTH_LOGIN_ADDRESS_WINDOW_MS: env.durationMs(60 * 1000),
    /**
     * Proxies in front of auth-service that append the client address to X-Forwarded-For. 0 (default): the
     * socket's peer is the client and X-Forwarded-For is ignored, as anyone can send one.
     */
    AUTH_TRUSTED_PROXY_HOPS: env.nonNegativeInt(0, 'proxies'),
    /** Password hashes (~350 ms of scrypt each) running at once; below UV_THREADPOOL_SIZE, so verification keeps threads. */
    AUTH_HASH_CONCURRENCY: env
      .positiveInt(2, 'hashes')
      .describe('a positive integer (hashes), below UV_THREADPOOL_SIZE (4 unless set)'),
    /** Hashes that may wait for a turn; one more answers 429 AUTH_BUSY at once. */
    AUTH_HASH_QUEUE_SIZE: env.nonNegativeInt(8, 'hashes'),
    /** How long a hash may wait for a turn before the login answers 429 AUTH_BUSY. */
    AUTH_HASH_QUEUE_TIMEOUT_MS: env.durationMs(1000),
    /** libuv's thread pool size: read (never set) by auth-service, to check AUTH_HASH_CONCURRENCY against it. */
    UV_THREADPOOL_SIZE: env.positiveInt(4, 'threads'),
    /**
     * The clients of the OAuth 2.0 client credentials grant (POST /oauth/token), as JSON:
     * `[{"id":"commlab-bench","secret":"…","scopes":["stock:adjust"]}]`. Unset: the DEV-ONLY clients in
     * development and test (clients/service-clients.ts), none in production; production refuses them.
     */
    AUTH_CLIENTS: z.string().optional().describe('a JSON array of service clients'),
  })
  .superRefine((config, context) => {
    // Hashes hold thread pool threads for ~350 ms each; WebCrypto (token verification and signing) needs
    // one too. With every thread hashing, verification for order-service waits behind the logins.
    if (config.AUTH_HASH_CONCURRENCY >= config.UV_THREADPOOL_SIZE) {
      context.addIssue({
        code: 'custom',
        path: ['AUTH_HASH_CONCURRENCY'],
        message: `below UV_THREADPOOL_SIZE (${config.UV_THREADPOOL_SIZE})`,
      });
    }
  });

export type AuthConfig = z.infer<typeof authConfigSchema>;
