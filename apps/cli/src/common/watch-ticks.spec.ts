import { clockTime, parseWatchSeconds, repeatUntilStopped } from './watch-ticks';

describe('--watch helpers', () => {
  it('takes whole and decimal seconds within bounds', () => {
    expect(parseWatchSeconds('2')).toBe(2);
    expect(parseWatchSeconds('0.5')).toBe(0.5);
    expect(parseWatchSeconds('3600')).toBe(3600);
  });

  it('refuses zero, negatives, words and huge intervals', () => {
    for (const value of ['0', '0.05', '-1', 'two', '1e3', '', '3601', '1,5']) {
      expect(parseWatchSeconds(value)).toBeUndefined();
    }
  });

  it('prints local time as HH:MM:SS', () => {
    expect(clockTime(new Date(2024, 0, 2, 3, 4, 5))).toBe('03:04:05');
    expect(clockTime(new Date(2024, 0, 2, 23, 59, 9))).toBe('23:59:09');
  });

  it('repeats until the signal aborts, cutting the wait short', async () => {
    const controller = new AbortController();
    let ticks = 0;
    const started = Date.now();
    await repeatUntilStopped(60_000, controller.signal, () => {
      ticks++;
      setTimeout(() => {
        controller.abort();
      }, 20);
      return Promise.resolve();
    });
    expect(ticks).toBe(1);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('does not tick when already stopped', async () => {
    let ticks = 0;
    await repeatUntilStopped(10, AbortSignal.abort(), () => {
      ticks++;
      return Promise.resolve();
    });
    expect(ticks).toBe(0);
  });
});
