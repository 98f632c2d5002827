import { waitFor, WaitForTimeoutError } from './wait-for';

describe('waitFor', () => {
  it('returns the first truthy value', async () => {
    let calls = 0;
    const value = await waitFor(() => (++calls >= 3 ? { calls } : undefined), { intervalMs: 1 });
    expect(value).toEqual({ calls: 3 });
  });

  it('treats a throwing condition as not yet, and times out naming the condition with the last error as cause', async () => {
    const failure = new Error('still down');
    const promise = waitFor(
      () => {
        throw failure;
      },
      { timeoutMs: 30, intervalMs: 5, description: 'inventory is up' },
    );
    await expect(promise).rejects.toBeInstanceOf(WaitForTimeoutError);
    await expect(promise).rejects.toThrow('waitFor: inventory is up not met within 30 ms');
    await expect(promise).rejects.toHaveProperty('cause', failure);
  });

  it('accepts 0 and empty string as values (only false, null and undefined mean "not yet")', async () => {
    await expect(waitFor(() => 0)).resolves.toBe(0);
    await expect(waitFor(() => '')).resolves.toBe('');
  });
});
