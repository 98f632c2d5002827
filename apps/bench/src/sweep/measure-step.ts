import { callEnd, type CallOutcome } from '../measure/call-end';
import { summarize } from '../measure/latency-summary';
import type { LoopResult } from '../measure/loop-result';
import { runOpenLoop } from '../measure/open-loop';
import type { SweepStep } from './sweep-results';
import { stepVerdict, type StepLimits } from './step-verdict';

const NS_PER_S = 1e9;

/**
 * Calls completed per second, over the span from the first completion to the last: in a steady state
 * that span is the arrival window, whatever the latency (counting from the first send would charge one
 * latency to every step: a 3 s step of 0.5 s calls would "achieve" 14% less than it did); when the
 * system falls behind, the queue drains after the window and the span grows with it. Capped at the
 * offered rate (a burst of completions after a stall is not throughput; its latency shows the stall).
 * One completion or none: the run's calls over its elapsed time.
 */
export function achievedRate(
  offeredPerSecond: number,
  completed: number,
  completionSpanNs: bigint,
  elapsedNs: bigint,
): number {
  let rate: number;
  if (completed >= 2 && completionSpanNs > 0n)
    rate = Math.min(offeredPerSecond, (completed - 1) / (Number(completionSpanNs) / NS_PER_S));
  else rate = elapsedNs > 0n ? completed / (Number(elapsedNs) / NS_PER_S) : 0;
  return Math.round(rate * 10) / 10;
}

/** One open-loop run's figures as a sweep step, judged against the limits. */
export function sweepStep(
  offeredPerSecond: number,
  run: LoopResult,
  completionSpanNs: bigint,
  limits: StepLimits,
): SweepStep {
  const achievedPerSecond = achievedRate(offeredPerSecond, run.completed, completionSpanNs, run.elapsedNs);
  const latency = summarize(run.latency);
  const uncorrectedP99 = run.uncorrected === undefined ? latency.p99 : summarize(run.uncorrected).p99;
  return {
    offeredPerSecond,
    achievedPerSecond,
    latency,
    uncorrectedP99,
    errors: run.errors,
    timeouts: run.timeouts,
    errorSamples: run.errorSamples,
    verdict: stepVerdict(
      {
        offeredPerSecond,
        achievedPerSecond,
        p99Us: latency.p99,
        completed: run.completed,
        errors: run.errors,
        timeouts: run.timeouts,
      },
      limits,
    ),
  };
}

/** Offers `rate` calls/s for `durationS` (open loop, coordinated-omission corrected) and judges the step. */
export async function measureStep(options: {
  call: () => CallOutcome;
  rate: number;
  durationS: number;
  maxInFlight: number;
  stallTimeoutS: number;
  limits: StepLimits;
}): Promise<SweepStep> {
  let first: bigint | undefined;
  let last = 0n;
  const run = await runOpenLoop({
    call: async () => {
      const outcome: unknown = await options.call();
      last = process.hrtime.bigint();
      first ??= last;
      return callEnd(outcome, last);
    },
    ratePerSecond: options.rate,
    maxInFlight: options.maxInFlight,
    limit: { durationNs: BigInt(Math.round(options.durationS * NS_PER_S)) },
    drainTimeoutNs: BigInt(Math.round(options.stallTimeoutS * NS_PER_S)),
  });
  return sweepStep(options.rate, run, first === undefined ? 0n : last - first, options.limits);
}
