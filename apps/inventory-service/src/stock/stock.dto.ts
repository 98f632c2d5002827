import { z } from 'zod';

import { STOCK_EVENT_TYPES } from './stock.types';

export const MAX_EVENTS_PER_PAGE = 1000;

export const stockLevelResponseSchema = z.object({
  sku: z.string(),
  available: z.number().int().describe('units that can be reserved now'),
  unitPriceCents: z.number().int(),
  currency: z.string(),
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
      occurredAt: z.string().describe('ISO 8601 time'),
    }),
  ),
});
export type StockEventsResponse = z.infer<typeof stockEventsResponseSchema>;
