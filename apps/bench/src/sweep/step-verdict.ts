/** What one sweep step measured, as far as the stop rules need it. */
export interface StepFigures {
  offeredPerSecond: number;
  achievedPerSecond: number;
  /** Corrected p99, µs. */
  p99Us: number;
  /** Calls that completed; 0 means the step measured nothing. */
  completed: number;
  errors: number;
  timeouts: number;
}

export interface StepLimits {
  p99LimitMs: number;
  /** The achieved throughput must be at least this share of the offered rate. */
  minAchievedShare: number;
}

/**
 * - `ok`: the step met the limit; the sweep goes on;
 * - `errors`: a call failed or was never answered;
 * - `p99 over limit`: the corrected p99 passed the limit;
 * - `falling behind`: the achieved throughput fell below the share of the offered rate — arrivals queue
 *   faster than the system drains them (the corrected p99 usually says so too, a step later).
 */
export type StepVerdict = 'ok' | 'errors' | 'p99 over limit' | 'falling behind';

/** The stop rules of a sweep, in order: errors, then latency, then throughput. */
export function stepVerdict(step: StepFigures, limits: StepLimits): StepVerdict {
  if (step.errors + step.timeouts > 0 || step.completed === 0) return 'errors';
  if (step.p99Us > limits.p99LimitMs * 1000) return 'p99 over limit';
  if (step.achievedPerSecond < step.offeredPerSecond * limits.minAchievedShare) return 'falling behind';
  return 'ok';
}
