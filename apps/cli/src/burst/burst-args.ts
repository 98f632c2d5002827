import { parseArgs } from 'node:util';

export interface BurstArgs {
  /** Messages in the burst (each side gets the same). */
  orders: number;
  /** The RabbitMQ queue's bound (`x-max-length`, `x-overflow: reject-publish`). */
  maxLength: number;
  /** The slow consumer's (and subscriber's) time per message. */
  workMs: number;
  /** Messages the consumer holds at once (AMQP prefetch; the subscriber's own buffer). */
  prefetch: number;
  /** The Redis subscriber's output buffer limit in the redis-server the burst starts (`pubsub` class). */
  redisBufferKb: number;
  /** Run only one side. */
  only?: 'rabbitmq' | 'redis';
  help: boolean;
}

export const BURST_DEFAULTS = {
  orders: 10_000,
  maxLength: 200,
  workMs: 1,
  prefetch: 10,
  redisBufferKb: 256,
} as const;

export const BURST_USAGE = `usage: pnpm burst [--orders N] [--max-length M] [--work-ms MS] [--prefetch P] [--redis-buffer-kb KB] [--only rabbitmq|redis]

Backpressure, measured: the same burst of N order messages sent two ways to a consumer that is slower
than the producer, counting what arrives by message id.

  RabbitMQ  N outbox rows (in a schema of its own on DATABASE_URL, or PGlite in memory) published by the outbox relay to a queue of its
            own bounded to M messages (x-max-length, x-overflow: reject-publish) on RABBITMQ_URL; a consumer
            takes P at a time and spends MS on each. A full queue nacks the publish, the row stays PENDING
            and the relay backs off: printed are the nacks, the backoffs, how long the producer was slowed,
            what was delivered and what was lost (0).
  Redis     N messages PUBLISHed on a channel of its own to a subscriber of the same speed, on a
            redis-server the command starts (needs redis-server on the machine) with the subscriber's output
            buffer limited to KB (client-output-buffer-limit pubsub): Pub/Sub is fire-and-forget, so Redis
            disconnects a subscriber that falls that far behind and what was published meanwhile is lost.

Everything it declares or starts is its own (queue commlab.burst.<hex>, its exchange, the outbox's
schema, the redis-server)
and is removed at the end; the stack's queues are never touched. Defaults: --orders ${String(BURST_DEFAULTS.orders)}
--max-length ${String(BURST_DEFAULTS.maxLength)} --work-ms ${String(BURST_DEFAULTS.workMs)} --prefetch ${String(BURST_DEFAULTS.prefetch)} --redis-buffer-kb ${String(BURST_DEFAULTS.redisBufferKb)}.`;

/** Thrown for a bad command line; the message is meant for the user. */
export class BurstUsageError extends Error {}

function integer(
  name: string,
  value: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max)
    throw new BurstUsageError(
      `--${name} takes an integer from ${String(min)} to ${String(max)}; got ${JSON.stringify(value)}`,
    );
  return n;
}

export function parseBurstArgs(argv: readonly string[]): BurstArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        orders: { type: 'string' },
        'max-length': { type: 'string' },
        'work-ms': { type: 'string' },
        prefetch: { type: 'string' },
        'redis-buffer-kb': { type: 'string' },
        only: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new BurstUsageError(error instanceof Error ? error.message : String(error));
  }
  const only = values.only;
  if (only !== undefined && only !== 'rabbitmq' && only !== 'redis')
    throw new BurstUsageError(`--only takes rabbitmq or redis; got ${JSON.stringify(only)}`);
  const args: BurstArgs = {
    orders: integer('orders', values.orders, BURST_DEFAULTS.orders, 1, 1_000_000),
    maxLength: integer('max-length', values['max-length'], BURST_DEFAULTS.maxLength, 1, 1_000_000),
    workMs: integer('work-ms', values['work-ms'], BURST_DEFAULTS.workMs, 0, 10_000),
    prefetch: integer('prefetch', values.prefetch, BURST_DEFAULTS.prefetch, 1, 10_000),
    redisBufferKb: integer(
      'redis-buffer-kb',
      values['redis-buffer-kb'],
      BURST_DEFAULTS.redisBufferKb,
      1,
      1_048_576,
    ),
    help: values.help ?? false,
  };
  if (only !== undefined) args.only = only;
  if (args.maxLength >= args.orders && args.only !== 'redis')
    throw new BurstUsageError(
      `--max-length (${String(args.maxLength)}) must be below --orders (${String(args.orders)}), or the queue never fills`,
    );
  return args;
}
