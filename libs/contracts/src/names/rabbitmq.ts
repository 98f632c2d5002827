/** RabbitMQ exchanges, queues and routing keys (docs/architecture.md, "Names"). Nothing else spells these strings. */
export const RABBITMQ_EXCHANGES = {
  /** Durable topic exchange for domain events (publish-subscribe with several subscriber queues). */
  events: 'commlab.events',
  /** Dead-letter exchange: rejected and exhausted messages are routed here. */
  deadLetter: 'commlab.dlx',
} as const;

export const RABBITMQ_QUEUES = {
  /** Work queue of NotificationRequested jobs (competing consumers in notification-service). */
  notificationsSend: 'notifications.send',
  /** ReserveStock commands of the async order flow. */
  inventoryCommands: 'inventory.commands',
  /** Request-reply (RPC) queue for ReserveStock over RabbitMQ. */
  inventoryRpc: 'inventory.rpc',
} as const;

/** Message patterns served on the RPC queue `inventory.rpc` (NestJS RMQ request-reply, direct reply-to). */
export const RABBITMQ_RPC_PATTERNS = {
  reserveStock: 'inventory.reserve-stock',
} as const;

/**
 * Durable subscriber queues on `commlab.events` (publish-subscribe): each gets its own copy of every event
 * matching its patterns and keeps it while its consumer is down.
 */
export const RABBITMQ_SUBSCRIPTIONS = {
  /** notification-service: a customer message for every order event. */
  notificationOrderEvents: { queue: 'notification.order-events', patterns: ['order.*'] },
  /** inventory-service: cancelled orders, whose reservations it releases (compensation). */
  inventoryOrderCancellations: { queue: 'inventory.order-cancellations', patterns: ['order.cancelled'] },
} as const satisfies Record<string, { queue: string; patterns: readonly string[] }>;

/** Routing keys on `commlab.events`: `<aggregate>.<past-tense verb>`. */
export const RABBITMQ_ROUTING_KEYS = {
  orderPlaced: 'order.placed',
  orderConfirmed: 'order.confirmed',
  orderRejected: 'order.rejected',
  orderCancelled: 'order.cancelled',
  stockReserved: 'stock.reserved',
  stockRejected: 'stock.rejected',
} as const;

/** Suffixes of a queue's companions: `<queue>.retry` (delayed redelivery) and `<queue>.dlq`. */
export const RABBITMQ_RETRY_QUEUE_SUFFIX = '.retry';
export const RABBITMQ_DEAD_LETTER_QUEUE_SUFFIX = '.dlq';

export function retryQueue(queue: string): string {
  return `${queue}${RABBITMQ_RETRY_QUEUE_SUFFIX}`;
}

export function deadLetterQueue(queue: string): string {
  return `${queue}${RABBITMQ_DEAD_LETTER_QUEUE_SUFFIX}`;
}
