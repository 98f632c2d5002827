import {
  type CommlabMessage,
  deadLetterTopic,
  fromKafkaRecord,
  kafkaHeaderAttributes,
} from '@commlab/contracts';
import { inConsumerTrace, receivedMessageFacts, type TraceRelation } from '@commlab/messaging';
import type { Logger } from '@nestjs/common';
import type { KafkaContext } from '@nestjs/microservices';

import { consumeKafkaEvent, type ConsumeOutcome, type KafkaDelivery } from './consume-kafka-event';
import type { RetryPolicy } from '@commlab/resilience';

export interface HandleKafkaEventOptions {
  /** The consumer group, recorded in dead letters. */
  consumerGroup: string;
  policy: RetryPolicy;
  /** The effect for one valid event (idempotent: use `processOnce`). */
  handle: (message: CommlabMessage) => Promise<void>;
  logger?: Pick<Logger, 'warn' | 'error'>;
  /**
   * How the work joins the sender's trace (default `child`): `link` for a subscriber among several of an
   * event topic (its work becomes a trace of its own, linked to the message's creation).
   */
  trace?: TraceRelation;
}

/** The record behind a NestJS Kafka context, as the framework-free policy takes it. */
export function kafkaDelivery(context: KafkaContext): KafkaDelivery {
  const message = context.getMessage();
  return {
    topic: context.getTopic(),
    partition: context.getPartition(),
    offset: message.offset,
    key: message.key,
    value: message.value,
    headers: message.headers ?? {},
  };
}

/**
 * The Nest binding of `consumeKafkaEvent` for an `@EventPattern(topic)` handler of a server started with
 * `parser: { keepBinary: true }`: validates the CloudEvents record, runs `handle` with bounded retries,
 * dead-letters poison to `<topic>.dlt` with the server's own producer (acks from all replicas), and only
 * then returns — so the offset is committed. A failed DLT publish throws: no commit, redelivery. All of it
 * — parse, attempts, dead letter — runs in the message's trace (`options.trace`).
 */
export async function handleKafkaEvent(
  context: KafkaContext,
  options: HandleKafkaEventOptions,
): Promise<ConsumeOutcome> {
  const delivery = kafkaDelivery(context);
  return inConsumerTrace(
    receivedMessageFacts(kafkaHeaderAttributes(delivery.headers)),
    {
      relation: options.trace ?? 'child',
      system: 'kafka',
      destination: delivery.topic,
      consumer: options.consumerGroup,
    },
    () => consumeAndReport(context, delivery, options),
  );
}

async function consumeAndReport(
  context: KafkaContext,
  delivery: KafkaDelivery,
  options: HandleKafkaEventOptions,
): Promise<ConsumeOutcome> {
  const outcome = await consumeKafkaEvent<CommlabMessage>({
    delivery,
    consumerGroup: options.consumerGroup,
    deadLetterTopic: deadLetterTopic(delivery.topic),
    parse: (record) => {
      const parsed = fromKafkaRecord({ value: record.value, headers: record.headers });
      return parsed.ok ? parsed : { ok: false, error: parsed.error };
    },
    handle: options.handle,
    policy: options.policy,
    deadLetter: async (record) => {
      await context.getProducer().send({
        topic: record.topic,
        acks: -1,
        messages: [{ key: record.key, value: record.value, headers: record.headers }],
      });
    },
    heartbeat: () => context.getHeartbeat()(),
    onRetry: ({ attempt, delayMs, reason }) => {
      options.logger?.warn(
        { topic: delivery.topic, partition: delivery.partition, offset: delivery.offset, attempt, delayMs },
        `retrying event: ${reason}`,
      );
    },
  });
  if (outcome.outcome === 'dead-lettered') {
    options.logger?.error(
      {
        topic: delivery.topic,
        partition: delivery.partition,
        offset: delivery.offset,
        attempts: outcome.attempts,
      },
      `event dead-lettered to ${outcome.deadLetter.topic}: ${outcome.reason}`,
    );
  }
  return outcome;
}
