import type { Scenario } from '../../scenario';
import { asyncCallbackSetup } from './async-callback-setup';
import { ASYNC_PATH_INTERVALS } from './async-path-intervals';

const NAME = 'e2e.order.choreography-callback';
const { outboxRelayPollMs, kafkaConsumerMaxWaitMs, webhookDispatcherPollMs } = ASYNC_PATH_INTERVALS;

/**
 * `e2e.order.async-callback` as a choreographed saga (`?saga=choreography`): `POST /orders` with
 * `Prefer: respond-async` and a `callbackUrl` → 202 → order's outbox relay publishes OrderAccepted to
 * Kafka `orders` (no command) → inventory's consumer group `inventory-order-events` reserves and its
 * outbox relay publishes StockReserved to Kafka `inventory` → order's consumer confirms → order's webhook
 * dispatcher POSTs the signed callback. Latency = POST → the receiver verified its order's callback. Next
 * to the orchestrated row it prices a Kafka event where RabbitMQ carried a command; the services keep their
 * default intervals (async-path-intervals.ts). Not available against compose (its SSRF guard, as there).
 */
export const orderChoreographyCallback: Scenario = {
  name: NAME,
  group: 'end-to-end',
  transport: 'rest',
  kind: 'framework',
  description:
    `POST /orders?saga=choreography, respond-async + callbackUrl → 202 → Kafka orders (OrderAccepted) → inventory → ` +
    `Kafka inventory → signed webhook received (outbox relays poll every ${outboxRelayPollMs} ms, woken on ` +
    `commit; Kafka fetch waits ≤${kafkaConsumerMaxWaitMs} ms; webhook dispatcher polls every ${webhookDispatcherPollMs} ms)`,
  needs: ['rabbitmq', 'redis', 'kafka'],
  setup: asyncCallbackSetup(NAME, {
    saga: 'choreography',
    where: (stack) => `${stack.where.services}; ${stack.where.kafka}`,
  }),
};
