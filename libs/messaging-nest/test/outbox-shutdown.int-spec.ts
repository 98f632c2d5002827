import 'reflect-metadata';

import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';

import { createEnvelope } from '@commlab/contracts';
import { type Database, openDatabase } from '@commlab/persistence';
import { waitFor } from '@commlab/testing';
import { NestFactory } from '@nestjs/core';

import { enqueueOutbox, OUTBOX_MIGRATIONS, type OutboxMessage, OutboxRelay } from '@commlab/messaging';
import { KafkaOutboxPublisher } from '@commlab/messaging-kafka';
import { OutboxModule } from '../src';

jest.setTimeout(30_000);

const TOPIC = 'outbox-shutdown-test';

/** A "broker" that accepts connections and never answers: every Kafka request hangs until its timeout. */
async function silentBroker(): Promise<{ bootstrap: string; close(): Promise<void> }> {
  const sockets: Socket[] = [];
  const server: Server = createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    bootstrap: `127.0.0.1:${String(port)}`,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  };
}

function row(key: string): OutboxMessage {
  const envelope = createEnvelope({
    type: 'commlab.test.happened.v1',
    source: '/commlab/test',
    subject: key,
    data: {},
  });
  return {
    sequence: 1,
    messageId: envelope.id,
    destination: { transport: 'kafka', topic: TOPIC },
    key,
    envelope,
    attempts: 0,
    createdAt: new Date(),
  };
}

describe('outbox shutdown with a broker that does not answer', () => {
  let broker: Awaited<ReturnType<typeof silentBroker>>;

  beforeAll(async () => {
    broker = await silentBroker();
  });

  afterAll(async () => {
    await broker.close();
  });

  it('KafkaOutboxPublisher.close() fails a publish in flight at once, instead of after its timeout', async () => {
    const publisher = new KafkaOutboxPublisher({ brokers: [broker.bootstrap], publishTimeoutMs: 10_000 });
    const message = row('k1');
    const publishing = publisher.publish([message]);
    await new Promise((resolve) => setTimeout(resolve, 200)); // connected, waiting for an answer
    const started = Date.now();
    await publisher.close();
    const results = await publishing;
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(results).toEqual([{ messageId: message.messageId, ok: false, error: expect.any(Error) as Error }]);
    expect((await publisher.publish([row('k2')]))[0]?.ok).toBe(false); // closed for good
    await publisher.close(); // idempotent
  });

  it('app.close() stops the relay within the grace period; the row stays PENDING for the next start', async () => {
    const db: Database = await openDatabase({ service: 'messaging-test', migrations: OUTBOX_MIGRATIONS });
    const publisher = new KafkaOutboxPublisher({ brokers: [broker.bootstrap], publishTimeoutMs: 10_000 });
    const app = await NestFactory.createApplicationContext(
      OutboxModule.forRoot({
        useFactory: () => ({ db, publisher, pollIntervalMs: 50 }),
        shutdownGraceMs: 300,
      }),
      { logger: false },
    );
    try {
      await app.init();
      const relay = app.get(OutboxRelay);
      await db.transaction(async (tx) => {
        await enqueueOutbox(tx, row('k3').envelope, { transport: 'kafka', topic: TOPIC });
      });
      relay.notify();
      // The relay claimed the row and is publishing (hanging on the silent broker).
      await waitFor(
        async () =>
          (await db.query('SELECT 1 FROM outbox_messages WHERE claimed_by IS NOT NULL')).rows.length === 1,
        { timeoutMs: 5_000, description: 'the row claimed' },
      );
      const started = Date.now();
      await app.close();
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(relay.isRunning).toBe(false);
      const { rows } = await db.query<{ status: string; claimed_by: string | null }>(
        'SELECT status, claimed_by FROM outbox_messages',
      );
      expect(rows).toEqual([{ status: 'PENDING', claimed_by: null }]);
    } finally {
      await app.close();
      await db.close();
    }
  });
});
