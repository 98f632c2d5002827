import type { Scenario } from '../../scenario';
import { requestJson } from '../payload';
import { firstSuccess } from './first-success';
import { checkReservation } from './reservation-check';
import { reservationIds } from './reservation-ids';
import { withBenchStack } from './shared-bench-stack';

/**
 * The real inventory-service's ReserveStock over REST, called as order-service's RestStockReserver calls
 * it: global `fetch` (undici keep-alive pool) POSTing the ReserveStock JSON to `/reservations`, reading
 * and parsing the 201 reservation (as text first, to measure it). Inventory (NestJS on Fastify)
 * validates the body with zod, reserves under the fresh reservation id in one PGlite transaction, and
 * answers.
 */
export const restInventory: Scenario = {
  name: 'rr.rest.inventory',
  group: 'request-reply',
  transport: 'rest',
  kind: 'framework',
  baseline: 'rr.rest.raw',
  description: 'ReserveStock on the real inventory-service: fetch POST /reservations → 201 (NestJS, PGlite)',
  needs: ['rabbitmq', 'redis', 'kafka'],
  setup: (context) =>
    withBenchStack(context, async (lease) => {
      const { stack } = lease;
      await stack.checkStock();
      await stack.serviceToken.ready();
      const url = new URL('/reservations', stack.inventory.httpUrl);
      const ids = reservationIds('rest', context.runId);
      let seq = 0;
      const reserve = async () => {
        const body = requestJson(ids(seq++));
        const response = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${stack.serviceToken.token}`,
          },
          body,
        });
        const text = await response.text();
        if (response.status !== 201) throw new Error(`HTTP ${response.status} ${text.slice(0, 200)}`);
        checkReservation(JSON.parse(text));
        return { request: body.length, reply: Buffer.byteLength(text) };
      };
      const first = await firstSuccess(reserve, 'rr.rest.inventory first call', {
        totalMs: 30_000,
        attemptMs: 10_000,
      });
      return {
        placement: `fetch (undici) in the bench process; inventory-service: ${stack.where.services}`,
        payloadBytes: first,
        call: async () => {
          await reserve();
        },
        // fetch's pooled sockets are idle now; inventory closes them when the stack stops.
        close: () => lease.release(),
      };
    }),
};
