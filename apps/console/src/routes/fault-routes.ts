import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

import type { ConsoleParts } from '../server/console-parts';
import { STACK_ACTIONS, type StackView } from '../common/api';

const serviceSchema = z.string().regex(/^[a-z][a-z-]{0,40}$/, 'a service name such as inventory');
const notificationsSchema = z.strictObject({ fail: z.boolean() });
const slowSchema = z.strictObject({ service: serviceSchema, delayMs: z.number().int().min(0) });

/** The faults view: the stack's services and what the console can do to them. */
export function faultRoutes(app: FastifyInstance, parts: ConsoleParts): void {
  /** The stack after an action, and a fresh status for every open page. */
  const after = async (): Promise<StackView> => {
    await parts.status.check();
    return parts.faults.view();
  };

  app.get('/api/stack', () => parts.faults.view());

  app.post<{ Params: { service: string; action: string } }>(
    '/api/stack/:service/:action',
    async (request) => {
      const service = serviceSchema.parse(request.params.service);
      const action = z.enum(STACK_ACTIONS).parse(request.params.action);
      await parts.faults.act(service, action);
      return after();
    },
  );

  app.post('/api/faults/notifications', async (request) => {
    await parts.faults.failNotifications(notificationsSchema.parse(request.body).fail);
    return after();
  });

  app.post('/api/faults/slow', async (request) => {
    const { service, delayMs } = slowSchema.parse(request.body);
    await parts.faults.slowDown(service, delayMs);
    return after();
  });
}
