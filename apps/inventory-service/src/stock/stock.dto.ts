import { z } from 'zod';

import { STOCK_EVENT_TYPES } from './stock.types';

export const MAX_EVENTS_PER_PAGE = 1000;

export const stockLevelResponseSchema = z.object({
  sku: z.string(),
  available: z.number().int().describe('units that can be reserved now'),
  unitPriceCents: z.number().int(),
  currency: z.string(),
});

/** GET /stock/{sku} query: `at` asks for the state as of that moment instead of now. */
export const stockLevelQuerySchema = z.object({
  at: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('ISO 8601 time with Z or an offset, e.g. 2026-01-01T12:00:00Z: answer as of that moment'),
});
export type StockLevelQuery = z.infer<typeof stockLevelQuerySchema>;

/** The answer with `?at=`: the replayed state at that moment, with its stream version. */
export const stockLevelAsOfResponseSchema = stockLevelResponseSchema.extend({
  version: z.number().int().describe('version of the last event at or before asOf (0: none yet)'),
  asOf: z.string().describe('the moment asked for, ISO 8601'),
});
export type StockLevelAsOfResponse = z.infer<typeof stockLevelAsOfResponseSchema>;

/** For the OpenAPI document: GET /stock/{sku} answers `version` and `asOf` only when asked `?at=`. */
export const stockLevelMaybeAsOfResponseSchema = stockLevelAsOfResponseSchema.partial({
  version: true,
  asOf: true,
});

/** GET /stock/{sku}/events query: page through the stream by version, optionally only up to a moment. */
export const stockEventsQuerySchema = z.object({
  afterVersion: z.coerce.number().int().min(0).default(0).describe('only events with a higher version'),
  limit: z.coerce.number().int().min(1).max(MAX_EVENTS_PER_PAGE).default(MAX_EVENTS_PER_PAGE),
  until: z.iso
    .datetime({ offset: true })
    .optional()
    .describe(
      'ISO 8601 time: only the events that made the stock as of that moment (the ?at= replay), plus `asOf`',
    ),
});
export type StockEventsQuery = z.infer<typeof stockEventsQuerySchema>;

export const stockEventsResponseSchema = z.object({
  sku: z.string(),
  asOf: z
    .object({
      at: z.string().describe('the moment asked for (`until`), ISO 8601'),
      available: z.number().int().describe('what all the events up to `at` fold to (not just this page)'),
      version: z.number().int().describe('the last event at or before `at` (0: none yet)'),
    })
    .optional()
    .describe('only with ?until=: the level those events made'),
  events: z.array(
    z.object({
      version: z.number().int(),
      type: z.enum(STOCK_EVENT_TYPES),
      quantity: z.number().int().describe('units; for StockCounted the counted level'),
      reservationId: z.string().nullable(),
      reason: z.string().optional().describe('why, for a movement no reservation explains (an adjustment)'),
      difference: z
        .number()
        .int()
        .optional()
        .describe('StockCounted and EventReverted: the signed change of available'),
      revertsVersion: z.number().int().optional().describe('EventReverted: the version it compensates'),
      actor: z.string().nullable().describe("who caused it: a service token's client id (null: unknown)"),
      correlationId: z.string().nullable().describe('the correlation id of the request or message'),
      causationId: z.string().nullable().describe('the request id or command message id that caused it'),
      occurredAt: z.string().describe('ISO 8601 time'),
    }),
  ),
});
export type StockEventsResponse = z.infer<typeof stockEventsResponseSchema>;

/**
 * The kinds of stock adjustment: `received` — goods arrived (StockAdded); `damaged` — units written off
 * (StockRemoved); `counted` — a physical count (StockCounted with the counted level and its difference).
 */
export const STOCK_ADJUSTMENT_KINDS = ['received', 'damaged', 'counted'] as const;

const MAX_ADJUSTMENT_UNITS = 1_000_000;

/** Why: 1–200 characters, no control characters (kept in the event). */
export const correctionReasonSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^\p{Cc}]*$/u, 'no control characters')
  .describe('why, in a few words (kept in the event)');

const unitsSchema = z.number().int().min(1).max(MAX_ADJUSTMENT_UNITS).describe('units, 1 to 1,000,000');

/** POST /stock/{sku}/adjustments body. */
export const stockAdjustmentBodySchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('received'), quantity: unitsSchema, reason: correctionReasonSchema }),
  z.strictObject({ kind: z.literal('damaged'), quantity: unitsSchema, reason: correctionReasonSchema }),
  z.strictObject({
    kind: z.literal('counted'),
    counted: z
      .number()
      .int()
      .min(0)
      .max(MAX_ADJUSTMENT_UNITS)
      .describe('the level counted on the shelf, 0 to 1,000,000'),
    reason: correctionReasonSchema,
  }),
]);
export type StockAdjustmentBody = z.infer<typeof stockAdjustmentBodySchema>;

export const stockAdjustmentResponseSchema = z.object({
  sku: z.string(),
  kind: z.enum(STOCK_ADJUSTMENT_KINDS),
  type: z.enum(STOCK_EVENT_TYPES).describe('the type of the event appended'),
  quantity: z.number().int().optional().describe('received and damaged: the units'),
  counted: z.number().int().optional().describe('counted: the level counted'),
  difference: z.number().int().optional().describe('counted: the counted level minus what the stream said'),
  reason: z.string(),
  version: z.number().int().describe('the version of the event the adjustment appended'),
  available: z.number().int().describe('available after the adjustment'),
});
export type StockAdjustmentResponse = z.infer<typeof stockAdjustmentResponseSchema>;

/** POST /stock/{sku}/events/{version}/revert path version. */
export const eventVersionSchema = z
  .string()
  .regex(/^[1-9][0-9]{0,8}$/, 'expected an event version: 1, 2, 3, …')
  .transform(Number);

/** POST /stock/{sku}/events/{version}/revert body. */
export const revertStockEventBodySchema = z.strictObject({ reason: correctionReasonSchema });
export type RevertStockEventBody = z.infer<typeof revertStockEventBodySchema>;

export const revertStockEventResponseSchema = z.object({
  sku: z.string(),
  type: z.literal('EventReverted'),
  revertsVersion: z.number().int().describe('the version reverted'),
  difference: z.number().int().describe('the change of available that undoes it'),
  reason: z.string(),
  version: z.number().int().describe('the version of the EventReverted appended'),
  available: z.number().int().describe('available after the revert'),
});
export type RevertStockEventResponse = z.infer<typeof revertStockEventResponseSchema>;
