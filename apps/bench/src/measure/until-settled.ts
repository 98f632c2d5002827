import type { Clock } from './clock';

/**
 * Waits for `work`, but gives up once nothing has progressed (`lastProgressNs()`) for `stallNs`:
 * a call that never answers must not hang the benchmark. Returns true when `work` settled.
 */
export async function untilSettledOrStalled(
  work: Promise<unknown>,
  clock: Clock,
  lastProgressNs: () => bigint,
  stallNs: bigint,
  signal: AbortSignal,
): Promise<boolean> {
  const state = { settled: false };
  const settle = () => {
    state.settled = true;
  };
  const done = work.then(settle, settle);
  for (;;) {
    const progressAt = lastProgressNs();
    await Promise.race([done, clock.sleepUntil(clock.now() + stallNs, signal)]);
    if (state.settled) return true;
    if (lastProgressNs() === progressAt) return false;
  }
}
