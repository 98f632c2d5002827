import type { Scenario } from '../../scenario';
import { checkAccepted } from './order-api';
import { placeOrderSetup } from './place-order-setup';

/**
 * The async order's time to accept: `POST /orders` with `Prefer: respond-async` →
 * order-service verifies the token with auth (gRPC, still synchronous), stores the PENDING order and the
 * ReserveStock command in its outbox, answers 202 + Location. The call ends at the 202; the order is
 * completed afterwards (RabbitMQ → inventory → Kafka → order), off the measured path but on the same
 * services, so it loads them while later calls run.
 */
export const orderAsync: Scenario = {
  name: 'e2e.order.async',
  group: 'end-to-end',
  transport: 'rest',
  kind: 'framework',
  description:
    'POST /orders, Prefer: respond-async → auth gRPC verify + store PENDING + outbox → 202 + Location',
  needs: ['rabbitmq', 'redis', 'kafka'],
  setup: placeOrderSetup({
    name: 'e2e.order.async',
    mode: 'async',
    check: checkAccepted,
    placement: (services) => `node:http client in the bench process; order → auth: ${services}`,
  }),
};
