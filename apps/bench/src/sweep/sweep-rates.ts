/** How a sweep raises the load: R, R·F, R·F², … for at most N steps, none above the maximum. */
export interface RatePlan {
  startRate: number;
  rateFactor: number;
  maxSteps: number;
  maxRate: number;
}

/** A rate as a load generator can state it: whole calls/s from 10 up, one decimal below. */
function tidy(rate: number): number {
  return rate >= 10 ? Math.round(rate) : Math.round(rate * 10) / 10;
}

/**
 * The offered rates of a sweep's steps, strictly rising (rounding never repeats a rate: a step that
 * would round to the previous one is one unit above it). Empty only when the start is above the maximum.
 */
export function sweepRates(plan: RatePlan): number[] {
  const rates: number[] = [];
  let exact = plan.startRate;
  while (rates.length < plan.maxSteps) {
    const previous = rates.at(-1);
    let rate = tidy(exact);
    if (previous !== undefined && rate <= previous) rate = tidy(previous + (previous >= 10 ? 1 : 0.1));
    if (rate > plan.maxRate) break;
    rates.push(rate);
    exact *= plan.rateFactor;
  }
  return rates;
}
