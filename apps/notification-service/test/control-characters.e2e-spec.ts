import { randomUUID } from 'node:crypto';

import { RABBITMQ_QUEUES, toAmqpMessage } from '@commlab/contracts';
import { dropSchemas, requirePostgres, throwawaySchemaName, waitFor } from '@commlab/testing';

import type { RunningNotificationService } from '../src';
import { NotificationHarness, notificationJob } from './support/notification-harness';

jest.setTimeout(60_000);

const NUL = '\u0000';

interface ErrorBody {
  statusCode: number;
  code: string;
  details?: { fields?: { path: string; problem: string }[] };
}

const controlCharacterIn = (path: string) => ({
  path,
  problem: expect.stringContaining('must not contain control characters') as string,
});

type Store = 'memory' | 'postgres';

/**
 * notification-service and control characters, on a real RabbitMQ vhost with PGlite and PostgreSQL:
 * POST /dlq/redrive {"ids":["a\u0000"]} was 500 INTERNAL and is a 400 naming ids[0], the list filters
 * refuse them too, and a job carrying a NUL is dead-lettered with the field named and recorded in
 * GET /dlq (PostgreSQL stores no NUL: the text shows it as \u0000) while the consumer goes on.
 */
describe.each<Store>(['memory', 'postgres'])(
  'notification-service refuses control characters (%s store)',
  (store) => {
    let harness: NotificationHarness;
    let service: RunningNotificationService;
    let databaseUrl: string | undefined;
    const schema = throwawaySchemaName('notification_control_chars');

    beforeAll(async () => {
      harness = await NotificationHarness.start(`notification-control-chars-${store}`);
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

    const call = async (path: string, init?: RequestInit) => {
      const response = await fetch(`${service.httpUrl}${path}`, init);
      return { status: response.status, body: (await response.json()) as ErrorBody };
    };

    it('POST /dlq/redrive with a NUL in an id: 400 naming ids[0]', async () => {
      const result = await call('/dlq/redrive', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ids: ['ok', `a${NUL}`] }),
      });
      expect(result.status).toBe(400);
      expect(result.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { fields: [controlCharacterIn('ids[1]')] },
      });
    });

    it('GET /dlq?queue= and GET /notifications?orderId= with a NUL: 400 naming the parameter', async () => {
      expect(await call('/dlq?queue=a%00')).toMatchObject({
        status: 400,
        body: { details: { fields: [controlCharacterIn('queue')] } },
      });
      expect(await call('/dlq/redrive?queue=a%00', { method: 'POST' })).toMatchObject({
        status: 400,
        body: { details: { fields: [controlCharacterIn('queue')] } },
      });
      expect(await call('/notifications?orderId=a%00')).toMatchObject({
        status: 400,
        body: { details: { fields: [controlCharacterIn('orderId')] } },
      });
    });

    it('a job with a NUL in its data and headers is dead-lettered, recorded in GET /dlq, and the consumer goes on', async () => {
      const orderId = `order-${randomUUID()}`;
      const job = notificationJob(orderId, { notificationId: `n${NUL}1` });
      const message = toAmqpMessage(job);
      await harness.publishRaw(RABBITMQ_QUEUES.notificationsSend, message.content, {
        ...message.options,
        headers: { ...message.options.headers, 'x-note': `a${NUL}b` },
      });
      const good = `order-${randomUUID()}`;
      await harness.publishJob(notificationJob(good));

      const [letter] = await harness.waitForDeadLetters(service, 1);
      expect(letter).toMatchObject({ messageId: job.id, errorCode: 'MESSAGE_INVALID_DATA', attempts: 1 });
      expect(letter?.reason).toMatch(/data\.notificationId must not contain control characters/);
      expect(letter?.headers['x-note']).toBe('a\\u0000b');
      // The body is kept byte for byte (JSON escapes the NUL).
      expect(letter?.body).toContain('n\\u00001');

      const stored = await waitFor(
        async () => {
          const list = await harness.notifications(service, good);
          return list.length > 0 ? list : undefined;
        },
        { timeoutMs: 10_000, description: 'the good job after the poison' },
      );
      expect(stored).toHaveLength(1);
    });
  },
);
