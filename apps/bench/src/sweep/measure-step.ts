import { summarize } from '../measure/latency-summary';
import type { LoopResult } from '../measure/loop-result';
import { runOpenLoop } from '../measure/open-loop';
import type { SweepStep } from './sweep-results';
import { stepVerdict, type StepLimits } from './step-verdict';

const NS_PER_S = 1e9;

/** One open-loop run's figures as a sweep step, judged against the limits. */
export function sweepStep(offeredPerSecond: number, run: LoopResult, limits: StepLimits): SweepStep {
  const elapsedS = Number(run.elapsedNs) / NS_PER_S;
  const achievedPerSecond = elapsedS > 0 ? Math.round((run.completed / elapsedS) * 10) / 10 : 0;
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
  call: () => Promise<void>;
  rate: number;
  durationS: number;
  maxInFlight: number;
  stallTimeoutS: number;
  limits: StepLimits;
}): Promise<SweepStep> {
  const run = await runOpenLoop({
    call: options.call,
    ratePerSecond: options.rate,
    maxInFlight: options.maxInFlight,
    limit: { durationNs: BigInt(Math.round(options.durationS * NS_PER_S)) },
    drainTimeoutNs: BigInt(Math.round(options.stallTimeoutS * NS_PER_S)),
  });
  return sweepStep(options.rate, run, options.limits);
}
