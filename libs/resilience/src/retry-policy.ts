/** Exponential backoff: `baseDelayMs · 2^(attempt−1)`, capped at `maxDelayMs`, minus up to `jitter` of it. */
export interface BackoffPolicy {
  /** Delay after the first failed attempt. */
  baseDelayMs: number;
  /** Upper bound of any delay (jitter only ever shortens it). */
  maxDelayMs: number;
  /** 0…1: the share of the delay that is randomised (0 → deterministic; 0.2 → 80–100 % of the delay). */
  jitter: number;
}

/** A consumer's failure policy: bounded retries with backoff, then dead-letter. */
export interface RetryPolicy extends BackoffPolicy {
  /** Attempts in total (the first delivery included) before a retriable failure goes to dead-letter. */
  maxAttempts: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  jitter: 0.2,
});

/** Throws a `RangeError` naming every bad field. */
export function assertBackoffPolicy(policy: BackoffPolicy): void {
  const problems: string[] = [];
  if (!Number.isFinite(policy.baseDelayMs) || policy.baseDelayMs < 0)
    problems.push('baseDelayMs must be ≥ 0');
  if (!Number.isFinite(policy.maxDelayMs) || policy.maxDelayMs < policy.baseDelayMs) {
    problems.push('maxDelayMs must be ≥ baseDelayMs');
  }
  if (!Number.isFinite(policy.jitter) || policy.jitter < 0 || policy.jitter > 1) {
    problems.push('jitter must be within 0…1');
  }
  if ('maxAttempts' in policy) {
    const { maxAttempts } = policy as RetryPolicy;
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1)
      problems.push('maxAttempts must be an integer ≥ 1');
  }
  if (problems.length > 0) throw new RangeError(`Invalid retry policy: ${problems.join('; ')}.`);
}

/** The defaults with `overrides` applied, validated. */
export function retryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  const policy = { ...DEFAULT_RETRY_POLICY, ...overrides };
  assertBackoffPolicy(policy);
  return policy;
}

/**
 * The delay before the next attempt after `attempt` failed attempts (1 = the first attempt failed).
 * `random` returns 0 ≤ r < 1 (default `Math.random`); r = 0 gives the full, un-jittered delay.
 */
export function nextDelayMs(
  attempt: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const failures = Math.max(1, Math.floor(attempt));
  // 2^(failures-1) overflows to Infinity for huge attempt counts; Math.min caps it either way.
  const raw = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failures - 1));
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(raw * (1 - policy.jitter * r));
}
