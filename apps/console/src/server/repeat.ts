/** A task run again `intervalMs` after each run ends, until stopped. */
export interface Repeating {
  /** Stops it; resolves once a run in progress has ended. */
  stop(): Promise<void>;
  /**
   * Makes what the task keeps no older than `maxAgeMs`: waits for a run in progress, or runs the task
   * now when the last run ended longer ago (the ticks skipped it while nobody wanted it).
   */
  refresh(maxAgeMs: number): Promise<void>;
}

/**
 * Runs `task` now and again `intervalMs` after each run ends (a failed run is retried the same way) —
 * but only while `wanted()` says someone looks at what it keeps: a tick nobody wants costs a timer, not
 * a round trip to every service and broker. One run at a time, ticks and refreshes alike.
 */
export function repeat(
  intervalMs: number,
  task: () => Promise<unknown>,
  wanted: () => boolean = () => true,
): Repeating {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let lastEndedAt = -Infinity;
  const run = (): Promise<void> => {
    running ??= task()
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => {
        lastEndedAt = Date.now();
        running = undefined;
      });
    return running;
  };
  const tick = () => {
    const done = wanted() ? run() : Promise.resolve();
    void done.then(() => {
      if (!stopped) timer = setTimeout(tick, intervalMs);
    });
  };
  tick();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
    refresh: async (maxAgeMs) => {
      if (running !== undefined) return running;
      if (!stopped && Date.now() - lastEndedAt > maxAgeMs) await run();
    },
  };
}
