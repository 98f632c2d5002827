import { createHash } from 'node:crypto';

import { AMQP_HEADER_PREFIX, RABBITMQ_DEAD_LETTER_QUEUE_SUFFIX } from '@commlab/contracts';
import { type AmqpDelivery, deliveryAttempt, RMQ_POLICY_HEADERS } from '@commlab/messaging-rabbitmq';

/** A JSON-safe header value (AMQP headers may hold bytes, numbers, arrays, tables). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** One message moved out of a `.dlq` queue into the `dead_letters` table. */
export interface DeadLetter {
  /** Derived from the message (queue, headers, body): a redelivered copy of it is recognised. */
  id: string;
  /** The work queue it failed in, where a redrive sends it back. */
  queue: string;
  deadLetterQueue: string;
  reason: string;
  errorCode: string | undefined;
  attempts: number;
  type: string | undefined;
  messageId: string | undefined;
  contentType: string | undefined;
  headers: Record<string, JsonValue>;
  body: Buffer;
}

interface Death {
  reason?: unknown;
  queue?: unknown;
  count?: unknown;
}

/**
 * PostgreSQL stores no NUL in `text` or `jsonb` (SQLSTATE 22021 / 22P05), and a dead letter must be
 * recorded whatever it carries: a NUL becomes the six characters `\u0000`, visible in GET /dlq. The
 * body is bytea and kept byte for byte.
 */
function storable(text: string): string {
  return text.replaceAll('\u0000', '\\u0000');
}

function toJson(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return storable(value);
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value) || value instanceof Uint8Array)
    return storable(Buffer.from(value).toString('utf8'));
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [storable(key), toJson(item)]));
  }
  return typeof value === 'symbol' ? value.toString() : 'unknown';
}

function text(value: JsonValue | undefined): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

function workQueueOf(deadLetterQueue: string): string {
  return deadLetterQueue.endsWith(RABBITMQ_DEAD_LETTER_QUEUE_SUFFIX)
    ? deadLetterQueue.slice(0, -RABBITMQ_DEAD_LETTER_QUEUE_SUFFIX.length)
    : deadLetterQueue;
}

/**
 * What a message in a `.dlq` queue says about its failure. Two ways in:
 * - the consumer's policy (`handleRmqDelivery`) dead-lettered it: `x-commlab-reason`, `-error-code`,
 *   `-attempts`, `-original-queue` headers;
 * - the broker dead-lettered it (a consumer rejected it — NestJS does when no handler matches its
 *   pattern): only the broker's `x-death` entry (`reason: rejected`, the queue) tells, plus the pattern.
 */
export function describeDeadLetter(message: AmqpDelivery, deadLetterQueue: string): DeadLetter {
  const raw = message.properties.headers ?? {};
  const headers = toJson(raw) as Record<string, JsonValue>;
  const type = text(headers[`${AMQP_HEADER_PREFIX}type`]) ?? text(toJson(message.properties.type as unknown));
  const messageId =
    text(toJson(message.properties.messageId as unknown)) ?? text(headers[`${AMQP_HEADER_PREFIX}id`]);
  const contentType = text(toJson(message.properties.contentType as unknown));
  const policyReason = text(headers[RMQ_POLICY_HEADERS.reason]);
  const deaths = Array.isArray(raw['x-death']) ? (raw['x-death'] as Death[]) : [];
  const death = deaths[0];

  let queue = text(headers[RMQ_POLICY_HEADERS.originalQueue]);
  let reason: string;
  let errorCode: string | undefined;
  let attempts: number;
  if (policyReason !== undefined) {
    reason = policyReason;
    errorCode = text(headers[RMQ_POLICY_HEADERS.errorCode]);
    const counted = Number(headers[RMQ_POLICY_HEADERS.attempts]);
    attempts = Number.isInteger(counted) && counted >= 1 ? counted : deliveryAttempt(message);
  } else {
    const deathQueue = typeof death?.queue === 'string' ? storable(death.queue) : undefined;
    const deathReason = typeof death?.reason === 'string' ? storable(death.reason) : 'dead-lettered';
    queue ??= deathQueue;
    const pattern = type === undefined ? 'no type header' : `pattern "${type}"`;
    reason =
      deathReason === 'rejected'
        ? `rejected by the consumer of ${queue ?? workQueueOf(deadLetterQueue)}: no handler for ${pattern}`
        : `${deathReason} in ${queue ?? workQueueOf(deadLetterQueue)} (${pattern})`;
    errorCode = deathReason === 'rejected' ? 'NO_MESSAGE_HANDLER' : `BROKER_${deathReason.toUpperCase()}`;
    attempts = deliveryAttempt(message);
  }
  queue ??= workQueueOf(deadLetterQueue);

  const body = Buffer.from(message.content);
  const id = createHash('sha256')
    .update(JSON.stringify([deadLetterQueue, messageId ?? null, headers]))
    .update(body)
    .digest('hex')
    .slice(0, 32);
  return {
    id,
    queue,
    deadLetterQueue,
    reason,
    errorCode,
    attempts,
    type,
    messageId,
    contentType,
    headers,
    body,
  };
}

/** Headers a redriven copy must not carry: the failure record and the broker's death history. */
export function isFailureHeader(name: string): boolean {
  return (
    name.startsWith('x-commlab-') ||
    name === 'x-death' ||
    name.startsWith('x-first-death-') ||
    name.startsWith('x-last-death-')
  );
}
