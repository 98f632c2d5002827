import { PlacedOrders } from '../../hops/placed-orders';
import type { Scenario } from '../../scenario';
import { firstSuccess } from './first-success';
import { orderClient, type PlacedOrder } from './order-api';
import type { ReserveTransport } from './order-service-settings';
import { withBenchStack } from './shared-bench-stack';

/**
 * The setup of the order scenarios whose call is one `POST /orders` (sync: ends at the 201, async: at
 * the 202): the bench stack, a token, a keep-alive client, one checked order before measuring. `check`
 * throws when an answer is not the expected one; `placement` names what the order-service calls.
 */
export function placeOrderSetup(options: {
  name: string;
  mode: 'sync' | 'async';
  /** Sync orders: how order-service reserves the stock (default gRPC). */
  transport?: ReserveTransport;
  check: (placed: PlacedOrder) => void;
  placement: (services: string) => string;
}): Scenario['setup'] {
  return (context) =>
    withBenchStack(context, async (lease) => {
      const { stack } = lease;
      await stack.checkStock();
      await stack.accessToken.ready();
      const orders = orderClient({
        orderHttpUrl: stack.order.httpUrl,
        token: () => stack.accessToken.token,
        mode: options.mode,
        maxSockets: context.maxInFlight,
        ...(options.transport === undefined ? {} : { transport: options.transport }),
      });
      const placedOrders = new PlacedOrders('response', stack.traceStore);
      try {
        const place = async () => {
          const placed = await orders.place();
          options.check(placed);
          if (placed.id !== undefined) placedOrders.placed(placed.id);
          return placed;
        };
        const first = await firstSuccess(place, `${options.name} first order`, {
          totalMs: 30_000,
          attemptMs: 10_000,
        });
        return {
          placement: options.placement(stack.where.services),
          payloadBytes: { request: orders.requestBytes, reply: first.replyBytes },
          placedOrders,
          call: async () => {
            await place();
          },
          close: async () => {
            orders.close();
            await lease.release();
          },
        };
      } catch (error) {
        orders.close();
        throw error;
      }
    });
}
