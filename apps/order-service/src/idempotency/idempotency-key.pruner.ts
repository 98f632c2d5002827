import { deleteInBatches, RecurringJob } from '@commlab/resilience';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';

import { IdempotencyKeyRepository } from './idempotency-key.repository';

export const IDEMPOTENCY_PRUNE_SETTINGS = Symbol('IDEMPOTENCY_PRUNE_SETTINGS');

export interface IdempotencyPruneSettings {
  /** Pause between two runs (BOOKKEEPING_PRUNE_INTERVAL_MS, like the outbox and inbox pruning). */
  intervalMs: number;
  /** Keys deleted per statement: a backlog goes in short statements. */
  batchSize?: number;
}

/**
 * Deletes expired Idempotency-Key rows in the background, as a `RecurringJob` like messaging's
 * BookkeepingPruner: a run at bootstrap, then one per interval, in batches; a failed run is logged and
 * retried at the next interval. An expired key is ignored by requests even before it is pruned
 * (decideOnKey), so pruning only bounds the table.
 */
@Injectable()
export class IdempotencyKeyPruner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly job: RecurringJob<number>;

  constructor(
    private readonly keys: IdempotencyKeyRepository,
    @Inject(IDEMPOTENCY_PRUNE_SETTINGS) private readonly settings: IdempotencyPruneSettings,
  ) {
    this.job = new RecurringJob({
      name: 'idempotency key pruning',
      intervalMs: settings.intervalMs,
      logger: new Logger(IdempotencyKeyPruner.name),
      run: (halted) => this.prune(new Date(), halted),
      describe: (deleted) =>
        deleted > 0 ? `pruned ${String(deleted)} expired idempotency key(s)` : undefined,
    });
  }

  get isStarted(): boolean {
    return this.job.isStarted;
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.job.stop();
  }

  /** One run: every key expired at `now`, batch by batch. */
  pruneOnce(now = new Date()): Promise<number> {
    return this.prune(now, () => false);
  }

  private prune(now: Date, halted: () => boolean): Promise<number> {
    return deleteInBatches(
      (limit) => this.keys.pruneExpired(now, limit),
      this.settings.batchSize ?? 1_000,
      halted,
    );
  }
}
