import type { LatencySummary } from '../measure/latency-summary';
import type { PatternSweep, SweepResults, SweepStep } from './sweep-results';
import { SWEEP_DEFAULTS } from './sweep-settings';

/** Test data: a step at `offered`/s with the given achieved rate and p50/p99 in ms. */
export function fixtureStep(
  offered: number,
  achieved: number,
  p50Ms: number,
  p99Ms: number,
  verdict: SweepStep['verdict'] = 'ok',
): SweepStep {
  const latency: LatencySummary = {
    count: Math.round(achieved * 3),
    p50: p50Ms * 1000,
    p90: p99Ms * 900,
    p99: p99Ms * 1000,
    p999: p99Ms * 1000,
    max: p99Ms * 1000,
    mean: p50Ms * 1000,
  };
  return {
    offeredPerSecond: offered,
    achievedPerSecond: achieved,
    latency,
    uncorrectedP99: p99Ms * 1000,
    errors: 0,
    timeouts: 0,
    errorSamples: [],
    verdict,
  };
}

/** Test data: sweep results with these patterns and the default settings. */
export function fixtureSweep(patterns: PatternSweep[]): SweepResults {
  return {
    schema: 'commlab-bench-sweep/v1',
    startedAt: '2026-01-02T03:04:05.678Z',
    finishedAt: '2026-01-02T03:05:05.678Z',
    machine: { cpus: 2, cpuModel: 'test cpu', memoryBytes: 2 ** 33, os: 'linux', node: 'v20.0.0' },
    packages: {},
    settings: { target: 'processes', scenarios: [], outDir: 'out', ...SWEEP_DEFAULTS },
    patterns,
  };
}

/** Test data: a sync order's sweep whose third step (40/s) missed the limit; the knee is at 20/s. */
export function fixtureSyncPattern(): PatternSweep {
  return {
    name: 'e2e.order.sync',
    description: 'the sync order',
    placement: 'all in one process',
    steps: [
      fixtureStep(10, 10.1, 20, 40),
      fixtureStep(20, 19.9, 22, 60),
      fixtureStep(40, 31, 300, 900, 'p99 over limit'),
    ],
    knee: { offeredPerSecond: 20, achievedPerSecond: 19.9, p50: 22_000, p99: 60_000, reached: true },
    stoppedBy: 'p99 over limit',
  };
}
