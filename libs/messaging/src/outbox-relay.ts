import { randomUUID } from 'node:crypto';

import type { Database } from '@commlab/persistence';
import { type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

import { type Clock, systemClock } from '@commlab/resilience';
import { describeError } from '@commlab/resilience';
import type { OutboxMessage, OutboxPublisher, PublishResult } from './outbox-publisher';
import {
  claimDueMessages,
  markFailed,
  markSent,
  type OutboxStats,
  readOutboxStats,
  releaseClaims,
} from './outbox-store';
import { assertBackoffPolicy, type BackoffPolicy, nextDelayMs } from '@commlab/resilience';
import {
  destinationAttributes,
  destinationName,
  messageAttributes,
  MESSAGING_ATTRIBUTES,
} from './messaging-attributes';
import { nextRelayPace } from './relay-pace';
import { captureTraceContext, messagingTracer, restoreTraceContext } from './trace-context';

/** Where the relay logs; Nest's `Logger` and `console` both fit. */
export interface RelayLogger {
  log(message: string): void;
  warn(message: string): void;
}

export interface OutboxRelayOptions {
  db: Database;
  publisher: OutboxPublisher;
  /** Rows claimed per batch (default 100). */
  batchSize?: number;
  /** Sleep between polls when the outbox had nothing more to do (default 1000). `notify()` cuts it short. */
  pollIntervalMs?: number;
  /** Backoff of a failed publish; there is no max attempts — the outbox never drops a message. */
  backoff?: Partial<BackoffPolicy>;
  /**
   * How long a claim stays exclusive (default 30 000). Must exceed the publisher's own timeout: when a
   * relay dies after claiming, its rows go to another relay after this long.
   */
  leaseMs?: number;
  /** Names this relay in `claimed_by` (default a random id). */
  relayId?: string;
  clock?: Clock;
  /** 0 ≤ r < 1 for the jitter (default Math.random). */
  random?: () => number;
  logger?: RelayLogger;
}

export interface RelayBatchResult {
  /** Rows this batch leased. */
  claimed: number;
  published: number;
  failed: number;
  /** Rows given back unpublished because an earlier row of their key failed in this batch. */
  deferred: number;
}

export const DEFAULT_OUTBOX_BACKOFF: Readonly<BackoffPolicy> = Object.freeze({
  baseDelayMs: 500,
  maxDelayMs: 60_000,
  jitter: 0.2,
});

/**
 * How much the broker pushed back on this relay (since it was created): refused rows, the backoffs the
 * loop took because of them, and the time it spent waiting in them.
 */
export interface RelayBackpressure {
  /** Rows whose publish failed (a nack from a full queue, a timeout, a broker outage, …). */
  refusedRows: number;
  /** Waits the loop took after a batch with refused rows. */
  backoffs: number;
  /** The time the loop actually waited in them: how long the producer was slowed. */
  backoffMs: number;
  /** The last one (0 when the last batch was clean). */
  currentDelayMs: number;
}

const silentLogger: RelayLogger = { log: () => undefined, warn: () => undefined };

/** Splits rows (in sequence order) into rounds holding at most one row per key, keeping each key's order. */
export function roundsByKey(rows: readonly OutboxMessage[]): OutboxMessage[][] {
  const rounds: OutboxMessage[][] = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    const index = seen.get(row.key) ?? 0;
    seen.set(row.key, index + 1);
    (rounds[index] ??= []).push(row);
  }
  return rounds;
}

/**
 * Publishes the outbox: polls due PENDING rows in sequence order, hands them to the publisher, marks
 * them SENT or schedules a retry with capped exponential backoff and jitter. Never drops a message.
 *
 * Delivery is at-least-once: a crash after the broker acked but before the row is marked SENT means the
 * row is published again (after the lease expires, or by the next relay), so consumers dedupe by id.
 * Per key, a row is published only after every earlier row of that key was published (acked by the broker;
 * rows of one batch are marked SENT together, in one statement, after its last round).
 */
export class OutboxRelay {
  private readonly db: Database;
  private readonly publisher: OutboxPublisher;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly backoff: BackoffPolicy;
  private readonly leaseMs: number;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly logger: RelayLogger;
  readonly relayId: string;

  private running = false;
  private loop: Promise<void> | undefined;
  private inFlight: Promise<RelayBatchResult> | undefined;
  private wake: (() => void) | undefined;
  private notified = false;
  private backingOff = false;
  private readonly pushback: RelayBackpressure = {
    refusedRows: 0,
    backoffs: 0,
    backoffMs: 0,
    currentDelayMs: 0,
  };

  constructor(options: OutboxRelayOptions) {
    this.db = options.db;
    this.publisher = options.publisher;
    this.batchSize = options.batchSize ?? 100;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.backoff = { ...DEFAULT_OUTBOX_BACKOFF, ...options.backoff };
    this.leaseMs = options.leaseMs ?? 30_000;
    this.relayId = options.relayId ?? `relay-${randomUUID()}`;
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.logger = options.logger ?? silentLogger;
    assertBackoffPolicy(this.backoff);
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1)
      throw new RangeError('batchSize must be ≥ 1.');
    if (!(this.pollIntervalMs > 0)) throw new RangeError('pollIntervalMs must be > 0.');
    if (!(this.leaseMs > 0)) throw new RangeError('leaseMs must be > 0.');
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Starts the polling loop (idempotent). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.runLoop();
  }

  /** Stops polling; resolves once the in-flight batch has finished (its rows marked). */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.loop = undefined;
    // A batch started by runOnce() outside the loop finishes too.
    await this.inFlight?.catch(() => undefined);
  }

  /**
   * Wakes the loop now (call after committing outbox rows); a no-op when stopped. It does not cut a
   * backoff short: new rows do not make a full queue any emptier.
   */
  notify(): void {
    if (this.backingOff) return;
    this.notified = true;
    this.wake?.();
  }

  /** The broker's pushback so far (a copy): the relay's backpressure metric. */
  get backpressure(): RelayBackpressure {
    return { ...this.pushback };
  }

  /** One batch: claim, publish, mark. Calls on one relay run one after another. */
  async runOnce(): Promise<RelayBatchResult> {
    const previous = this.inFlight;
    const batch = (previous ? previous.catch(() => undefined) : Promise.resolve()).then(() =>
      this.runBatch(),
    );
    this.inFlight = batch;
    try {
      return await batch;
    } finally {
      if (this.inFlight === batch) this.inFlight = undefined;
    }
  }

  /** Outbox counts (of the whole table, not just this relay's work). */
  async stats(): Promise<OutboxStats> {
    return readOutboxStats(this.db, this.clock.now());
  }

  private async runLoop(): Promise<void> {
    let failures = 0;
    let refusedBatches = 0;
    while (this.running) {
      this.notified = false;
      let delayMs = this.pollIntervalMs;
      try {
        const result = await this.runOnce();
        failures = 0;
        const pace = nextRelayPace(refusedBatches, result, this.paceSettings(), this.random);
        refusedBatches = pace.refusedBatches;
        delayMs = pace.delayMs;
        this.noteBackoff(result, pace.backingOff ? delayMs : 0, refusedBatches);
      } catch (error) {
        failures += 1;
        delayMs = Math.max(this.pollIntervalMs, nextDelayMs(failures, this.backoff, this.random));
        this.logger.warn(
          `Outbox relay ${this.relayId}: batch failed (${describeError(error)}); next try in ${String(delayMs)} ms`,
        );
      }
      if (delayMs > 0 && this.shouldSleep()) {
        this.backingOff = this.pushback.currentDelayMs > 0;
        const sleptFrom = performance.now();
        await this.sleep(delayMs);
        if (this.backingOff) this.pushback.backoffMs += Math.round(performance.now() - sleptFrom);
        this.backingOff = false;
      }
    }
  }

  private paceSettings() {
    return { batchSize: this.batchSize, pollIntervalMs: this.pollIntervalMs, backoff: this.backoff };
  }

  /** Counts and logs a backoff (delayMs > 0) caused by refused rows. */
  private noteBackoff(result: RelayBatchResult, delayMs: number, refusedBatches: number): void {
    this.pushback.refusedRows += result.failed;
    this.pushback.currentDelayMs = delayMs;
    if (delayMs === 0) return;
    this.pushback.backoffs += 1;
    this.logger.warn(
      `Outbox relay ${this.relayId}: the broker refused ${String(result.failed)} of ${String(result.claimed)} ` +
        `rows (${String(refusedBatches)} refused batches in a row); backing off ${String(delayMs)} ms`,
    );
  }

  /** Re-read after an await: `stop()` and `notify()` change these while a batch runs. */
  private shouldSleep(): boolean {
    return this.running && !this.notified;
  }

  private async sleep(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wake = undefined;
  }

  private async runBatch(): Promise<RelayBatchResult> {
    const now = this.clock.now();
    const claimed = await claimDueMessages(
      this.db,
      this.relayId,
      now,
      new Date(now.getTime() + this.leaseMs),
      this.batchSize,
    );
    const result: RelayBatchResult = { claimed: claimed.length, published: 0, failed: 0, deferred: 0 };
    // The published rows of every round are marked SENT together, in ONE statement after the last round:
    // until then they stay PENDING under this relay's lease, so no other relay claims them or any later
    // row of their keys (the claim's per-key rule), and the next round's rows still go only after the
    // broker acked the round before. A crash before the mark republishes them after the lease, as a crash
    // before any mark always did (at-least-once; consumers dedupe by id).
    const sent: OutboxMessage[] = [];
    try {
      await this.publishRounds(claimed, result, sent);
    } catch (error) {
      // A failed bookkeeping statement (the store went away): mark what was published if it still can.
      await markSent(this.db, sent, this.clock.now()).catch(() => undefined);
      throw error;
    }
    await markSent(this.db, sent, this.clock.now());
    return result;
  }

  /**
   * Publishes `claimed` round by round (roundsByKey), each round after the broker acked the one before;
   * adds the published rows to `sent` (not marked yet), schedules the failed ones' retries and gives back
   * the rows behind a failure of their key.
   */
  private async publishRounds(
    claimed: readonly OutboxMessage[],
    result: RelayBatchResult,
    sent: OutboxMessage[],
  ): Promise<void> {
    const failedKeys = new Set<string>();
    for (const round of roundsByKey(claimed)) {
      const ready = round.filter((row) => !failedKeys.has(row.key));
      const blocked = round.filter((row) => failedKeys.has(row.key));
      if (blocked.length > 0) {
        await releaseClaims(this.db, blocked);
        result.deferred += blocked.length;
      }
      if (ready.length === 0) continue;
      const outcomes = await this.publish(ready);
      for (const row of ready) {
        const outcome = outcomes.get(row.messageId);
        if (outcome?.ok === true) {
          sent.push(row);
          result.published += 1;
          continue;
        }
        failedKeys.add(row.key);
        result.failed += 1;
        const error =
          outcome === undefined
            ? 'OUTBOX_NO_PUBLISH_RESULT: the publisher returned no result'
            : describeError(outcome.error);
        const attempt = row.attempts + 1;
        const delayMs = nextDelayMs(attempt, this.backoff, this.random);
        await markFailed(this.db, row, new Date(this.clock.now().getTime() + delayMs), error);
        this.logger.warn(
          `Outbox relay ${this.relayId}: publishing ${row.messageId} (key ${row.key}) failed on attempt ` +
            `${String(attempt)}: ${error}; retry in ${String(delayMs)} ms`,
        );
      }
    }
  }

  /**
   * Per-row outcomes; a rejected publish fails every row it carried. Each row is published under a `send`
   * span whose parent is the trace context stored with the row, so the publish joins the trace of the
   * transaction that wrote it; the span's own context goes to the broker as the row's W3C headers.
   */
  private async publish(rows: readonly OutboxMessage[]): Promise<Map<string, PublishResult>> {
    const now = this.clock.now().getTime();
    const spans = new Map<string, Span>();
    const traced = rows.map((row): OutboxMessage => {
      const parent = restoreTraceContext(row.trace ?? {});
      const span = messagingTracer.startSpan(
        `send ${destinationName(row.destination)}`,
        {
          kind: SpanKind.PRODUCER,
          attributes: {
            ...destinationAttributes(row.destination),
            ...messageAttributes({ ...row.envelope, correlationId: row.envelope.correlationid }),
            [MESSAGING_ATTRIBUTES.operationType]: 'send',
            [MESSAGING_ATTRIBUTES.operationName]: 'send',
            [MESSAGING_ATTRIBUTES.outboxAttempt]: row.attempts + 1,
            [MESSAGING_ATTRIBUTES.outboxWaitMs]: Math.max(0, now - row.createdAt.getTime()),
            ...(row.destination.transport === 'kafka' ? { [MESSAGING_ATTRIBUTES.kafkaKey]: row.key } : {}),
          },
        },
        parent,
      );
      spans.set(row.messageId, span);
      const traceHeaders = captureTraceContext(trace.setSpan(parent, span));
      return traceHeaders.traceparent === undefined ? row : { ...row, traceHeaders: { ...traceHeaders } };
    });
    let outcomes: Map<string, PublishResult>;
    try {
      const results = await this.publisher.publish(traced);
      outcomes = new Map(results.map((result) => [result.messageId, result]));
    } catch (error) {
      outcomes = new Map(
        rows.map((row): [string, PublishResult] => [
          row.messageId,
          { messageId: row.messageId, ok: false, error },
        ]),
      );
    }
    for (const [messageId, span] of spans) {
      const outcome = outcomes.get(messageId);
      if (outcome?.ok !== true) {
        const message = outcome === undefined ? 'no publish result' : describeError(outcome.error);
        span.setStatus({ code: SpanStatusCode.ERROR, message });
      }
      span.end();
    }
    return outcomes;
  }
}
