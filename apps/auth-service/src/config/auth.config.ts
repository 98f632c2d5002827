import { env, infrastructureConfigSchema } from '@commlab/config';
import { PORTS } from '@commlab/contracts';
import { z } from 'zod';

import { privateSigningJwkSchema } from '../keys/signing-jwk';

const TRUE_WORDS = ['true', '1', 'yes', 'on'];

/** Like `env.bool`, but unset stays `undefined`, so the default can depend on COMMLAB_ENV. */
function optionalBool() {
  return z
    .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off', 'TRUE', 'FALSE', 'YES', 'NO', 'ON', 'OFF'])
    .optional()
    .transform((value) => (value === undefined ? undefined : TRUE_WORDS.includes(value.toLowerCase())))
    .describe('a boolean: true/false, 1/0, yes/no or on/off (unset: true when COMMLAB_ENV=development)');
}

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
export const authConfigSchema = infrastructureConfigSchema.extend({
  AUTH_HTTP_PORT: env.port(PORTS.auth.http),
  AUTH_GRPC_PORT: env.port(PORTS.auth.grpc),
  /** 127.0.0.1 locally; compose sets 0.0.0.0. */
  BIND_HOST: z.string().min(1).default('127.0.0.1').describe('a host name or IP address to bind to'),
  /** PGlite directory, used only when DATABASE_URL is unset. */
  AUTH_DATA_DIR: z.string().min(1).default('.data/auth-service').describe('a filesystem path'),
  AUTH_JWT_ISSUER: z.string().min(1).default('commlab-auth').describe('a non-empty string (the JWT iss)'),
  AUTH_JWT_AUDIENCE: z.string().min(1).default('commlab').describe('a non-empty string (the JWT aud)'),
  /** When set, the only signing key (nothing is generated or stored). */
  AUTH_SIGNING_KEY: optionalPrivateJwk(),
  /** Failed logins per normalized email within the window before logins answer 429. */
  AUTH_LOGIN_MAX_FAILURES: env.positiveInt(5, 'failed logins'),
  AUTH_LOGIN_FAILURE_WINDOW_MS: env.durationMs(15 * 60 * 1000),
  /** Seeds alice and bob; unset means "when COMMLAB_ENV=development". */
  SEED_DEMO_DATA: optionalBool(),
});

export type AuthConfig = z.infer<typeof authConfigSchema>;

/** SEED_DEMO_DATA when given, else true only in development. */
export function shouldSeedDemoData(config: Pick<AuthConfig, 'SEED_DEMO_DATA' | 'COMMLAB_ENV'>): boolean {
  return config.SEED_DEMO_DATA ?? config.COMMLAB_ENV === 'development';
}
