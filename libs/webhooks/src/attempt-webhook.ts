import { isAppError } from '@commlab/errors';
import { type Clock, nextDelayMs, systemClock } from '@commlab/resilience';

import { checkCallbackUrl } from './callback-url-policy';
import { postWebhook, PostTimeoutError, type PostResponse } from './post-webhook.http';
import { retryAfterMs } from './retry-after';
import type { WebhookAttemptOutcome, WebhookAttemptRecord, WebhookMessage } from './webhook-attempt';
import { WEBHOOK_ERROR_CODES } from './webhook-error-codes';
import { signWebhook } from './webhook-signature';

export interface AttemptWebhookInput extends WebhookMessage {
  /** Which attempt this is, 1-based (a durable scheduler stores it between attempts). */
  attempt: number;
  signal?: AbortSignal;
  clock?: Clock;
  /** 0 ≤ r < 1 for the jitter (tests pass `() => 0` for the full, deterministic delay). */
  random?: () => number;
}

export const WEBHOOK_USER_AGENT = 'commlab-webhooks/0.1';

type Classified =
  | { kind: 'delivered' | 'gone' }
  | { kind: 'retriable'; code: string; message: string; retryAfterMs?: number }
  | {
      kind: 'permanent';
      reason: 'refused' | 'redirect' | 'rejected';
      code: string;
      message: string;
      location?: string;
    }
  | { kind: 'cancelled'; code: string; message: string };

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** A response status → what it means for the delivery (the retry rules in docs/webhooks.md). */
export function classifyResponse(response: PostResponse, now: Date): Classified {
  const { statusCode: status, headers } = response;
  if (status >= 200 && status < 300) return { kind: 'delivered' };
  if (status === 410) return { kind: 'gone' };
  if (status >= 300 && status < 400) {
    const location = header(headers.location);
    return {
      kind: 'permanent',
      reason: 'redirect',
      code: WEBHOOK_ERROR_CODES.redirectRefused,
      message: `The receiver answered ${status}; redirects are never followed (update the callback URL).`,
      ...(location === undefined ? {} : { location }),
    };
  }
  if (status === 408 || status === 429 || status >= 500) {
    const after = retryAfterMs(header(headers['retry-after']), now);
    return {
      kind: 'retriable',
      code: WEBHOOK_ERROR_CODES.httpStatus,
      message: `The receiver answered ${status}.`,
      ...(after === undefined ? {} : { retryAfterMs: after }),
    };
  }
  return {
    kind: 'permanent',
    reason: 'rejected',
    code: WEBHOOK_ERROR_CODES.httpStatus,
    message: `The receiver answered ${status}; a 4xx other than 408/410/429 is not retried.`,
  };
}

function classifyError(error: unknown, signal: AbortSignal | undefined): Classified {
  if (signal?.aborted === true) {
    return { kind: 'cancelled', code: WEBHOOK_ERROR_CODES.cancelled, message: 'The delivery was cancelled.' };
  }
  if (isAppError(error)) {
    if (error.code === WEBHOOK_ERROR_CODES.callbackHostUnresolved)
      return { kind: 'retriable', code: error.code, message: error.message };
    return { kind: 'permanent', reason: 'refused', code: error.code, message: error.message };
  }
  if (error instanceof PostTimeoutError)
    return { kind: 'retriable', code: WEBHOOK_ERROR_CODES.timeout, message: error.message };
  const errno = (error as NodeJS.ErrnoException | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return {
    kind: 'retriable',
    code: WEBHOOK_ERROR_CODES.networkError,
    message: errno === undefined ? message : `${errno}: ${message}`,
  };
}

/**
 * One delivery attempt: check the URL (SSRF guard, pinned addresses), sign with a fresh timestamp,
 * POST once, and say what to do next. Never throws for delivery problems; the returned record is what
 * to store. A durable scheduler calls this once per due attempt; `deliverWebhook` loops over it.
 */
export async function attemptWebhook(input: AttemptWebhookInput): Promise<WebhookAttemptOutcome> {
  const clock = input.clock ?? systemClock;
  const started = clock.now();
  const t0 = performance.now();
  const body = JSON.stringify(input.payload);
  let classified: Classified;
  let statusCode: number | undefined;
  try {
    if (input.signal?.aborted === true) throw input.signal.reason;
    const target = await checkCallbackUrl(input.url, input.policy);
    const headers = {
      'content-type': 'application/json',
      'user-agent': WEBHOOK_USER_AGENT,
      ...signWebhook({ secret: input.secret, id: input.id, timestamp: clock.now(), body }),
    };
    const response = await postWebhook({
      target,
      headers,
      body,
      timeoutMs: input.timeoutMs,
      ...(input.signal === undefined ? {} : { signal: input.signal }),
    });
    statusCode = response.statusCode;
    classified = classifyResponse(response, clock.now());
  } catch (error) {
    classified = classifyError(error, input.signal);
  }

  const record: WebhookAttemptRecord = {
    attempt: input.attempt,
    at: started.toISOString(),
    durationMs: Math.round(performance.now() - t0),
    ...(statusCode === undefined ? {} : { statusCode }),
    outcome: 'delivered',
  };
  switch (classified.kind) {
    case 'delivered':
    case 'gone':
      record.outcome = classified.kind;
      return { kind: classified.kind, record };
    case 'cancelled':
      record.outcome = 'cancelled';
      record.error = { code: classified.code, message: classified.message };
      return { kind: 'cancelled', record };
    case 'permanent':
      record.outcome = 'failed-permanently';
      record.error = { code: classified.code, message: classified.message };
      if (classified.location !== undefined) record.location = classified.location;
      return { kind: 'failed-permanently', reason: classified.reason, record };
    case 'retriable': {
      record.error = { code: classified.code, message: classified.message };
      if (input.attempt >= input.retry.maxAttempts) {
        record.outcome = 'failed-permanently';
        return { kind: 'failed-permanently', reason: 'exhausted', record };
      }
      const backoff = nextDelayMs(input.attempt, input.retry, input.random);
      const delayMs = Math.min(input.retry.maxDelayMs, Math.max(backoff, classified.retryAfterMs ?? 0));
      record.outcome = 'retry';
      record.nextDelayMs = delayMs;
      return { kind: 'retry', delayMs, record };
    }
  }
}
