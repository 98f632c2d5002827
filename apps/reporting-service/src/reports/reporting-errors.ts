import { AppError } from '@commlab/errors';

/** Kafka could not answer (status, rebuild, snapshot): 503, retriable. */
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

/**
 * A rebuild or a snapshot needs every partition in this process (another instance would keep its share
 * unreplayed, or apply it to the projections while they are copied).
 */
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

/** The newest snapshot and the partitions it cannot be replayed from (null: none was taken). */
export interface SnapshotGap {
  id: string;
  uncovered: readonly { topic: string; partition: number; snapshotOffset: string; logStartOffset: string }[];
}

function whyNoSnapshot(newest: SnapshotGap | null): string {
  if (newest === null)
    return 'no snapshot has been taken (POST /reports/snapshots, or every REPORTING_SNAPSHOT_EVERY_EVENTS records)';
  const gaps = newest.uncovered
    .map(
      (p) => `${p.topic}/${String(p.partition)} at ${p.snapshotOffset} (log starts at ${p.logStartOffset})`,
    )
    .join(', ');
  return `the newest snapshot, ${newest.id}, is older than what the topics still hold: ${gaps}`;
}

/**
 * The topics no longer hold every event (retention deleted the oldest) and no snapshot is recent enough to
 * replay the rest from: a rebuild would build reports that silently miss those events, so it is refused
 * and the projections are kept. Says which snapshot would have been needed.
 */
export function historyTruncated(
  truncated: readonly TruncatedPartition[],
  newest: SnapshotGap | null,
): AppError {
  const where = truncated.map((p) => `${p.topic}/${String(p.partition)} from ${p.logStartOffset}`).join(', ');
  return new AppError({
    code: 'HISTORY_TRUNCATED',
    kind: 'failed_precondition',
    message:
      `the topics no longer hold their whole history (retention deleted the oldest records; they start at ` +
      `${where}) and no snapshot covers the gap: it would take one taken once every partition had reached ` +
      `its log start, but ${whyNoSnapshot(newest)}. A rebuild from the topics would miss those events, so ` +
      'the current projections are kept. A topic with retention is not an event store: snapshot the ' +
      "projections more often than retention deletes, rebuild from the system of record (order-service's " +
      "orders, inventory's stock streams), or keep the topics' retention at forever (-1)",
    details: { truncated, neededSnapshot: { atLeast: truncated }, newestSnapshot: newest },
  });
}

/** `?from=snapshot` but no snapshot's offsets are all still in the topics. */
export function noCoveringSnapshot(newest: SnapshotGap | null): AppError {
  return new AppError({
    code: 'NO_COVERING_SNAPSHOT',
    kind: 'failed_precondition',
    message: `no snapshot can be replayed from: ${whyNoSnapshot(newest)}. Rebuild without ?from=snapshot`,
    details: { newestSnapshot: newest },
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
