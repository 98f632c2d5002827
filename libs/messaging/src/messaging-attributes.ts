import type { Attributes } from '@opentelemetry/api';

import type { OutboxDestination } from './outbox-destination';

/**
 * Span attributes of the OpenTelemetry semantic conventions for messaging, spelled here (the core depends
 * on the vendor-neutral API only, not on the conventions package), plus commlab's own under `commlab.*`.
 */
export const MESSAGING_ATTRIBUTES = {
  system: 'messaging.system',
  destination: 'messaging.destination.name',
  operationType: 'messaging.operation.type',
  operationName: 'messaging.operation.name',
  messageId: 'messaging.message.id',
  conversationId: 'messaging.message.conversation_id',
  consumerGroup: 'messaging.consumer.group.name',
  routingKey: 'messaging.rabbitmq.destination.routing_key',
  kafkaKey: 'messaging.kafka.message.key',
  messageType: 'commlab.message.type',
  /** The aggregate a message is about (order id, reservation id = order id, SKU). */
  subject: 'commlab.message.subject',
  outboxAttempt: 'commlab.outbox.attempt',
  /** How long the row waited in the outbox before this publish (commit → relay poll). */
  outboxWaitMs: 'commlab.outbox.wait_ms',
  inboxDuplicate: 'commlab.inbox.duplicate',
  /** Fields of the message this (tolerant) reader does not know and dropped: its producer is newer. */
  ignoredFields: 'commlab.message.ignored_fields',
  /** The broker delivered this message before (RabbitMQ's `redelivered` flag). */
  redelivered: 'commlab.delivery.redelivered',
} as const;

/** What a span can say about one message, from its envelope or its broker headers. */
export interface MessageFacts {
  id?: string | undefined;
  type?: string | undefined;
  subject?: string | undefined;
  correlationId?: string | undefined;
}

export function messageAttributes(message: MessageFacts): Attributes {
  const attributes: Attributes = {};
  if (message.id !== undefined) attributes[MESSAGING_ATTRIBUTES.messageId] = message.id;
  if (message.type !== undefined) attributes[MESSAGING_ATTRIBUTES.messageType] = message.type;
  if (message.subject !== undefined) attributes[MESSAGING_ATTRIBUTES.subject] = message.subject;
  if (message.correlationId !== undefined) {
    attributes[MESSAGING_ATTRIBUTES.conversationId] = message.correlationId;
  }
  return attributes;
}

/**
 * The semantic conventions' destination name: the Kafka topic; for RabbitMQ `{exchange}:{routing key}`,
 * or the queue for a message sent straight to one (the default exchange, routing key = queue).
 */
export function destinationName(destination: OutboxDestination): string {
  switch (destination.transport) {
    case 'kafka':
      return destination.topic;
    case 'rabbitmq':
      return destination.routingKey === ''
        ? destination.exchange
        : `${destination.exchange}:${destination.routingKey}`;
    case 'rabbitmq-queue':
      return destination.queue;
  }
}

export function destinationAttributes(destination: OutboxDestination): Attributes {
  return {
    [MESSAGING_ATTRIBUTES.system]: destination.transport === 'kafka' ? 'kafka' : 'rabbitmq',
    [MESSAGING_ATTRIBUTES.destination]: destinationName(destination),
    ...(destination.transport === 'rabbitmq'
      ? { [MESSAGING_ATTRIBUTES.routingKey]: destination.routingKey }
      : destination.transport === 'rabbitmq-queue'
        ? { [MESSAGING_ATTRIBUTES.routingKey]: destination.queue }
        : {}),
  };
}
