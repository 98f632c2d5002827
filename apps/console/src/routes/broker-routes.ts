import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

import type { ConsoleParts } from '../server/console-parts';
import type { DeadLetterRow, DeadLettersView, RebuildView, RedriveView } from '../common/api';
import { callService, expectOk } from '../services/service-client';

const redriveSchema = z.strictObject({
  queue: z.string().min(1).optional(),
  ids: z.array(z.string().min(1)).min(1).max(1000).optional(),
});

/** How long a rebuild may take: reporting answers 202 after REPORTING_REBUILD_TIMEOUT_MS (60 s). */
const REBUILD_TIMEOUT_MS = 90_000;

/** RabbitMQ queues and notification's dead letters; Kafka topics, groups and lag; reporting's rebuild. */
export function brokerRoutes(app: FastifyInstance, parts: ConsoleParts): void {
  const { urls, config } = parts;
  const timeoutMs = config.CONSOLE_CALL_TIMEOUT_MS;

  app.get('/api/queues', async () => {
    parts.demand.read();
    await parts.queues.fresh();
    return parts.queues.view();
  });

  app.get('/api/dead-letters', async (): Promise<DeadLettersView> => {
    try {
      const answer = await callService(
        'notification-service',
        `${urls['notification-service']}/dlq?limit=200`,
        {
          timeoutMs,
        },
      );
      const { deadLetters } = expectOk('notification-service', answer) as { deadLetters: DeadLetterRow[] };
      return {
        ok: true,
        deadLetters: deadLetters.map(({ id, queue, reason, errorCode, attempts, type, deadLetteredAt }) => ({
          id,
          queue,
          reason,
          errorCode,
          attempts,
          type,
          deadLetteredAt,
        })),
      };
    } catch (error) {
      return { ok: false, detail: error instanceof Error ? error.message : String(error), deadLetters: [] };
    }
  });

  app.post('/api/dead-letters/redrive', async (request): Promise<RedriveView> => {
    const { queue, ids } = redriveSchema.parse(request.body ?? {});
    const query = queue === undefined ? '' : `?queue=${encodeURIComponent(queue)}`;
    const answer = await callService(
      'notification-service',
      `${urls['notification-service']}/dlq/redrive${query}`,
      {
        method: 'POST',
        ...(ids === undefined ? {} : { body: { ids } }),
        timeoutMs: timeoutMs * 5,
      },
    );
    const result = expectOk('notification-service', answer) as {
      redriven: unknown[];
      failed: { id: string; error: string }[];
    };
    return {
      redriven: result.redriven.length,
      failed: result.failed.map(({ id, error }) => ({ id, error })),
    };
  });

  app.get('/api/kafka', async () => {
    parts.demand.read();
    await parts.kafka.fresh();
    return parts.kafka.view();
  });

  app.post('/api/kafka/rebuild', async (): Promise<RebuildView> => {
    const answer = await callService('reporting-service', `${urls['reporting-service']}/reports/rebuild`, {
      method: 'POST',
      timeoutMs: REBUILD_TIMEOUT_MS,
    });
    return { httpStatus: answer.status, result: answer.body };
  });
}
