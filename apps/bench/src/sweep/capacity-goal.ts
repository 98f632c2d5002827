import type { BenchStore } from '../report/bench-results';
import { formatMicros } from '../report/result-rows';
import type { PatternSweep, SweepStep } from './sweep-results';

/** The capacity target: sync orders a second with p99 within a tighter limit than the sweep's own. */
export const CAPACITY_GOAL = {
  scenario: 'e2e.order.sync',
  p99LimitUs: 50_000,
  perSecond: { PGlite: 150, PostgreSQL: 300 },
} as const;

export interface CapacityGoalResult {
  scenario: string;
  p99LimitUs: number;
  /** Orders a second the goal asks for (the running stack's unknown store is held to PGlite's). */
  limit: number;
  /** The highest achieved rate of a step that met p99 ≤ p99LimitUs, before the first that did not. */
  capacityPerSecond?: number;
  /** One sweep: met or missed when a step showed where the limit lies, else not checked. */
  verdict: 'met' | 'missed' | 'not checked';
  detail: string;
}

/** A step within the goal: the sweep's own verdict ok (no error, kept up) and p99 within the limit. */
function withinGoal(step: SweepStep, p99LimitUs: number): boolean {
  return step.verdict === 'ok' && step.latency.p99 <= p99LimitUs;
}

/**
 * Holds one sweep's steps of the capacity goal's pattern against it: the capacity is the achieved rate of
 * the last step within p99 ≤ 50 ms before the first that was not (steps in rising order of rate). Pure.
 */
export function judgeCapacity(
  patterns: readonly PatternSweep[],
  store: BenchStore,
  sweepP99LimitMs: number,
): CapacityGoalResult | undefined {
  const { scenario, p99LimitUs } = CAPACITY_GOAL;
  const pattern = patterns.find((p) => p.name === scenario);
  if (pattern === undefined) return undefined;
  const limit = CAPACITY_GOAL.perSecond[store === 'unknown' ? 'PGlite' : store];
  const on = store === 'unknown' ? 'PGlite (store unknown)' : store;
  const goal = `goal ≥ ${String(limit)}/s with p99 ≤ ${formatMicros(p99LimitUs)} on ${on}`;
  const common = { scenario, p99LimitUs, limit };
  const firstOut = pattern.steps.findIndex((step) => !withinGoal(step, p99LimitUs));
  const last = pattern.steps[(firstOut === -1 ? pattern.steps.length : firstOut) - 1];
  const capacityPerSecond = last?.achievedPerSecond ?? 0;
  const measured = `${String(capacityPerSecond)}/s`;
  if (capacityPerSecond >= limit)
    return { ...common, capacityPerSecond, verdict: 'met', detail: `${measured} (one sweep; ${goal})` };
  // No step past the limit (the sweep ran out of rates), or the sweep's own p99 limit is the tighter one
  // and stopped it first: where the goal's limit lies is not known.
  const outStep = firstOut === -1 ? undefined : pattern.steps[firstOut];
  const known =
    outStep !== undefined && (outStep.verdict !== 'p99 over limit' || sweepP99LimitMs * 1000 >= p99LimitUs);
  if (!known)
    return {
      ...common,
      verdict: 'not checked',
      detail: `at least ${measured}, the sweep stopped before a step passed p99 ${formatMicros(p99LimitUs)} (${goal})`,
    };
  return { ...common, capacityPerSecond, verdict: 'missed', detail: `${measured} (one sweep; ${goal})` };
}

/** "capacity goal, e2e.order.sync: missed — 38/s (one sweep; goal ≥ 150/s …)". */
export function capacityLine(result: CapacityGoalResult): string {
  return `capacity goal, ${result.scenario}: ${result.verdict} — ${result.detail}`;
}
