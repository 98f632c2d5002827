/** Where a consumer group stands on one partition. */
export interface PartitionLag {
  partition: number;
  /** Offset of the next record the group will read; null = nothing committed. */
  committed: string | null;
  /** First offset still in the log (records before it were removed by retention). */
  logStart: string;
  /** Offset the next produced record gets. */
  highWatermark: string;
  /** Records the group has not consumed yet. */
  lag: number;
}

/**
 * The lag of one partition, as reporting-service computes it for GET /reports/status: from the committed
 * offset to the high watermark; with nothing committed (Kafka answers -1) from the log start, which is
 * where a new group that reads from the beginning starts. Never negative (a committed offset past the
 * high watermark, e.g. after the topic was recreated, counts as caught up).
 */
export function partitionLag(
  partition: number,
  committedOffset: string | undefined,
  logStart: string,
  highWatermark: string,
): PartitionLag {
  const committed = committedOffset === undefined || BigInt(committedOffset) < 0n ? null : committedOffset;
  const from = BigInt(committed ?? logStart);
  const high = BigInt(highWatermark);
  return {
    partition,
    committed,
    logStart,
    highWatermark,
    lag: high > from ? Number(high - from) : 0,
  };
}
