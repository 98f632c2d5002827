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

/** Only one rebuild at a time. */
export function rebuildInProgress(): AppError {
  return new AppError({
    code: 'REBUILD_IN_PROGRESS',
    kind: 'failed_precondition',
    message: 'a rebuild is already running; GET /reports/status shows its progress',
  });
}
