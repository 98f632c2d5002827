import { AppError } from '@commlab/errors';

/** Kafka could not answer (status, rebuild): 503, retriable. */
export function kafkaUnavailable(detail: string, cause?: unknown): AppError {
  return new AppError({
    code: 'KAFKA_UNAVAILABLE',
    kind: 'unavailable',
    message: `Kafka is not reachable: ${detail}`,
    retriable: true,
    retryAfterSeconds: 1,
    cause,
  });
}

/** A rebuild needs every partition in this process (another instance would keep its share unreplayed). */
export function rebuildNeedsEveryPartition(missing: string[]): AppError {
  return new AppError({
    code: 'REBUILD_NEEDS_EVERY_PARTITION',
    kind: 'failed_precondition',
    message:
      `this reporting instance does not consume ${missing.join(', ')}: stop the other instances of the ` +
      'consumer group (or wait for the group to settle) and try again',
    details: { missing },
  });
}

/** A partition whose log no longer starts at offset 0: retention (or DeleteRecords) removed its head. */
export interface TruncatedPartition {
  topic: string;
  partition: number;
  /** The first offset the partition still holds. */
  logStartOffset: string;
}

/**
 * The topics no longer hold every event (retention deleted the oldest): a rebuild from them would
 * build reports that silently miss those events, so it is refused and the projections are kept.
 */
export function historyTruncated(truncated: readonly TruncatedPartition[]): AppError {
  const where = truncated.map((p) => `${p.topic}/${String(p.partition)} from ${p.logStartOffset}`).join(', ');
  return new AppError({
    code: 'HISTORY_TRUNCATED',
    kind: 'failed_precondition',
    message:
      `the topics no longer hold their whole history (retention deleted the oldest records; they start at ` +
      `${where}): a rebuild from them would miss those events, so the current projections are kept. A topic ` +
      "with retention is not an event store: rebuild from the system of record (order-service's orders, " +
      "inventory's stock streams), or keep the topics' retention at forever (-1) for replayable projections",
    details: { truncated },
  });
}

/** Only one rebuild at a time. */
export function rebuildInProgress(): AppError {
  return new AppError({
    code: 'REBUILD_IN_PROGRESS',
    kind: 'failed_precondition',
    message: 'a rebuild is already running; GET /reports/status shows its progress',
  });
}
