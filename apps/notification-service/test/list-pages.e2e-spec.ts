import { randomUUID } from 'node:crypto';

import { RABBITMQ_QUEUES, toAmqpMessage } from '@commlab/contracts';
import { dropSchemas, requirePostgres, throwawaySchemaName, waitFor } from '@commlab/testing';

import type { RunningNotificationService } from '../src';
import { getJson, NotificationHarness, notificationJob } from './support/notification-harness';

jest.setTimeout(60_000);

interface Listed {
  nextCursor: string | null;
}

type Store = 'memory' | 'postgres';

/**
 * GET /notifications and GET /dlq a page at a time (?limit=&cursor=, nextCursor), in the style of
 * GET /orders: every row once, in the list's order; a cursor of another list is a 400 naming `cursor`.
 * Real RabbitMQ vhost, PGlite and PostgreSQL.
 */
describe.each<Store>(['memory', 'postgres'])('notification-service list pages (%s store)', (store) => {
  let harness: NotificationHarness;
  let service: RunningNotificationService;
  let databaseUrl: string | undefined;
  const schema = throwawaySchemaName('notification_pages');

  beforeAll(async () => {
    harness = await NotificationHarness.start(`notification-pages-${store}`);
    if (store === 'postgres') {
      databaseUrl = await requirePostgres();
      service = await harness.startService({}, { databaseUrl, schema });
    } else {
      service = await harness.startService({}, 'memory');
    }
  }, 60_000);

  afterAll(async () => {
    await harness.stop();
    if (databaseUrl !== undefined) await dropSchemas(databaseUrl, [schema]);
  });

  /** Every page of `path` with `limit`, following nextCursor; the items of each page. */
  async function walk<T>(path: string, limit: number, items: (body: Listed) => T[]): Promise<T[][]> {
    const pages: T[][] = [];
    let cursor: string | null = null;
    do {
      const separator = path.includes('?') ? '&' : '?';
      const after: string = cursor === null ? '' : `&cursor=${cursor}`;
      const body = await getJson<Listed>(
        `${service.httpUrl}${path}${separator}limit=${String(limit)}${after}`,
      );
      pages.push(items(body));
      cursor = body.nextCursor;
    } while (cursor !== null && pages.length < 20);
    return pages;
  }

  it("pages through an order's notifications oldest first, and the latest ones newest first", async () => {
    const orderId = `order-${randomUUID()}`;
    const ids = Array.from({ length: 5 }, (_, n) => `${orderId}:n${String(n)}`);
    for (const notificationId of ids) await harness.publishJob(notificationJob(orderId, { notificationId }));
    await waitFor(async () => (await harness.notifications(service, orderId)).length === 5, {
      timeoutMs: 10_000,
      description: 'five notifications stored',
    });
    const all = await harness.notifications(service, orderId);

    const byOrder = await walk(`/notifications?orderId=${orderId}`, 2, (body) =>
      (body as Listed & { notifications: { notificationId: string }[] }).notifications.map(
        (n) => n.notificationId,
      ),
    );
    expect(byOrder.map((page) => page.length)).toEqual([2, 2, 1]);
    expect(byOrder.flat()).toEqual(all.map((n) => n.notificationId));

    const recent = (
      await walk(
        '/notifications',
        2,
        (body) =>
          (body as Listed & { notifications: { notificationId: string; sentAt: string }[] }).notifications,
      )
    ).flat();
    // Every one once, newest first (rows stored in the same microsecond may come in either order).
    expect(recent.map((n) => n.notificationId).sort()).toEqual([...ids].sort());
    const times = recent.map((n) => Date.parse(n.sentAt));
    expect(times).toEqual([...times].sort((x, y) => y - x));
  });

  it('pages through the dead letters oldest first; count is the page size', async () => {
    const message = toAmqpMessage(notificationJob(`order-${randomUUID()}`));
    for (let n = 0; n < 3; n += 1) {
      await harness.publishRaw(RABBITMQ_QUEUES.notificationsSend, `{"broken": ${String(n)}`, {
        ...message.options,
        messageId: `broken-${String(n)}-${randomUUID()}`,
      });
    }
    const letters = await harness.waitForDeadLetters(service, 3);
    const pages = await walk('/dlq', 2, (body) => {
      const page = body as Listed & { deadLetters: { id: string }[]; count: number };
      expect(page.count).toBe(page.deadLetters.length);
      return page.deadLetters.map((letter) => letter.id);
    });
    expect(pages.map((page) => page.length)).toEqual([2, 1]);
    expect(pages.flat()).toEqual(letters.map((letter) => letter.id));
  });

  it('answers 400 naming cursor for a cursor of another list', async () => {
    const orderId = `order-${randomUUID()}`;
    for (const notificationId of [`${orderId}:a`, `${orderId}:b`]) {
      await harness.publishJob(notificationJob(orderId, { notificationId }));
    }
    await waitFor(async () => (await harness.notifications(service, orderId)).length === 2, {
      timeoutMs: 10_000,
      description: 'two notifications stored',
    });
    const { nextCursor } = await getJson<Listed>(
      `${service.httpUrl}/notifications?orderId=${orderId}&limit=1`,
    );
    expect(nextCursor).not.toBeNull();
    for (const path of [`/notifications?cursor=${String(nextCursor)}`, `/dlq?cursor=${String(nextCursor)}`]) {
      const response = await fetch(`${service.httpUrl}${path}`);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ details: { fields: [{ path: 'cursor' }] } });
    }
  });
});
