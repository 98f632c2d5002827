import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

import type { ConsoleParts } from '../server/console-parts';
import type { StockAsOfView, StockEventView, StockView } from '../common/api';
import { callService, expectOk } from '../services/service-client';

const skuSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a SKU such as mug-red');
const atSchema = z.iso.datetime({ offset: true });

/** One SKU's event stream and its stock as of any moment, from inventory-service's event store. */
export function stockRoutes(app: FastifyInstance, parts: ConsoleParts): void {
  const base = parts.urls['inventory-service'];
  const timeoutMs = parts.config.CONSOLE_CALL_TIMEOUT_MS;

  app.get<{ Params: { sku: string } }>('/api/stock/:sku', async (request): Promise<StockView> => {
    const sku = encodeURIComponent(skuSchema.parse(request.params.sku));
    const [level, events] = await Promise.all([
      callService('inventory-service', `${base}/stock/${sku}`, { timeoutMs }),
      callService('inventory-service', `${base}/stock/${sku}/events?limit=1000`, { timeoutMs }),
    ]);
    const now = expectOk('inventory-service', level) as Omit<StockView, 'events'>;
    const stream = expectOk('inventory-service', events) as { events: StockEventView[] };
    return { ...now, events: stream.events };
  });

  app.get<{ Params: { sku: string }; Querystring: { at?: string } }>(
    '/api/stock/:sku/as-of',
    async (request): Promise<StockAsOfView> => {
      const sku = encodeURIComponent(skuSchema.parse(request.params.sku));
      const at = atSchema.parse(request.query.at);
      const answer = await callService(
        'inventory-service',
        `${base}/stock/${sku}?at=${encodeURIComponent(at)}`,
        {
          timeoutMs,
        },
      );
      return expectOk('inventory-service', answer) as StockAsOfView;
    },
  );
}
