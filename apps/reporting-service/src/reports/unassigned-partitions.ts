import type { PartitionOffsets } from './truncated-partitions';

/**
 * The partitions (`topic/partition`) this consumer is not assigned: a rebuild or a snapshot needs them all
 * here, or another instance's share would be left out. Pure.
 */
export function unassignedPartitions(
  offsets: PartitionOffsets,
  assigned: Readonly<Record<string, readonly number[] | undefined>>,
): string[] {
  return [...offsets].flatMap(([topic, partitions]) =>
    partitions
      .filter(({ partition }) => !(assigned[topic]?.includes(partition) ?? false))
      .map(({ partition }) => `${topic}/${String(partition)}`),
  );
}
