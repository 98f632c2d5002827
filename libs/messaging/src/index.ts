/**
 * @commlab/messaging — the framework-free, broker-free messaging core: the transactional outbox and its
 * relay, the inbox (idempotent consumer), the failure decisions every consumer applies (retry with
 * backoff or dead-letter), and the event-publishing port. Broker adapters (@commlab/messaging-kafka,
 * -rabbitmq, -redis) and the Nest binding (@commlab/messaging-nest) build on it; it imports none of them.
 */
export { certainlyNotJson } from './certainly-not-json';
export type { ConsumerPolicy } from './consumer-policy';
export { deadLetterErrorCode } from './dead-letter-error-code';
export {
  enqueueOutbox,
  type EnqueueOutboxOptions,
  enqueueOutboxRows,
  type OutboxRow,
} from './enqueue-outbox';
export {
  EventPublisher,
  type EventPublisherOptions,
  type OneStatementWrites,
  outboxRowId,
  type StagingUnit,
  type TransactionRunner,
  type UnitOfWork,
} from './event-publisher';
export {
  decideFailure,
  type FailureDecision,
  isMessageValidationError,
  isPermanentFailure,
  MessageRejectedError,
} from './failure-decision';
export type { LiveFeedFields, LiveFeedLine, LiveFeedSink } from './live-feed-line';
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
  type RelayBackpressure,
  type RelayBatchResult,
  type RelayLogger,
  roundsByKey,
} from './outbox-relay';
export { type OutboxStats, pruneSentOutbox } from './outbox-store';
export { type BatchOutcome, nextRelayPace, type RelayPace, type RelayPaceSettings } from './relay-pace';
export { BookkeepingPruner, type BookkeepingPrunerOptions, type PruneResult } from './bookkeeping-pruner';
export { noteIgnoredFields, type ParseOutcome } from './parse-outcome';
export { processOnce, type ProcessOnceResult, pruneInbox, recordInInbox } from './process-once';
export {
  FIRST_DELIVERY,
  type OneStatementEffect,
  processOnceInOneStatement,
} from './process-once-in-one-statement';
export { RoutingOutboxPublisher } from './routing-outbox-publisher';
export {
  type ConsumerTraceOptions,
  inConsumerTrace,
  type ReceivedMessageFacts,
  receivedMessageFacts,
  type TraceRelation,
} from './consumer-trace';
export {
  destinationName,
  type MessageFacts,
  messageAttributes,
  MESSAGING_ATTRIBUTES,
} from './messaging-attributes';
export {
  activeTraceId,
  captureTraceContext,
  inSpan,
  linkTo,
  messagingTracer,
  restoreTraceContext,
  type StoredTraceContext,
} from './trace-context';
