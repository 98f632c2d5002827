import type { SqlExecutor } from '@commlab/persistence';

import { type Clock, deleteInBatches, RecurringJob, systemClock } from '@commlab/resilience';
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
  private readonly batchSize: number;
  private readonly clock: Clock;
  private readonly job: RecurringJob<PruneResult>;

  constructor(options: BookkeepingPrunerOptions) {
    this.db = options.db;
    this.outboxRetentionMs = options.outboxRetentionMs;
    this.inboxRetentionMs = options.inboxRetentionMs;
    this.batchSize = options.batchSize ?? 1_000;
    this.clock = options.clock ?? systemClock;
    assertWindow('outboxRetentionMs', this.outboxRetentionMs);
    assertWindow('inboxRetentionMs', this.inboxRetentionMs);
    assertWindow('intervalMs', options.intervalMs);
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1)
      throw new RangeError('batchSize must be ≥ 1.');
    this.job = new RecurringJob({
      name: 'pruning',
      intervalMs: options.intervalMs ?? 60_000,
      logger: options.logger,
      run: (halted) => this.prune(halted),
      describe: ({ outbox, inbox }) =>
        outbox + inbox > 0
          ? `pruned ${String(outbox)} sent outbox row(s) and ${String(inbox)} inbox row(s)`
          : undefined,
    });
  }

  get isStarted(): boolean {
    return this.job.isStarted;
  }

  /** Runs now, then every `intervalMs` until `stop()` (idempotent). The timer never keeps the process alive. */
  start(): void {
    this.job.start();
  }

  /** Stops the timer; resolves once a run in progress has finished (it ends after its current batch). */
  stop(): Promise<void> {
    return this.job.stop();
  }

  /** One run: deletes everything past its window, batch by batch. */
  pruneOnce(): Promise<PruneResult> {
    return this.job.runOnce();
  }

  private async prune(halted: () => boolean): Promise<PruneResult> {
    const now = this.clock.now().getTime();
    const { outboxRetentionMs, inboxRetentionMs, batchSize } = this;
    const outbox =
      outboxRetentionMs === undefined
        ? 0
        : await deleteInBatches(
            (limit) => pruneSentOutbox(this.db, new Date(now - outboxRetentionMs), limit),
            batchSize,
            halted,
          );
    const inbox =
      inboxRetentionMs === undefined
        ? 0
        : await deleteInBatches(
            (limit) => pruneInbox(this.db, new Date(now - inboxRetentionMs), limit),
            batchSize,
            halted,
          );
    return { outbox, inbox };
  }
}
