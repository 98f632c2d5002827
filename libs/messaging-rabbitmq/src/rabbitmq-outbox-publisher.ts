import { context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { lastValueFrom } from 'rxjs';

import {
  describeDestination,
  type OutboxDestination,
  type OutboxMessage,
  type OutboxPublisher,
  type PublishResult,
} from '@commlab/messaging';
import { CloudEventsRmqSerializer, type RmqOutboundEvent } from './cloud-events-rmq.serializer';
import { CommlabRmqClient, type TopologyOption } from './commlab-rmq-transport';

export interface RabbitMqOutboxPublisherOptions extends TopologyOption {
  /** amqp://user:password@host:port/vhost */
  url: string;
  /** Upper bound of one publish (connect + confirm), default 10 000; keep it below the relay's lease. */
  publishTimeoutMs?: number;
  /**
   * Headers added to a row's message when it is published, never stored in the outbox — e.g. the service
   * token a command's consumer checks (`authorization`), fresh at each publish. A throw fails the publish
   * (the row stays PENDING and is retried with backoff), so a message never goes out without them.
   */
  headersFor?: (row: OutboxMessage) => Promise<Readonly<Record<string, string>>>;
}

/**
 * Stored as the row's error when the broker answered a publish with a nack — e.g. the queue is full and
 * refuses new messages (`x-overflow: reject-publish`). Retryable: the row stays PENDING, and the relay
 * backs off (backpressure); the connection is fine and is kept.
 */
export class RabbitMqPublishNackedError extends Error {
  override readonly name = 'RabbitMqPublishNackedError';
  readonly code = 'RABBITMQ_PUBLISH_NACKED';
  constructor(destination: string, cause: unknown) {
    super(`RabbitMQ refused the message for ${destination} (publisher-confirm nack: the queue may be full)`, {
      cause,
    });
  }
}

/** amqplib's confirm channel rejects a nacked publish with exactly this error. */
function isNack(error: unknown): boolean {
  return error instanceof Error && error.message === 'message nacked';
}

/** Thrown (and stored as the row's error) when a publish is not confirmed in time. */
export class RabbitMqPublishTimeoutError extends Error {
  override readonly name = 'RabbitMqPublishTimeoutError';
  constructor(timeoutMs: number) {
    super(`RabbitMQ publish was not confirmed within ${String(timeoutMs)} ms`);
  }
}

function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new RabbitMqPublishTimeoutError(timeoutMs));
    }, timeoutMs);
  });
  return Promise.race([work, late]).finally(() => {
    clearTimeout(timer);
  });
}

/**
 * The outbox's RabbitMQ side, on NestJS's RabbitMQ client (`CommlabRmqClient`, amqplib through
 * amqp-connection-manager): `{transport:'rabbitmq', exchange, routingKey}` rows are published to the
 * exchange with the routing key (publish-subscribe), `{transport:'rabbitmq-queue', queue}` rows straight to
 * the queue (work queue). Every message is persistent, in CloudEvents binary mode, and counts as sent only
 * once the broker confirmed it (publisher confirms). One client per exchange or queue, connected lazily;
 * a failed one is closed and rebuilt on the next publish, so a broker outage only leaves rows PENDING.
 */
export class RabbitMqOutboxPublisher implements OutboxPublisher {
  private readonly clients = new Map<string, CommlabRmqClient>();
  private readonly publishTimeoutMs: number;
  private closed = false;

  constructor(private readonly options: RabbitMqOutboxPublisherOptions) {
    this.publishTimeoutMs = options.publishTimeoutMs ?? 10_000;
    if (!Number.isInteger(this.publishTimeoutMs) || this.publishTimeoutMs <= 0)
      throw new RangeError('publishTimeoutMs must be a positive integer.');
  }

  async publish(rows: readonly OutboxMessage[]): Promise<PublishResult[]> {
    // Rows have distinct keys (the relay keeps per-key order), so they may go out concurrently.
    return Promise.all(rows.map((row) => this.publishOne(row)));
  }

  async close(): Promise<void> {
    this.closed = true;
    const clients = [...this.clients.values()];
    this.clients.clear();
    await Promise.all(clients.map((client) => client.close().catch(() => undefined)));
  }

  private async publishOne(row: OutboxMessage): Promise<PublishResult> {
    const { destination } = row;
    if (destination.transport === 'kafka') {
      return {
        messageId: row.messageId,
        ok: false,
        error: new Error(`RabbitMqOutboxPublisher cannot publish to ${describeDestination(destination)}`),
      };
    }
    if (this.closed) {
      return {
        messageId: row.messageId,
        ok: false,
        error: new Error('The RabbitMQ outbox publisher is closed.'),
      };
    }
    const { key, client } = this.clientFor(destination);
    const pattern = destination.transport === 'rabbitmq' ? destination.routingKey : destination.queue;
    let headers: Readonly<Record<string, string>> | undefined;
    try {
      headers = await this.options.headersFor?.(row);
    } catch (error) {
      return { messageId: row.messageId, ok: false, error };
    }
    const event: RmqOutboundEvent = { envelope: row.envelope, traceHeaders: row.traceHeaders, headers };
    try {
      // The row's W3C headers come from the relay's `send` span; amqplib's instrumentation would open a
      // second publish span and overwrite them, so it stays quiet here.
      const published = context.with(suppressTracing(context.active()), async () => {
        await client.connect();
        await lastValueFrom(client.emit(pattern, event), { defaultValue: undefined });
      });
      await withTimeout(published, this.publishTimeoutMs);
      return { messageId: row.messageId, ok: true };
    } catch (error) {
      if (isNack(error)) {
        return { messageId: row.messageId, ok: false, error: new RabbitMqPublishNackedError(key, error) };
      }
      this.clients.delete(key);
      await client.close().catch(() => undefined);
      return { messageId: row.messageId, ok: false, error };
    }
  }

  private clientFor(destination: Exclude<OutboxDestination, { transport: 'kafka' }>): {
    key: string;
    client: CommlabRmqClient;
  } {
    const key = describeDestination(
      destination.transport === 'rabbitmq' ? { ...destination, routingKey: '' } : destination,
    );
    let client = this.clients.get(key);
    if (client === undefined) {
      client = new CommlabRmqClient({
        urls: [this.options.url],
        serializer: new CloudEventsRmqSerializer(),
        persistent: true,
        ...(this.options.topology === undefined ? {} : { topology: this.options.topology }),
        ...(destination.transport === 'rabbitmq'
          ? { exchange: destination.exchange, wildcards: true, queue: destination.exchange }
          : { queue: destination.queue }),
      });
      this.clients.set(key, client);
    }
    return { key, client };
  }
}
