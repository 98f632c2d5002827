import { RMQ_POLICY_HEADERS } from '@commlab/messaging-rabbitmq';

import { describeDeadLetter, isFailureHeader } from './dead-letter';

function delivery(headers: Record<string, unknown>, content = '{"a":1}') {
  return {
    content: Buffer.from(content),
    fields: { exchange: '', routingKey: 'notifications.send.dlq' },
    properties: { headers, messageId: 'm-1', type: undefined, contentType: 'application/json' } as never,
  };
}

describe('describeDeadLetter', () => {
  it('records a NUL in headers, properties and reason as the text \\u0000 (PostgreSQL stores no NUL); the body stays bytes', () => {
    const message = delivery(
      {
        cloudEvents_type: 'commlab.x\u0000.v1',
        ['k\u0000']: Buffer.from('v\u0000'),
        [RMQ_POLICY_HEADERS.reason]: 'bad id a\u0000',
        [RMQ_POLICY_HEADERS.originalQueue]: 'notifications.send',
      },
      '{"id":"a\u0000"}',
    );
    (message.properties as { messageId: string }).messageId = 'm\u0000';
    const letter = describeDeadLetter(message, 'notifications.send.dlq');
    expect(letter).toMatchObject({
      reason: 'bad id a\\u0000',
      type: 'commlab.x\\u0000.v1',
      messageId: 'm\\u0000',
      headers: { 'k\\u0000': 'v\\u0000' },
    });
    expect(letter.body.toString('utf8')).toBe('{"id":"a\u0000"}');
  });

  it('reads the reason, error code and attempts the delivery policy wrote', () => {
    const letter = describeDeadLetter(
      delivery({
        cloudEvents_type: 'commlab.notification.requested.v1',
        [RMQ_POLICY_HEADERS.reason]: 'failed 3 attempts, last: boom',
        [RMQ_POLICY_HEADERS.errorCode]: 'NOTIFICATION_SEND_FAILED',
        [RMQ_POLICY_HEADERS.attempts]: 3,
        [RMQ_POLICY_HEADERS.originalQueue]: 'notifications.send',
      }),
      'notifications.send.dlq',
    );
    expect(letter).toMatchObject({
      queue: 'notifications.send',
      reason: 'failed 3 attempts, last: boom',
      errorCode: 'NOTIFICATION_SEND_FAILED',
      attempts: 3,
      type: 'commlab.notification.requested.v1',
      messageId: 'm-1',
    });
    expect(letter.id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('explains a message the broker dead-lettered after a consumer rejected it (no handler for its pattern)', () => {
    const letter = describeDeadLetter(
      delivery({
        cloudEvents_type: 'commlab.unknown.v1',
        'x-death': [{ reason: 'rejected', queue: 'notifications.send', count: 1, exchange: '' }],
      }),
      'notifications.send.dlq',
    );
    expect(letter).toMatchObject({
      queue: 'notifications.send',
      errorCode: 'NO_MESSAGE_HANDLER',
      attempts: 1,
      reason: 'rejected by the consumer of notifications.send: no handler for pattern "commlab.unknown.v1"',
    });
  });

  it('gives the same message the same id (a redelivered copy is stored once), another message another', () => {
    const headers = { [RMQ_POLICY_HEADERS.reason]: 'x' };
    const a = describeDeadLetter(delivery(headers), 'notifications.send.dlq');
    expect(describeDeadLetter(delivery(headers), 'notifications.send.dlq').id).toBe(a.id);
    expect(describeDeadLetter(delivery(headers, '{"a":2}'), 'notifications.send.dlq').id).not.toBe(a.id);
  });

  it('knows which headers a redriven copy must drop', () => {
    expect(['x-death', 'x-first-death-queue', RMQ_POLICY_HEADERS.attempt].every(isFailureHeader)).toBe(true);
    expect(isFailureHeader('cloudEvents_id')).toBe(false);
  });
});
