import { type Database, openDatabase } from '@commlab/persistence';
import { type ThrowawayStore, throwawayStore } from '@commlab/testing';

import type { Notification } from '../src/notifications/notification';
import { NotificationRepository } from '../src/notifications/notification.repository';
import { NOTIFICATION_MIGRATIONS } from '../src/store/notification.migrations';

jest.setTimeout(30_000);

function notification(id: string, messageId: string): Notification {
  return {
    notificationId: id,
    orderId: `order-${id}`,
    channel: 'email',
    recipient: 'alice@example.com',
    template: 'order-placed',
    params: { orderId: `order-${id}`, totalCents: 2500 },
    messageId,
  };
}

/** The notification store on both stores: one message stores its notification once, in one statement. */
describe.each(['pglite', 'postgres'] as const)('notification store (%s)', (store) => {
  const repository = new NotificationRepository();
  let target: ThrowawayStore;
  let db: Database;

  beforeAll(async () => {
    target = await throwawayStore(store, 'notification_store');
    db = await openDatabase({
      service: 'notification-service',
      migrations: NOTIFICATION_MIGRATIONS,
      ...target.options,
    });
  });

  afterAll(async () => {
    await db.close();
    await target.drop();
  });

  it('stores a message’s notification once; a redelivery is a duplicate and changes nothing', async () => {
    const inbox = { consumer: 'notification-service.jobs', messageId: 'job-1' };
    expect(await repository.insertOnce(db, inbox, notification('n-1', 'job-1'), 'instance-a')).toEqual({
      status: 'processed',
      result: { stored: true },
    });
    expect(await repository.insertOnce(db, inbox, notification('n-1', 'job-1'), 'instance-b')).toEqual({
      status: 'duplicate',
    });
    const page = await repository.listByOrder(db, 'order-n-1', 10);
    expect(page.items).toEqual([
      expect.objectContaining({
        notificationId: 'n-1',
        messageId: 'job-1',
        sentBy: 'instance-a',
        params: { orderId: 'order-n-1', totalCents: 2500 },
      }),
    ]);
  });

  it('a second message with a stored notification’s id is processed but stores nothing', async () => {
    const jobs = 'notification-service.jobs';
    await repository.insertOnce(
      db,
      { consumer: jobs, messageId: 'job-2' },
      notification('n-2', 'job-2'),
      'a',
    );
    const again = await repository.insertOnce(
      db,
      { consumer: jobs, messageId: 'job-2-again' },
      notification('n-2', 'job-2-again'),
      'a',
    );
    expect(again).toEqual({ status: 'processed', result: { stored: false } });
    expect((await repository.listByOrder(db, 'order-n-2', 10)).items.map((n) => n.messageId)).toEqual([
      'job-2',
    ]);
  });

  it('dedupes per inbox consumer: the same message id from another queue is processed', async () => {
    const messageId = 'event-3';
    await repository.insertOnce(
      db,
      { consumer: 'notification-service.jobs', messageId },
      notification('n-3', messageId),
      'a',
    );
    expect(
      await repository.insertOnce(
        db,
        { consumer: 'notification-service.order-events', messageId },
        notification('n-3b', messageId),
        'a',
      ),
    ).toEqual({ status: 'processed', result: { stored: true } });
  });
});
