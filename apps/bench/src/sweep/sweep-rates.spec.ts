import { sweepRates } from './sweep-rates';

describe('sweepRates', () => {
  it('multiplies the rate by the factor each step, whole numbers from 10/s up', () => {
    expect(sweepRates({ startRate: 5, rateFactor: 1.5, maxSteps: 10, maxRate: 10_000 })).toEqual([
      5, 7.5, 11, 17, 25, 38, 57, 85, 128, 192,
    ]);
  });

  it('stops at the step count or before the first rate above the maximum', () => {
    expect(sweepRates({ startRate: 100, rateFactor: 2, maxSteps: 3, maxRate: 10_000 })).toEqual([
      100, 200, 400,
    ]);
    expect(sweepRates({ startRate: 100, rateFactor: 2, maxSteps: 10, maxRate: 799 })).toEqual([
      100, 200, 400,
    ]);
    expect(sweepRates({ startRate: 100, rateFactor: 2, maxSteps: 10, maxRate: 800 })).toEqual([
      100, 200, 400, 800,
    ]);
    expect(sweepRates({ startRate: 900, rateFactor: 2, maxSteps: 10, maxRate: 800 })).toEqual([]);
  });

  it('never repeats a rate when rounding would', () => {
    const rates = sweepRates({ startRate: 10, rateFactor: 1.05, maxSteps: 8, maxRate: 10_000 });
    expect(rates).toEqual([10, 11, 12, 13, 14, 15, 16, 17]);
    const small = sweepRates({ startRate: 0.1, rateFactor: 1.05, maxSteps: 4, maxRate: 10 });
    expect(small).toEqual([0.1, 0.2, 0.3, 0.4]);
  });
});
