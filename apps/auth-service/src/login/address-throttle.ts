import { AppError } from '@commlab/errors';
import { SERVICE_CONFIG } from '@commlab/service-kit';
import { Inject, Injectable } from '@nestjs/common';

import type { AuthConfig } from '../config/auth.config';

export interface AddressLimits {
  /** Logins from one address that may be pending or failed within the window. */
  maxFailures: number;
  windowMs: number;
}

export type AddressDecision =
  | { allowed: true; /** The window's attempts, this one included (at `nowMs`). */ recent: number[] }
  | { allowed: false; retryAfterSeconds: number };

/**
 * Pure: a sliding window over one address's counted login attempts (epoch ms). Attempts older than the
 * window no longer count; with `maxFailures` still in it, one more is refused until the oldest leaves.
 */
export function decideAddressAttempt(
  attempts: readonly number[],
  nowMs: number,
  { maxFailures, windowMs }: AddressLimits,
): AddressDecision {
  const recent = attempts.filter((at) => at > nowMs - windowMs && at <= nowMs);
  if (recent.length < maxFailures) return { allowed: true, recent: [...recent, nowMs] };
  const oldest = Math.min(...recent);
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + windowMs - nowMs) / 1000)) };
}

/** A counted attempt: hand it back to `succeeded` when the login works, so it stops counting. */
export interface AddressAttempt {
  address: string;
  atMs: number;
}

/** At most this many addresses are remembered; past it the least recently added are forgotten. */
const MAX_ADDRESSES = 50_000;
/** Addresses whose window is over are dropped at most this often. */
const PRUNE_EVERY_MS = 60_000;

/**
 * Login throttling per client address, next to the per-account lockout (LoginAttemptsRepository): many
 * accounts tried from one address — credential stuffing, or a flood of unknown emails that each cost a
 * password hash — are refused with 429 TOO_MANY_LOGINS_FROM_ADDRESS before any hash runs. Every attempt
 * counts when it starts (so a concurrent burst cannot slip past), and a successful login takes its
 * attempt back: only failed (or refused) logins use up an address's allowance, so many users behind one
 * NAT who know their passwords are not throttled. In memory, per replica: a restart forgets it, which
 * the per-account lockout (in the store) does not.
 */
@Injectable()
export class AddressThrottle {
  private readonly attempts = new Map<string, number[]>();
  private lastPruneMs = 0;
  private readonly limits: AddressLimits;

  constructor(@Inject(SERVICE_CONFIG) config: AuthConfig) {
    this.limits = {
      maxFailures: config.AUTH_LOGIN_MAX_FAILURES_PER_ADDRESS,
      windowMs: config.AUTH_LOGIN_ADDRESS_WINDOW_MS,
    };
  }

  /** Counts one attempt from `address`, or throws 429 TOO_MANY_LOGINS_FROM_ADDRESS. */
  begin(address: string, nowMs: number): AddressAttempt {
    this.prune(nowMs);
    const decision = decideAddressAttempt(this.attempts.get(address) ?? [], nowMs, this.limits);
    if (!decision.allowed) {
      throw new AppError({
        code: 'TOO_MANY_LOGINS_FROM_ADDRESS',
        kind: 'rate_limited',
        message: `too many failed logins from this address; retry after ${decision.retryAfterSeconds} s`,
        retryAfterSeconds: decision.retryAfterSeconds,
      });
    }
    this.attempts.delete(address); // re-inserted last: the Map's order is the eviction order
    this.attempts.set(address, decision.recent);
    if (this.attempts.size > MAX_ADDRESSES) {
      const first = this.attempts.keys().next();
      if (first.done !== true) this.attempts.delete(first.value);
    }
    return { address, atMs: nowMs };
  }

  /** The login worked: its attempt no longer counts against the address. */
  succeeded({ address, atMs }: AddressAttempt): void {
    const attempts = this.attempts.get(address);
    const index = attempts?.indexOf(atMs) ?? -1;
    if (attempts === undefined || index === -1) return;
    attempts.splice(index, 1);
    if (attempts.length === 0) this.attempts.delete(address);
  }

  private prune(nowMs: number): void {
    if (nowMs - this.lastPruneMs < PRUNE_EVERY_MS) return;
    this.lastPruneMs = nowMs;
    for (const [address, attempts] of this.attempts) {
      if (attempts.every((at) => at <= nowMs - this.limits.windowMs)) this.attempts.delete(address);
    }
  }
}
