import type { Clock } from './clock';

interface Timer {
  at: bigint;
  seq: number;
  wake: () => void;
}

/**
 * A virtual clock for unit tests of the loops: time stands still until every task is waiting on the
 * clock, then jumps to the earliest deadline. `run()` drives it until the given work settles, so a
 * "call that takes 100 ms" (`clock.sleep(100_000_000n)`) costs no real time and is exactly 100 ms.
 */
export class FakeClock implements Clock {
  private current = 0n;
  private seq = 0;
  private readonly timers: Timer[] = [];

  now(): bigint {
    return this.current;
  }

  sleepUntil(deadlineNs: bigint, signal?: AbortSignal): Promise<void> {
    if (deadlineNs <= this.current || signal?.aborted === true) return Promise.resolve();
    return new Promise((resolve) => {
      const onAbort = () => {
        const index = this.timers.indexOf(timer);
        if (index >= 0) this.timers.splice(index, 1);
        resolve();
      };
      const timer: Timer = {
        at: deadlineNs,
        seq: this.seq++,
        wake: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      this.timers.push(timer);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  idle(durationNs: bigint, signal?: AbortSignal): Promise<void> {
    return this.sleepUntil(this.current + durationNs, signal);
  }

  /** Sleeps not yet woken or aborted. */
  get pendingTimers(): number {
    return this.timers.length;
  }

  sleep(durationNs: bigint): Promise<void> {
    return this.sleepUntil(this.current + durationNs);
  }

  /** Advances virtual time timer by timer until `work` settles; returns its result. */
  async run<T>(work: Promise<T>): Promise<T> {
    const state = { settled: false };
    const done = work.finally(() => {
      state.settled = true;
    });
    for (;;) {
      // Let every pending promise continuation run before time moves.
      await new Promise((resolve) => setImmediate(resolve));
      if (state.settled) return done;
      this.timers.sort((a, b) => (a.at === b.at ? a.seq - b.seq : a.at < b.at ? -1 : 1));
      const next = this.timers.shift();
      if (next === undefined) throw new Error('FakeClock: the work waits on something other than the clock');
      this.current = next.at;
      next.wake();
    }
  }
}
