import type { LiveFeedSink } from '@commlab/messaging';
import { AppError } from '@commlab/errors';
import { LIVE_FEED } from '@commlab/messaging-nest';
import { SERVICE_CONFIG } from '@commlab/service-kit';
import { Inject, Injectable, Optional } from '@nestjs/common';

import type { AuthConfig } from '../config/auth.config';
import { CLOCK, type Clock } from '../injection-tokens';
import { type IssuedToken, TokenIssuer } from '../tokens/token-issuer';
import { PasswordHasher } from '../users/password-hasher';
import { UserRepository } from '../users/user.repository';
import { AddressThrottle } from './address-throttle';
import { LoginAttemptsRepository } from './login-attempts.repository';
import type { LoginBody } from './login.dto';

/** The same error, message and (through the dummy hash) timing for an unknown email and a wrong password. */
function invalidCredentials(): AppError {
  return new AppError({
    code: 'INVALID_CREDENTIALS',
    kind: 'unauthenticated',
    message: 'invalid email or password',
  });
}

/**
 * Use case: exchange email + password for an access token. Three guards, cheapest first, all before or
 * around the password hash (the expensive part, ~350 ms of scrypt):
 *  1. per client address (AddressThrottle, in memory, sliding window): more than
 *     AUTH_LOGIN_MAX_FAILURES_PER_ADDRESS failed logins within AUTH_LOGIN_ADDRESS_WINDOW_MS → 429
 *     TOO_MANY_LOGINS_FROM_ADDRESS; a successful login takes its attempt back;
 *  2. per normalized email — known or not — with a fixed window in the store: every attempt counts until
 *     one succeeds (which forgets them); once more than AUTH_LOGIN_MAX_FAILURES attempts fall in
 *     AUTH_LOGIN_FAILURE_WINDOW_MS → 429 TOO_MANY_LOGIN_ATTEMPTS until the window ends, even with the
 *     right password;
 *  3. the hash itself waits for a turn in the HashingGate (known and unknown emails alike) → 429
 *     AUTH_BUSY when the queue is full or the turn does not come in time.
 * Every 429 carries Retry-After.
 */
@Injectable()
export class LogIn {
  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: AuthConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly users: UserRepository,
    private readonly attempts: LoginAttemptsRepository,
    private readonly addresses: AddressThrottle,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenIssuer,
    @Optional() @Inject(LIVE_FEED) private readonly feed?: LiveFeedSink,
  ) {}

  /** `clientAddress`: who is asking (see client-address.ts), for the per-address throttle. */
  async execute({ email, password }: LoginBody, clientAddress: string): Promise<IssuedToken> {
    const now = this.clock();
    const attempt = this.addresses.begin(clientAddress, now);
    const windowMs = this.config.AUTH_LOGIN_FAILURE_WINDOW_MS;
    const window = await this.attempts.recordAttempt(email, now, windowMs);
    if (window.attempts > this.config.AUTH_LOGIN_MAX_FAILURES) {
      const retryAfterSeconds = Math.max(1, Math.ceil((window.windowStartedMs + windowMs - now) / 1000));
      throw new AppError({
        code: 'TOO_MANY_LOGIN_ATTEMPTS',
        kind: 'rate_limited',
        message: `too many failed logins for this account; retry after ${retryAfterSeconds} s`,
        retryAfterSeconds,
      });
    }

    const user = await this.users.findByEmail(email);
    const valid =
      user === undefined
        ? await this.hasher.verifyUnknownUser(password)
        : await this.hasher.verify(password, user.passwordHash);
    if (user === undefined || !valid) throw invalidCredentials();

    await this.attempts.reset(email);
    this.addresses.succeeded(attempt);
    const token = await this.tokens.issue(user);
    this.feed?.publish('user.logged-in', { userId: user.id });
    return token;
  }
}
