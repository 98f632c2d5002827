import { randomUUID } from 'node:crypto';

import { NOTIFICATION_REQUESTED_V1, RABBITMQ_QUEUES, toAmqpMessage } from '@commlab/contracts';
import { waitFor } from '@commlab/testing';

import { NotificationHarness, notificationJob } from './support/notification-harness';

const FAILING = 'smtp-down@example.com';

describe('notification-service dead letters (real RabbitMQ vhost, PGlite)', () => {
  let harness: NotificationHarness;

  beforeAll(async () => {
    harness = await NotificationHarness.start('notification-dlq');
  }, 60_000);

  afterAll(async () => {
    await harness.stop();
  });

  it('retries a job that always fails MAX_ATTEMPTS times, parks it in GET /dlq with its reason; redrive after the fix stores it once', async () => {
    let service = await harness.startService({ NOTIFICATION_FAIL_RECIPIENTS: FAILING });
    const orderId = `order-${randomUUID()}`;
    const job = notificationJob(orderId, { to: FAILING });
    await harness.publishJob(job);

    const [letter] = await harness.waitForDeadLetters(service, 1);
    expect(letter).toMatchObject({
      queue: RABBITMQ_QUEUES.notificationsSend,
      deadLetterQueue: `${RABBITMQ_QUEUES.notificationsSend}.dlq`,
      attempts: 3,
      errorCode: 'NOTIFICATION_SEND_FAILED',
      type: NOTIFICATION_REQUESTED_V1,
      messageId: job.id,
    });
    expect(letter?.reason).toMatch(/^failed 3 attempts, last: .*NOTIFICATION_FAIL_RECIPIENTS/);
    expect(await harness.notifications(service, orderId)).toEqual([]);
    // The DLQ queue itself is drained into the table.
    await expect(
      harness.channel.checkQueue(`${RABBITMQ_QUEUES.notificationsSend}.dlq`),
    ).resolves.toMatchObject({ messageCount: 0 });

    // Fix the cause: restart without the fault, then redrive.
    await harness.stopService(service);
    service = await harness.startService();
    const result = await harness.redrive(service);
    expect(result).toEqual({
      redriven: [
        {
          id: letter?.id,
          queue: RABBITMQ_QUEUES.notificationsSend,
          messageId: job.id,
          type: NOTIFICATION_REQUESTED_V1,
        },
      ],
      failed: [],
    });
    const stored = await waitFor(
      async () => {
        const list = await harness.notifications(service, orderId);
        return list.length > 0 ? list : undefined;
      },
      { timeoutMs: 10_000, description: 'the redriven notification' },
    );
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      notificationId: job.data.notificationId,
      recipient: FAILING,
      messageId: job.id,
    });
    expect(await harness.deadLetters(service)).toEqual([]);
    // Delivered once: a second redrive has nothing to send, and nothing more is stored.
    await expect(harness.redrive(service)).resolves.toEqual({ redriven: [], failed: [] });
    expect(await harness.notifications(service, orderId)).toHaveLength(1);
    await harness.stopService(service);
  }, 60_000);

  it('dead-letters malformed JSON, a wrong schema and an unknown type at once; the consumer keeps consuming', async () => {
    const service = await harness.startService();
    const queue = RABBITMQ_QUEUES.notificationsSend;

    const malformed = toAmqpMessage(notificationJob(`order-${randomUUID()}`));
    await harness.publishRaw(queue, '{"notificationId": ', malformed.options);

    const wrong = notificationJob(`order-${randomUUID()}`);
    const wrongMessage = toAmqpMessage(wrong);
    // A field it does not know would be ignored (a tolerant reader); a value its schema refuses is not.
    const tampered = { ...wrong.data, channel: 'carrier-pigeon' };
    await harness.publishRaw(queue, JSON.stringify(tampered), wrongMessage.options);

    const unknown = toAmqpMessage(notificationJob(`order-${randomUUID()}`));
    await harness.publishRaw(queue, unknown.content, {
      ...unknown.options,
      type: 'commlab.unknown.v1',
      headers: { ...unknown.options.headers, cloudEvents_type: 'commlab.unknown.v1' },
    });

    const goodOrder = `order-${randomUUID()}`;
    await harness.publishJob(notificationJob(goodOrder));

    const letters = await harness.waitForDeadLetters(service, 3);
    expect(letters).toHaveLength(3);
    const byMessage = new Map(letters.map((letter) => [letter.messageId, letter]));

    expect(byMessage.get(malformed.options.messageId)).toMatchObject({
      errorCode: 'MESSAGE_NOT_JSON',
      attempts: 1,
      body: '{"notificationId": ',
    });
    expect(byMessage.get(malformed.options.messageId)?.reason).toMatch(/^not retriable: /);

    expect(byMessage.get(wrong.id)).toMatchObject({ errorCode: 'MESSAGE_INVALID_DATA', attempts: 1 });
    expect(byMessage.get(wrong.id)?.reason).toContain('data.channel');

    // No handler for the pattern: NestJS rejects it, the broker dead-letters it through commlab.dlx.
    expect(byMessage.get(unknown.options.messageId)).toMatchObject({
      queue,
      errorCode: 'NO_MESSAGE_HANDLER',
      type: 'commlab.unknown.v1',
      attempts: 1,
    });
    expect(byMessage.get(unknown.options.messageId)?.reason).toBe(
      `rejected by the consumer of ${queue}: no handler for pattern "commlab.unknown.v1"`,
    );

    const stored = await waitFor(
      async () => {
        const list = await harness.notifications(service, goodOrder);
        return list.length > 0 ? list : undefined;
      },
      { timeoutMs: 10_000, description: 'the good job after the poison' },
    );
    expect(stored).toHaveLength(1);
    await expect(harness.channel.checkQueue(queue)).resolves.toMatchObject({ messageCount: 0 });
    await harness.stopService(service);
  }, 60_000);
});
