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
export { processOnce, type ProcessOnceResult, pruneInbox } from './process-once';
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
