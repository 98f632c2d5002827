import type { TruncatedPartition } from './reporting-errors';

/** Per topic, each partition's first (`low`) and next (`high`) offset, as Kafka's admin API answers. */
export type PartitionOffsets = ReadonlyMap<
  string,
  readonly { partition: number; low: string; high: string }[]
>;

/**
 * The partitions whose log no longer starts at 0: retention (or DeleteRecords) removed records a
 * replay from the start would need. Pure.
 */
export function truncatedPartitions(offsets: PartitionOffsets): TruncatedPartition[] {
  return [...offsets].flatMap(([topic, partitions]) =>
    partitions
      .filter(({ low }) => BigInt(low) > 0n)
      .map(({ partition, low }) => ({ topic, partition, logStartOffset: low })),
  );
}
