/**
 * When `pnpm start` brings a crashed service back: exponential backoff, capped, reset once the service
 * has stayed up for a while, and a crash loop (too many crashes within a window) named as such.
 *
 * A crash loop does not give up: the service keeps being restarted at the cap (a broker it needs may
 * come back; `pnpm stack stop` ends it), and every crash says it is a loop. Pure: the caller passes the
 * clock and keeps the history.
 */
export interface RestartPolicy {
  /** The wait before the first restart after a crash. */
  initialDelayMs: number;
  /** The cap: the wait doubles from `initialDelayMs` up to this, and a crash loop waits this long. */
  maxDelayMs: number;
  /** A service that stayed up this long before crashing starts again from `initialDelayMs`. */
  stableAfterMs: number;
  /** This many crashes within `crashLoopWindowMs` make a crash loop. */
  crashLoopCrashes: number;
  crashLoopWindowMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  initialDelayMs: 500,
  maxDelayMs: 30_000,
  stableAfterMs: 60_000,
  crashLoopCrashes: 5,
  crashLoopWindowMs: 120_000,
};

/** What the policy remembers of one service between crashes. */
export interface RestartHistory {
  /** Restarts since the service last stayed up for `stableAfterMs` (0: the next wait is the initial one). */
  attempt: number;
  /** When the recent crashes happened (ms since the epoch), oldest first, only those within the window. */
  crashTimes: readonly number[];
}

export const NO_RESTARTS: RestartHistory = { attempt: 0, crashTimes: [] };

export interface CrashFacts {
  /** When it crashed (ms since the epoch). */
  at: number;
  /** How long it had been up (healthy) before it crashed; 0 when it never became healthy. */
  upForMs: number;
}

export interface RestartDecision {
  /** Wait this long, then start the service again. */
  delayMs: number;
  /** Which restart this is since the service was last stable (1 = the first). */
  attempt: number;
  /** Crashes within the crash-loop window, this one included. */
  recentCrashes: number;
  /** At least `crashLoopCrashes` crashes within the window: the wait is the cap. */
  crashLoop: boolean;
  /** The history to keep for the next crash. */
  history: RestartHistory;
}

/** The decision after one crash, given what came before (`NO_RESTARTS` for a service's first crash). */
export function decideRestart(
  policy: RestartPolicy,
  history: RestartHistory,
  crash: CrashFacts,
): RestartDecision {
  const stable = crash.upForMs >= policy.stableAfterMs;
  const previousAttempts = stable ? 0 : history.attempt;
  const crashTimes = [...history.crashTimes, crash.at].filter(
    (time) => time > crash.at - policy.crashLoopWindowMs,
  );
  const crashLoop = crashTimes.length >= policy.crashLoopCrashes;
  const backoff = Math.min(policy.initialDelayMs * 2 ** previousAttempts, policy.maxDelayMs);
  return {
    delayMs: crashLoop ? policy.maxDelayMs : backoff,
    attempt: previousAttempts + 1,
    recentCrashes: crashTimes.length,
    crashLoop,
    history: { attempt: previousAttempts + 1, crashTimes },
  };
}
