import { inSpan, type LiveFeedSink, restoreTraceContext } from '@commlab/messaging';
import { ORDER_ID_ATTRIBUTE } from '@commlab/service-kit';
import { LIVE_FEED } from '@commlab/messaging-nest';
import { attemptWebhook, type WebhookAttemptOutcome, type WebhookSettings } from '@commlab/webhooks';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';

import {
  type DeliveryStatus,
  type DueDelivery,
  WebhookDeliveryRepository,
} from './webhook-delivery.repository';

export const WEBHOOK_SETTINGS = Symbol('WEBHOOK_SETTINGS');

/** How often the dispatcher looks for due callbacks when nothing woke it. */
const POLL_MS = 250;
/** A claimed callback is this process's for this long (longer than one attempt's timeout). */
const LEASE_MARGIN_MS = 10_000;
const BATCH = 10;

function nextStep(
  outcome: WebhookAttemptOutcome,
): { status: DeliveryStatus; retryInMs?: number } | undefined {
  switch (outcome.kind) {
    case 'delivered':
      return { status: 'DELIVERED' };
    case 'gone':
      return { status: 'GONE' };
    case 'failed-permanently':
      return { status: 'FAILED' };
    case 'retry':
      return { status: 'PENDING', retryInMs: outcome.delayMs };
    case 'cancelled':
      return undefined;
  }
}

/**
 * Runs the callbacks of completed async orders from `webhook_deliveries`: claims the due ones (a lease,
 * SKIP LOCKED, so several order instances share the work), makes one signed attempt each
 * (`attemptWebhook`: SSRF check, per-attempt timeout, no redirects), records the attempt and schedules
 * the next one with backoff and jitter — until delivered, 410 Gone, a permanent failure, or out of
 * attempts. Durable: a restart resumes where the table says; shutdown cancels attempts in flight, which
 * are released without counting.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WebhookDispatcher.name);
  private readonly stopping = new AbortController();
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly deliveries: WebhookDeliveryRepository,
    @Inject(WEBHOOK_SETTINGS) private readonly settings: WebhookSettings,
    @Inject(LIVE_FEED) private readonly feed: LiveFeedSink,
  ) {}

  onApplicationBootstrap(): void {
    if (this.settings.usesDevSecret) {
      this.logger.warn('callbacks are signed with the PUBLIC dev-only secret: set WEBHOOK_SIGNING_SECRET');
    }
    this.loop = this.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    this.wake?.();
    await this.loop;
  }

  private isStopped(): boolean {
    return this.stopping.signal.aborted;
  }

  /** Looks for due callbacks now (after a commit that scheduled one). */
  notify(): void {
    this.wake?.();
  }

  private async run(): Promise<void> {
    const signal = this.stopping.signal;
    while (!this.isStopped()) {
      let due: DueDelivery[] = [];
      try {
        due = await this.deliveries.claimDue(BATCH, this.settings.timeoutMs + LEASE_MARGIN_MS);
        await Promise.all(due.map((delivery) => this.attempt(delivery, signal)));
      } catch (error) {
        if (!this.isStopped()) this.logger.error({ err: error }, 'webhook dispatch failed');
      }
      if (due.length === BATCH) continue;
      // One timer and one abort listener per wait, both removed when the wait ends — early (notify) or
      // not: a timers/promises sleep would keep its listener until its timer fired, so a burst of
      // completed orders piled up listeners (MaxListenersExceededWarning).
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          resolve();
        };
        const timer = setTimeout(done, POLL_MS);
        signal.addEventListener('abort', done, { once: true });
        this.wake = done;
      });
      this.wake = undefined;
    }
  }

  /**
   * One attempt, in the order's trace (the context stored when the callback was scheduled): a `deliver
   * webhook` span whose child is the HTTP instrumentation's POST, which sends the `traceparent` header.
   */
  private async attempt(delivery: DueDelivery, signal: AbortSignal): Promise<void> {
    await inSpan(
      'deliver webhook',
      {
        attributes: {
          [ORDER_ID_ATTRIBUTE]: delivery.orderId,
          'commlab.webhook.id': delivery.webhookId,
          'commlab.webhook.attempt': delivery.attempts + 1,
        },
      },
      async (span) => {
        const outcome = await this.attemptOnce(delivery, signal);
        if (outcome !== undefined) span.setAttribute('commlab.webhook.outcome', outcome);
      },
      restoreTraceContext(delivery.trace),
    );
  }

  private async attemptOnce(delivery: DueDelivery, signal: AbortSignal): Promise<string | undefined> {
    const outcome = await attemptWebhook({
      url: delivery.url,
      secret: this.settings.secret,
      id: delivery.webhookId,
      payload: delivery.payload,
      policy: this.settings.policy,
      timeoutMs: this.settings.timeoutMs,
      retry: this.settings.retry,
      attempt: delivery.attempts + 1,
      signal,
    });
    const next = nextStep(outcome);
    if (next === undefined) {
      await this.deliveries.release(delivery.orderId);
      return outcome.kind;
    }
    await this.deliveries.recordAttempt(delivery.orderId, outcome.record, next);
    this.feed.publish('webhook.attempt', {
      orderId: delivery.orderId,
      attempt: outcome.record.attempt,
      outcome: outcome.kind,
      ...(outcome.record.statusCode === undefined ? {} : { statusCode: outcome.record.statusCode }),
    });
    this.logger.log(
      {
        orderId: delivery.orderId,
        attempt: outcome.record.attempt,
        outcome: outcome.kind,
        statusCode: outcome.record.statusCode,
      },
      'webhook attempt',
    );
    return outcome.kind;
  }
}
