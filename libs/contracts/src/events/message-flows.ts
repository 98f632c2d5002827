import { KAFKA_CONSUMER_GROUPS, KAFKA_TOPICS } from '../names/kafka';
import { type ServiceName, SERVICE_NAMES } from '../names/ports';
import { RABBITMQ_EXCHANGES, RABBITMQ_QUEUES, RABBITMQ_SUBSCRIPTIONS } from '../names/rabbitmq';
import { REDIS_CHANNELS } from '../names/redis';
import { type MessageType } from './message-registry';
import { type MessageDestination, MESSAGE_ROUTES } from './message-routes';
import { NOTIFICATION_REQUESTED_V1 } from './notification-requested/notification-requested.v1';
import { ORDER_ACCEPTED_V1 } from './order-accepted/order-accepted.v1';
import { ORDER_CANCELLED_V1 } from './order-cancelled/order-cancelled.v1';
import { ORDER_CONFIRMED_V1 } from './order-confirmed/order-confirmed.v1';
import { ORDER_PLACED_V1 } from './order-placed/order-placed.v1';
import { ORDER_PLACED_V2 } from './order-placed/order-placed.v2';
import { ORDER_REJECTED_V1 } from './order-rejected/order-rejected.v1';
import { RESERVE_STOCK_V1 } from './reserve-stock/reserve-stock.v1';
import { STOCK_REJECTED_V1 } from './stock-rejected/stock-rejected.v1';
import { STOCK_RELEASED_V1 } from './stock-released/stock-released.v1';
import { STOCK_RESERVED_V1 } from './stock-reserved/stock-reserved.v1';

/**
 * Who sends and who receives each message, as data: the other half of the routing table
 * (message-routes.ts says where a type goes, this file says which service publishes it and which
 * consumers read it). The AsyncAPI document (src/asyncapi) derives its operations from here, and
 * message-flows.spec.ts checks that every consumer listens where its types are actually routed.
 */

/** The one service that publishes each message type (its envelope's `source` is `/commlab/<service>`). */
export const MESSAGE_PRODUCERS = {
  // v1 is no longer sent (order-service sends v2), but the topic still holds v1 records: they are read.
  [ORDER_PLACED_V1]: 'order-service',
  [ORDER_PLACED_V2]: 'order-service',
  [ORDER_ACCEPTED_V1]: 'order-service',
  [ORDER_CONFIRMED_V1]: 'order-service',
  [ORDER_REJECTED_V1]: 'order-service',
  [ORDER_CANCELLED_V1]: 'order-service',
  [RESERVE_STOCK_V1]: 'order-service',
  [STOCK_RESERVED_V1]: 'inventory-service',
  [STOCK_REJECTED_V1]: 'inventory-service',
  [STOCK_RELEASED_V1]: 'inventory-service',
  [NOTIFICATION_REQUESTED_V1]: 'order-service',
} as const satisfies Record<MessageType, ServiceName>;

/** Where a consumer reads: a Kafka topic in a consumer group, or a RabbitMQ queue. */
export type ConsumerSource =
  { transport: 'kafka'; topic: string; group: string } | { transport: 'rabbitmq-queue'; queue: string };

/** One consumer of envelope messages: a service, where it reads, and the types it handles there. */
export interface MessageConsumer {
  service: ServiceName;
  source: ConsumerSource;
  handles: readonly MessageType[];
}

/**
 * Every consumer of envelope messages in apps/*\/src (the `*.kafka.controller.ts` and
 * `*.rmq.controller.ts` files). A subscriber queue on `commlab.events` receives the types whose
 * routing keys match its binding patterns (RABBITMQ_SUBSCRIPTIONS).
 */
export const MESSAGE_CONSUMERS: readonly MessageConsumer[] = [
  {
    service: 'reporting-service',
    source: { transport: 'kafka', topic: KAFKA_TOPICS.orders, group: KAFKA_CONSUMER_GROUPS.reporting },
    handles: [ORDER_PLACED_V1, ORDER_PLACED_V2, ORDER_CONFIRMED_V1, ORDER_REJECTED_V1, ORDER_CANCELLED_V1],
  },
  {
    service: 'reporting-service',
    source: { transport: 'kafka', topic: KAFKA_TOPICS.inventory, group: KAFKA_CONSUMER_GROUPS.reporting },
    handles: [STOCK_RESERVED_V1, STOCK_REJECTED_V1, STOCK_RELEASED_V1],
  },
  {
    service: 'order-service',
    source: { transport: 'kafka', topic: KAFKA_TOPICS.inventory, group: KAFKA_CONSUMER_GROUPS.order },
    handles: [STOCK_RESERVED_V1, STOCK_REJECTED_V1],
  },
  {
    service: 'inventory-service',
    source: {
      transport: 'kafka',
      topic: KAFKA_TOPICS.orders,
      group: KAFKA_CONSUMER_GROUPS.inventoryOrderEvents,
    },
    handles: [ORDER_ACCEPTED_V1],
  },
  {
    service: 'inventory-service',
    source: { transport: 'rabbitmq-queue', queue: RABBITMQ_QUEUES.inventoryCommands },
    handles: [RESERVE_STOCK_V1],
  },
  {
    service: 'inventory-service',
    source: { transport: 'rabbitmq-queue', queue: RABBITMQ_SUBSCRIPTIONS.inventoryOrderCancellations.queue },
    handles: [ORDER_CANCELLED_V1],
  },
  {
    service: 'notification-service',
    source: { transport: 'rabbitmq-queue', queue: RABBITMQ_QUEUES.notificationsSend },
    handles: [NOTIFICATION_REQUESTED_V1],
  },
  {
    service: 'notification-service',
    source: { transport: 'rabbitmq-queue', queue: RABBITMQ_SUBSCRIPTIONS.notificationOrderEvents.queue },
    handles: [ORDER_PLACED_V1, ORDER_PLACED_V2, ORDER_CONFIRMED_V1, ORDER_REJECTED_V1, ORDER_CANCELLED_V1],
  },
];

/**
 * The live activity feed (Redis Pub/Sub, not envelope messages): every service posts lines, the console
 * subscribes (apps/console/src/live/live-subscriber.ts).
 */
export const LIVE_FEED_FLOW = {
  channel: REDIS_CHANNELS.live,
  publishers: SERVICE_NAMES,
  subscribers: ['console'],
} as const;

/** Does a RabbitMQ topic-exchange binding pattern (`*` = one word, `#` = zero or more) match `routingKey`? */
export function topicPatternMatches(pattern: string, routingKey: string): boolean {
  const match = (p: readonly string[], k: readonly string[]): boolean => {
    if (p.length === 0) return k.length === 0;
    const [head, ...rest] = p;
    if (head === '#') return match(rest, k) || (k.length > 0 && match(p, k.slice(1)));
    if (k.length === 0) return false;
    return (head === '*' || head === k[0]) && match(rest, k.slice(1));
  };
  return match(pattern.split('.'), routingKey.split('.'));
}

/** The subscriber queue's binding patterns, if `queue` is one of RABBITMQ_SUBSCRIPTIONS. */
export function subscriptionPatterns(queue: string): readonly string[] | undefined {
  return Object.values(RABBITMQ_SUBSCRIPTIONS).find((subscription) => subscription.queue === queue)?.patterns;
}

/**
 * The message types that arrive at a consumer source, by the routing table: a topic or a work queue gets
 * what is routed to it; a subscriber queue gets what `commlab.events` routes with a matching key.
 */
export function typesArrivingAt(source: ConsumerSource): MessageType[] {
  const routed = (accept: (destination: MessageDestination) => boolean): MessageType[] =>
    (Object.keys(MESSAGE_ROUTES) as MessageType[]).filter((type) =>
      (MESSAGE_ROUTES[type] as readonly MessageDestination[]).some(accept),
    );
  if (source.transport === 'kafka') {
    return routed((d) => d.transport === 'kafka' && d.topic === source.topic);
  }
  const patterns = subscriptionPatterns(source.queue);
  if (patterns === undefined) {
    return routed((d) => d.transport === 'rabbitmq-queue' && d.queue === source.queue);
  }
  return routed(
    (d) =>
      d.transport === 'rabbitmq' &&
      d.exchange === RABBITMQ_EXCHANGES.events &&
      patterns.some((pattern) => topicPatternMatches(pattern, d.routingKey)),
  );
}
