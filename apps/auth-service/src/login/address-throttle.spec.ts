import { AppError } from '@commlab/errors';

import type { AuthConfig } from '../config/auth.config';
import { AddressThrottle, decideAddressAttempt } from './address-throttle';

const LIMITS = { maxFailures: 3, windowMs: 60_000 };

describe('decideAddressAttempt', () => {
  it('allows up to maxFailures attempts in the window, counting this one', () => {
    const first = decideAddressAttempt([], 1_000, LIMITS);
    expect(first).toEqual({ allowed: true, recent: [1_000] });
    expect(decideAddressAttempt([1_000, 2_000], 3_000, LIMITS)).toEqual({
      allowed: true,
      recent: [1_000, 2_000, 3_000],
    });
  });

  it('refuses once the window is full, until its oldest attempt leaves it (Retry-After)', () => {
    expect(decideAddressAttempt([1_000, 2_000, 3_000], 4_000, LIMITS)).toEqual({
      allowed: false,
      retryAfterSeconds: 57,
    });
    // Sliding: at 61 s the attempt at 1 s no longer counts.
    expect(decideAddressAttempt([1_000, 2_000, 3_000], 61_000, LIMITS)).toEqual({
      allowed: true,
      recent: [2_000, 3_000, 61_000],
    });
  });

  it('says retry after at least one second', () => {
    expect(decideAddressAttempt([1_000, 2_000, 3_000], 60_999, LIMITS)).toEqual({
      allowed: false,
      retryAfterSeconds: 1,
    });
  });
});

describe('AddressThrottle', () => {
  const throttle = () =>
    new AddressThrottle({
      AUTH_LOGIN_MAX_FAILURES_PER_ADDRESS: LIMITS.maxFailures,
      AUTH_LOGIN_ADDRESS_WINDOW_MS: LIMITS.windowMs,
    } as AuthConfig);

  const refusal = (run: () => unknown): AppError => {
    try {
      run();
    } catch (error) {
      if (error instanceof AppError) return error;
      throw error;
    }
    throw new Error('expected a refusal');
  };

  it('refuses the address past the limit with 429 TOO_MANY_LOGINS_FROM_ADDRESS; others go on', () => {
    const addresses = throttle();
    for (let at = 1; at <= 3; at += 1) addresses.begin('198.51.100.1', at);
    const error = refusal(() => addresses.begin('198.51.100.1', 4));
    expect(error).toMatchObject({
      code: 'TOO_MANY_LOGINS_FROM_ADDRESS',
      kind: 'rate_limited',
      retryAfterSeconds: 60,
    });
    expect(error.httpStatus).toBe(429);
    expect(addresses.begin('198.51.100.2', 4)).toEqual({ address: '198.51.100.2', atMs: 4 });
  });

  it('does not count successful logins against the address', () => {
    const addresses = throttle();
    for (let at = 1; at <= 10; at += 1) addresses.succeeded(addresses.begin('198.51.100.1', at));
    addresses.begin('198.51.100.1', 11);
    addresses.begin('198.51.100.1', 12);
    addresses.begin('198.51.100.1', 13);
    expect(refusal(() => addresses.begin('198.51.100.1', 14)).code).toBe('TOO_MANY_LOGINS_FROM_ADDRESS');
  });
});
