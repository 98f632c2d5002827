import type { SqlExecutor } from '@commlab/persistence';

import { type Clock, describeError, systemClock } from '@commlab/resilience';
import { pruneSentOutbox } from './outbox-store';
import { pruneInbox } from './process-once';
import type { RelayLogger } from './outbox-relay';

export interface BookkeepingPrunerOptions {
  db: SqlExecutor;
  /** Keep SENT outbox rows this long after they were sent; unset = this store has no outbox. */
  outboxRetentionMs?: number;
  /** Keep inbox rows this long after they were processed; unset = this store has no inbox. */
  inboxRetentionMs?: number;
  /** Pause between two runs (default 60 000). */
  intervalMs?: number;
  /** Rows deleted per statement (default 1 000): a backlog goes in short transactions, not one long one. */
  batchSize?: number;
  clock?: Clock;
  logger?: RelayLogger;
}

/** What one run deleted. */
export interface PruneResult {
  outbox: number;
  inbox: number;
}

const silentLogger: RelayLogger = { log: () => undefined, warn: () => undefined };

function assertWindow(name: string, ms: number | undefined): void {
  if (ms !== undefined && !(ms > 0)) throw new RangeError(`${name} must be > 0.`);
}

/**
 * Keeps the messaging bookkeeping bounded: deletes outbox rows SENT longer ago than their retention and
 * inbox rows processed longer ago than theirs, in batches, on a timer. PENDING outbox rows are never
 * touched. A failed run is logged and retried at the next interval: pruning is housekeeping, it never
 * stops the service.
 */
export class BookkeepingPruner {
  private readonly db: SqlExecutor;
  private readonly outboxRetentionMs: number | undefined;
  private readonly inboxRetentionMs: number | undefined;
  private readonly intervalMs: number;
  private readonly batchSize: number;
  private readonly clock: Clock;
  private readonly logger: RelayLogger;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<PruneResult> | undefined;
  private started = false;
  /** Set by `stop()`: a run in progress ends after its current batch. */
  private halted = false;

  constructor(options: BookkeepingPrunerOptions) {
    this.db = options.db;
    this.outboxRetentionMs = options.outboxRetentionMs;
    this.inboxRetentionMs = options.inboxRetentionMs;
    this.intervalMs = options.intervalMs ?? 60_000;
    this.batchSize = options.batchSize ?? 1_000;
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    assertWindow('outboxRetentionMs', this.outboxRetentionMs);
    assertWindow('inboxRetentionMs', this.inboxRetentionMs);
    assertWindow('intervalMs', this.intervalMs);
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1)
      throw new RangeError('batchSize must be ≥ 1.');
  }

  get isStarted(): boolean {
    return this.started;
  }

  /** Runs now, then every `intervalMs` until `stop()` (idempotent). The timer never keeps the process alive. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.halted = false;
    this.schedule(0);
  }

  /** Stops the timer; resolves once a run in progress has finished. */
  async stop(): Promise<void> {
    this.started = false;
    this.halted = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  /** One run: deletes everything past its window, batch by batch. */
  async pruneOnce(): Promise<PruneResult> {
    const now = this.clock.now().getTime();
    const outbox =
      this.outboxRetentionMs === undefined
        ? 0
        : await this.drain((limit) =>
            pruneSentOutbox(this.db, new Date(now - (this.outboxRetentionMs ?? 0)), limit),
          );
    const inbox =
      this.inboxRetentionMs === undefined
        ? 0
        : await this.drain((limit) =>
            pruneInbox(this.db, new Date(now - (this.inboxRetentionMs ?? 0)), limit),
          );
    return { outbox, inbox };
  }

  private async drain(deleteBatch: (limit: number) => Promise<number>): Promise<number> {
    let total = 0;
    for (;;) {
      // Stop between batches when asked: the rest waits for the next start.
      const deleted = await deleteBatch(this.batchSize);
      total += deleted;
      if (deleted < this.batchSize || this.halted) return total;
    }
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => void this.tick(), delayMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (!this.started) return;
    this.running = this.pruneOnce();
    try {
      const { outbox, inbox } = await this.running;
      if (outbox + inbox > 0) {
        this.logger.log(`pruned ${String(outbox)} sent outbox row(s) and ${String(inbox)} inbox row(s)`);
      }
    } catch (error) {
      this.logger.warn(`pruning failed, retrying in ${String(this.intervalMs)} ms: ${describeError(error)}`);
    } finally {
      this.running = undefined;
    }
    // stop() may have run during the await.
    if (this.isStarted) this.schedule(this.intervalMs);
  }
}
