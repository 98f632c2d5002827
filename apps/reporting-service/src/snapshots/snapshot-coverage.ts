import type { PartitionOffsets } from '../reports/truncated-partitions';

/** Where the projections stood in one partition: the next offset they had to consume. */
export interface PartitionPosition {
  topic: string;
  partition: number;
  offset: string;
}

/** The part of a snapshot the coverage decisions read. */
export interface SnapshotPositions {
  id: string;
  offsets: readonly PartitionPosition[];
}

/** A partition a snapshot cannot restart from: its offset was deleted (before the log start) or is ahead of the log. */
export interface UncoveredPartition {
  topic: string;
  partition: number;
  snapshotOffset: string;
  logStartOffset: string;
  highWatermark: string;
}

/** The snapshot's offset of a partition; 0 for a partition it does not know (it had consumed nothing of it). */
export function snapshotOffset(snapshot: SnapshotPositions, topic: string, partition: number): string {
  return (
    snapshot.offsets.find((entry) => entry.topic === topic && entry.partition === partition)?.offset ?? '0'
  );
}

/**
 * The partitions where a replay from the snapshot's offsets would not see exactly the records after it:
 * offset before the log start (retention deleted records it lacks) or past the high watermark (a topic
 * recreated since). Pure.
 */
export function uncoveredPartitions(
  snapshot: SnapshotPositions,
  offsets: PartitionOffsets,
): UncoveredPartition[] {
  return [...offsets].flatMap(([topic, partitions]) =>
    partitions.flatMap(({ partition, low, high }) => {
      const at = snapshotOffset(snapshot, topic, partition);
      const covered = BigInt(at) >= BigInt(low) && BigInt(at) <= BigInt(high);
      return covered
        ? []
        : [{ topic, partition, snapshotOffset: at, logStartOffset: low, highWatermark: high }];
    }),
  );
}

/** The newest snapshot (the list is newest first) every partition can be replayed from, if any. Pure. */
export function coveringSnapshot<S extends SnapshotPositions>(
  newestFirst: readonly S[],
  offsets: PartitionOffsets,
): S | undefined {
  return newestFirst.find((snapshot) => uncoveredPartitions(snapshot, offsets).length === 0);
}
