import {
  amqpHeaderAttributes,
  fromAmqpMessage,
  type MessageOf,
  type MessageType,
  type MessageValidationError,
} from '@commlab/contracts';
import type { Logger } from '@nestjs/common';
import type { RmqContext } from '@nestjs/microservices';

import {
  inConsumerTrace,
  MESSAGING_ATTRIBUTES,
  type ParseOutcome,
  receivedMessageFacts,
  type TraceRelation,
} from '@commlab/messaging';
import {
  type AmqpDelivery,
  handleRmqDelivery,
  type PolicyChannel,
  type RmqOutcome,
} from './rmq-delivery-policy';
import type { RetryPolicy } from '@commlab/resilience';

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
    return { ok: true, message: parsed.message as MessageOf<Type>, ignoredFields: parsed.ignoredFields };
  };
}

/** Acks the message behind `context` (a request of a manual-ack CommlabRmqServer that has been answered). */
export function ackRmqMessage(context: RmqContext): void {
  (context.getChannelRef() as PolicyChannel).ack(context.getMessage() as never);
}

export interface HandleRmqMessageOptions<M> {
  /** The queue the server consumes (its `.retry` and `.dlq` are derived from it). */
  queue: string;
  parse: (message: AmqpDelivery) => ParseOutcome<M>;
  /** The effect (idempotent: pair it with `processOnce`). A throw means "failed this attempt". */
  handle: (message: M) => Promise<void>;
  policy: RetryPolicy;
  logger?: Pick<Logger, 'warn' | 'error'>;
  /**
   * How the work joins the sender's trace (default `child`: a command or a job): `link` for a subscriber
   * queue of an exchange's events (fan-out: a trace of its own, linked to the message's creation).
   */
  trace?: TraceRelation;
  /** The consumer's name on its spans (default: the queue). */
  consumer?: string;
}

/**
 * The Nest binding of `handleRmqDelivery` for an `@EventPattern` handler of a CommlabRmqServer (manual
 * acks): validate, run the effect, ack after it committed; retry a failure through `<queue>.retry` with
 * backoff; dead-letter poison and exhausted messages to `<queue>.dlq` with the reason and attempt count.
 */
export async function handleRmqMessage<M>(
  context: RmqContext,
  options: HandleRmqMessageOptions<M>,
): Promise<RmqOutcome> {
  const { queue, logger } = options;
  const message = context.getMessage() as AmqpDelivery;
  const outcome = await inConsumerTrace(
    receivedMessageFacts(amqpHeaderAttributes(message.properties.headers)),
    {
      relation: options.trace ?? 'child',
      system: 'rabbitmq',
      destination: queue,
      consumer: options.consumer ?? queue,
      attributes: { [MESSAGING_ATTRIBUTES.redelivered]: message.fields.redelivered === true },
    },
    () =>
      handleRmqDelivery({
        message,
        channel: context.getChannelRef() as PolicyChannel,
        queue,
        parse: options.parse,
        handle: options.handle,
        policy: options.policy,
      }),
  );
  const messageId = message.properties.messageId as unknown;
  if (outcome.outcome === 'retry-scheduled') {
    logger?.warn({ queue, messageId, ...outcome }, 'message failed, retry scheduled');
  } else if (outcome.outcome === 'dead-lettered') {
    logger?.warn({ queue, messageId, ...outcome }, 'message dead-lettered');
  } else if (outcome.outcome === 'requeued') {
    logger?.error(
      { queue, messageId, attempt: outcome.attempt, error: String(outcome.error) },
      'could not publish the retry/dead-letter copy; message requeued',
    );
  }
  return outcome;
}
