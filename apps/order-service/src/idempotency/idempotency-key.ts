import { createHash } from 'node:crypto';

import { AppError, type ErrorKind, isAppError } from '@commlab/errors';

/**
 * `Idempotency-Key` on POST /orders (IETF httpapi draft "The Idempotency-Key HTTP Header Field"): the pure
 * decisions. The I/O (the key's row in order-service's store) is IdempotencyKeyRepository's; the flow is
 * PlaceOrderOnce's.
 */

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
/** Set (`true`) on a response that is the replay of the key's first response, not a new execution. */
export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;
/**
 * How long a claimed key stays `in_progress` before another request may take it over: far longer than a
 * POST /orders takes (each downstream call has DOWNSTREAM_TIMEOUT_MS), so only a crashed instance's claim
 * lapses. A request that still finishes after the takeover fails to record its response and rolls back.
 */
export const IN_PROGRESS_LEASE_MS = 60_000;
/** Retry-After of a 409 IDEMPOTENCY_KEY_IN_PROGRESS: the first request usually answers within a second. */
export const IN_PROGRESS_RETRY_AFTER_SECONDS = 1;

const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;

function invalidKey(message: string): AppError {
  return new AppError({
    code: 'IDEMPOTENCY_KEY_INVALID',
    kind: 'invalid_argument',
    message: `${IDEMPOTENCY_KEY_HEADER} ${message}`,
    details: { header: IDEMPOTENCY_KEY_HEADER },
  });
}

/** The inside of a Structured Field string: `\"` and `\\` unescaped; undefined on a bare `"` or bad escape. */
function unquoteSfString(inner: string): string | undefined {
  let out = '';
  for (let index = 0; index < inner.length; index += 1) {
    const char = inner.charAt(index);
    if (char === '"') return undefined;
    if (char === '\\') {
      const next = inner.charAt(index + 1);
      if (next !== '"' && next !== '\\') return undefined;
      out += next === '"' ? '"' : '\\';
      index += 1;
    } else {
      out += char;
    }
  }
  return out;
}

/**
 * The key of an `Idempotency-Key` header, undefined when there is none. The draft defines the value as a
 * Structured Field string (`"…"`); a bare value is accepted too, and `"abc"` and `abc` are the same key.
 * 1–255 printable ASCII characters (after unquoting), else 400 IDEMPOTENCY_KEY_INVALID.
 */
export function parseIdempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (Array.isArray(header)) throw invalidKey('must be sent once');
  const value = header.trim();
  let key = value;
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    const unquoted = unquoteSfString(value.slice(1, -1));
    if (unquoted === undefined) throw invalidKey('is not a valid quoted string');
    key = unquoted;
  }
  if (key.length === 0) throw invalidKey('must not be empty');
  if (key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw invalidKey(`must be at most ${String(MAX_IDEMPOTENCY_KEY_LENGTH)} characters`);
  }
  if (!PRINTABLE_ASCII.test(key)) throw invalidKey('must be printable ASCII characters only');
  return key;
}

/** JSON with every object's keys sorted (arrays keep their order): equal values, equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([name, item]) => `${JSON.stringify(name)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** What makes two POST /orders the same request (the user is the key's scope, not part of this). */
export interface OrderRequestIdentity {
  /** `Prefer: respond-async` or not: 202 PENDING and 201 CONFIRMED are different answers. */
  mode: 'sync' | 'async';
  /** `?transport=`, which only the sync path uses (an async order always goes over RabbitMQ). */
  transport: string;
  /** `?saga=` of an async order (null for sync): a choreographed order is another request. */
  saga?: string | null;
  /** The validated body. */
  body: unknown;
}

/**
 * SHA-256 (hex) of the canonical JSON of what changes the order: the mode, the transport of a sync order
 * and the validated body (and `choreography`, when asked for: an orchestrated order's fingerprint is the
 * one it had before saga styles existed, so keys stored then still replay). `?auth=` is left out: it chooses how the token is verified, not what is ordered.
 */
export function requestFingerprint(request: OrderRequestIdentity): string {
  const identity = {
    method: 'POST',
    path: '/orders',
    mode: request.mode,
    ...(request.mode === 'sync' ? { transport: request.transport } : {}),
    ...(request.saga === 'choreography' ? { saga: request.saga } : {}),
    body: request.body,
  };
  return createHash('sha256').update(canonicalJson(identity)).digest('hex');
}

/** The response first given for a key, replayed as it was. */
export interface StoredResponse {
  status: number;
  /** The JSON body: the order, or for an error `{ code, kind, message, details? }`. */
  body: unknown;
  location: string | null;
}

/** A key's row as the decision sees it. */
export interface IdempotencyRecord {
  fingerprint: string;
  /** Changes at every claim: taking a key over is a compare-and-set on it. */
  claimId: string;
  state: 'in_progress' | 'completed';
  response: StoredResponse | null;
  /** An `in_progress` claim lapses then (its request's instance is presumed dead). */
  lockedUntil: Date;
  expiresAt: Date;
}

export type KeyDecision =
  /** Nobody holds the key (never used, expired, or a lapsed claim): claim it and place the order. */
  | { action: 'proceed'; takeOver: string | null }
  | { action: 'replay'; response: StoredResponse }
  /** 422: the key was used for another request. */
  | { action: 'reused' }
  /** 409 + Retry-After: the key's first request has not answered yet. */
  | { action: 'in_progress'; retryAfterSeconds: number };

/** What to do with a request carrying a key, given the key's row (or none) and the request's fingerprint. */
export function decideOnKey(
  record: IdempotencyRecord | undefined,
  fingerprint: string,
  now: Date,
): KeyDecision {
  if (record === undefined) return { action: 'proceed', takeOver: null };
  if (record.expiresAt.getTime() <= now.getTime()) return { action: 'proceed', takeOver: record.claimId };
  if (record.fingerprint !== fingerprint) return { action: 'reused' };
  if (record.state === 'completed' && record.response !== null) {
    return { action: 'replay', response: record.response };
  }
  if (record.lockedUntil.getTime() <= now.getTime()) return { action: 'proceed', takeOver: record.claimId };
  return { action: 'in_progress', retryAfterSeconds: IN_PROGRESS_RETRY_AFTER_SECONDS };
}

/**
 * The response to keep for a failed first request, or null to forget the key (a retry runs again).
 * Kept: the final client errors (a non-retriable AppError answering 4xx, e.g. 409 OUT_OF_STOCK, 400
 * UNKNOWN_SKU) — the same request would fail the same way. Forgotten: 5xx (503 INVENTORY_UNAVAILABLE…),
 * retriable errors (429) and anything unexpected, so a retry after an outage can succeed.
 */
export function errorToKeep(error: unknown): StoredResponse | null {
  if (!isAppError(error) || error.retriable) return null;
  const status = error.httpStatus;
  if (status < 400 || status >= 500) return null;
  return {
    status,
    body: {
      code: error.code,
      kind: error.kind,
      message: error.message,
      ...(error.details === undefined ? {} : { details: error.details }),
    },
    location: null,
  };
}

/** The AppError a kept error response is replayed as (same status, code, message and details). */
export function replayedError(response: StoredResponse): AppError {
  const body = response.body as {
    code: string;
    kind: ErrorKind;
    message: string;
    details?: Record<string, unknown>;
  };
  return new AppError({
    code: body.code,
    kind: body.kind,
    message: body.message,
    ...(body.details === undefined ? {} : { details: body.details }),
  });
}

export function keyReused(): AppError {
  return new AppError({
    code: 'IDEMPOTENCY_KEY_REUSED',
    kind: 'unprocessable_content',
    message: `${IDEMPOTENCY_KEY_HEADER} was already used for a different request; use a new key for a new order`,
    details: { header: IDEMPOTENCY_KEY_HEADER },
  });
}

export function keyInProgress(retryAfterSeconds: number, cause?: unknown): AppError {
  return new AppError({
    code: 'IDEMPOTENCY_KEY_IN_PROGRESS',
    kind: 'conflict',
    message: `a request with this ${IDEMPOTENCY_KEY_HEADER} is still in progress; retry after it answers`,
    details: { header: IDEMPOTENCY_KEY_HEADER },
    retriable: true,
    retryAfterSeconds,
    ...(cause === undefined ? {} : { cause }),
  });
}
