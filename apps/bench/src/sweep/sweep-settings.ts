import type { BenchTarget } from '../scenario';

/** Everything that shapes a `pnpm bench --sweep`; written to sweep.json as is. */
export interface SweepSettings {
  target: BenchTarget;
  /** `--scenario` selectors (names or `prefix*`); empty = SWEEP_DEFAULT_PATTERNS. */
  scenarios: string[];
  /** A step passes while its p99 (corrected for coordinated omission) stays at or below this. */
  p99LimitMs: number;
  /** The first step's arrival rate (calls/s)… */
  startRate: number;
  /** …multiplied by this from step to step… */
  rateFactor: number;
  /** …for at most this many steps, none above maxRate. */
  maxSteps: number;
  maxRate: number;
  /** Seconds of open-loop load per step. */
  stepS: number;
  /** Seconds of closed-loop warm-up per pattern, before its first step. */
  warmupS: number;
  /** Most calls in flight; a due call beyond it waits, and its corrected latency shows the wait. */
  maxInFlight: number;
  /** A step whose achieved throughput is below this share of the offered rate failed to keep up. */
  minAchievedShare: number;
  /** A step gives up after this long without any call completing; unanswered calls count as timeouts. */
  stallTimeoutS: number;
  /** Results go to `<outDir>/<timestamp>/`. */
  outDir: string;
}

/**
 * The patterns a sweep compares by default: the sync order over each reserve transport, and the async
 * order completed by its webhook.
 */
export const SWEEP_DEFAULT_PATTERNS = [
  'e2e.order.sync',
  'e2e.order.sync.rest',
  'e2e.order.sync.rmq',
  'e2e.order.sync.kafka',
  'e2e.order.async-callback',
] as const;

export const SWEEP_DEFAULTS = {
  p99LimitMs: 200,
  startRate: 5,
  rateFactor: 1.5,
  maxSteps: 14,
  maxRate: 2000,
  stepS: 3,
  warmupS: 2,
  maxInFlight: 256,
  minAchievedShare: 0.9,
  stallTimeoutS: 5,
} as const;
