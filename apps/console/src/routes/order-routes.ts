import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

import type { ConsoleParts } from '../server/console-parts';
import {
  DEMO_USERS,
  ORDER_AUTH_MODES,
  ORDER_MODES,
  ORDER_SAGAS,
  ORDER_TRANSPORTS,
  type PlaceOrderRequest,
} from '../common/api';

const placeOrderSchema = z.strictObject({
  transport: z.enum(ORDER_TRANSPORTS),
  auth: z.enum(ORDER_AUTH_MODES),
  mode: z.enum(ORDER_MODES),
  saga: z.enum(ORDER_SAGAS),
  sku: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a SKU such as mug-red'),
  quantity: z.number().int().min(1).max(1000),
  user: z.enum(DEMO_USERS),
  callback: z.boolean(),
}) satisfies z.ZodType<PlaceOrderRequest>;

/** Place an order through order-service, and follow its timeline; receive its webhook callbacks. */
export function orderRoutes(app: FastifyInstance, parts: ConsoleParts): void {
  app.post('/api/orders', async (request) => parts.placements.place(placeOrderSchema.parse(request.body)));

  app.get<{ Params: { id: string } }>('/api/orders/:id', async (request) =>
    parts.placements.view(request.params.id),
  );

  // Callbacks carry a signature over the exact bytes: read the body as text, verify, then parse.
  void app.register((scope, _options, done) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      '*',
      { parseAs: 'string', bodyLimit: 1024 * 1024 },
      (_request, body, parsed) => {
        parsed(null, body);
      },
    );
    scope.post('/hooks/orders', (request, reply) => {
      const status = parts.webhooks.receive(
        request.headers,
        typeof request.body === 'string' ? request.body : '',
      );
      return reply.status(status).send({ received: status === 200 });
    });
    done();
  });
}
