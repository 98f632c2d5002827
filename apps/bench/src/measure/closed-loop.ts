import { callEnd, type CallOutcome } from './call-end';
import { type Clock, hrtimeClock } from './clock';
import { createLatencyHistogram, recordNanos } from './latency-histogram';
import { errorMessage, type LoopResult, MAX_ERROR_SAMPLES } from './loop-result';
import { untilSettledOrStalled } from './until-settled';
import type { RunLimit } from './run-limit';

export interface ClosedLoopOptions {
  call: () => CallOutcome;
  /** Calls in flight at all times: each of N workers sends its next call when the previous one answered. */
  concurrency: number;
  limit: RunLimit;
  /** How long to wait for unanswered calls once the run is over; they count as timeouts. */
  drainTimeoutNs: bigint;
  /** Each worker's pause between an answer and its next call (the paced loop); none by default. */
  thinkNs?: bigint;
  clock?: Clock;
}

/**
 * Closed loop: N workers, each calling, waiting for the answer, recording the latency from its own
 * send, and calling again. Throughput follows latency, so this shows latency at a given concurrency,
 * not under a given load (for that, see the open loop). With `thinkNs`, each worker idles that long after
 * every answer before it calls again (a latency is still measured from its own send).
 */
export async function runClosedLoop(options: ClosedLoopOptions): Promise<LoopResult> {
  const { call, concurrency, limit } = options;
  const clock = options.clock ?? hrtimeClock;
  const latency = createLatencyHistogram();
  const errorSamples: string[] = [];
  let completed = 0;
  let errors = 0;
  let issued = 0;
  let inFlight = 0;
  let stopped = false;
  const start = clock.now();
  let lastCompletion = start;
  const stopAt = 'durationNs' in limit ? start + limit.durationNs : undefined;
  const thinkNs = options.thinkNs ?? 0n;
  const timers = new AbortController();
  const pastStop = () => stopAt !== undefined && clock.now() >= stopAt;
  const lastOfCount = () => 'count' in limit && issued >= limit.count;

  const worker = async (): Promise<void> => {
    while (!stopped) {
      if ('count' in limit) {
        if (issued >= limit.count) return;
        issued++;
      }
      inFlight++;
      const sentAt = clock.now();
      try {
        const outcome: unknown = await call();
        const now = clock.now();
        recordNanos(latency, callEnd(outcome, now) - sentAt);
        completed++;
        lastCompletion = now;
      } catch (error) {
        errors++;
        lastCompletion = clock.now();
        if (errorSamples.length < MAX_ERROR_SAMPLES) errorSamples.push(errorMessage(error));
      } finally {
        inFlight--;
      }
      if (pastStop()) stopped = true;
      if (thinkNs > 0n && !stopped && !lastOfCount()) {
        await clock.idle(thinkNs, timers.signal);
        if (pastStop()) stopped = true;
      }
    }
  };

  const workers = Promise.all(Array.from({ length: concurrency }, worker));
  if (stopAt !== undefined) {
    // Stop on time even when every worker is stuck on a call that never answers.
    await Promise.race([workers, clock.sleepUntil(stopAt, timers.signal)]);
    stopped = true;
  }
  await untilSettledOrStalled(workers, clock, () => lastCompletion, options.drainTimeoutNs, timers.signal);
  timers.abort();
  stopped = true;
  return {
    latency,
    completed,
    errors,
    timeouts: inFlight,
    errorSamples,
    elapsedNs: lastCompletion - start,
  };
}
