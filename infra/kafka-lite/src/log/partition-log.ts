import { producerFields, setBaseOffset, type RecordBatch } from '../protocol/record-batch';
import { recordTimes } from '../protocol/records';
import { ProducerStates } from './producer-state';

/** A stored batch: bytes as received with baseOffset rewritten. */
export interface StoredBatch {
  baseOffset: number;
  /** Offset after the last record of this batch. */
  nextOffset: number;
  bytes: Buffer;
  maxTimestamp: number;
  appendTimeMs: number;
}

/** Receives every change to a partition log; the file store implements it. */
export interface LogListener {
  appended(batch: StoredBatch): void;
  logStartAdvanced(logStartOffset: number): void;
}

export interface RetentionPolicy {
  /** Drop batches appended longer ago than this; -1 = keep forever. */
  retentionMs: number;
  /** Drop the oldest batches (never the newest) while the partition holds more than this; -1 = no limit. */
  retentionBytes: number;
}

/** In-memory log of one partition: whole batches indexed by base offset. */
export class PartitionLog {
  private readonly batches: StoredBatch[] = [];
  /** Index of the first live batch in `batches` (dropped ones are spliced away lazily). */
  private head = 0;
  private bytes = 0;
  private start = 0;
  private next = 0;
  listener: LogListener | undefined;
  /** Idempotent producers writing to this partition. */
  readonly producers = new ProducerStates();

  get logStartOffset(): number {
    return this.start;
  }

  get highWatermark(): number {
    return this.next;
  }

  get sizeBytes(): number {
    return this.bytes;
  }

  get batchCount(): number {
    return this.batches.length - this.head;
  }

  /** Appends validated batches; returns the base offset of the first. */
  append(batches: readonly RecordBatch[], nowMs: number): number {
    const first = this.next;
    for (const b of batches) {
      const bytes = Buffer.from(b.bytes);
      setBaseOffset(bytes, this.next);
      this.producers.record(b, this.next, nowMs);
      this.push({
        baseOffset: this.next,
        nextOffset: this.next + b.offsetCount,
        bytes,
        maxTimestamp: b.maxTimestamp,
        appendTimeMs: nowMs,
      });
    }
    return first;
  }

  /** Restores a batch read back from disk (already has its base offset). */
  restore(batch: StoredBatch): void {
    if (this.batchCount === 0 && this.next < batch.baseOffset) {
      this.start = batch.baseOffset;
      this.next = batch.baseOffset;
    }
    const offsetCount = batch.nextOffset - batch.baseOffset;
    this.producers.record(
      { ...producerFields(batch.bytes), offsetCount },
      batch.baseOffset,
      batch.appendTimeMs,
    );
    this.push(batch, false);
  }

  /** Sets the log start offset read back from disk (it may fall inside the first batch). */
  restoreLogStart(offset: number): void {
    if (this.batchCount === 0) {
      this.start = offset;
      this.next = Math.max(this.next, offset);
    } else if (offset > this.start && offset <= this.next) {
      this.start = offset;
    }
  }

  private push(batch: StoredBatch, notify = true): void {
    this.batches.push(batch);
    this.bytes += batch.bytes.length;
    this.next = batch.nextOffset;
    if (notify) this.listener?.appended(batch);
  }

  /**
   * Batches starting with the one that contains `offset`, until `maxBytes` is reached; with
   * `atLeastOne`, the first batch even when it alone is larger than `maxBytes`.
   */
  read(offset: number, maxBytes: number, atLeastOne = true): { batches: Buffer[]; bytes: number } {
    const out: Buffer[] = [];
    let total = 0;
    if (offset < this.start || offset >= this.next) return { batches: out, bytes: 0 };
    for (let i = this.findBatch(offset); i < this.batches.length; i++) {
      const b = this.batches[i];
      if (b === undefined) break;
      if ((out.length > 0 || !atLeastOne) && total + b.bytes.length > maxBytes) break;
      out.push(b.bytes);
      total += b.bytes.length;
    }
    return { batches: out, bytes: total };
  }

  /** Index of the batch containing `offset` (binary search; offset must be in range). */
  private findBatch(offset: number): number {
    let lo = this.head;
    let hi = this.batches.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      const b = this.batches[mid];
      if (b !== undefined && b.baseOffset <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /**
   * ListOffsets by time: the first record (in offset order, at or after the log start) whose timestamp
   * is >= `ts`, with that timestamp; undefined when there is none. Records are read inside batches
   * (gzip ones decompressed); for snappy/lz4/zstd batches the batch's first offset stands for all of
   * its records.
   */
  offsetForTimestamp(ts: number): { offset: number; timestamp: number } | undefined {
    for (let i = this.head; i < this.batches.length; i++) {
      const b = this.batches[i];
      if (b === undefined || b.maxTimestamp < ts) continue;
      const times = recordTimes(b.bytes);
      if (times === undefined)
        return { offset: Math.max(b.baseOffset, this.start), timestamp: b.maxTimestamp };
      for (const r of times) {
        const offset = b.baseOffset + r.offsetDelta;
        if (offset >= this.start && r.timestamp >= ts) return { offset, timestamp: r.timestamp };
      }
    }
    return undefined;
  }

  /** Applies retention; returns how many batches were dropped. */
  applyRetention(policy: RetentionPolicy, nowMs: number): number {
    let dropped = 0;
    for (;;) {
      const b = this.batches[this.head];
      if (b === undefined) break;
      const tooOld = policy.retentionMs >= 0 && nowMs - b.appendTimeMs > policy.retentionMs;
      // Size retention never drops the newest batch (Kafka keeps the active segment).
      const tooBig = policy.retentionBytes >= 0 && this.bytes > policy.retentionBytes && this.batchCount > 1;
      if (!tooOld && !tooBig) break;
      this.head++;
      this.bytes -= b.bytes.length;
      this.start = b.nextOffset;
      dropped++;
    }
    if (dropped > 0) {
      this.compactIndex();
      this.listener?.logStartAdvanced(this.start);
    }
    return dropped;
  }

  /**
   * DeleteRecords: moves the log start offset to `offset` (at most the high watermark), dropping the
   * batches entirely before it. A batch that straddles it stays, as in Kafka, but its earlier records
   * can no longer be fetched. Returns the new log start offset.
   */
  deleteRecordsBefore(offset: number): number {
    if (offset <= this.start) return this.start;
    for (;;) {
      const b = this.batches[this.head];
      if (b === undefined || b.nextOffset > offset) break;
      this.head++;
      this.bytes -= b.bytes.length;
    }
    this.start = offset;
    this.compactIndex();
    this.listener?.logStartAdvanced(this.start);
    return this.start;
  }

  private compactIndex(): void {
    if (this.head > 1024 || this.head * 2 > this.batches.length) {
      this.batches.splice(0, this.head);
      this.head = 0;
    }
  }

  /** Live batches, oldest first (for rewriting files). */
  liveBatches(): StoredBatch[] {
    return this.batches.slice(this.head);
  }
}
