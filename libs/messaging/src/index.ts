export { type Clock, systemClock } from './clock';
export { describeError } from './describe-error';
export { enqueueOutbox, type EnqueueOutboxOptions } from './enqueue-outbox';
export {
  decideFailure,
  type FailureDecision,
  isMessageValidationError,
  isPermanentFailure,
  MessageRejectedError,
} from './failure-decision';
export { INBOX_MIGRATIONS, OUTBOX_MIGRATIONS } from './messaging-migrations';
export {
  assertOutboxDestination,
  describeDestination,
  type OutboxDestination,
  type OutboxTransport,
} from './outbox-destination';
export type { OutboxMessage, OutboxPublisher, PublishResult } from './outbox-publisher';
export {
  DEFAULT_OUTBOX_BACKOFF,
  OutboxRelay,
  type OutboxRelayOptions,
  type RelayBatchResult,
  type RelayLogger,
  roundsByKey,
} from './outbox-relay';
export { type OutboxStats, pruneSentOutbox } from './outbox-store';
export { processOnce, type ProcessOnceResult, pruneInbox, recordInInbox } from './process-once';
export {
  assertBackoffPolicy,
  type BackoffPolicy,
  DEFAULT_RETRY_POLICY,
  nextDelayMs,
  type RetryPolicy,
  retryPolicy,
} from './retry-policy';
export {
  KafkaOutboxPublisher,
  type KafkaOutboxPublisherOptions,
  KafkaPublishTimeoutError,
} from './kafka/kafka-outbox-publisher';
export { OutboxModule, type OutboxModuleOptions, OutboxRelayLifecycle } from './nest/outbox.module';
export {
  consumeKafkaEvent,
  type ConsumeKafkaEventOptions,
  type ConsumeOutcome,
  deadLetterErrorCode,
  type DeadLetterRecord,
  type KafkaDelivery,
  type ParseOutcome,
} from './kafka/consume-kafka-event';
export { KAFKA_DLT_HEADERS } from './kafka/dead-letter-headers';
export { noDelaySocketFactory } from './kafka/no-delay-socket-factory';
export {
  type PartitionAssignment,
  ResilientKafkaServer,
  type ResilientKafkaServerOptions,
} from './kafka/resilient-kafka-server';
export { RoutingOutboxPublisher } from './routing-outbox-publisher';
export { CloudEventsRmqDeserializer, CloudEventsRmqSerializer } from './rabbitmq/cloud-events-rmq.serializer';
export { type ChannelSetup, CommlabRmqClient, CommlabRmqServer } from './rabbitmq/commlab-rmq-transport';
export {
  RabbitMqOutboxPublisher,
  type RabbitMqOutboxPublisherOptions,
  RabbitMqPublishTimeoutError,
} from './rabbitmq/rabbitmq-outbox-publisher';
export {
  type AmqpDelivery,
  deliveryAttempt,
  handleRmqDelivery,
  type HandleRmqDeliveryOptions,
  type PolicyChannel,
  RMQ_POLICY_HEADERS,
  type RmqOutcome,
} from './rabbitmq/rmq-delivery-policy';
export {
  assertCommlabTopology,
  assertExchanges,
  assertSubscriberQueue,
  assertWorkQueue,
  type TopologyNames,
  type WorkQueueNames,
  workQueueNames,
} from './rabbitmq/topology';
export { handleKafkaEvent, type HandleKafkaEventOptions, kafkaDelivery } from './nest/handle-kafka-event';
export type { LiveFeedFields, LiveFeedLine } from './redis/live-feed-line';
export { LiveFeed, type LiveFeedOptions, type LiveFeedStats, redisClientOptions } from './redis/live-feed';
export { LiveFeedSerializer } from './redis/live-feed.serializer';
export { LIVE_FEED, LiveFeedCloser, LiveFeedModule } from './nest/live-feed.module';
export {
  ackRmqMessage,
  handleRmqMessage,
  type HandleRmqMessageOptions,
  parseAmqpMessageOfType,
} from './nest/handle-rmq-message';
