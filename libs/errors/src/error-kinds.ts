import { status as GrpcStatus } from '@grpc/grpc-js';

/**
 * The one table that maps what went wrong to an HTTP status and a gRPC status, and says whether the
 * caller may retry. Every HTTP and gRPC boundary in commlab goes through it, in both directions.
 */
export const ERROR_KINDS = {
  invalid_argument: { http: 400, grpc: GrpcStatus.INVALID_ARGUMENT, retriable: false },
  unauthenticated: { http: 401, grpc: GrpcStatus.UNAUTHENTICATED, retriable: false },
  permission_denied: { http: 403, grpc: GrpcStatus.PERMISSION_DENIED, retriable: false },
  not_found: { http: 404, grpc: GrpcStatus.NOT_FOUND, retriable: false },
  conflict: { http: 409, grpc: GrpcStatus.ABORTED, retriable: false },
  already_exists: { http: 409, grpc: GrpcStatus.ALREADY_EXISTS, retriable: false },
  failed_precondition: { http: 409, grpc: GrpcStatus.FAILED_PRECONDITION, retriable: false },
  payload_too_large: { http: 413, grpc: GrpcStatus.OUT_OF_RANGE, retriable: false },
  /** Well-formed but not acceptable as sent, e.g. an Idempotency-Key reused for another request (422). */
  unprocessable_content: { http: 422, grpc: GrpcStatus.INVALID_ARGUMENT, retriable: false },
  rate_limited: { http: 429, grpc: GrpcStatus.RESOURCE_EXHAUSTED, retriable: true },
  internal: { http: 500, grpc: GrpcStatus.INTERNAL, retriable: false },
  not_implemented: { http: 501, grpc: GrpcStatus.UNIMPLEMENTED, retriable: false },
  unavailable: { http: 503, grpc: GrpcStatus.UNAVAILABLE, retriable: true },
  deadline_exceeded: { http: 504, grpc: GrpcStatus.DEADLINE_EXCEEDED, retriable: true },
} as const satisfies Record<string, { http: number; grpc: GrpcStatus; retriable: boolean }>;

export type ErrorKind = keyof typeof ERROR_KINDS;

const KIND_BY_GRPC = new Map<number, ErrorKind>([
  [GrpcStatus.INVALID_ARGUMENT, 'invalid_argument'],
  [GrpcStatus.OUT_OF_RANGE, 'invalid_argument'],
  [GrpcStatus.UNAUTHENTICATED, 'unauthenticated'],
  [GrpcStatus.PERMISSION_DENIED, 'permission_denied'],
  [GrpcStatus.NOT_FOUND, 'not_found'],
  [GrpcStatus.ALREADY_EXISTS, 'already_exists'],
  [GrpcStatus.ABORTED, 'conflict'],
  [GrpcStatus.FAILED_PRECONDITION, 'failed_precondition'],
  [GrpcStatus.RESOURCE_EXHAUSTED, 'rate_limited'],
  [GrpcStatus.UNIMPLEMENTED, 'not_implemented'],
  [GrpcStatus.UNAVAILABLE, 'unavailable'],
  [GrpcStatus.DEADLINE_EXCEEDED, 'deadline_exceeded'],
  [GrpcStatus.CANCELLED, 'unavailable'],
]);

/** gRPC status → kind (UNKNOWN, INTERNAL, DATA_LOSS and anything unlisted → internal). */
export function kindFromGrpcStatus(code: number): ErrorKind {
  return KIND_BY_GRPC.get(code) ?? 'internal';
}

/** HTTP status → kind (other 4xx → invalid_argument, other 5xx → internal). */
export function kindFromHttpStatus(status: number): ErrorKind {
  for (const [kind, mapping] of Object.entries(ERROR_KINDS) as [
    ErrorKind,
    (typeof ERROR_KINDS)[ErrorKind],
  ][]) {
    if (mapping.http === status && kind !== 'failed_precondition' && kind !== 'already_exists') return kind;
  }
  if (status === 408) return 'deadline_exceeded';
  if (status === 502) return 'unavailable';
  return status >= 500 ? 'internal' : 'invalid_argument';
}
