import { describeError } from '@commlab/resilience';
import type { BeforeApplicationShutdown, Logger, OnApplicationBootstrap } from '@nestjs/common';

/**
 * A background job on the bookkeeping pruner's pattern (messaging's BookkeepingPruner, the
 * IdempotencyKeyPruner): a run at start (or `firstRunAfterMs` later), then one `intervalMs` after each run ends (runs never overlap); a
 * failed run is logged and the next one comes at the next interval; the timer never keeps the process
 * alive; `stop()` cancels the next run and waits for the one in progress. As a Nest provider (a subclass
 * marked @Injectable) it starts at bootstrap and stops before the store closes.
 */
export class PeriodicJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private started = false;

  constructor(
    private readonly options: {
      /** What the log calls it, e.g. `order expiry`. */
      name: string;
      intervalMs: number;
      /** The first run's delay after start (default 0: at once). */
      firstRunAfterMs?: number;
      run: () => Promise<void>;
      logger: Logger;
    },
  ) {}

  get isStarted(): boolean {
    return this.started;
  }

  start(): void {
    this.started = true;
    this.schedule(this.options.firstRunAfterMs ?? 0);
  }

  async stop(): Promise<void> {
    this.started = false;
    clearTimeout(this.timer);
    await this.running;
  }

  onApplicationBootstrap(): void {
    this.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.stop();
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => void this.tick(), delayMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (!this.started) return;
    this.running = this.options.run().catch((error: unknown) => {
      this.options.logger.warn(
        `${this.options.name} failed, next run in ${String(this.options.intervalMs)} ms: ${describeError(error)}`,
      );
    });
    await this.running;
    this.running = undefined;
    // stop() may have run during the await.
    if (this.isStarted) this.schedule(this.options.intervalMs);
  }
}
