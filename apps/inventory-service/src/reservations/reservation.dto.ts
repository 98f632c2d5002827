import { cursorSchema } from '@commlab/service-kit';
import { z } from 'zod';

import { skuSchema } from '../stock/sku';
import { ACTIVE_RESERVATIONS_LIST } from './reservation.repository';

/** Limits of inventory.proto, shared by REST and gRPC. */
export const MAX_ITEMS = 100;
export const MAX_QUANTITY = 10_000;

export const reservationIdSchema = z.string().min(1).max(128);

const quantitySchema = z.number().int().min(1).max(MAX_QUANTITY);

/** POST /reservations body. `orderId` defaults to `reservationId` (order-service uses the order id for both). */
export const reserveStockBodySchema = z.strictObject({
  reservationId: reservationIdSchema.describe('client-chosen idempotency key, 1 to 128 characters'),
  orderId: z.string().min(1).max(128).optional().describe('the order this reservation belongs to'),
  items: z
    .array(z.strictObject({ sku: skuSchema, quantity: quantitySchema }))
    .min(1)
    .max(MAX_ITEMS)
    .describe('1 to 100 lines; a SKU listed twice is reserved once with the summed quantity'),
});
export type ReserveStockBody = z.infer<typeof reserveStockBodySchema>;

/** The gRPC ReserveStockRequest (every field present, zero values for absent ones). */
export const reserveStockRequestSchema = z.object({
  reservationId: reservationIdSchema,
  orderId: z.string().max(128),
  items: z
    .array(z.object({ sku: skuSchema, quantity: quantitySchema }))
    .min(1)
    .max(MAX_ITEMS),
});

export const reservedLineSchema = z.object({
  sku: z.string(),
  quantity: z.number().int(),
  unitPriceCents: z.number().int(),
  lineTotalCents: z.number().int(),
});

export const reservationResponseSchema = z.object({
  reservationId: z.string(),
  lines: z.array(reservedLineSchema),
  totalCents: z.number().int(),
  currency: z.string(),
});

export const releaseResponseSchema = z.object({
  reservationId: z.string(),
  released: z.boolean().describe('false when the reservation had already been released'),
  lines: z.array(z.object({ sku: z.string(), quantity: z.number().int() })),
});

/** GET /reservations: only `status=active` (what holds stock), a page of `limit` after `cursor`. */
export const listReservationsQuerySchema = z.object({
  status: z.literal('active'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: cursorSchema(ACTIVE_RESERVATIONS_LIST).optional(),
});
export type ListReservationsQuery = z.infer<typeof listReservationsQuerySchema>;

export const activeReservationListSchema = z.object({
  reservations: z.array(
    z.object({
      reservationId: z.string(),
      orderId: z.string(),
      createdAt: z.string().describe('when it was reserved (UTC, microseconds)'),
      lines: z.array(z.object({ sku: z.string(), quantity: z.number().int() })),
    }),
  ),
  nextCursor: z.string().nullable().describe('pass as ?cursor= for the next page; null on the last page'),
});
