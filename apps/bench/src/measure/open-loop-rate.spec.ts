import { FULL_DEFAULTS, type BenchSettings } from '../bench-settings';
import { openLoopRate } from './open-loop-rate';

const settings = { ...FULL_DEFAULTS, ratePerSecond: 200 } as BenchSettings;
const SECOND = 1_000_000_000n;

describe('openLoopRate', () => {
  it('keeps --rate while it is at most half the measured capacity', () => {
    expect(openLoopRate(settings, 400, SECOND)).toBe(200);
    expect(openLoopRate(settings, 30_000, 2n * SECOND)).toBe(200);
  });

  it('lowers it to half the capacity of a slow scenario', () => {
    expect(openLoopRate(settings, 120, 2n * SECOND)).toBe(30);
    expect(openLoopRate(settings, 1, 10n * SECOND)).toBe(1);
  });

  it('keeps --rate when nothing completed (the run fails on its own)', () => {
    expect(openLoopRate(settings, 0, SECOND)).toBe(200);
    expect(openLoopRate(settings, 5, 0n)).toBe(200);
  });
});
