import { setTimeout as sleep } from 'node:timers/promises';

import { assertBackoffPolicy } from '@commlab/resilience';

import { attemptWebhook, type AttemptWebhookInput } from './attempt-webhook';
import type { WebhookAttemptRecord, WebhookMessage } from './webhook-attempt';

export interface DeliverWebhookInput extends WebhookMessage {
  /** Called after every attempt with its record (store it: it is the delivery history). */
  onAttempt?: (record: WebhookAttemptRecord) => void | Promise<void>;
  /** Cancels the whole delivery, including a backoff wait (e.g. at service shutdown). */
  signal?: AbortSignal;
  clock?: AttemptWebhookInput['clock'];
  random?: AttemptWebhookInput['random'];
}

export type WebhookDeliveryStatus = 'delivered' | 'gone' | 'failed' | 'cancelled';

export interface WebhookDeliveryResult {
  status: WebhookDeliveryStatus;
  /** For `failed`: refused (SSRF guard), redirect, rejected (4xx) or exhausted (retries used up). */
  reason?: 'refused' | 'redirect' | 'rejected' | 'exhausted';
  attempts: WebhookAttemptRecord[];
}

/**
 * The in-process delivery loop: attempts until delivered, gone (410), failed permanently or retries
 * are exhausted, sleeping the backoff between attempts. Resolves (never rejects for delivery problems)
 * with the final status and every attempt; `cancelled` when the signal aborts. A service that must
 * survive restarts should persist the records and schedule `attemptWebhook` itself instead.
 */
export async function deliverWebhook(input: DeliverWebhookInput): Promise<WebhookDeliveryResult> {
  assertBackoffPolicy(input.retry);
  const attempts: WebhookAttemptRecord[] = [];
  for (let attempt = 1; ; attempt++) {
    const outcome = await attemptWebhook({ ...input, attempt });
    attempts.push(outcome.record);
    await input.onAttempt?.(outcome.record);
    switch (outcome.kind) {
      case 'delivered':
      case 'gone':
      case 'cancelled':
        return { status: outcome.kind, attempts };
      case 'failed-permanently':
        return { status: 'failed', reason: outcome.reason, attempts };
      case 'retry':
        try {
          await sleep(outcome.delayMs, undefined, input.signal === undefined ? {} : { signal: input.signal });
        } catch {
          return { status: 'cancelled', attempts };
        }
    }
  }
}
