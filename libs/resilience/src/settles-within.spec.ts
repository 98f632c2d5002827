import { settlesWithin } from './settles-within';

describe('settlesWithin', () => {
  it('is true when the work settles in time, fulfilled or rejected', async () => {
    await expect(settlesWithin(Promise.resolve(1), 1_000)).resolves.toBe(true);
    await expect(settlesWithin(Promise.reject(new Error('no')), 1_000)).resolves.toBe(true);
  });

  it('is false when the work is still running after the time, without waiting for it', async () => {
    const started = Date.now();
    await expect(settlesWithin(new Promise(() => undefined), 20)).resolves.toBe(false);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
