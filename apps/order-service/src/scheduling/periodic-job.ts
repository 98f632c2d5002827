import { RecurringJob } from '@commlab/resilience';
import type { BeforeApplicationShutdown, Logger, OnApplicationBootstrap } from '@nestjs/common';

/**
 * A background job as a Nest provider (a subclass marked @Injectable): @commlab/resilience's RecurringJob —
 * a run at start (or `firstRunAfterMs` later), then one `intervalMs` after each run ends, a failed run
 * logged and retried at the next interval, the timer never keeping the process alive — started at
 * bootstrap and stopped (waiting for the run in progress) before the store closes.
 */
export class PeriodicJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly job: RecurringJob<void>;

  constructor(options: {
    /** What the log calls it, e.g. `order expiry`. */
    name: string;
    intervalMs: number;
    /** The first run's delay after start (default 0: at once). */
    firstRunAfterMs?: number;
    run: () => Promise<void>;
    logger: Logger;
  }) {
    this.job = new RecurringJob({
      name: options.name,
      intervalMs: options.intervalMs,
      ...(options.firstRunAfterMs === undefined ? {} : { firstRunAfterMs: options.firstRunAfterMs }),
      logger: options.logger,
      run: () => options.run(),
    });
  }

  get isStarted(): boolean {
    return this.job.isStarted;
  }

  start(): void {
    this.job.start();
  }

  stop(): Promise<void> {
    return this.job.stop();
  }

  onApplicationBootstrap(): void {
    this.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.stop();
  }
}
