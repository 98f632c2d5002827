import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { loadConfig } from '@commlab/config';
import {
  createEnvelope,
  type Envelope,
  NOTIFICATION_REQUESTED_V1,
  type NotificationRequestedV1Message,
  ORDER_PLACED_V1,
  type OrderPlacedV1Message,
  RABBITMQ_EXCHANGES,
  RABBITMQ_QUEUES,
  toAmqpMessage,
} from '@commlab/contracts';
import { assertCommlabTopology } from '@commlab/messaging-rabbitmq';
import { requireRedis, type ThrowawayVhost, throwawayVhost, waitFor } from '@commlab/testing';
import amqp, { type ChannelModel, type ConfirmChannel, type Options } from 'amqplib';

import {
  type DeadLetterView,
  type NotificationConfig,
  notificationConfigSchema,
  type RedriveResult,
  type RunningNotificationService,
  startNotificationService,
  type StoredNotification,
} from '../../src';

/** Quick retries: 3 attempts, 100 → 200 ms in `<queue>.retry`. */
export const FAST_RETRIES: Record<string, string> = {
  NOTIFICATION_MAX_ATTEMPTS: '3',
  NOTIFICATION_RETRY_BASE_MS: '100',
  NOTIFICATION_RETRY_MAX_MS: '200',
};

/** A NotificationRequested job for an order; `to` picks the recipient (fault injection). */
export function notificationJob(
  orderId: string,
  overrides: Partial<NotificationRequestedV1Message['data']> = {},
): NotificationRequestedV1Message {
  return createEnvelope({
    source: '/commlab/test',
    type: NOTIFICATION_REQUESTED_V1,
    subject: orderId,
    data: {
      notificationId: `${orderId}:order-placed`,
      orderId,
      userId: 'user-alice',
      channel: 'email',
      to: 'alice@example.com',
      template: 'order-placed',
      params: { totalCents: 1250, currency: 'USD' },
      ...overrides,
    },
  });
}

export function orderPlaced(orderId: string): OrderPlacedV1Message {
  return createEnvelope({
    source: '/commlab/test',
    type: ORDER_PLACED_V1,
    subject: orderId,
    data: {
      orderId,
      userId: 'user-alice',
      mode: 'sync',
      items: [{ sku: 'mug-red', quantity: 1, unitPriceCents: 1250 }],
      totalCents: 1250,
      currency: 'USD',
      placedAt: new Date().toISOString(),
    },
  });
}

export async function getJson<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, init);
  const body = (await response.json()) as T;
  if (!response.ok) throw new Error(`${url} answered ${String(response.status)}: ${JSON.stringify(body)}`);
  return body;
}

/**
 * One throwaway RabbitMQ vhost (the topology declared), a confirm channel to publish with, Redis, and
 * notification-service instances in this process on one PGlite directory (so a restart keeps the store).
 */
export class NotificationHarness {
  readonly services: RunningNotificationService[] = [];
  private connection: ChannelModel | undefined;
  private publisher: ConfirmChannel | undefined;
  private dataDir = '';
  redisUrl = '';

  private constructor(readonly vhost: ThrowawayVhost) {}

  static async start(label: string): Promise<NotificationHarness> {
    const harness = new NotificationHarness(await throwawayVhost(label));
    try {
      harness.redisUrl = await requireRedis();
      harness.dataDir = await mkdtemp(join(tmpdir(), 'commlab-notification-'));
      harness.connection = await amqp.connect(harness.vhost.url);
      harness.publisher = await harness.connection.createConfirmChannel();
      await assertCommlabTopology(harness.publisher);
    } catch (error) {
      await harness.stop();
      throw error;
    }
    return harness;
  }

  get channel(): ConfirmChannel {
    if (this.publisher === undefined) throw new Error('the harness is not started');
    return this.publisher;
  }

  config(env: Record<string, string> = {}): NotificationConfig {
    return loadConfig(notificationConfigSchema, {
      COMMLAB_ENV: 'test',
      LOG_LEVEL: 'silent',
      BIND_HOST: '127.0.0.1',
      NOTIFICATION_HTTP_PORT: '0',
      NOTIFICATION_DATA_DIR: this.dataDir,
      RABBITMQ_URL: this.vhost.url,
      REDIS_URL: this.redisUrl,
      ...FAST_RETRIES,
      ...env,
    });
  }

  /**
   * Starts an instance on the shared PGlite directory (one at a time), in memory, or on a PostgreSQL
   * schema (several instances may share one).
   */
  async startService(
    env: Record<string, string> = {},
    store: 'shared' | 'memory' | { databaseUrl: string; schema: string } = 'shared',
  ): Promise<RunningNotificationService> {
    const service =
      typeof store === 'object'
        ? await startNotificationService(this.config({ ...env, DATABASE_URL: store.databaseUrl }), {
            databaseSchema: store.schema,
          })
        : await startNotificationService(this.config(env), { inMemoryStore: store === 'memory' });
    this.services.push(service);
    return service;
  }

  async stopService(service: RunningNotificationService): Promise<void> {
    this.services.splice(this.services.indexOf(service), 1);
    await service.close();
  }

  async publishJob(job: Envelope, queue: string = RABBITMQ_QUEUES.notificationsSend): Promise<void> {
    const message = toAmqpMessage(job);
    await this.publishRaw(queue, message.content, { ...message.options, persistent: true });
  }

  async publishRaw(queue: string, content: Buffer | string, options: Options.Publish = {}): Promise<void> {
    this.channel.sendToQueue(queue, Buffer.from(content), { persistent: true, ...options });
    await this.channel.waitForConfirms();
  }

  async publishEvent(routingKey: string, event: Envelope): Promise<void> {
    const message = toAmqpMessage(event);
    this.channel.publish(RABBITMQ_EXCHANGES.events, routingKey, message.content, {
      ...message.options,
      persistent: true,
    });
    await this.channel.waitForConfirms();
  }

  async notifications(
    service: RunningNotificationService,
    orderId: string,
    limit = 1_000,
  ): Promise<StoredNotification[]> {
    const body = await getJson<{ notifications: StoredNotification[] }>(
      `${service.httpUrl}/notifications?orderId=${encodeURIComponent(orderId)}&limit=${String(limit)}`,
    );
    return body.notifications;
  }

  async deadLetters(service: RunningNotificationService): Promise<DeadLetterView[]> {
    return (await getJson<{ deadLetters: DeadLetterView[] }>(`${service.httpUrl}/dlq`)).deadLetters;
  }

  async waitForDeadLetters(
    service: RunningNotificationService,
    count: number,
    timeoutMs = 15_000,
  ): Promise<DeadLetterView[]> {
    return waitFor(
      async () => {
        const letters = await this.deadLetters(service);
        return letters.length >= count ? letters : undefined;
      },
      { timeoutMs, intervalMs: 100, description: `${String(count)} dead letters in GET /dlq` },
    );
  }

  async redrive(service: RunningNotificationService, body?: { ids: string[] }): Promise<RedriveResult> {
    return getJson<RedriveResult>(`${service.httpUrl}/dlq/redrive`, {
      method: 'POST',
      ...(body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
  }

  async stop(): Promise<void> {
    for (const service of this.services.splice(0)) await service.close().catch(() => undefined);
    await this.connection?.close().catch(() => undefined);
    await this.vhost.drop().catch(() => undefined);
    if (this.dataDir !== '') await rm(this.dataDir, { recursive: true, force: true });
  }
}
