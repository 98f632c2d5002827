import type { Scenario } from '../../scenario';
import { asyncCallbackSetup } from './async-callback-setup';
import { ASYNC_PATH_INTERVALS } from './async-path-intervals';

const { outboxRelayPollMs, kafkaConsumerMaxWaitMs, webhookDispatcherPollMs } = ASYNC_PATH_INTERVALS;

/**
 * The async order's time to completion: `POST /orders` with `Prefer: respond-async` and a
 * `callbackUrl` to a webhook receiver the scenario runs → 202 → order's outbox relay sends ReserveStock to
 * RabbitMQ `inventory.commands` → inventory reserves and its outbox relay publishes StockReserved to
 * Kafka `inventory` → order's consumer confirms the order → order's webhook dispatcher POSTs the signed
 * callback. The call ends when the receiver has verified the callback of its order (matched by the order
 * id from the 202 body): latency = POST → callback received. The services keep their default intervals
 * (see async-path-intervals.ts). Not available against compose: the order container's SSRF guard refuses
 * callbacks to the host.
 */
export const orderAsyncCallback: Scenario = {
  name: 'e2e.order.async-callback',
  group: 'end-to-end',
  transport: 'rest',
  kind: 'framework',
  description:
    `POST /orders, respond-async + callbackUrl → 202 → RabbitMQ → inventory → Kafka → signed webhook received ` +
    `(default intervals: outbox relays poll every ${outboxRelayPollMs} ms, woken on commit; Kafka fetch waits ` +
    `≤${kafkaConsumerMaxWaitMs} ms; webhook dispatcher polls every ${webhookDispatcherPollMs} ms, woken on completion)`,
  needs: ['rabbitmq', 'redis', 'kafka'],
  setup: asyncCallbackSetup('e2e.order.async-callback', {
    saga: 'orchestration',
    where: (stack) => `${stack.where.services}; ${stack.where.rabbitmq}; ${stack.where.kafka}`,
  }),
};
