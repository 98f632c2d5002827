/**
 * Time for the measurement loops, in nanoseconds of a monotonic clock. The real clock is
 * `process.hrtime.bigint()`; tests drive the loops with a virtual clock (fake-clock.ts).
 */
export interface Clock {
  /** Monotonic time in nanoseconds. */
  now(): bigint;
  /**
   * Resolves at (or as soon as possible after) `deadlineNs`; at once when it has passed. An aborted
   * `signal` resolves it early and frees its timer.
   */
  sleepUntil(deadlineNs: bigint, signal?: AbortSignal): Promise<void>;
  /**
   * Waits at least `durationNs` on a timer alone, never spinning, so the process really idles (the paced
   * loop's pause); an aborted `signal` ends it early.
   */
  idle(durationNs: bigint, signal?: AbortSignal): Promise<void>;
}

/** Below this much remaining time the real clock stops using timers and yields turn by turn. */
const SPIN_BELOW_NS = 2_000_000n;

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function abortableTimeout(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted === true) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * `process.hrtime.bigint()` with a sleep that is accurate to a few microseconds: a timer for the bulk of
 * the wait (timers are only millisecond-precise and often late), then event-loop turns (`setImmediate`)
 * until the deadline, so other I/O keeps flowing while it waits.
 */
export const hrtimeClock: Clock = {
  now: () => process.hrtime.bigint(),
  async sleepUntil(deadlineNs, signal) {
    let remaining = deadlineNs - process.hrtime.bigint();
    if (remaining > SPIN_BELOW_NS) {
      const ms = Number((remaining - SPIN_BELOW_NS) / 1_000_000n);
      await abortableTimeout(ms, signal);
      remaining = deadlineNs - process.hrtime.bigint();
    }
    while (remaining > 0n && signal?.aborted !== true) {
      await nextTurn();
      remaining = deadlineNs - process.hrtime.bigint();
    }
  },
  idle: (durationNs, signal) => abortableTimeout(Math.ceil(Number(durationNs) / 1_000_000), signal),
};
