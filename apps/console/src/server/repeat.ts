/** A task run again `intervalMs` after each run ends, until stopped. */
export interface Repeating {
  /** Stops it; resolves once a run in progress has ended. */
  stop(): Promise<void>;
}

/** Runs `task` now and again `intervalMs` after each run ends (a failed run is retried the same way). */
export function repeat(intervalMs: number, task: () => Promise<unknown>): Repeating {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = task().then(
      () => undefined,
      () => undefined,
    );
    void running.then(() => {
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
  };
}
