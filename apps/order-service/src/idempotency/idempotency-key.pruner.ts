import { describeError } from '@commlab/resilience';
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
 * Deletes expired Idempotency-Key rows in the background, on the bookkeeping pruner's pattern (messaging's
 * BookkeepingPruner): a run at bootstrap, then one per interval, in batches; a failed run is logged and
 * retried at the next interval; the timer never keeps the process alive. An expired key is ignored by
 * requests even before it is pruned (decideOnKey), so pruning only bounds the table.
 */
@Injectable()
export class IdempotencyKeyPruner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(IdempotencyKeyPruner.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private started = false;
  /** Set at shutdown: a run in progress ends after its current batch. */
  private halted = false;

  constructor(
    private readonly keys: IdempotencyKeyRepository,
    @Inject(IDEMPOTENCY_PRUNE_SETTINGS) private readonly settings: IdempotencyPruneSettings,
  ) {}

  get isStarted(): boolean {
    return this.started;
  }

  onApplicationBootstrap(): void {
    this.started = true;
    this.halted = false;
    this.schedule(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.started = false;
    this.halted = true;
    clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One run: every key expired now, batch by batch. */
  async pruneOnce(now = new Date()): Promise<number> {
    const batchSize = this.settings.batchSize ?? 1_000;
    let total = 0;
    for (;;) {
      const deleted = await this.keys.pruneExpired(now, batchSize);
      total += deleted;
      if (deleted < batchSize || this.halted) return total;
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
      const deleted = await this.running;
      if (deleted > 0) this.logger.log(`pruned ${String(deleted)} expired idempotency key(s)`);
    } catch (error) {
      this.logger.warn(
        `idempotency key pruning failed, retrying in ${String(this.settings.intervalMs)} ms: ${describeError(error)}`,
      );
    } finally {
      this.running = undefined;
    }
    // beforeApplicationShutdown may have run during the await.
    if (this.isStarted) this.schedule(this.settings.intervalMs);
  }
}
