import { KAFKA_TOPICS } from '../names/kafka';
import { RABBITMQ_EXCHANGES, RABBITMQ_QUEUES, RABBITMQ_ROUTING_KEYS } from '../names/rabbitmq';
import { type MessageType } from './message-registry';
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

/** One place a published message goes: a Kafka topic, a RabbitMQ exchange + routing key, or a queue. */
export type MessageDestination =
  | { transport: 'kafka'; topic: string }
  | { transport: 'rabbitmq'; exchange: string; routingKey: string }
  | { transport: 'rabbitmq-queue'; queue: string };

const topic = (name: string): MessageDestination => ({ transport: 'kafka', topic: name });
const eventsExchange = (routingKey: string): MessageDestination => ({
  transport: 'rabbitmq',
  exchange: RABBITMQ_EXCHANGES.events,
  routingKey,
});
const queue = (name: string): MessageDestination => ({ transport: 'rabbitmq-queue', queue: name });

/**
 * Where each message type is published — the routing table of the event-publishing port. A use case says
 * what happened (`publish(envelope)`); this table says where it goes, one outbox row per destination, so
 * each broker is retried on its own. Order events go to Kafka (the log reporting replays) and to the
 * `commlab.events` exchange (durable subscribers); inventory's answers to Kafka; commands and jobs to the
 * work queue of the one service that executes them. The key of every row is the envelope's `subject`.
 */
export const MESSAGE_ROUTES = {
  [ORDER_PLACED_V1]: [topic(KAFKA_TOPICS.orders), eventsExchange(RABBITMQ_ROUTING_KEYS.orderPlaced)],
  // Every version of an event goes where the first went: readers find both on the same topic and key.
  [ORDER_PLACED_V2]: [topic(KAFKA_TOPICS.orders), eventsExchange(RABBITMQ_ROUTING_KEYS.orderPlaced)],
  // Kafka only: inventory's choreography consumer reads it there; no subscriber queue wants it.
  [ORDER_ACCEPTED_V1]: [topic(KAFKA_TOPICS.orders)],
  [ORDER_CONFIRMED_V1]: [topic(KAFKA_TOPICS.orders), eventsExchange(RABBITMQ_ROUTING_KEYS.orderConfirmed)],
  [ORDER_REJECTED_V1]: [topic(KAFKA_TOPICS.orders), eventsExchange(RABBITMQ_ROUTING_KEYS.orderRejected)],
  [ORDER_CANCELLED_V1]: [topic(KAFKA_TOPICS.orders), eventsExchange(RABBITMQ_ROUTING_KEYS.orderCancelled)],
  [RESERVE_STOCK_V1]: [queue(RABBITMQ_QUEUES.inventoryCommands)],
  [STOCK_RESERVED_V1]: [topic(KAFKA_TOPICS.inventory)],
  [STOCK_REJECTED_V1]: [topic(KAFKA_TOPICS.inventory)],
  [STOCK_RELEASED_V1]: [topic(KAFKA_TOPICS.inventory)],
  [NOTIFICATION_REQUESTED_V1]: [queue(RABBITMQ_QUEUES.notificationsSend)],
} as const satisfies Record<MessageType, readonly MessageDestination[]>;

/** The destinations of `type`; a type the table does not know has none (publishing it is an error). */
export function routesOf(type: string): readonly MessageDestination[] {
  return Object.hasOwn(MESSAGE_ROUTES, type) ? MESSAGE_ROUTES[type as MessageType] : [];
}
