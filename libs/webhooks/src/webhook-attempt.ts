import type { RetryPolicy } from '@commlab/resilience';

import type { CallbackUrlPolicy } from './callback-url-policy';

/** What one delivery is: the same id and body on every attempt, a fresh timestamp and signature each. */
export interface WebhookMessage {
  /** The receiver's URL (checked against `policy` before every attempt). */
  url: string;
  /** `whsec_…` signing secret. */
  secret: string;
  /** `webhook-id`: stable across retries, so receivers can dedupe (e.g. the order id + event). */
  id: string;
  /** Serialised once with JSON.stringify; exactly those bytes are signed and sent. */
  payload: unknown;
  policy: CallbackUrlPolicy;
  /** Bound of one attempt: connect, request and response. */
  timeoutMs: number;
  /** maxAttempts (first included), exponential backoff baseDelayMs·2^(n−1) ≤ maxDelayMs, jitter 0…1. */
  retry: RetryPolicy;
}

/** One attempt as recorded (what `GET /orders/{id}` shows under the delivery). */
export interface WebhookAttemptRecord {
  /** 1 for the first attempt. */
  attempt: number;
  /** ISO-8601 start of the attempt. */
  at: string;
  durationMs: number;
  /** The receiver's status, when it answered. */
  statusCode?: number;
  /** A redirect's Location: recorded, never followed. */
  location?: string;
  /** Why the attempt did not deliver: a stable code (WEBHOOK_ERROR_CODES) and a message. */
  error?: { code: string; message: string };
  outcome: WebhookAttemptOutcome['kind'];
  /** For `retry`: the wait before the next attempt. */
  nextDelayMs?: number;
}

/**
 * What to do after one attempt:
 * - `delivered`: a 2xx; done.
 * - `retry`: a network error, timeout, unresolvable host, 408, 429 or 5xx, and attempts remain; try
 *   again after `delayMs` (backoff with jitter, or the receiver's Retry-After when longer, ≤ maxDelayMs).
 * - `gone`: 410; the receiver unsubscribed; never call this URL for the message again.
 * - `failed-permanently`: a refused URL (SSRF guard), a redirect, another 4xx, or retries exhausted.
 * - `cancelled`: the signal aborted the attempt; it does not count, a scheduler may run it again.
 */
export type WebhookAttemptOutcome =
  | { kind: 'delivered'; record: WebhookAttemptRecord }
  | { kind: 'retry'; delayMs: number; record: WebhookAttemptRecord }
  | { kind: 'gone'; record: WebhookAttemptRecord }
  | {
      kind: 'failed-permanently';
      reason: 'refused' | 'redirect' | 'rejected' | 'exhausted';
      record: WebhookAttemptRecord;
    }
  | { kind: 'cancelled'; record: WebhookAttemptRecord };
