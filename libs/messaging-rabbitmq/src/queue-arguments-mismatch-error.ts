import type { QueueBound } from './queue-bound';

/**
 * The queue exists with other arguments than its owner declares (RabbitMQ answered PRECONDITION_FAILED):
 * declared before it had a bound, or with another bound. RabbitMQ cannot change a queue's arguments, so
 * the owner refuses to start and says what to do.
 */
export class QueueArgumentsMismatchError extends Error {
  override readonly name = 'QueueArgumentsMismatchError';
  readonly code = 'RABBITMQ_QUEUE_ARGUMENTS_MISMATCH';

  constructor(
    readonly queue: string,
    bound: QueueBound,
    cause: unknown,
  ) {
    const wanted =
      bound.maxLength === 0
        ? 'no length limit'
        : `x-max-length ${String(bound.maxLength)}, x-overflow reject-publish`;
    super(
      `RabbitMQ queue ${queue} exists with other arguments than this service declares (${wanted}): ` +
        `${cause instanceof Error ? cause.message : String(cause)}. A queue's arguments cannot change. ` +
        `Either let it drain (stop the producers, let its consumers empty it: pnpm queues) and delete it ` +
        `(rabbitmqctl delete_queue ${queue}, or the management UI), then start again — it is declared anew; ` +
        `or set the variable to the existing queue's limit (0 for none).`,
      { cause },
    );
  }
}
