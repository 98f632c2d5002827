import { createLatencyHistogram, recordNanos } from '../measure/latency-histogram';
import type { LoopResult } from '../measure/loop-result';
import { sweepStep } from './measure-step';

const limits = { p99LimitMs: 100, minAchievedShare: 0.9 };

function run(latenciesMs: number[], elapsedS: number, errors = 0): LoopResult {
  const latency = createLatencyHistogram();
  const uncorrected = createLatencyHistogram();
  for (const ms of latenciesMs) {
    recordNanos(latency, BigInt(ms * 1e6));
    recordNanos(uncorrected, BigInt((ms / 2) * 1e6));
  }
  return {
    latency,
    uncorrected,
    completed: latenciesMs.length,
    errors,
    timeouts: 0,
    errorSamples: errors > 0 ? ['boom'] : [],
    elapsedNs: BigInt(elapsedS * 1e9),
  };
}

describe('sweepStep', () => {
  it('achieved throughput = completed calls over the elapsed time; latencies in µs; judged', () => {
    const step = sweepStep(
      50,
      run(
        Array.from({ length: 100 }, () => 20),
        2,
      ),
      limits,
    );
    expect(step).toMatchObject({ offeredPerSecond: 50, achievedPerSecond: 50, errors: 0, verdict: 'ok' });
    expect(step.latency.p50).toBe(20_000);
    expect(step.uncorrectedP99).toBe(10_000);
  });

  it('a step that kept only half the pace is falling behind; one slow tail is over the limit', () => {
    expect(
      sweepStep(
        100,
        run(
          Array.from({ length: 100 }, () => 20),
          2,
        ),
        limits,
      ).verdict,
    ).toBe('falling behind');
    const tail = [...Array.from({ length: 95 }, () => 20), ...Array.from({ length: 5 }, () => 150)];
    expect(sweepStep(50, run(tail, 2), limits).verdict).toBe('p99 over limit');
  });

  it('a step with a failed call, or none completed, is an error', () => {
    expect(sweepStep(50, run([20, 20], 2, 1), limits)).toMatchObject({
      verdict: 'errors',
      errorSamples: ['boom'],
    });
    expect(sweepStep(50, run([], 0), limits)).toMatchObject({ verdict: 'errors', achievedPerSecond: 0 });
  });
});
