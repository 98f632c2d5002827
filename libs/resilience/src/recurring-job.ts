import { describeError } from './describe-error';

/** What a job's runs report, for its log lines. */
export interface RecurringJobLogger {
  log(message: string): void;
  warn(message: string): void;
}

export interface RecurringJobOptions<T> {
  /** Pause between the end of one run and the start of the next (> 0). */
  intervalMs: number;
  /** Delay of the first run after `start()` (default 0: at once). */
  firstRunAfterMs?: number;
  /** One run. `halted()` turns true when `stop()` is called: a long run should return at its next step. */
  run: (halted: () => boolean) => Promise<T>;
  /** A line to log after a successful run, or undefined for nothing (a run that did nothing stays quiet). */
  describe?: (result: T) => string | undefined;
  /** Names the job in the warning logged when a run fails. */
  name: string;
  logger?: RecurringJobLogger;
}

const silentLogger: RecurringJobLogger = { log: () => undefined, warn: () => undefined };

/**
 * Housekeeping on a timer: a run at `start()` (or `firstRunAfterMs` later), then one an interval after
 * each run ends (runs never overlap) until `stop()`. A failed run is
 * logged and retried at the next interval — housekeeping never stops a service. The timer never keeps the
 * process alive, and `stop()` resolves once a run in progress has finished, so it can run before the
 * database closes.
 */
export class RecurringJob<T> {
  private readonly logger: RecurringJobLogger;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<T> | undefined;
  private started = false;
  private halted = false;

  constructor(private readonly options: RecurringJobOptions<T>) {
    if (!(options.intervalMs > 0)) throw new RangeError(`${options.name}: intervalMs must be > 0.`);
    this.logger = options.logger ?? silentLogger;
  }

  get isStarted(): boolean {
    return this.started;
  }

  /** Runs now, then every interval (idempotent). */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.halted = false;
    this.schedule(this.options.firstRunAfterMs ?? 0);
  }

  /** Stops the timer; resolves once a run in progress has finished. */
  async stop(): Promise<void> {
    this.started = false;
    this.halted = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  /** One run now, outside the schedule (tests, admin triggers). */
  runOnce(): Promise<T> {
    return this.options.run(() => this.halted);
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => void this.tick(), delayMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (!this.started) return;
    this.running = this.runOnce();
    try {
      const result = await this.running;
      const line = this.options.describe?.(result);
      if (line !== undefined) this.logger.log(line);
    } catch (error) {
      this.logger.warn(
        `${this.options.name} failed, retrying in ${String(this.options.intervalMs)} ms: ${describeError(error)}`,
      );
    } finally {
      this.running = undefined;
    }
    // stop() may have run during the await (a getter, so TypeScript does not narrow it away).
    if (this.isStarted) this.schedule(this.options.intervalMs);
  }
}

/**
 * Calls `deleteBatch(batchSize)` until it deletes fewer than a batch (the backlog is gone) or `halted()`:
 * a backlog goes in short statements, not one long transaction. Answers the total deleted.
 */
export async function deleteInBatches(
  deleteBatch: (limit: number) => Promise<number>,
  batchSize: number,
  halted: () => boolean,
): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await deleteBatch(batchSize);
    total += deleted;
    if (deleted < batchSize || halted()) return total;
  }
}
