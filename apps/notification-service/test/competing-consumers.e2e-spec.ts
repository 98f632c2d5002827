import { randomUUID } from 'node:crypto';

import { RABBITMQ_QUEUES } from '@commlab/contracts';
import { dropSchemas, requirePostgres, throwawaySchemaName, waitFor } from '@commlab/testing';

import { NotificationHarness, notificationJob } from './support/notification-harness';

const JOBS = 200;

describe('notification-service competing consumers (two instances, one queue, real RabbitMQ + PostgreSQL)', () => {
  let harness: NotificationHarness;
  let databaseUrl: string;
  const schema = throwawaySchemaName('notification_competing');

  beforeAll(async () => {
    databaseUrl = await requirePostgres();
    harness = await NotificationHarness.start('notification-competing');
  }, 60_000);

  afterAll(async () => {
    await harness.stop();
    await dropSchemas(databaseUrl, [schema]);
  });

  it('two instances share the 200 jobs of notifications.send: both store some, 200 in all, no duplicates', async () => {
    const store = { databaseUrl, schema };
    const first = await harness.startService({ NOTIFICATION_PREFETCH: '5' }, store);
    const second = await harness.startService({ NOTIFICATION_PREFETCH: '5' }, store);
    expect(first.instanceId).not.toBe(second.instanceId);

    const orderId = `order-${randomUUID()}`;
    for (let i = 0; i < JOBS; i += 1) {
      await harness.publishJob(notificationJob(orderId, { notificationId: `${orderId}:${String(i)}` }));
    }
    const stored = await waitFor(
      async () => {
        const { rows } = await first.database.query<{ sent_by: string; n: string }>(
          'SELECT sent_by, count(*) AS n FROM notifications WHERE order_id = $1 GROUP BY sent_by',
          [orderId],
        );
        const total = rows.reduce((sum, row) => sum + Number(row.n), 0);
        return total >= JOBS ? rows : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 100, description: `${String(JOBS)} notifications stored` },
    );
    const perInstance = new Map(stored.map((row) => [row.sent_by, Number(row.n)]));
    expect([...perInstance.keys()].sort()).toEqual([first.instanceId, second.instanceId].sort());
    expect(perInstance.get(first.instanceId)).toBeGreaterThan(0);
    expect(perInstance.get(second.instanceId)).toBeGreaterThan(0);
    expect((perInstance.get(first.instanceId) ?? 0) + (perInstance.get(second.instanceId) ?? 0)).toBe(JOBS);

    const listed = await harness.notifications(second, orderId);
    expect(listed).toHaveLength(JOBS);
    expect(new Set(listed.map((n) => n.notificationId)).size).toBe(JOBS);
    await expect(harness.channel.checkQueue(RABBITMQ_QUEUES.notificationsSend)).resolves.toMatchObject({
      messageCount: 0,
    });
  }, 60_000);
});
