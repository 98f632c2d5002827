import {
  coveringSnapshot,
  snapshotOffset,
  type SnapshotPositions,
  type UncoveredPartition,
  uncoveredPartitions,
} from '../snapshots/snapshot-coverage';
import type { TruncatedPartition } from './reporting-errors';
import { type PartitionOffsets, truncatedPartitions } from './truncated-partitions';

/** `log-start`: replay everything (refused once retention deleted the head); `snapshot`: from the newest covering snapshot. */
export type RebuildFrom = 'log-start' | 'snapshot';

/** Why no snapshot would do, for the error: the newest one and the partitions it misses. */
export interface NewestSnapshotGap {
  id: string;
  uncovered: UncoveredPartition[];
}

/** A partition's replay: from the offset it starts at to the high watermark it must reach. */
export interface ReplayRange {
  topic: string;
  partition: number;
  from: string;
  to: string;
}

export type RebuildStart<S extends SnapshotPositions> =
  | { from: 'log-start'; replay: ReplayRange[] }
  | { from: 'snapshot'; snapshot: S; replay: ReplayRange[] }
  | { refused: 'history-truncated'; truncated: TruncatedPartition[]; newest: NewestSnapshotGap | null }
  | { refused: 'no-covering-snapshot'; newest: NewestSnapshotGap | null };

/**
 * Where a rebuild starts, given where each partition's log starts and ends and the snapshots (newest
 * first). A complete log is replayed from its start unless a snapshot is asked for; a log whose head
 * retention deleted is replayed from the newest snapshot whose every offset is still in the log, or
 * refused when none is. Pure.
 */
export function rebuildStart<S extends SnapshotPositions>(
  offsets: PartitionOffsets,
  newestFirst: readonly S[],
  requested: RebuildFrom | undefined,
): RebuildStart<S> {
  const truncated = truncatedPartitions(offsets);
  if (truncated.length === 0 && requested !== 'snapshot') {
    return {
      from: 'log-start',
      replay: [...offsets].flatMap(([topic, partitions]) =>
        partitions.map(({ partition, low, high }) => ({ topic, partition, from: low, to: high })),
      ),
    };
  }
  const snapshot = requested === 'log-start' ? undefined : coveringSnapshot(newestFirst, offsets);
  if (snapshot !== undefined) {
    return {
      from: 'snapshot',
      snapshot,
      replay: [...offsets].flatMap(([topic, partitions]) =>
        partitions.map(({ partition, high }) => ({
          topic,
          partition,
          from: snapshotOffset(snapshot, topic, partition),
          to: high,
        })),
      ),
    };
  }
  const [latest] = newestFirst;
  const newest =
    latest === undefined ? null : { id: latest.id, uncovered: uncoveredPartitions(latest, offsets) };
  return truncated.length > 0
    ? { refused: 'history-truncated', truncated, newest }
    : { refused: 'no-covering-snapshot', newest };
}
