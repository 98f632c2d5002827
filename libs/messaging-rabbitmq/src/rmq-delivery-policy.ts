import type { MessageProperties } from 'amqplib';

import { describeError } from '@commlab/resilience';
import {
  deadLetterErrorCode,
  decideFailure,
  MessageRejectedError,
  noteIgnoredFields,
  type ParseOutcome,
} from '@commlab/messaging';
import type { RetryPolicy } from '@commlab/resilience';
import { workQueueNames } from './topology';
import { withoutMalformedXDeath } from './x-death-header';

/** Headers commlab adds when it retries or dead-letters an AMQP message. */
export const RMQ_POLICY_HEADERS = {
  /** 1 on the first delivery; the retry copy carries the next number. */
  attempt: 'x-commlab-attempt',
  lastError: 'x-commlab-last-error',
  errorCode: 'x-commlab-error-code',
  errorMessage: 'x-commlab-error-message',
  reason: 'x-commlab-reason',
  attempts: 'x-commlab-attempts',
  failedAt: 'x-commlab-failed-at',
  originalQueue: 'x-commlab-original-queue',
  originalExchange: 'x-commlab-original-exchange',
  originalRoutingKey: 'x-commlab-original-routing-key',
} as const;

/** The parts of an amqplib `ConsumeMessage` the policy reads. */
export interface AmqpDelivery {
  content: Buffer;
  fields: { exchange: string; routingKey: string; redelivered?: boolean };
  properties: MessageProperties;
}

/** The parts of an amqplib `ConfirmChannel` the policy uses. */
export interface PolicyChannel {
  publish(
    exchange: string,
    routingKey: string,
    content: Buffer,
    options: Record<string, unknown>,
    callback: (error: unknown) => void,
  ): boolean;
  ack(message: never): void;
  nack(message: never, allUpTo?: boolean, requeue?: boolean): void;
}

export interface HandleRmqDeliveryOptions<M> {
  message: AmqpDelivery;
  channel: PolicyChannel;
  /** The queue the message was consumed from (its `.retry` and `.dlq` are derived from it). */
  queue: string;
  parse: (message: AmqpDelivery) => ParseOutcome<M>;
  /** The effect (idempotent: pair it with `processOnce`). A throw means "failed this attempt". */
  handle: (parsed: M, attempt: number) => Promise<void>;
  policy: RetryPolicy;
  now?: () => Date;
}

export type RmqOutcome =
  | { outcome: 'processed'; attempt: number }
  | { outcome: 'retry-scheduled'; attempt: number; delayMs: number; reason: string }
  | { outcome: 'dead-lettered'; attempt: number; reason: string }
  /** Publishing the retry or dead-letter copy failed: the message went back to its queue unchanged. */
  | { outcome: 'requeued'; attempt: number; error: unknown };

export function deliveryAttempt(message: AmqpDelivery): number {
  const headers = message.properties.headers;
  const raw: unknown = headers?.[RMQ_POLICY_HEADERS.attempt];
  const value = typeof raw === 'number' ? raw : Number(raw);
  return Number.isInteger(value) && value >= 1 ? value : 1;
}

function publishConfirmed(
  channel: PolicyChannel,
  queue: string,
  message: AmqpDelivery,
  headers: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const { headers: _old, ...properties } = message.properties;
  return new Promise<void>((resolve, reject) => {
    // The default exchange routes straight to the queue named by the routing key.
    channel.publish(
      '',
      queue,
      message.content,
      {
        ...properties,
        ...extra,
        persistent: true,
        // A copy dead-lettered by the broker later (a retry expiring) must not carry a malformed x-death.
        headers: withoutMalformedXDeath({ ...message.properties.headers, ...headers }),
      },
      (error) => {
        if (error) reject(error instanceof Error ? error : new Error('the broker refused the publish'));
        else resolve();
      },
    );
  });
}

/**
 * The explicit failure policy of a RabbitMQ work-queue consumer (manual acks), framework-free:
 * - processed → ack;
 * - failed, retriable, attempts left → a copy goes to `<queue>.retry` with `expiration` = the backoff and
 *   the next attempt number, confirmed by the broker, THEN the original is acked (a crash in between
 *   gives a duplicate, which the inbox absorbs — never a loss). The retry queue dead-letters it back to
 *   `<queue>` when it expires, so the wait survives restarts of every consumer;
 * - not JSON / wrong schema / non-retriable / out of attempts → a copy with the error, reason and attempt
 *   count goes to `<queue>.dlq` (confirmed), then the original is acked;
 * - if publishing that copy fails, the original is nacked back to its queue (requeue) — nothing is lost.
 */
export async function handleRmqDelivery<M>(options: HandleRmqDeliveryOptions<M>): Promise<RmqOutcome> {
  const { message, channel, queue } = options;
  const attempt = deliveryAttempt(message);
  const names = workQueueNames(queue);
  const original = message as never;

  const deadLetter = async (error: unknown, reason: string): Promise<RmqOutcome> => {
    const cause = error instanceof MessageRejectedError ? error.validation : error;
    try {
      await publishConfirmed(channel, names.deadLetter, message, {
        [RMQ_POLICY_HEADERS.errorCode]: deadLetterErrorCode(cause),
        [RMQ_POLICY_HEADERS.errorMessage]: describeError(cause),
        [RMQ_POLICY_HEADERS.reason]: reason,
        [RMQ_POLICY_HEADERS.attempts]: attempt,
        [RMQ_POLICY_HEADERS.failedAt]: (options.now?.() ?? new Date()).toISOString(),
        [RMQ_POLICY_HEADERS.originalQueue]: queue,
        [RMQ_POLICY_HEADERS.originalExchange]: message.fields.exchange,
        [RMQ_POLICY_HEADERS.originalRoutingKey]: message.fields.routingKey,
      });
    } catch (publishError) {
      channel.nack(original, false, true);
      return { outcome: 'requeued', attempt, error: publishError };
    }
    channel.ack(original);
    return { outcome: 'dead-lettered', attempt, reason };
  };

  const parsed = options.parse(message);
  if (!parsed.ok) {
    const cause = parsed.error;
    return deadLetter(cause, `not retriable: ${describeError(cause)}`);
  }
  noteIgnoredFields(parsed);
  try {
    await options.handle(parsed.message, attempt);
  } catch (error) {
    const decision = decideFailure(error, attempt, options.policy);
    if (decision.action === 'dead-letter') return deadLetter(error, decision.reason);
    try {
      await publishConfirmed(
        channel,
        names.retry,
        message,
        { [RMQ_POLICY_HEADERS.attempt]: attempt + 1, [RMQ_POLICY_HEADERS.lastError]: describeError(error) },
        { expiration: String(decision.delayMs) },
      );
    } catch (publishError) {
      channel.nack(original, false, true);
      return { outcome: 'requeued', attempt, error: publishError };
    }
    channel.ack(original);
    return { outcome: 'retry-scheduled', attempt, delayMs: decision.delayMs, reason: decision.reason };
  }
  channel.ack(original);
  return { outcome: 'processed', attempt };
}
