import { ConfigError } from './config-error';
import { durationMs, positiveInt } from './fields';

/** The defaults of one RabbitMQ consumer's knobs (each service picks its own). */
export interface RabbitMqConsumerDefaults {
  prefetch: number;
  maxAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
}

type Field = ReturnType<typeof positiveInt>;

/** `<PREFIX>_PREFETCH`, `<PREFIX>_MAX_ATTEMPTS`, `<PREFIX>_RETRY_BASE_MS`, `<PREFIX>_RETRY_MAX_MS`. */
export type RabbitMqConsumerConfigFields<P extends string> = Record<
  `${P}_PREFETCH` | `${P}_MAX_ATTEMPTS` | `${P}_RETRY_BASE_MS` | `${P}_RETRY_MAX_MS`,
  Field
>;

/**
 * The knobs of one RabbitMQ consumer (a queue and its failure policy), named after the consumer:
 * spread `rabbitMqConsumerConfigFields('NOTIFICATION', …)` into a service schema, then call
 * `rabbitMqConsumerSettings(config, 'NOTIFICATION')` at boot.
 * - `_PREFETCH`: unacknowledged messages RabbitMQ hands one consumer before it waits for acks — bounds
 *   what a crash puts back and how unevenly competing consumers share a queue.
 * - `_MAX_ATTEMPTS`: attempts of one message (the first delivery included) before it is dead-lettered
 *   to `<queue>.dlq`.
 * - `_RETRY_BASE_MS` / `_RETRY_MAX_MS`: the wait before the 2nd attempt (in `<queue>.retry`, which
 *   survives restarts), doubling each time up to the maximum, with jitter.
 */
export function rabbitMqConsumerConfigFields<const P extends string>(
  prefix: P,
  defaults: RabbitMqConsumerDefaults,
): RabbitMqConsumerConfigFields<P> {
  return {
    [`${prefix}_PREFETCH`]: positiveInt(defaults.prefetch, 'messages'),
    [`${prefix}_MAX_ATTEMPTS`]: positiveInt(defaults.maxAttempts, 'attempts'),
    [`${prefix}_RETRY_BASE_MS`]: durationMs(defaults.retryBaseMs),
    [`${prefix}_RETRY_MAX_MS`]: durationMs(defaults.retryMaxMs),
  } as RabbitMqConsumerConfigFields<P>;
}

/** The validated settings of one RabbitMQ consumer, in the shapes its server and retry policy take. */
export interface RabbitMqConsumerSettings {
  prefetch: number;
  retry: { maxAttempts: number; baseDelayMs: number; maxDelayMs: number; jitter: number };
}

/** Checks the consumer's variables against each other (ConfigError naming them) and returns the settings. */
export function rabbitMqConsumerSettings<const P extends string>(
  config: Record<`${P}_PREFETCH` | `${P}_MAX_ATTEMPTS` | `${P}_RETRY_BASE_MS` | `${P}_RETRY_MAX_MS`, number>,
  prefix: P,
): RabbitMqConsumerSettings {
  const baseDelayMs = config[`${prefix}_RETRY_BASE_MS`];
  const maxDelayMs = config[`${prefix}_RETRY_MAX_MS`];
  if (maxDelayMs < baseDelayMs) {
    throw new ConfigError([
      {
        variable: `${prefix}_RETRY_MAX_MS`,
        expected: `at least ${prefix}_RETRY_BASE_MS (${String(baseDelayMs)})`,
        received: String(maxDelayMs),
      },
    ]);
  }
  return {
    prefetch: config[`${prefix}_PREFETCH`],
    retry: { maxAttempts: config[`${prefix}_MAX_ATTEMPTS`], baseDelayMs, maxDelayMs, jitter: 0.2 },
  };
}
