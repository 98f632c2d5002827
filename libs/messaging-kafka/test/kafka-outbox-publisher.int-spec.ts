import 'reflect-metadata';

import { randomUUID } from 'node:crypto';

import { createEnvelope } from '@commlab/contracts';
import { type KafkaLite, startKafkaLite } from '@commlab/kafka-lite';
import { type Database, openDatabase } from '@commlab/persistence';
import { freePort, waitFor } from '@commlab/testing';
import { NestFactory } from '@nestjs/core';
import { type Consumer, Kafka, type KafkaMessage, logLevel } from 'kafkajs';

import { enqueueOutbox, OUTBOX_MIGRATIONS, type OutboxMessage, OutboxRelay } from '@commlab/messaging';
import { KafkaOutboxPublisher } from '../src';
import { OutboxModule } from '@commlab/messaging-nest';

jest.setTimeout(20_000);

const TOPIC = 'outbox-test';

function row(key: string, destination: OutboxMessage['destination'] = { transport: 'kafka', topic: TOPIC }) {
  const envelope = createEnvelope({
    type: 'commlab.test.happened.v1',
    source: '/commlab/test',
    subject: key,
    correlationId: `corr-${key}`,
    data: { key },
  });
  const message: OutboxMessage = {
    sequence: 1,
    messageId: envelope.id,
    destination,
    key,
    envelope,
    attempts: 0,
    createdAt: new Date(),
  };
  return message;
}

describe('KafkaOutboxPublisher and OutboxModule (kafka-lite)', () => {
  let broker: KafkaLite;
  let consumer: Consumer;
  const received: KafkaMessage[] = [];
  const keyed = (key: string) => received.filter((message) => message.key?.toString() === key);

  beforeAll(async () => {
    broker = await startKafkaLite({
      port: 0,
      logLevel: 'silent',
      topics: [{ name: TOPIC, partitions: 2 }],
      groupInitialRebalanceDelayMs: 0,
    });
    const kafka = new Kafka({
      brokers: [broker.bootstrap],
      clientId: 'outbox-test',
      logLevel: logLevel.NOTHING,
    });
    consumer = kafka.consumer({
      groupId: `outbox-test-${randomUUID()}`,
      maxWaitTimeInMs: 100,
      heartbeatInterval: 500,
      rebalanceTimeout: 3_000,
    });
    await consumer.connect();
    await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message }) => {
        received.push(message);
        return Promise.resolve();
      },
    });
  });

  afterAll(async () => {
    await consumer.disconnect();
    await broker.close();
  });

  it('publishes a round in one batch with key and CloudEvents headers; one ok result per row', async () => {
    const publisher = new KafkaOutboxPublisher({ brokers: [broker.bootstrap], publishTimeoutMs: 5_000 });
    try {
      const rows = [row(`a-${randomUUID()}`), row(`b-${randomUUID()}`)];
      const results = await publisher.publish(rows);
      expect(results).toEqual(rows.map((r) => ({ messageId: r.messageId, ok: true })));
      await waitFor(() => rows.every((r) => keyed(r.key).length === 1), {
        timeoutMs: 10_000,
        description: 'both rows consumed',
      });
      for (const r of rows) {
        const [message] = keyed(r.key);
        expect(message?.headers?.ce_id?.toString()).toBe(r.messageId);
        expect(message?.headers?.ce_type?.toString()).toBe(r.envelope.type);
        expect(message?.headers?.ce_correlationid?.toString()).toBe(`corr-${r.key}`);
        expect(JSON.parse(message?.value?.toString() ?? 'null')).toEqual(r.envelope.data);
      }
    } finally {
      await publisher.close();
    }
  });

  it('headersFor adds headers at publish time; a row whose headers cannot be had fails alone', async () => {
    const signed = row(`signed-${randomUUID()}`);
    const plain = row(`plain-${randomUUID()}`);
    const refused = row(`refused-${randomUUID()}`);
    const publisher = new KafkaOutboxPublisher({
      brokers: [broker.bootstrap],
      publishTimeoutMs: 5_000,
      headersFor: (r) => {
        if (r.key === signed.key) return Promise.resolve({ authorization: 'Bearer t0k3n' });
        if (r.key === refused.key) return Promise.reject(new Error('no token'));
        return Promise.resolve({});
      },
    });
    try {
      const results = await publisher.publish([signed, plain, refused]);
      expect(results).toEqual(
        expect.arrayContaining([
          { messageId: signed.messageId, ok: true },
          { messageId: plain.messageId, ok: true },
          { messageId: refused.messageId, ok: false, error: new Error('no token') },
        ]),
      );
      await waitFor(() => keyed(signed.key).length === 1 && keyed(plain.key).length === 1, {
        timeoutMs: 10_000,
        description: 'the two published rows consumed',
      });
      expect(keyed(signed.key)[0]?.headers?.authorization?.toString()).toBe('Bearer t0k3n');
      expect(keyed(signed.key)[0]?.headers?.ce_id?.toString()).toBe(signed.messageId);
      expect(keyed(plain.key)[0]?.headers?.authorization).toBeUndefined();
      expect(keyed(refused.key)).toEqual([]);
    } finally {
      await publisher.close();
    }
  });

  it('broker unreachable → every row fails within the timeout (nothing thrown); non-Kafka rows fail', async () => {
    const publisher = new KafkaOutboxPublisher({
      brokers: [`127.0.0.1:${String(await freePort())}`],
      publishTimeoutMs: 2_000,
    });
    try {
      const rows = [row('x'), row('y', { transport: 'rabbitmq-queue', queue: 'q' })];
      const started = Date.now();
      const results = await publisher.publish(rows);
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(results).toHaveLength(2);
      expect(results.every((result) => !result.ok)).toBe(true);
      expect(new Set(results.map((result) => result.messageId))).toEqual(
        new Set(rows.map((r) => r.messageId)),
      );
      // A second attempt connects afresh (a failed connect is not cached).
      expect((await publisher.publish([row('z')]))[0]?.ok).toBe(false);
    } finally {
      await publisher.close();
    }
  });

  it('OutboxModule starts the relay on bootstrap and stops it before the store closes', async () => {
    const db: Database = await openDatabase({ service: 'messaging-test', migrations: OUTBOX_MIGRATIONS });
    const publisher = new KafkaOutboxPublisher({ brokers: [broker.bootstrap], publishTimeoutMs: 5_000 });
    const app = await NestFactory.createApplicationContext(
      OutboxModule.forRoot({ useFactory: () => ({ db, publisher, pollIntervalMs: 100 }) }),
      { logger: false },
    );
    try {
      await app.init();
      const relay = app.get(OutboxRelay);
      expect(relay.isRunning).toBe(true);
      const key = `nest-${randomUUID()}`;
      await db.transaction(async (tx) => {
        await enqueueOutbox(tx, row(key).envelope, { transport: 'kafka', topic: TOPIC });
      });
      relay.notify();
      await waitFor(() => keyed(key).length === 1, {
        timeoutMs: 10_000,
        description: 'relayed row consumed',
      });
      await waitFor(async () => (await relay.stats()).sent === 1, {
        timeoutMs: 5_000,
        description: 'row SENT',
      });
      await app.close();
      expect(relay.isRunning).toBe(false);
    } finally {
      await app.close();
      await db.close();
    }
    // A PGlite store, a Nest context and a producer's first connect: on a loaded 2-core CI machine this
    // passed 20 s once (its waits alone allow 15 s); the limit is for a hang, not a speed goal.
  }, 45_000);
});
