import { RABBITMQ_QUEUES, retryQueue } from '@commlab/contracts';
import {
  assertWorkQueue,
  QueueArgumentsMismatchError,
  retryQueueArguments,
} from '@commlab/messaging-rabbitmq';

import { NotificationHarness, notificationJob } from './support/notification-harness';

const queue = RABBITMQ_QUEUES.notificationsSend;

describe('notification-service: the bound of notifications.send (NOTIFICATION_QUEUE_MAX_LENGTH)', () => {
  let harness: NotificationHarness;

  beforeAll(async () => {
    // The harness declares the topology as any other process does: notifications.send with the default bound.
    harness = await NotificationHarness.start('queue-bound');
  }, 30_000);

  afterAll(async () => {
    await harness.stop();
  });

  it('declares its bound: past it, RabbitMQ nacks the publish (reject-publish) and the queue keeps what it had', async () => {
    await harness.channel.deleteQueue(queue);
    const service = await harness.startService({ NOTIFICATION_QUEUE_MAX_LENGTH: '3' }, 'memory');
    await harness.stopService(service);
    for (let i = 0; i < 3; i += 1) await harness.publishJob(notificationJob(`order-bound-${String(i)}`));
    await expect(harness.publishJob(notificationJob('order-bound-3'))).rejects.toThrow(/nack/i);
    expect((await harness.channel.checkQueue(queue)).messageCount).toBe(3);
  }, 90_000);

  it('refuses to start on a queue declared before bounds existed, saying what to do; starts with 0 (no bound)', async () => {
    await harness.channel.deleteQueue(queue);
    await harness.channel.deleteQueue(retryQueue(queue));
    await assertWorkQueue(harness.channel, queue); // both classic, as before bounds existed
    const failure = harness.startService({}, 'memory');
    await expect(failure).rejects.toBeInstanceOf(QueueArgumentsMismatchError);
    await expect(failure).rejects.toThrow(
      /notifications\.send exists with other arguments .*rabbitmqctl delete_queue notifications\.send/,
    );
    const service = await harness.startService({ NOTIFICATION_QUEUE_MAX_LENGTH: '0' }, 'memory');
    await harness.stopService(service);
    // The old, empty classic retry queue was replaced by one that keeps refused retries.
    await expect(
      harness.channel.assertQueue(retryQueue(queue), {
        durable: true,
        arguments: retryQueueArguments(queue, true),
      }),
    ).resolves.toMatchObject({ queue: retryQueue(queue) });
  }, 90_000);

  it('refuses a bound that is not an integer ≥ 0 at boot', () => {
    expect(() => harness.config({ NOTIFICATION_QUEUE_MAX_LENGTH: '-1' })).toThrow(
      /NOTIFICATION_QUEUE_MAX_LENGTH/,
    );
    expect(() => harness.config({ NOTIFICATION_QUEUE_MAX_LENGTH: 'lots' })).toThrow(
      /NOTIFICATION_QUEUE_MAX_LENGTH/,
    );
  });
});
