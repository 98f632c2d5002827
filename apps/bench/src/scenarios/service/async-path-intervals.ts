import { ORDER_SERVICE_DEFAULTS } from './order-service-settings';

/**
 * The waits on the async order's path with the services' DEFAULT settings, which the bench keeps (the
 * point is what the real path costs, not a tuned one). Named in `e2e.order.async-callback`'s description.
 * Each poll is cut short by a wake-up on the happy path, so they bound the latency rather than add to it:
 *  - both outbox relays (order → RabbitMQ `inventory.commands`, inventory → Kafka `inventory`) poll every
 *    1000 ms (OutboxRelay's default `pollIntervalMs`) and are notified right after each commit;
 *  - order's consumer of Kafka `inventory` parks an empty fetch at the broker for up to
 *    KAFKA_CONSUMER_MAX_WAIT_MS (a record arriving ends the fetch at once);
 *  - order's webhook dispatcher polls every 250 ms (WebhookDispatcher's POLL_MS) and is notified when an
 *    order completes.
 */
export const ASYNC_PATH_INTERVALS = {
  outboxRelayPollMs: 1_000,
  kafkaConsumerMaxWaitMs: ORDER_SERVICE_DEFAULTS.KAFKA_CONSUMER_MAX_WAIT_MS,
  webhookDispatcherPollMs: 250,
} as const;
