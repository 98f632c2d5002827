import { DEFAULT_RETRY_POLICY, nextDelayMs, retryPolicy } from './retry-policy';

describe('nextDelayMs', () => {
  const policy = { baseDelayMs: 100, maxDelayMs: 1000, jitter: 0 };

  it('doubles per failed attempt and caps at maxDelayMs', () => {
    expect([1, 2, 3, 4, 5, 6].map((attempt) => nextDelayMs(attempt, policy))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
  });

  it('stays capped for huge attempt counts', () => {
    expect(nextDelayMs(10_000, policy)).toBe(1000);
  });

  it('treats attempt < 1 as the first failure', () => {
    expect(nextDelayMs(0, policy)).toBe(100);
  });

  it('jitter only shortens the delay, by at most the jitter share', () => {
    const jittery = { ...policy, jitter: 0.5 };
    expect(nextDelayMs(4, jittery, () => 0)).toBe(800);
    expect(nextDelayMs(4, jittery, () => 0.5)).toBe(600);
    expect(nextDelayMs(4, jittery, () => 0.999999)).toBe(400);
    for (let i = 0; i < 200; i += 1) {
      const delay = nextDelayMs(10, jittery);
      expect(delay).toBeGreaterThanOrEqual(500);
      expect(delay).toBeLessThanOrEqual(1000);
    }
  });
});

describe('retryPolicy', () => {
  it('fills in the defaults', () => {
    expect(retryPolicy({ maxAttempts: 3 })).toEqual({ ...DEFAULT_RETRY_POLICY, maxAttempts: 3 });
  });

  it('names every bad field', () => {
    expect(() => retryPolicy({ maxAttempts: 0, baseDelayMs: -1, jitter: 2 })).toThrow(
      /baseDelayMs must be ≥ 0; jitter must be within 0…1; maxAttempts must be an integer ≥ 1/,
    );
    expect(() => retryPolicy({ baseDelayMs: 10, maxDelayMs: 5 })).toThrow(/maxDelayMs must be ≥ baseDelayMs/);
  });
});
