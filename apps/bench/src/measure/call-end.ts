/**
 * What a measured call resolves with: anything but a bigint (it ended when its promise settled), or — when the operation
 * ended in another process (a one-way message reaching a consumer in a server process) — the moment it
 * did, as `process.hrtime.bigint()` there. That clock is the system's monotonic clock, the same in every
 * process of the machine, so the latency is the operation's, not the operation's plus the news of it.
 */
export type CallOutcome = Promise<unknown>;

/**
 * When a call ended: the time it resolved with, when it gave one that is not later than `settledAt` (the
 * moment the loop saw it settle), else `settledAt`. Pure.
 */
export function callEnd(outcome: unknown, settledAt: bigint): bigint {
  return typeof outcome === 'bigint' && outcome < settledAt ? outcome : settledAt;
}
