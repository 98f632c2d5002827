import { setTimeout as sleep } from 'node:timers/promises';

import { describeError } from '@commlab/resilience';
import {
  deadLetterErrorCode,
  decideFailure,
  MessageRejectedError,
  noteIgnoredFields,
  type ParseOutcome,
} from '@commlab/messaging';
import type { RetryPolicy } from '@commlab/resilience';
import { KAFKA_DLT_HEADERS } from './dead-letter-headers';

type HeaderValue = Buffer | string | (Buffer | string)[] | undefined;

/** One record as a Kafka consumer received it. */
export interface KafkaDelivery {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | string | null;
  value: Buffer | string | null;
  headers: Readonly<Record<string, HeaderValue>>;
}

/** What goes to the dead-letter topic: the original key and value, original headers + `dlt_*` ones. */
export interface DeadLetterRecord {
  topic: string;
  key: Buffer | string | null;
  value: Buffer | string | null;
  headers: Record<string, Buffer | string>;
}

export interface ConsumeKafkaEventOptions<M> {
  delivery: KafkaDelivery;
  /** The consumer group, recorded in the dead letter's headers. */
  consumerGroup: string;
  /** Where a poison record goes (default `<topic>.dlt`). */
  deadLetterTopic: string;
  /** Decodes and validates the record; a failure is permanent (dead-lettered at once). */
  parse: (delivery: KafkaDelivery) => ParseOutcome<M>;
  /** The effect (idempotent: pair it with `processOnce`). A throw means "failed this attempt". */
  handle: (message: M, attempt: number) => Promise<void>;
  policy: RetryPolicy;
  /** Publishes the dead letter durably (acks=all). If it throws, so does `consumeKafkaEvent`. */
  deadLetter: (record: DeadLetterRecord) => Promise<void>;
  /** Keeps the group membership alive while waiting between attempts (kafkajs `heartbeat`). */
  heartbeat?: () => Promise<void>;
  /** Called before each retry, e.g. to log it. */
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
  /** Waits `ms` (tests pass a fake). */
  wait?: (ms: number) => Promise<void>;
  /** Longest wait between two heartbeats while backing off (default 1000 ms). */
  heartbeatEveryMs?: number;
  now?: () => Date;
}

export type ConsumeOutcome =
  | { outcome: 'processed'; attempts: number }
  | { outcome: 'dead-lettered'; attempts: number; reason: string; deadLetter: DeadLetterRecord };

/**
 * The explicit failure policy of a Kafka event consumer, framework-free: parse the record (a schema or JSON
 * error goes to the dead-letter topic at once), run the handler, retry a failure with capped exponential
 * backoff while the policy allows (heartbeating meanwhile, so the group does not evict us), then
 * dead-letter it with the error in headers. Returning means "commit the offset": the record was either
 * processed or is safely on the DLT, so the partition keeps flowing — no retry-forever loop. If the DLT
 * publish itself fails this throws, the offset is not committed, and the record comes back: never lost.
 */
export async function consumeKafkaEvent<M>(options: ConsumeKafkaEventOptions<M>): Promise<ConsumeOutcome> {
  const parsed = options.parse(options.delivery);
  if (!parsed.ok) return deadLetter(options, parsed.error, 1, undefined);
  noteIgnoredFields(parsed);
  const wait = options.wait ?? ((ms: number) => sleep(ms));
  for (let attempt = 1; ; attempt += 1) {
    try {
      await options.handle(parsed.message, attempt);
      return { outcome: 'processed', attempts: attempt };
    } catch (error) {
      const decision = decideFailure(error, attempt, options.policy);
      if (decision.action === 'dead-letter') return deadLetter(options, error, attempt, decision.reason);
      options.onRetry?.({ attempt, delayMs: decision.delayMs, reason: decision.reason });
      await waitWithHeartbeats(decision.delayMs, wait, options.heartbeat, options.heartbeatEveryMs ?? 1_000);
    }
  }
}

async function waitWithHeartbeats(
  totalMs: number,
  wait: (ms: number) => Promise<void>,
  heartbeat: (() => Promise<void>) | undefined,
  everyMs: number,
): Promise<void> {
  let left = totalMs;
  while (left > 0) {
    const slice = Math.min(left, everyMs);
    await wait(slice);
    left -= slice;
    await heartbeat?.();
  }
}

function headerText(value: HeaderValue): Buffer | string | undefined {
  if (Array.isArray(value)) return value[value.length - 1];
  return value;
}

async function deadLetter<M>(
  options: ConsumeKafkaEventOptions<M>,
  error: unknown,
  attempts: number,
  decided: string | undefined,
): Promise<ConsumeOutcome> {
  const { delivery } = options;
  const cause = error instanceof MessageRejectedError ? error.validation : error;
  const reason = decided ?? `not retriable: ${describeError(cause)}`;
  const headers: Record<string, Buffer | string> = {};
  for (const [name, value] of Object.entries(delivery.headers)) {
    const text = headerText(value);
    if (text !== undefined) headers[name] = text;
  }
  Object.assign(headers, {
    [KAFKA_DLT_HEADERS.originalTopic]: delivery.topic,
    [KAFKA_DLT_HEADERS.originalPartition]: String(delivery.partition),
    [KAFKA_DLT_HEADERS.originalOffset]: delivery.offset,
    [KAFKA_DLT_HEADERS.consumerGroup]: options.consumerGroup,
    [KAFKA_DLT_HEADERS.attempts]: String(attempts),
    [KAFKA_DLT_HEADERS.errorCode]: deadLetterErrorCode(cause),
    [KAFKA_DLT_HEADERS.errorMessage]: describeError(cause),
    [KAFKA_DLT_HEADERS.reason]: reason,
    [KAFKA_DLT_HEADERS.failedAt]: (options.now?.() ?? new Date()).toISOString(),
  });
  const record: DeadLetterRecord = {
    topic: options.deadLetterTopic,
    key: delivery.key,
    value: delivery.value,
    headers,
  };
  await options.deadLetter(record);
  return { outcome: 'dead-lettered', attempts, reason, deadLetter: record };
}
