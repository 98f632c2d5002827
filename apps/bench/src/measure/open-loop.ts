import { callEnd, type CallOutcome } from './call-end';
import { type Clock, hrtimeClock } from './clock';
import { createLatencyHistogram, recordNanos } from './latency-histogram';
import { errorMessage, type LoopResult, MAX_ERROR_SAMPLES } from './loop-result';
import type { RunLimit } from './run-limit';
import { untilSettledOrStalled } from './until-settled';

export interface OpenLoopOptions {
  call: () => CallOutcome;
  /** Arrival rate: call i is due at start + i / rate, whatever happened to the calls before it. */
  ratePerSecond: number;
  /**
   * At most this many calls in flight (like a load generator's connections). A due call waits for a
   * free slot; that wait is the queueing a naive generator hides (coordinated omission).
   */
  maxInFlight: number;
  limit: RunLimit;
  /** Give up when no call has completed for this long; unanswered calls count as timeouts. */
  drainTimeoutNs: bigint;
  clock?: Clock;
}

/**
 * Open loop with coordinated-omission correction. Sends are scheduled against the clock at a fixed
 * rate; each call's latency is recorded twice: from its INTENDED send time (corrected — what a user
 * arriving at that moment would wait) and from its ACTUAL send time (uncorrected — what a generator
 * that waits for the system before sending reports). When the system stalls, the calls due during the
 * stall queue up: the corrected histogram shows every one of them late, the uncorrected one only the
 * call that stalled.
 */
export async function runOpenLoop(options: OpenLoopOptions): Promise<LoopResult> {
  const { call, limit, maxInFlight } = options;
  const clock = options.clock ?? hrtimeClock;
  if (!(options.ratePerSecond > 0)) throw new RangeError('ratePerSecond must be > 0');
  if (!(maxInFlight >= 1)) throw new RangeError('maxInFlight must be >= 1');
  const intervalNs = 1e9 / options.ratePerSecond;
  const latency = createLatencyHistogram();
  const uncorrected = createLatencyHistogram();
  const errorSamples: string[] = [];
  let completed = 0;
  let errors = 0;
  let inFlight = 0;
  let freeSlot: (() => void) | undefined;
  const start = clock.now();
  let lastProgress = start;
  const stopAt = 'durationNs' in limit ? start + limit.durationNs : undefined;
  const timers = new AbortController();
  const outstanding = new Set<Promise<void>>();

  const send = (intendedAt: bigint): void => {
    const sentAt = clock.now();
    inFlight++;
    const settled = call().then(
      (outcome) => {
        const now = clock.now();
        const end = callEnd(outcome, now);
        recordNanos(latency, end - intendedAt);
        recordNanos(uncorrected, end - sentAt);
        completed++;
        lastProgress = now;
      },
      (error: unknown) => {
        errors++;
        lastProgress = clock.now();
        if (errorSamples.length < MAX_ERROR_SAMPLES) errorSamples.push(errorMessage(error));
      },
    );
    const tracked = settled.finally(() => {
      inFlight--;
      outstanding.delete(tracked);
      const wake = freeSlot;
      freeSlot = undefined;
      wake?.();
    });
    outstanding.add(tracked);
  };

  const slotFreed = (): Promise<void> =>
    new Promise((resolve) => {
      freeSlot = resolve;
    });

  for (let i = 0; ; i++) {
    if ('count' in limit && i >= limit.count) break;
    const intendedAt = start + BigInt(Math.round(i * intervalNs));
    if (stopAt !== undefined && intendedAt >= stopAt) break;
    await clock.sleepUntil(intendedAt, timers.signal);
    if (inFlight >= maxInFlight) {
      const freed = slotFreed();
      const stalled = await untilSettledOrStalled(
        freed,
        clock,
        () => lastProgress,
        options.drainTimeoutNs,
        timers.signal,
      ).then((settled) => !settled);
      if (stalled) break;
    }
    send(intendedAt);
    // Let calls that already settled record their latency before the next sleep is set up: a timer plus
    // an abort listener costs ~15 µs of synchronous work, which would otherwise be counted in the
    // latency of every call fast enough to settle at once (the harness's no-op: 24 µs p50 before, 5 after).
    await Promise.resolve();
  }
  await untilSettledOrStalled(
    Promise.all(outstanding),
    clock,
    () => lastProgress,
    options.drainTimeoutNs,
    timers.signal,
  );
  timers.abort();
  return {
    latency,
    uncorrected,
    completed,
    errors,
    timeouts: inFlight,
    errorSamples,
    elapsedNs: lastProgress - start,
  };
}
