import type { Scenario } from '../../scenario';
import { type PlacedOrder, unexpectedOrder } from './order-api';
import { placeOrderSetup } from './place-order-setup';

function checkConfirmed(placed: PlacedOrder): void {
  if (placed.status !== 201 || placed.orderStatus !== 'CONFIRMED')
    throw unexpectedOrder(placed, '201 CONFIRMED');
}

/**
 * The sync order end to end: `POST /orders?transport=grpc` with the demo user's token →
 * order-service verifies the token with auth (gRPC), reserves one mug with inventory (gRPC), stores the
 * CONFIRMED order and its outbox rows in one transaction, answers 201. The call ends at the 201; the
 * outbox relay publishes OrderPlaced and the notification job afterwards, off the measured path.
 */
export const orderSync: Scenario = {
  name: 'e2e.order.sync',
  group: 'end-to-end',
  transport: 'rest',
  kind: 'framework',
  description: 'POST /orders (one line) → auth gRPC verify + inventory gRPC reserve + store → 201 CONFIRMED',
  needs: ['rabbitmq', 'redis', 'kafka'],
  setup: placeOrderSetup({
    name: 'e2e.order.sync',
    mode: 'sync',
    check: checkConfirmed,
    placement: (services) => `node:http client in the bench process; order → auth, inventory: ${services}`,
  }),
};
