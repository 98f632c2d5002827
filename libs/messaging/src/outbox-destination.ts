import type { MessageDestination } from '@commlab/contracts';

/**
 * Where the relay publishes a message (a route of libs/contracts' MESSAGE_ROUTES). Stored as JSON in
 * `outbox_messages.destination`.
 */
export type OutboxDestination = MessageDestination;

export type OutboxTransport = OutboxDestination['transport'];

function nonBlank(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/** Throws a `TypeError` naming the problem unless `value` is a well-formed destination. */
export function assertOutboxDestination(value: unknown): asserts value is OutboxDestination {
  const candidate = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const transport = candidate.transport;
  const ok =
    (transport === 'kafka' && nonBlank(candidate.topic)) ||
    (transport === 'rabbitmq' && nonBlank(candidate.exchange) && typeof candidate.routingKey === 'string') ||
    (transport === 'rabbitmq-queue' && nonBlank(candidate.queue));
  if (!ok) {
    throw new TypeError(
      `Invalid outbox destination ${JSON.stringify(value)}: expected {transport:'kafka',topic}, ` +
        `{transport:'rabbitmq',exchange,routingKey} or {transport:'rabbitmq-queue',queue}.`,
    );
  }
}

/** `kafka:orders`, `rabbitmq:commlab.events/order.placed`, `rabbitmq-queue:reserve-stock` — for logs. */
export function describeDestination(destination: OutboxDestination): string {
  switch (destination.transport) {
    case 'kafka':
      return `kafka:${destination.topic}`;
    case 'rabbitmq':
      return `rabbitmq:${destination.exchange}/${destination.routingKey}`;
    case 'rabbitmq-queue':
      return `rabbitmq-queue:${destination.queue}`;
  }
}
