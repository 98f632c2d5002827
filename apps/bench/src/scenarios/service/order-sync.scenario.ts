import type { Scenario } from '../../scenario';
import { type PlacedOrder, unexpectedOrder } from './order-api';
import type { ReserveTransport } from './order-service-settings';
import { placeOrderSetup } from './place-order-setup';

function checkConfirmed(placed: PlacedOrder): void {
  if (placed.status !== 201 || placed.orderStatus !== 'CONFIRMED')
    throw unexpectedOrder(placed, '201 CONFIRMED');
}

/** How each reserve transport reads in a scenario's description. */
const RESERVE_OVER: Record<ReserveTransport, string> = {
  grpc: 'inventory gRPC reserve',
  rest: 'inventory REST reserve',
  rmq: 'inventory RabbitMQ RPC reserve',
  kafka: 'inventory Kafka RPC reserve',
};

/**
 * The sync order end to end: `POST /orders?transport=<t>` with the demo user's token → order-service
 * verifies the token with auth (gRPC), reserves one mug with inventory over `<t>`, stores the CONFIRMED
 * order and its outbox rows in one transaction, answers 201. The call ends at the 201; the outbox relay
 * publishes OrderPlaced and the notification job afterwards, off the measured path. gRPC is
 * `e2e.order.sync` (a row of every `pnpm bench`); the other transports are `e2e.order.sync.<t>`.
 */
export function orderSyncOver(transport: ReserveTransport): Scenario {
  const name = transport === 'grpc' ? 'e2e.order.sync' : `e2e.order.sync.${transport}`;
  return {
    name,
    group: 'end-to-end',
    transport: 'rest',
    kind: 'framework',
    description: `POST /orders${transport === 'grpc' ? '' : `?transport=${transport}`} (one line) → auth gRPC verify + ${RESERVE_OVER[transport]} + store → 201 CONFIRMED`,
    needs: ['rabbitmq', 'redis', 'kafka'],
    setup: placeOrderSetup({
      name,
      mode: 'sync',
      transport,
      check: checkConfirmed,
      placement: (services) => `node:http client in the bench process; order → auth, inventory: ${services}`,
    }),
  };
}

export const orderSync: Scenario = orderSyncOver('grpc');

/** The sync order over the other reserve transports: `pnpm bench --sweep` compares them under load. */
export const ORDER_SYNC_OTHER_TRANSPORTS: readonly Scenario[] = (['rest', 'rmq', 'kafka'] as const).map(
  orderSyncOver,
);
