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

/** GET /stock/{sku}/events query: page through the stream by version. */
export const stockEventsQuerySchema = z.object({
  afterVersion: z.coerce.number().int().min(0).default(0).describe('only events with a higher version'),
  limit: z.coerce.number().int().min(1).max(MAX_EVENTS_PER_PAGE).default(MAX_EVENTS_PER_PAGE),
});
export type StockEventsQuery = z.infer<typeof stockEventsQuerySchema>;

export const stockEventsResponseSchema = z.object({
  sku: z.string(),
  events: z.array(
    z.object({
      version: z.number().int(),
      type: z.enum(STOCK_EVENT_TYPES),
      quantity: z.number().int(),
      reservationId: z.string().nullable(),
      reason: z.string().optional().describe('why, for a movement no reservation explains (an adjustment)'),
      occurredAt: z.string().describe('ISO 8601 time'),
    }),
  ),
});
export type StockEventsResponse = z.infer<typeof stockEventsResponseSchema>;

/** The kinds of stock adjustment: `received` — goods arrived (a StockAdded event). */
export const STOCK_ADJUSTMENT_KINDS = ['received'] as const;

/** POST /stock/{sku}/adjustments body. */
export const stockAdjustmentBodySchema = z.strictObject({
  kind: z.enum(STOCK_ADJUSTMENT_KINDS),
  quantity: z.number().int().min(1).max(1_000_000).describe('units, 1 to 1,000,000'),
  reason: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[^\p{Cc}]*$/u, 'no control characters')
    .describe('why, in a few words (kept in the event)'),
});
export type StockAdjustmentBody = z.infer<typeof stockAdjustmentBodySchema>;

export const stockAdjustmentResponseSchema = z.object({
  sku: z.string(),
  kind: z.enum(STOCK_ADJUSTMENT_KINDS),
  quantity: z.number().int(),
  reason: z.string(),
  version: z.number().int().describe('the version of the event the adjustment appended'),
  available: z.number().int().describe('available after the adjustment'),
});
export type StockAdjustmentResponse = z.infer<typeof stockAdjustmentResponseSchema>;
