import { z } from 'zod';

/** What order-service needs from inventory, whatever the transport. */
export interface ReservationRequest {
  reservationId: string;
  orderId: string;
  items: { sku: string; quantity: number }[];
}

/** The reservation inventory answers over REST and Kafka (JSON), checked before it is trusted. */
export const reservationReplySchema = z.object({
  reservationId: z.string(),
  lines: z.array(
    z.object({
      sku: z.string(),
      quantity: z.number(),
      unitPriceCents: z.number(),
      lineTotalCents: z.number(),
    }),
  ),
  totalCents: z.number(),
  currency: z.string(),
});

export interface Reservation {
  reservationId: string;
  lines: { sku: string; quantity: number; unitPriceCents: number; lineTotalCents: number }[];
  totalCents: number;
  currency: string;
}

/** The transports order → inventory can use for ReserveStock (DESIGN.md §2). rmq arrives later. */
export const RESERVE_TRANSPORTS = ['grpc', 'rest', 'kafka'] as const;
export type ReserveTransport = (typeof RESERVE_TRANSPORTS)[number];
/** Transports DESIGN.md names that this build does not offer yet: answered with a 400 naming the supported ones. */
export const PLANNED_TRANSPORTS = ['rmq'] as const;

export interface StockReserver {
  readonly transport: ReserveTransport;
  /** Rejects with AppError OUT_OF_STOCK (409), UNKNOWN_SKU (400), INVENTORY_UNAVAILABLE (503), … */
  reserve(request: ReservationRequest): Promise<Reservation>;
  /** Compensation when the order cannot be stored after the stock was reserved. */
  release(reservationId: string): Promise<void>;
}

export const STOCK_RESERVERS = Symbol('STOCK_RESERVERS');
