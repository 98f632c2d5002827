import { describeError } from '@commlab/resilience';

/**
 * NestJS's RabbitMQ client could not connect. While its first connect fails, NestJS rejects with
 * amqp-connection-manager's `connectFailed` event, `{ err, url }`, which is no Error and names nothing;
 * this names the reason (e.g. ECONNREFUSED) and keeps it as the cause. The URL is left out: it may carry
 * a password.
 */
export class RabbitMqUnreachableError extends Error {
  override readonly name = 'RabbitMqUnreachableError';
  readonly code = 'RABBITMQ_UNREACHABLE';

  constructor(cause: unknown) {
    super(`RabbitMQ unreachable: ${describeError(cause)}`, { cause });
  }
}

/** What a failed connect of NestJS's RabbitMQ client rejected with, as an Error when it was `{ err, url }`. */
export function connectFailure(error: unknown): unknown {
  if (typeof error !== 'object' || error === null || !('err' in error)) return error;
  return new RabbitMqUnreachableError(error.err);
}
