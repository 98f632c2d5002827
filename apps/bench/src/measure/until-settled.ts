import type { Clock } from './clock';

/**
 * Waits for `work`, but gives up once nothing has progressed (`lastProgressNs()`) for `stallNs`:
 * a call that never answers must not hang the benchmark. Returns true when `work` settled.
 * The stall timer ends with the wait (or with `signal`): a saturated open loop waits here once per
 * freed slot, and timers left running until `stallNs` would pile up with their abort listeners.
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
  const stallTimer = new AbortController();
  const stopStallTimer = (): void => {
    stallTimer.abort();
  };
  signal.addEventListener('abort', stopStallTimer, { once: true });
  try {
    for (;;) {
      const progressAt = lastProgressNs();
      await Promise.race([done, clock.sleepUntil(clock.now() + stallNs, stallTimer.signal)]);
      if (state.settled) return true;
      if (lastProgressNs() === progressAt || signal.aborted) return false;
    }
  } finally {
    signal.removeEventListener('abort', stopStallTimer);
    stallTimer.abort();
  }
}
