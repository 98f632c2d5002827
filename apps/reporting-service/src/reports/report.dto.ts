import { z } from 'zod';

const totals = {
  currency: z.string(),
  orders: z.number().int(),
  units: z.number().int(),
  revenueCents: z.number().int(),
};

export const salesReportSchema = z.object({
  orders: z.object({
    placed: z.number().int(),
    confirmed: z.number().int(),
    rejected: z.number().int(),
    cancelled: z
      .number()
      .int()
      .describe('orders cancelled (POST /orders/{id}/cancel); their sales stay counted'),
  }),
  revenue: z.array(z.object(totals)),
  bySku: z.array(z.object({ sku: z.string(), ...totals })),
  byDay: z.array(z.object({ day: z.string(), ...totals })),
  stockMovements: z.array(
    z.object({
      sku: z.string(),
      reservedUnits: z.number().int(),
      releasedUnits: z.number().int(),
      reservations: z.number().int(),
      rejections: z.number().int(),
    }),
  ),
  eventsApplied: z.number().int().describe('events applied to the projections (inbox rows)'),
  contentHash: z.string().describe('SHA-256 of the projection content: equal hashes, equal reports'),
  generatedAt: z.string(),
});
export type SalesReport = z.infer<typeof salesReportSchema>;

export const partitionStatusSchema = z.object({
  topic: z.string(),
  partition: z.number().int(),
  committedOffset: z.string().nullable().describe('next offset the group will read; null = never committed'),
  logStartOffset: z.string(),
  highWatermark: z.string(),
  lag: z.number().int().describe('records between the committed offset and the high watermark'),
  assignedHere: z.boolean().describe('whether this instance consumes the partition'),
});

export const consumerStatusSchema = z.object({
  consumerGroup: z.string(),
  consumer: z.object({ running: z.boolean(), lastError: z.string().optional() }),
  partitions: z.array(partitionStatusSchema),
  totalLag: z.number().int(),
  deadLetters: z.array(z.object({ topic: z.string(), records: z.number().int() })),
  checkedAt: z.string(),
});
export type ConsumerStatus = z.infer<typeof consumerStatusSchema>;
export type PartitionStatus = z.infer<typeof partitionStatusSchema>;

export const rebuildResultSchema = z.object({
  status: z.enum(['rebuilt', 'replaying']),
  hashBefore: z.string(),
  hashAfter: z.string().nullable().describe('null while still replaying (202)'),
  equal: z.boolean().nullable(),
  replayTo: z
    .array(z.object({ topic: z.string(), partition: z.number().int(), from: z.string(), to: z.string() }))
    .describe('the offsets the replay started from and had to reach'),
  eventsApplied: z.number().int(),
  tookMs: z.number().int(),
  from: z
    .enum(['log-start', 'snapshot'])
    .describe('replayed from the log start, or restored from a snapshot and replayed from its offsets'),
  snapshotId: z.string().nullable().describe('the snapshot restored (from = snapshot)'),
});
export type RebuildResult = z.infer<typeof rebuildResultSchema>;

export const rebuildQuerySchema = z.object({
  from: z
    .enum(['snapshot'])
    .optional()
    .describe('snapshot: start from the newest covering snapshot even when the topics hold everything'),
});
export type RebuildQuery = z.infer<typeof rebuildQuerySchema>;

export const snapshotSchema = z.object({
  id: z.string(),
  takenAt: z.string(),
  trigger: z.enum(['request', 'automatic']),
  offsets: z
    .array(z.object({ topic: z.string(), partition: z.number().int(), offset: z.string() }))
    .describe('per partition, the next offset the copied projections had to consume'),
  contentHash: z.string().describe('the content hash of the copied projections'),
  eventsApplied: z.number().int(),
});
export type SnapshotView = z.infer<typeof snapshotSchema>;

export const snapshotListSchema = z.object({ snapshots: z.array(snapshotSchema) });
export type SnapshotList = z.infer<typeof snapshotListSchema>;
