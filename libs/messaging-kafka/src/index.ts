/**
 * @commlab/messaging-kafka — the Kafka adapter: the outbox publisher (NestJS ClientKafka), the consumer
 * failure policy for Kafka records (retry, then `<topic>.dlt`), NestJS's Kafka server extended to boot
 * without a broker, and TCP_NODELAY sockets for kafkajs.
 */
export {
  consumeKafkaEvent,
  type ConsumeKafkaEventOptions,
  type ConsumeOutcome,
  type DeadLetterRecord,
  type KafkaDelivery,
} from './consume-kafka-event';
export { KAFKA_DLT_HEADERS } from './dead-letter-headers';
export { handleKafkaEvent, type HandleKafkaEventOptions, kafkaDelivery } from './handle-kafka-event';
export {
  KafkaOutboxPublisher,
  type KafkaOutboxPublisherOptions,
  KafkaPublishTimeoutError,
} from './kafka-outbox-publisher';
export {
  type KafkaConsumerTimings,
  kafkaEventConsumerServer,
  kafkaRequestServer,
  type KafkaServerOptions,
} from './kafka-servers';
export { noDelaySocketFactory } from './no-delay-socket-factory';
export {
  type PartitionAssignment,
  ResilientKafkaServer,
  type ResilientKafkaServerOptions,
} from './resilient-kafka-server';
