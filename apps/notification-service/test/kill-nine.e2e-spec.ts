import { randomBytes, randomUUID } from 'node:crypto';

import { RABBITMQ_QUEUES, toAmqpMessage } from '@commlab/contracts';
import { assertCommlabTopology, workQueueNames } from '@commlab/messaging-rabbitmq';
import {
  freePort,
  requirePostgres,
  requireRedis,
  type ThrowawayVhost,
  throwawayVhost,
  waitFor,
} from '@commlab/testing';
import amqp, { type ChannelModel, type ConfirmChannel } from 'amqplib';
import pg from 'pg';

import { notificationJob } from './support/notification-harness';
import { type ServiceChild, startServiceChild } from './support/service-child';

const JOBS = 10_000;
const KILLS = 3;
const SCHEMA = 'notification_service';
const queues = workQueueNames(RABBITMQ_QUEUES.notificationsSend);

describe('notification-service under kill -9 (child process, real RabbitMQ, PostgreSQL)', () => {
  let vhost: ThrowawayVhost;
  let connection: ChannelModel;
  let channel: ConfirmChannel;
  let admin: pg.Client;
  let db: pg.Client;
  let databaseName = '';
  let databaseUrl = '';
  let redisUrl = '';
  let running: ServiceChild | undefined;

  beforeAll(async () => {
    const baseUrl = await requirePostgres();
    redisUrl = await requireRedis();
    vhost = await throwawayVhost('notification-kill');
    connection = await amqp.connect(vhost.url);
    channel = await connection.createConfirmChannel();
    await assertCommlabTopology(channel);
    // A throwaway database: the service keeps its default schema, as in production.
    databaseName = `commlab_test_kill_${randomBytes(4).toString('hex')}`;
    admin = new pg.Client({ connectionString: baseUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${databaseName}`);
    const url = new URL(baseUrl);
    url.pathname = `/${databaseName}`;
    databaseUrl = url.toString();
    db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
  }, 60_000);

  afterAll(async () => {
    running?.child.kill('SIGKILL');
    await running?.exited;
    await db.end().catch(() => undefined);
    if (databaseName !== '') {
      await admin.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`).catch(() => undefined);
    }
    await admin.end().catch(() => undefined);
    await connection.close().catch(() => undefined);
    await vhost.drop().catch(() => undefined);
  });

  async function count(sql: string): Promise<number> {
    try {
      const { rows } = await db.query<{ n: string }>(sql);
      return Number(rows[0]?.n ?? 0);
    } catch {
      return 0; // the tables do not exist until the first start migrated them
    }
  }

  const stored = () => count(`SELECT count(*) AS n FROM ${SCHEMA}.notifications`);

  async function start(): Promise<ServiceChild> {
    running = await startServiceChild(
      {
        RABBITMQ_URL: vhost.url,
        REDIS_URL: redisUrl,
        DATABASE_URL: databaseUrl,
        NOTIFICATION_PREFETCH: '50',
      },
      await freePort(),
    );
    return running;
  }

  it('loses and duplicates nothing: 10,000 jobs, three SIGKILLs mid-consumption, exactly 10,000 notifications', async () => {
    const started = Date.now();
    const batch = randomUUID();
    for (let i = 0; i < JOBS; i += 1) {
      const job = notificationJob(`${batch}-${String(i)}`);
      const message = toAmqpMessage(job);
      channel.sendToQueue(queues.queue, message.content, { ...message.options, persistent: true });
      if (i % 1_000 === 999) await channel.waitForConfirms();
    }
    await channel.waitForConfirms();
    await expect(channel.checkQueue(queues.queue)).resolves.toMatchObject({ messageCount: JOBS });
    const queuedMs = Date.now() - started;

    const killedAt: number[] = [];
    for (let kill = 1; kill <= KILLS; kill += 1) {
      const child = await start();
      // Let it get well into the queue (a fresh stretch each time), then kill it without warning.
      const target = Math.min(JOBS - 500, (await stored()) + 1_500);
      await waitFor(async () => (await stored()) >= target, {
        timeoutMs: 60_000,
        intervalMs: 20,
        description: `${String(target)} notifications stored before kill ${String(kill)}`,
      });
      child.child.kill('SIGKILL');
      await expect(child.exited).resolves.toBe('SIGKILL');
      running = undefined;
      killedAt.push(await stored());
    }
    expect(killedAt[KILLS - 1]).toBeLessThan(JOBS);

    const last = await start();
    await waitFor(
      async () => {
        const queue = await channel.checkQueue(queues.queue);
        return queue.messageCount === 0 && (await stored()) >= JOBS;
      },
      { timeoutMs: 90_000, intervalMs: 100, description: 'the queue drained and every job stored' },
    );
    // Give a stray duplicate every chance to show up before counting.
    await new Promise((resolve) => setTimeout(resolve, 500));
    last.child.kill('SIGTERM');
    await last.exited;
    running = undefined;

    expect(await stored()).toBe(JOBS);
    expect(await count(`SELECT count(DISTINCT notification_id) AS n FROM ${SCHEMA}.notifications`)).toBe(
      JOBS,
    );
    expect(
      await count(
        `SELECT count(*) AS n FROM ${SCHEMA}.inbox_messages WHERE consumer = 'notification-service.jobs'`,
      ),
    ).toBe(JOBS);
    expect(await count(`SELECT count(*) AS n FROM ${SCHEMA}.dead_letters`)).toBe(0);
    for (const queue of [queues.queue, queues.retry, queues.deadLetter]) {
      await expect(channel.checkQueue(queue)).resolves.toMatchObject({ messageCount: 0 });
    }
    process.stdout.write(
      `kill -9 test: ${String(JOBS)} jobs queued in ${String(queuedMs)} ms; killed at ${killedAt.join(', ')} stored; ` +
        `all ${String(JOBS)} stored exactly once after ${String(Date.now() - started)} ms\n`,
    );
  }, 180_000);
});
