import {
  type MessageValidationError,
  fromAmqpMessage,
  type MessageType,
  type MessageOf,
} from '@commlab/contracts';
import {
  type AmqpDelivery,
  handleRmqDelivery,
  type PolicyChannel,
  type RetryPolicy,
  type RmqOutcome,
} from '@commlab/messaging';
import type { ParseOutcome } from '@commlab/messaging';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { RmqContext } from '@nestjs/microservices';

/** Nest injection token of the consumers' RetryPolicy (NOTIFICATION_MAX_ATTEMPTS, RETRY_BASE/MAX_MS). */
export const RETRY_POLICY = Symbol('RETRY_POLICY');

/** Parses a CloudEvents binary-mode AMQP message and insists on one of `types`. */
export function parseAmqpMessageOfType<Type extends MessageType>(
  ...types: Type[]
): (message: AmqpDelivery) => ParseOutcome<MessageOf<Type>> {
  return (message) => {
    const parsed = fromAmqpMessage(message);
    if (!parsed.ok) return { ok: false, error: parsed.error };
    if (!(types as string[]).includes(parsed.message.type)) {
      const error: MessageValidationError = {
        code: 'MESSAGE_WRONG_TYPE',
        message: `expected ${types.join(' or ')}, got ${parsed.message.type}`,
        issues: [{ path: 'type', problem: `expected ${types.join(' or ')}` }],
        id: parsed.message.id,
        type: parsed.message.type,
      };
      return { ok: false, error };
    }
    return { ok: true, message: parsed.message as MessageOf<Type> };
  };
}

/**
 * The Nest glue of `handleRmqDelivery` for an `@EventPattern` handler of a CommlabRmqServer (manual
 * acks): validate, run the effect, ack after it committed; retry a failure through `<queue>.retry` with
 * backoff; dead-letter poison and exhausted jobs to `<queue>.dlq` with the reason and attempt count.
 */
@Injectable()
export class ConsumeRmqMessage {
  private readonly logger = new Logger('RabbitMQ');

  constructor(@Inject(RETRY_POLICY) private readonly policy: RetryPolicy) {}

  async run<M>(
    context: RmqContext,
    queue: string,
    parse: (message: AmqpDelivery) => ParseOutcome<M>,
    handle: (message: M) => Promise<void>,
  ): Promise<RmqOutcome> {
    const message = context.getMessage() as AmqpDelivery;
    const outcome = await handleRmqDelivery({
      message,
      channel: context.getChannelRef() as PolicyChannel,
      queue,
      parse,
      handle,
      policy: this.policy,
    });
    const messageId = message.properties.messageId as unknown;
    if (outcome.outcome === 'retry-scheduled') {
      this.logger.warn({ queue, messageId, ...outcome }, 'message failed, retry scheduled');
    } else if (outcome.outcome === 'dead-lettered') {
      this.logger.warn({ queue, messageId, ...outcome }, 'message dead-lettered');
    } else if (outcome.outcome === 'requeued') {
      this.logger.error(
        { queue, messageId, attempt: outcome.attempt, error: String(outcome.error) },
        'could not publish the retry/dead-letter copy; message requeued',
      );
    }
    return outcome;
  }
}
