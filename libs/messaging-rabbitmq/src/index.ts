/**
 * @commlab/messaging-rabbitmq — the RabbitMQ adapter: NestJS's RMQ server and client extended for manual
 * acks and commlab's topology, the CloudEvents (de)serializers, the outbox publisher with publisher
 * confirms, and the consumer failure policy for AMQP messages (retry queue, then `<queue>.dlq`).
 */
export {
  CloudEventsRmqDeserializer,
  CloudEventsRmqSerializer,
  type RmqOutboundEvent,
} from './cloud-events-rmq.serializer';
export {
  type ChannelSetup,
  CommlabRmqClient,
  CommlabRmqServer,
  type TopologyOption,
} from './commlab-rmq-transport';
export { QueueArgumentsMismatchError } from './queue-arguments-mismatch-error';
export { RabbitMqUnreachableError } from './rabbitmq-unreachable-error';
export { boundArguments, DEFAULT_NOTIFICATIONS_SEND_BOUND, type QueueBound } from './queue-bound';
export { rmqQueueServer, type RmqQueueServerOptions } from './rmq-queue-server';
export {
  ackRmqMessage,
  handleRmqMessage,
  type HandleRmqMessageOptions,
  parseAmqpMessageOfType,
} from './handle-rmq-message';
export {
  RabbitMqOutboxPublisher,
  type RabbitMqOutboxPublisherOptions,
  RabbitMqPublishNackedError,
  RabbitMqPublishTimeoutError,
} from './rabbitmq-outbox-publisher';
export {
  type AmqpDelivery,
  deliveryAttempt,
  handleRmqDelivery,
  type HandleRmqDeliveryOptions,
  type PolicyChannel,
  RMQ_POLICY_HEADERS,
  type RmqOutcome,
} from './rmq-delivery-policy';
export {
  assertCommlabTopology,
  assertExchanges,
  assertSubscriberQueue,
  assertWorkQueue,
  type CommlabTopologyOptions,
  retryQueueArguments,
  type TopologyNames,
  type WorkQueueNames,
  workQueueNames,
  workQueueTopology,
} from './topology';
export * from './x-death-header';
