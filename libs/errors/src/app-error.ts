import { ERROR_KINDS, type ErrorKind } from './error-kinds';

export interface AppErrorOptions {
  /** Stable, upper-snake string code clients can switch on: `OUT_OF_STOCK`, `AUTH_UNAVAILABLE`. */
  code: string;
  kind: ErrorKind;
  message: string;
  /** Defaults to the kind's retriability (unavailable, deadline_exceeded and rate_limited are retriable). */
  retriable?: boolean;
  /** Machine-readable detail, e.g. `{ skus: ['poster-async'] }`; shown to clients, so nothing secret. */
  details?: Record<string, unknown>;
  /** For rate limits: the Retry-After the client should honour. */
  retryAfterSeconds?: number;
  cause?: unknown;
}

/**
 * The error type of commlab's use cases. Carries what a boundary needs to answer well: a stable code,
 * the kind (→ HTTP and gRPC status through one table), retriability and the underlying cause.
 */
export class AppError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly retriable: boolean;
  readonly details: Record<string, unknown> | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(options: AppErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = options.code;
    this.kind = options.kind;
    this.retriable = options.retriable ?? ERROR_KINDS[options.kind].retriable;
    this.details = options.details;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  get httpStatus(): number {
    return ERROR_KINDS[this.kind].http;
  }

  get grpcStatus(): number {
    return ERROR_KINDS[this.kind].grpc;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** Whether retrying the same call may succeed: AppError says so explicitly; anything else is not. */
export function isRetriable(error: unknown): boolean {
  return error instanceof AppError && error.retriable;
}
