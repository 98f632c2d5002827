import { median } from '../report/judge-repetitions';

/**
 * A process's idle rate from the rates of consecutive slices of one window with no calls (CPU ms a
 * second each): their median, so a burst in one or two slices — a scheduled job, a consumer's rebalance —
 * counts as what it is, not as the background every measured run pays. 0 for no slices. Pure.
 */
export function idleRate(sliceRates: readonly number[]): number {
  const sorted = sliceRates.filter((rate) => Number.isFinite(rate)).sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : median(sorted);
}
