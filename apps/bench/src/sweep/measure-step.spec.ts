import { createLatencyHistogram, recordNanos } from '../measure/latency-histogram';
import type { LoopResult } from '../measure/loop-result';
import { achievedRate, sweepStep } from './measure-step';

const limits = { p99LimitMs: 100, minAchievedShare: 0.9 };

const S = 1_000_000_000n;

describe('achievedRate', () => {
  it('counts completions over the span from the first to the last, not from the first send', () => {
    // 3 s at 10/s with 0.5 s calls: 30 completions from 0.5 s to 3.4 s — 10/s, not 30 / 3.4 s.
    expect(achievedRate(10, 30, (29n * S) / 10n, (34n * S) / 10n)).toBe(10);
  });

  it('shows a system falling behind: the queue drains after the arrivals stopped', () => {
    // 30 arrivals in 3 s, the last completed 6 s after the first: 29 / 6 s.
    expect(achievedRate(10, 30, 6n * S, 7n * S)).toBe(4.8);
  });

  it('never exceeds the offered rate (a burst after a stall)', () => {
    expect(achievedRate(10, 30, S / 10n, 4n * S)).toBe(10);
  });

  it('falls back to calls over the elapsed time with fewer than two completions', () => {
    expect(achievedRate(10, 1, 0n, 2n * S)).toBe(0.5);
    expect(achievedRate(10, 0, 0n, 0n)).toBe(0);
  });
});

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
  it('achieved throughput from the completions, latencies in µs, judged', () => {
    const step = sweepStep(
      50,
      run(
        Array.from({ length: 100 }, () => 20),
        2,
      ),
      (99n * S) / 50n,
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
        2n * S,
        limits,
      ).verdict,
    ).toBe('falling behind');
    const tail = [...Array.from({ length: 95 }, () => 20), ...Array.from({ length: 5 }, () => 150)];
    expect(sweepStep(50, run(tail, 2), 2n * S, limits).verdict).toBe('p99 over limit');
  });

  it('a step with a failed call, or none completed, is an error', () => {
    expect(sweepStep(50, run([20, 20], 2, 1), S, limits)).toMatchObject({
      verdict: 'errors',
      errorSamples: ['boom'],
    });
    expect(sweepStep(50, run([], 0), 0n, limits)).toMatchObject({ verdict: 'errors', achievedPerSecond: 0 });
  });
});
