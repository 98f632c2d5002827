import { type BackoffPolicy, nextDelayMs } from '@commlab/resilience';

/** What the relay's loop needs to know about the batch it just ran. */
export interface BatchOutcome {
  claimed: number;
  /** Rows the broker refused (e.g. a publisher-confirm nack from a full `reject-publish` queue) or that failed. */
  failed: number;
}

export interface RelayPaceSettings {
  batchSize: number;
  pollIntervalMs: number;
  backoff: BackoffPolicy;
}

/** The loop's decision after a batch. */
export interface RelayPace {
  /** Batches in a row with at least one refused row, this one included (0 after a clean batch). */
  refusedBatches: number;
  /** Wait before the next batch. */
  delayMs: number;
  /** True when the wait is a backoff (the broker pushed back), not the ordinary poll interval. */
  backingOff: boolean;
}

/**
 * Backpressure for the outbox relay, as a pure decision: a batch in which the broker refused rows (a
 * publisher-confirm nack — what a full queue with `x-overflow: reject-publish` answers — or any other
 * failed publish) makes the whole relay wait, exponentially longer with each refused batch in a row,
 * capped, with jitter (`nextDelayMs`), instead of hammering a full queue with the next rows at once. The
 * refused rows themselves stay PENDING with their own retry time (the relay's per-row backoff).
 * A clean batch resets it: a full batch goes on at once, a partial one waits the poll interval.
 */
export function nextRelayPace(
  previousRefusedBatches: number,
  batch: BatchOutcome,
  settings: RelayPaceSettings,
  random: () => number = Math.random,
): RelayPace {
  if (batch.failed > 0) {
    const refusedBatches = previousRefusedBatches + 1;
    return {
      refusedBatches,
      delayMs: nextDelayMs(refusedBatches, settings.backoff, random),
      backingOff: true,
    };
  }
  return {
    refusedBatches: 0,
    delayMs: batch.claimed >= settings.batchSize ? 0 : settings.pollIntervalMs,
    backingOff: false,
  };
}
