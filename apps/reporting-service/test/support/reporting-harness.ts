import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { loadConfig } from '@commlab/config';
import {
  createEnvelope,
  type Envelope,
  kafkaTopicLayout,
  ORDER_PLACED_V1,
  type OrderPlacedV1Message,
  type OrderPlacedV2Message,
  upcastOrderPlacedV1,
  toKafkaRecord,
} from '@commlab/contracts';
import { type KafkaLite, startKafkaLite } from '@commlab/kafka-lite';
import { dropSchemas, requirePostgres, throwawaySchemaName, waitFor } from '@commlab/testing';
import { ConfigResourceTypes, Kafka, logLevel, type Producer } from 'kafkajs';

import {
  type ConsumerStatus,
  type RebuildResult,
  reportingConfigSchema,
  type RunningReportingService,
  type SalesReport,
  type SnapshotList,
  type SnapshotView,
  startReportingService,
} from '../../src';

export type Backend = 'pglite' | 'postgres';

/** Settings that keep the tests quick: short fetch wait, small retry delays. */
const FAST_CONSUMER: Record<string, string> = {
  KAFKA_CONSUMER_MAX_WAIT_MS: '50',
  KAFKA_SESSION_TIMEOUT_MS: '6000',
  KAFKA_HEARTBEAT_INTERVAL_MS: '1000',
  KAFKA_CONSUMER_MAX_ATTEMPTS: '3',
  KAFKA_CONSUMER_RETRY_BASE_MS: '20',
  KAFKA_CONSUMER_RETRY_MAX_MS: '100',
};

/**
 * kafka-lite with every commlab topic, a kafkajs producer, and reporting-service instances that share
 * one store (a PGlite directory or a throwaway PostgreSQL schema) so a restart resumes where it stopped.
 */
export class ReportingHarness {
  reporting: RunningReportingService | undefined;
  private producer: Producer | undefined;
  private dataDir = '';
  private databaseUrl: string | undefined;
  private readonly schema = throwawaySchemaName('reporting_test');

  private constructor(
    readonly kafka: KafkaLite,
    private readonly backend: Backend,
    /** Config of every reporting instance this harness starts (on top of the test defaults). */
    private readonly settings: Record<string, string>,
  ) {}

  static async start(backend: Backend, settings: Record<string, string> = {}): Promise<ReportingHarness> {
    const kafka = await startKafkaLite({
      port: 0,
      logLevel: 'silent',
      topics: kafkaTopicLayout(),
      groupInitialRebalanceDelayMs: 0,
    });
    const harness = new ReportingHarness(kafka, backend, settings);
    try {
      if (backend === 'postgres') harness.databaseUrl = await requirePostgres();
      else harness.dataDir = await mkdtemp(join(tmpdir(), 'commlab-reporting-'));
      const client = new Kafka({
        clientId: 'reporting-test',
        brokers: [kafka.bootstrap],
        logLevel: logLevel.NOTHING,
      });
      harness.producer = client.producer();
      await harness.producer.connect();
      await harness.startReporting();
    } catch (error) {
      await harness.stop();
      throw error;
    }
    return harness;
  }

  get url(): string {
    if (this.reporting === undefined) throw new Error('reporting-service is not running');
    return this.reporting.httpUrl;
  }

  async startReporting(overrides: Record<string, string> = {}): Promise<RunningReportingService> {
    const config = loadConfig(reportingConfigSchema, {
      COMMLAB_ENV: 'test',
      LOG_LEVEL: 'silent',
      REPORTING_HTTP_PORT: '0',
      KAFKA_BROKERS: this.kafka.bootstrap,
      ...(this.databaseUrl === undefined
        ? { REPORTING_DATA_DIR: this.dataDir }
        : { DATABASE_URL: this.databaseUrl }),
      ...FAST_CONSUMER,
      ...this.settings,
      ...overrides,
    });
    this.reporting = await startReportingService(
      config,
      this.databaseUrl === undefined ? {} : { databaseSchema: this.schema },
    );
    return this.reporting;
  }

  async stopReporting(): Promise<void> {
    const reporting = this.reporting;
    this.reporting = undefined;
    await reporting?.close();
  }

  /** Produces envelopes as the outbox would: CloudEvents headers, key = subject, acks from all replicas. */
  async publish(topic: string, messages: readonly Envelope[]): Promise<void> {
    if (this.producer === undefined) throw new Error('no producer');
    await this.producer.send({
      topic,
      acks: -1,
      messages: messages.map((message) => {
        const record = toKafkaRecord(message);
        return { key: record.key, value: record.value, headers: record.headers };
      }),
    });
  }

  /** Produces raw bytes (poison records). */
  async publishRaw(topic: string, record: { key: string; value: string; headers?: Record<string, string> }) {
    if (this.producer === undefined) throw new Error('no producer');
    await this.producer.send({ topic, acks: -1, messages: [record] });
  }

  async get(path: string): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${this.url}${path}`);
    return { status: response.status, body: await response.json() };
  }

  sales(): Promise<SalesReport> {
    return this.get('/reports/sales').then(({ body }) => body as SalesReport);
  }

  status(): Promise<ConsumerStatus> {
    return this.get('/reports/status').then(({ status, body }) => {
      if (status !== 200)
        throw new Error(`GET /reports/status answered ${String(status)}: ${JSON.stringify(body)}`);
      return body as ConsumerStatus;
    });
  }

  async rebuild(query = ''): Promise<{ status: number; body: RebuildResult }> {
    const response = await fetch(`${this.url}/reports/rebuild${query}`, { method: 'POST' });
    return { status: response.status, body: (await response.json()) as RebuildResult };
  }

  async takeSnapshot(): Promise<{ status: number; body: SnapshotView }> {
    const response = await fetch(`${this.url}/reports/snapshots`, { method: 'POST' });
    return { status: response.status, body: (await response.json()) as SnapshotView };
  }

  snapshots(): Promise<SnapshotView[]> {
    return this.get('/reports/snapshots').then(({ body }) => (body as SnapshotList).snapshots);
  }

  /** Sets a topic's own configs (retention.bytes, retention.ms, …) through Kafka's admin API. */
  async setTopicConfig(topic: string, configs: Record<string, string>): Promise<void> {
    const admin = new Kafka({ brokers: [this.kafka.bootstrap], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      await admin.alterConfigs({
        validateOnly: false,
        resources: [
          {
            type: ConfigResourceTypes.TOPIC,
            name: topic,
            configEntries: Object.entries(configs).map(([name, value]) => ({ name, value })),
          },
        ],
      });
    } finally {
      await admin.disconnect();
    }
  }

  /** Waits until the projections have applied `count` events. */
  async waitForEventsApplied(count: number, timeoutMs = 20_000): Promise<SalesReport> {
    return waitFor(
      async () => {
        const report = await this.sales();
        return report.eventsApplied >= count ? report : undefined;
      },
      { timeoutMs, intervalMs: 100, description: `${String(count)} events applied` },
    );
  }

  /** Waits until the group has committed everything (lag 0 on every projected partition). */
  async waitForNoLag(timeoutMs = 20_000): Promise<ConsumerStatus> {
    return waitFor(
      async () => {
        const status = await this.status();
        return status.totalLag === 0 ? status : undefined;
      },
      { timeoutMs, intervalMs: 100, description: 'consumer lag 0' },
    );
  }

  async stop(): Promise<void> {
    await this.stopReporting().catch(() => undefined);
    await this.producer?.disconnect().catch(() => undefined);
    await this.kafka.close().catch(() => undefined);
    if (this.databaseUrl !== undefined) await dropSchemas(this.databaseUrl, [this.schema]);
    if (this.dataDir !== '') await rm(this.dataDir, { recursive: true, force: true });
  }
}

let sequence = 0;

/** A sync OrderPlaced for `sku` × `quantity` at `unitPriceCents`, with a fresh id. */
export function orderPlaced(
  sku: string,
  quantity: number,
  unitPriceCents: number,
  placedAt = '2026-11-22T10:00:00.000Z',
): OrderPlacedV1Message {
  sequence += 1;
  const orderId = `order-${String(process.pid)}-${String(sequence)}`;
  return createEnvelope({
    type: ORDER_PLACED_V1,
    source: '/commlab/order-service',
    subject: orderId,
    data: {
      orderId,
      userId: 'user-1',
      mode: 'sync',
      items: [{ sku, quantity, unitPriceCents }],
      totalCents: quantity * unitPriceCents,
      currency: 'USD',
      placedAt,
    },
  });
}

/**
 * The same as OrderPlaced v2 (what order-service sends now), with `extra` fields in its data — fields a
 * newer producer might add, which this reader must ignore.
 */
export function orderPlacedV2(
  sku: string,
  quantity: number,
  unitPriceCents: number,
  placedAt?: string,
  extra: Record<string, unknown> = {},
): OrderPlacedV2Message {
  const v2 = upcastOrderPlacedV1(orderPlaced(sku, quantity, unitPriceCents, placedAt));
  return { ...v2, data: { ...v2.data, ...extra } };
}
