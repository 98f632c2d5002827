import { AccessTokenKeeper, refreshDelayMs } from './access-token-keeper';

describe('refreshDelayMs', () => {
  it('logs in again after two thirds of the token’s life, at least a second apart', () => {
    expect(refreshDelayMs(900)).toBe(600_000);
    expect(refreshDelayMs(0)).toBe(1_000);
  });
});

describe('AccessTokenKeeper', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('logs in once for every caller, then again before the token expires', async () => {
    let logins = 0;
    const keeper = new AccessTokenKeeper(() => {
      logins += 1;
      return Promise.resolve({ accessToken: `token-${logins}`, expiresIn: 900 });
    }, jest.fn());
    const [first, second] = await Promise.all([keeper.ready(), keeper.ready()]);
    expect([first, second, keeper.token, logins]).toEqual(['token-1', 'token-1', 'token-1', 1]);

    await jest.advanceTimersByTimeAsync(600_000);
    expect([keeper.token, logins]).toEqual(['token-2', 2]);
    keeper.stop();
    await jest.advanceTimersByTimeAsync(10 * 600_000);
    expect(logins).toBe(2);
  });

  it('a failed first login is tried again by the next caller', async () => {
    const login = jest
      .fn()
      .mockRejectedValueOnce(new Error('auth down'))
      .mockResolvedValue({ accessToken: 't', expiresIn: 900 });
    const keeper = new AccessTokenKeeper(login, jest.fn());
    await expect(keeper.ready()).rejects.toThrow('auth down');
    expect(() => keeper.token).toThrow('no access token');
    await expect(keeper.ready()).resolves.toBe('t');
    keeper.stop();
  });

  it('keeps the old token and retries when a background refresh fails', async () => {
    const log = jest.fn();
    const login = jest
      .fn()
      .mockResolvedValueOnce({ accessToken: 'old', expiresIn: 900 })
      .mockRejectedValueOnce(new Error('auth busy'))
      .mockResolvedValue({ accessToken: 'new', expiresIn: 900 });
    const keeper = new AccessTokenKeeper(login, log);
    await keeper.ready();
    await jest.advanceTimersByTimeAsync(600_000);
    expect(keeper.token).toBe('old');
    expect(log).toHaveBeenCalledWith(expect.stringContaining('auth busy'));
    await jest.advanceTimersByTimeAsync(10_000);
    expect(keeper.token).toBe('new');
    keeper.stop();
  });
});
