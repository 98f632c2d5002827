/**
 * notification-service runs one NestJS RabbitMQ server per queue (a ServerRMQ consumes exactly one queue).
 * NestJS gives every connected server every `@EventPattern` handler unless the handler names a transport:
 * each server gets its own transport id, and each handler names the one it belongs to, so a job handler
 * never runs for a message of the subscriber queue and vice versa.
 */
export const NOTIFICATION_JOBS_TRANSPORT = Symbol('rmq:notifications.send');
export const ORDER_EVENTS_TRANSPORT = Symbol('rmq:notification.order-events');
export const DEAD_LETTERS_TRANSPORT = Symbol('rmq:dead-letters');

/** The pattern every message of a `.dlq` queue gets (see DeadLetterRmqDeserializer). */
export const DEAD_LETTER_PATTERN = 'commlab.dead-letter';
