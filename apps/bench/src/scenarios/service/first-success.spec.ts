import { firstSuccess } from './first-success';

describe('firstSuccess', () => {
  it('repeats the call until one succeeds', async () => {
    let attempts = 0;
    const result = await firstSuccess(
      () => {
        attempts += 1;
        return attempts < 3 ? Promise.reject(new Error('not yet')) : Promise.resolve('ok');
      },
      'test call',
      { totalMs: 2_000, attemptMs: 500, pauseMs: 1 },
    );
    expect([result, attempts]).toEqual(['ok', 3]);
  });

  it('gives up on an attempt that never answers, and reports the last failure at the deadline', async () => {
    await expect(
      firstSuccess(() => new Promise<never>(() => undefined), 'silent call', {
        totalMs: 60,
        attemptMs: 20,
        pauseMs: 1,
      }),
    ).rejects.toThrow(/silent call did not succeed within 60 ms: silent call: no answer within \d+ ms/);
  });
});
