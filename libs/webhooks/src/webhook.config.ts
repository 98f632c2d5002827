import { ConfigError, env } from '@commlab/config';
import type { RetryPolicy } from '@commlab/resilience';
import { z } from 'zod';

import type { CallbackUrlPolicy } from './callback-url-policy';
import { webhookSecretProblem } from './webhook-secret';

/**
 * DEV ONLY. The signing secret used when WEBHOOK_SIGNING_SECRET is unset, so `pnpm start` and
 * `pnpm webhook:listen` agree out of the box in the tutorials. It is public (it is in the repository):
 * never use it outside a laptop; compose and any real deployment set their own
 * (`pnpm webhook:listen --new-secret` prints a fresh one).
 */
export const DEV_WEBHOOK_SIGNING_SECRET = 'whsec_Y29tbWxhYi1kZXYtb25seS13ZWJob29rLXNlY3JldCE=';

/** The port `pnpm webhook:listen` listens on unless told otherwise. */
export const DEFAULT_WEBHOOK_LISTEN_PORT = 4000;

const expectedSecret = 'a Standard Webhooks secret: whsec_ followed by base64 of 24…64 bytes';

function signingSecret(defaultValue: string) {
  return z
    .string()
    .default(defaultValue)
    .refine((value) => webhookSecretProblem(value) === undefined, { message: expectedSecret })
    .describe(expectedSecret);
}

/**
 * Webhook knobs. Spread into a service (or command) schema next to `infrastructureConfigSchema`'s
 * COMMLAB_ENV, then call `webhookSettings(config)`.
 */
export const webhookConfigFields = {
  /** HMAC key of every callback; receivers verify with the same one. Default: the DEV-ONLY secret. */
  WEBHOOK_SIGNING_SECRET: signingSecret(DEV_WEBHOOK_SIGNING_SECRET),
  /** Callbacks to 127.0.0.0/8 and ::1. Unset: true only when COMMLAB_ENV=development (tutorials). */
  WEBHOOK_ALLOW_LOOPBACK: env.optionalBool('true only when COMMLAB_ENV=development'),
  /** Callbacks to RFC 1918, 100.64.0.0/10 and fc00::/7. Link-local/metadata is never allowed. */
  WEBHOOK_ALLOW_PRIVATE: env.bool(false),
  /** Bound of one attempt (connect + request + response). */
  WEBHOOK_TIMEOUT_MS: env.durationMs(5_000),
  /** Attempts in total, the first included. */
  WEBHOOK_MAX_ATTEMPTS: env.positiveInt(8, 'attempts'),
  /** Backoff before the 2nd attempt; doubles each time up to WEBHOOK_RETRY_MAX_MS (minus ≤ 20 % jitter). */
  WEBHOOK_RETRY_BASE_MS: env.durationMs(1_000),
  WEBHOOK_RETRY_MAX_MS: env.durationMs(60_000),
  /** Where `pnpm webhook:listen` listens (its --port wins). */
  WEBHOOK_LISTEN_PORT: env.port(DEFAULT_WEBHOOK_LISTEN_PORT),
};

/** A schema holding just the webhook fields and COMMLAB_ENV (for commands that need nothing else). */
export const webhookConfigSchema = z.object({
  COMMLAB_ENV: env.oneOf(['development', 'production', 'test'], 'development'),
  ...webhookConfigFields,
});

export type WebhookConfig = Pick<z.infer<typeof webhookConfigSchema>, keyof typeof webhookConfigFields> & {
  COMMLAB_ENV: string;
};

export interface WebhookSettings {
  secret: string;
  /** Whether `secret` is the public DEV-ONLY default (say so loudly outside development). */
  usesDevSecret: boolean;
  policy: CallbackUrlPolicy;
  timeoutMs: number;
  retry: RetryPolicy;
  listenPort: number;
}

/** Checks the fields against each other (ConfigError naming them) and returns the delivery settings. */
export function webhookSettings(config: WebhookConfig): WebhookSettings {
  if (config.WEBHOOK_RETRY_MAX_MS < config.WEBHOOK_RETRY_BASE_MS) {
    throw new ConfigError([
      {
        variable: 'WEBHOOK_RETRY_MAX_MS',
        expected: `at least WEBHOOK_RETRY_BASE_MS (${String(config.WEBHOOK_RETRY_BASE_MS)})`,
        received: String(config.WEBHOOK_RETRY_MAX_MS),
      },
    ]);
  }
  return {
    secret: config.WEBHOOK_SIGNING_SECRET,
    usesDevSecret: config.WEBHOOK_SIGNING_SECRET === DEV_WEBHOOK_SIGNING_SECRET,
    policy: {
      allowLoopback: config.WEBHOOK_ALLOW_LOOPBACK ?? config.COMMLAB_ENV === 'development',
      allowPrivate: config.WEBHOOK_ALLOW_PRIVATE,
    },
    timeoutMs: config.WEBHOOK_TIMEOUT_MS,
    retry: {
      maxAttempts: config.WEBHOOK_MAX_ATTEMPTS,
      baseDelayMs: config.WEBHOOK_RETRY_BASE_MS,
      maxDelayMs: config.WEBHOOK_RETRY_MAX_MS,
      jitter: 0.2,
    },
    listenPort: config.WEBHOOK_LISTEN_PORT,
  };
}
