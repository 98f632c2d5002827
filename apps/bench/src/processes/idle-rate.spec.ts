import { idleRate } from './idle-rate';

describe('idleRate', () => {
  it('is the median of the slices, so a burst in one or two of five is not taken for idle work', () => {
    expect(idleRate([12, 10, 900, 11, 13])).toBe(12);
    expect(idleRate([10, 700, 11, 900, 12])).toBe(12);
  });

  it('averages the middle two of an even count, skips non-finite slices, and is 0 for none', () => {
    expect(idleRate([10, 20, 30, 40])).toBe(25);
    expect(idleRate([Number.NaN, 8, 10, 12])).toBe(10);
    expect(idleRate([])).toBe(0);
  });
});
