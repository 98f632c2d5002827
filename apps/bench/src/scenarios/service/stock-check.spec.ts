import { MIN_STOCK_FOR_A_RUN } from './bench-catalog';
import { MAX_UNITS_PER_ADJUSTMENT, TOP_UP_TARGET, topUpPlan } from './stock-check';

describe('topUpPlan', () => {
  it('tops nothing up when the SKU holds enough for a run', () => {
    expect(topUpPlan(MIN_STOCK_FOR_A_RUN)).toEqual([]);
    expect(topUpPlan(1_000_000_000)).toEqual([]);
  });

  it('brings a demo catalog SKU to the target in adjustments inventory accepts', () => {
    const plan = topUpPlan(100);
    expect(plan.reduce((sum, units) => sum + units, 0)).toBe(TOP_UP_TARGET - 100);
    expect(plan.every((units) => units >= 1 && units <= MAX_UNITS_PER_ADJUSTMENT)).toBe(true);
    expect(plan).toHaveLength(5);
  });

  it('treats a negative level as none', () => {
    expect(topUpPlan(-5).reduce((sum, units) => sum + units, 0)).toBe(TOP_UP_TARGET);
  });
});
