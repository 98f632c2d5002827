/**
 * Headers a dead-lettered Kafka record carries on `<topic>.dlt`, next to its original headers (the
 * CloudEvents `ce_*` ones included) and its original key and value, byte for byte. Enough to find the
 * original record, see why it failed, and send it back once the cause is fixed.
 */
export const KAFKA_DLT_HEADERS = {
  originalTopic: 'dlt_original_topic',
  originalPartition: 'dlt_original_partition',
  originalOffset: 'dlt_original_offset',
  consumerGroup: 'dlt_consumer_group',
  /** Attempts made (1 when it was refused at once, e.g. a schema error). */
  attempts: 'dlt_attempts',
  /** A stable code: MESSAGE_INVALID_DATA, MALFORMED_JSON, an AppError code, or the error's name. */
  errorCode: 'dlt_error_code',
  /** The error in one line. */
  errorMessage: 'dlt_error_message',
  /** Why it was dead-lettered rather than retried (`not retriable: …`, `failed 3 attempts, …`). */
  reason: 'dlt_reason',
  failedAt: 'dlt_failed_at',
} as const;
