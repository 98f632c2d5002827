import { ClientKafka } from '@nestjs/microservices';
import { context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { type KafkaConfig, logLevel, Partitioners, type Producer, type TopicMessages } from 'kafkajs';

import { toKafkaRecord } from '@commlab/contracts';

import {
  describeDestination,
  type OutboxMessage,
  type OutboxPublisher,
  type PublishResult,
} from '@commlab/messaging';
import { noDelaySocketFactory } from './no-delay-socket-factory';
import { settlesWithin } from '@commlab/resilience';

export interface KafkaOutboxPublisherOptions {
  /** `host:port` of the bootstrap brokers. */
  brokers: readonly string[];
  /** kafkajs client id (NestJS appends `-client`); default `commlab-outbox`. */
  clientId?: string;
  /**
   * Upper bound of one `publish` call (connect + send), default 10 000. Keep it below the relay's
   * `leaseMs` (default 30 000) so a slow broker never lets another relay take the rows mid-publish.
   */
  publishTimeoutMs?: number;
  /** kafkajs's own log level (its lines go to Nest's Logger); default NOTHING — the relay logs failures. */
  kafkaLogLevel?: logLevel;
  /**
   * Extra record headers for a row, computed at publish time (never stored in the outbox), e.g. the
   * sender's service token on an event its consumer authorizes. A rejection fails that row only (retried).
   */
  headersFor?: (row: OutboxMessage) => Promise<Readonly<Record<string, string>>>;
}

/** Thrown (and handed to the relay as the row's error) when a publish takes longer than its timeout. */
export class KafkaPublishTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`Kafka publish did not complete within ${String(timeoutMs)} ms`);
    this.name = 'KafkaPublishTimeoutError';
  }
}

/**
 * How long closing the client may hold a caller. kafkajs's disconnect waits for the requests in flight,
 * up to their timeout, when a broker accepted the connection but does not answer; past this bound the
 * disconnect finishes in the background.
 */
const CLOSE_CLIENT_TIMEOUT_MS = 1_000;

function closedError(): Error {
  return new Error('The Kafka outbox publisher is closed.');
}

/** `work`, unless it takes longer than `timeoutMs` or `closing` fires first (then it is left behind). */
function withTimeout<T>(work: Promise<T>, timeoutMs: number, closing: AbortSignal): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let onClose: (() => void) | undefined;
  const cutOff = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new KafkaPublishTimeoutError(timeoutMs));
    }, timeoutMs);
    onClose = () => {
      reject(closedError());
    };
    if (closing.aborted) onClose();
    else closing.addEventListener('abort', onClose, { once: true });
  });
  return Promise.race([work, cutOff]).finally(() => {
    clearTimeout(timer);
    if (onClose !== undefined) closing.removeEventListener('abort', onClose);
  });
}

/**
 * The outbox's Kafka side, on the NestJS Kafka transport's client (`ClientKafka`, producer-only mode,
 * real kafkajs underneath). It sends a round of rows as one `sendBatch` with `acks: -1` (all in-sync
 * replicas), idempotence off (the relay and the consumers' inbox give at-least-once + dedupe). The
 * producer connects lazily on the first publish, so a missing broker never blocks startup: the publish
 * fails, every row gets `{ ok: false }`, and the relay retries with backoff. A failed connection is
 * reset so the next publish connects afresh. `close()` cuts a publish in flight short (its rows fail and
 * stay PENDING), so a shutdown never waits for the publish timeout of a hanging broker.
 */
export class KafkaOutboxPublisher implements OutboxPublisher {
  private readonly client: ClientKafka;
  private readonly publishTimeoutMs: number;
  private readonly headersFor: KafkaOutboxPublisherOptions['headersFor'];
  private closed = false;
  private readonly closing = new AbortController();
  private closeDone: Promise<void> | undefined;

  constructor(options: KafkaOutboxPublisherOptions) {
    this.publishTimeoutMs = options.publishTimeoutMs ?? 10_000;
    this.headersFor = options.headersFor;
    if (!Number.isInteger(this.publishTimeoutMs) || this.publishTimeoutMs <= 0)
      throw new RangeError('publishTimeoutMs must be a positive integer.');
    if (options.brokers.length === 0) throw new RangeError('At least one Kafka broker is required.');
    const requestTimeout = Math.max(1, Math.min(this.publishTimeoutMs, 30_000));
    const client: KafkaConfig = {
      brokers: [...options.brokers],
      clientId: options.clientId ?? 'commlab-outbox',
      socketFactory: noDelaySocketFactory,
      connectionTimeout: Math.min(3_000, requestTimeout),
      requestTimeout,
      // Quick, few retries inside one publish: the relay owns the real (capped exponential) backoff.
      retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1_000 },
      logLevel: options.kafkaLogLevel ?? logLevel.NOTHING,
    };
    this.client = new ClientKafka({
      client,
      producerOnlyMode: true,
      producer: {
        idempotent: false,
        allowAutoTopicCreation: true,
        createPartitioner: Partitioners.DefaultPartitioner,
        retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1_000 },
      },
    });
  }

  async publish(rows: readonly OutboxMessage[]): Promise<PublishResult[]> {
    const results: PublishResult[] = [];
    const byTopic = new Map<string, TopicMessages>();
    const sending: OutboxMessage[] = [];
    for (const row of rows) {
      if (row.destination.transport !== 'kafka') {
        results.push({
          messageId: row.messageId,
          ok: false,
          error: new Error(`KafkaOutboxPublisher cannot publish to ${describeDestination(row.destination)}`),
        });
        continue;
      }
      let extraHeaders: Readonly<Record<string, string>> | undefined;
      try {
        extraHeaders = await this.headersFor?.(row);
      } catch (error) {
        results.push({ messageId: row.messageId, ok: false, error });
        continue;
      }
      const record = toKafkaRecord(row.envelope);
      const topic = row.destination.topic;
      let entry = byTopic.get(topic);
      if (entry === undefined) {
        entry = { topic, messages: [] };
        byTopic.set(topic, entry);
      }
      entry.messages.push({
        key: row.key,
        value: record.value,
        headers: { ...record.headers, ...row.traceHeaders, ...extraHeaders },
      });
      sending.push(row);
    }
    if (sending.length === 0) return results;
    try {
      // One batch carries rows of many traces: each row's W3C headers come from the relay's `send` span
      // (traceHeaders); kafkajs's instrumentation would parent every record to one context and overwrite
      // them, so it stays quiet for the batch.
      const sent = context.with(suppressTracing(context.active()), () => this.send([...byTopic.values()]));
      await withTimeout(sent, this.publishTimeoutMs, this.closing.signal);
      for (const row of sending) results.push({ messageId: row.messageId, ok: true });
    } catch (error) {
      // The connection may be broken or half-open: start from scratch next time (close() already does).
      if (!this.closed) await this.reset();
      for (const row of sending) results.push({ messageId: row.messageId, ok: false, error });
    }
    return results;
  }

  /**
   * Disconnects the producer. A publish in flight fails at once (the broker may or may not have got it:
   * the rows stay PENDING and are published again, at least once); a later `publish` fails. Idempotent.
   */
  close(): Promise<void> {
    this.closed = true;
    this.closing.abort();
    this.closeDone ??= this.closeClient();
    return this.closeDone;
  }

  private async send(topicMessages: TopicMessages[]): Promise<void> {
    const producer = await this.connect();
    await producer.sendBatch({ topicMessages, acks: -1, timeout: this.publishTimeoutMs });
  }

  private async connect(): Promise<Producer> {
    if (this.closed) throw closedError();
    return this.client.connect();
  }

  private async reset(): Promise<void> {
    // ClientKafka caches a failed connect() forever; close() clears it.
    await this.closeClient();
  }

  private async closeClient(): Promise<void> {
    await settlesWithin(
      this.client.close().catch(() => undefined),
      CLOSE_CLIENT_TIMEOUT_MS,
    );
  }
}
