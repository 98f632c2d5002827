/** Kafka protocol error codes kafka-lite returns. */
export const ErrorCode = {
  NONE: 0,
  OFFSET_OUT_OF_RANGE: 1,
  CORRUPT_MESSAGE: 2,
  UNKNOWN_TOPIC_OR_PARTITION: 3,
  MESSAGE_TOO_LARGE: 10,
  COORDINATOR_NOT_AVAILABLE: 15,
  INVALID_TOPIC_EXCEPTION: 17,
  INVALID_REQUIRED_ACKS: 21,
  ILLEGAL_GENERATION: 22,
  INCONSISTENT_GROUP_PROTOCOL: 23,
  INVALID_GROUP_ID: 24,
  UNKNOWN_MEMBER_ID: 25,
  INVALID_SESSION_TIMEOUT: 26,
  REBALANCE_IN_PROGRESS: 27,
  UNSUPPORTED_VERSION: 35,
  TOPIC_ALREADY_EXISTS: 36,
  INVALID_PARTITIONS: 37,
  INVALID_REPLICATION_FACTOR: 38,
  INVALID_REQUEST: 42,
  UNSUPPORTED_FOR_MESSAGE_FORMAT: 43,
  NON_EMPTY_GROUP: 68,
  GROUP_ID_NOT_FOUND: 69,
  MEMBER_ID_REQUIRED: 79,
} as const;

/**
 * A frame kafka-lite cannot parse. The connection that sent it is closed; the broker keeps running.
 * `code` is stable: MALFORMED_FRAME, FRAME_TOO_LARGE, UNSUPPORTED_API, UNSUPPORTED_VERSION.
 */
export class ProtocolError extends Error {
  constructor(
    readonly code: 'MALFORMED_FRAME' | 'FRAME_TOO_LARGE' | 'UNSUPPORTED_API' | 'UNSUPPORTED_VERSION',
    message: string,
  ) {
    super(message);
    this.name = 'ProtocolError';
  }
}
