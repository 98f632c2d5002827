import { ErrorCode } from '../protocol/errors';
import type { RecordBatch } from '../protocol/record-batch';

const INT32_MAX = 2_147_483_647;
/** Kafka keeps the last five batches per producer to recognise retries (max.in.flight <= 5). */
const BATCHES_TO_RETAIN = 5;
/** Producer ids not seen for this long are forgotten (Kafka's producer.id.expiration.ms). */
const EXPIRATION_MS = 24 * 3600 * 1000;
const SWEEP_EVERY_MS = 60_000;

interface BatchMeta {
  firstSeq: number;
  lastSeq: number;
  baseOffset: number;
}

interface ProducerEntry {
  epoch: number;
  batches: BatchMeta[];
  lastWriteMs: number;
}

export type SequenceVerdict =
  | { kind: 'append' }
  | { kind: 'duplicate'; baseOffset: number }
  | { kind: 'error'; errorCode: number; message: string };

function lastSequence(firstSeq: number, offsetCount: number): number {
  const increment = offsetCount - 1;
  return firstSeq > INT32_MAX - increment ? increment - (INT32_MAX - firstSeq) - 1 : firstSeq + increment;
}

function inSequence(last: number, next: number): boolean {
  return next === last + 1 || (next === 0 && last === INT32_MAX);
}

/**
 * Idempotent-producer state of one partition, as Kafka's ProducerStateManager: per producer id the
 * epoch and the last five batches' sequence ranges. A retried batch is recognised and answered with
 * its first offset instead of being appended again; a gap is OUT_OF_ORDER_SEQUENCE_NUMBER; an older
 * epoch is INVALID_PRODUCER_EPOCH. Rebuilt from the stored batches after a restart.
 */
export class ProducerStates {
  private readonly byId = new Map<number, ProducerEntry>();
  private lastSweepMs = 0;

  get size(): number {
    return this.byId.size;
  }

  check(batch: RecordBatch): SequenceVerdict {
    if (batch.producerId < 0) return { kind: 'append' };
    const entry = this.byId.get(batch.producerId);
    // No state (a new producer, or all its batches deleted): any sequence is accepted, as in Kafka.
    if (entry === undefined) return { kind: 'append' };
    const firstSeq = batch.baseSequence;
    const what = `producer ${batch.producerId} epoch ${batch.producerEpoch} sequence ${firstSeq}`;
    if (batch.producerEpoch < entry.epoch) {
      return {
        kind: 'error',
        errorCode: ErrorCode.INVALID_PRODUCER_EPOCH,
        message: `${what}: epoch is older than ${entry.epoch}`,
      };
    }
    if (batch.producerEpoch > entry.epoch) {
      return firstSeq === 0
        ? { kind: 'append' }
        : {
            kind: 'error',
            errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
            message: `${what}: a new epoch must start at sequence 0`,
          };
    }
    const lastSeq = lastSequence(firstSeq, batch.offsetCount);
    const duplicate = entry.batches.find((b) => b.firstSeq === firstSeq && b.lastSeq === lastSeq);
    if (duplicate) return { kind: 'duplicate', baseOffset: duplicate.baseOffset };
    const last = entry.batches[entry.batches.length - 1]?.lastSeq ?? -1;
    if (!inSequence(last, firstSeq)) {
      return {
        kind: 'error',
        errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
        message: `${what}: expected sequence ${last === INT32_MAX ? 0 : last + 1}`,
      };
    }
    return { kind: 'append' };
  }

  /** Records an appended (or restored) batch of an idempotent producer. */
  record(
    batch: { producerId: number; producerEpoch: number; baseSequence: number; offsetCount: number },
    baseOffset: number,
    nowMs: number,
  ): void {
    if (batch.producerId < 0) return;
    let entry = this.byId.get(batch.producerId);
    if (entry?.epoch !== batch.producerEpoch) {
      entry = { epoch: batch.producerEpoch, batches: [], lastWriteMs: nowMs };
      this.byId.set(batch.producerId, entry);
    }
    entry.batches.push({
      firstSeq: batch.baseSequence,
      lastSeq: lastSequence(batch.baseSequence, batch.offsetCount),
      baseOffset,
    });
    if (entry.batches.length > BATCHES_TO_RETAIN) entry.batches.shift();
    entry.lastWriteMs = nowMs;
    if (nowMs - this.lastSweepMs > SWEEP_EVERY_MS) {
      this.lastSweepMs = nowMs;
      for (const [id, e] of this.byId) if (nowMs - e.lastWriteMs > EXPIRATION_MS) this.byId.delete(id);
    }
  }
}
