import type { PartitionOffsets } from '../reports/truncated-partitions';
import type { PartitionPosition } from './snapshot-coverage';

/**
 * The next offset the projections have to consume, per partition: what this process has handled (its
 * progress) or, for a partition it has not handled a record of yet, the group's committed offset (where it
 * resumed; an older process may have applied a little past it, which the inbox copy makes harmless), or 0
 * when the group never committed one. Pure.
 */
export function consumedPositions(
  offsets: PartitionOffsets,
  handled: (topic: string, partition: number) => bigint | undefined,
  committed: ReadonlyMap<string, string>,
): PartitionPosition[] {
  return [...offsets].flatMap(([topic, partitions]) =>
    partitions.map(({ partition }) => {
      const next = handled(topic, partition);
      const resumed = committed.get(`${topic}/${String(partition)}`);
      const offset =
        next !== undefined ? next.toString() : resumed === undefined || resumed === '-1' ? '0' : resumed;
      return { topic, partition, offset };
    }),
  );
}
