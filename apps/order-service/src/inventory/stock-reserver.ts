import { AppError } from '@commlab/errors';
import { fromRpcErrorPayload } from '@commlab/service-kit';
import { TimeoutError } from 'rxjs';
import { z } from 'zod';

import { inventoryFailure } from './inventory-errors';

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

/** A reply checked against `reservationReplySchema`; anything else is 503 INVENTORY_UNAVAILABLE (BAD_RESPONSE). */
export function parseReservationReply(reply: unknown, source: string): Reservation {
  const parsed = reservationReplySchema.safeParse(reply);
  if (parsed.success) return parsed.data;
  throw inventoryFailure(
    new AppError({
      code: 'BAD_RESPONSE',
      kind: 'internal',
      message: `unexpected reply from ${source}`,
      cause: parsed.error,
    }),
  );
}

/**
 * What a broker request-reply (Kafka, RabbitMQ) failed with, as an AppError: the remote handler's
 * RpcErrorPayload (OUT_OF_STOCK, …), no reply before the deadline (DEADLINE_EXCEEDED), or a local one.
 */
export function brokerRpcError(error: unknown, noReplyMessage: string): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof TimeoutError) {
    return new AppError({
      code: 'DEADLINE_EXCEEDED',
      kind: 'deadline_exceeded',
      message: noReplyMessage,
      cause: error,
    });
  }
  return fromRpcErrorPayload(error, () => 'INVENTORY_FAILED');
}

export interface Reservation {
  reservationId: string;
  lines: { sku: string; quantity: number; unitPriceCents: number; lineTotalCents: number }[];
  totalCents: number;
  currency: string;
}

/** The transports order → inventory can use for ReserveStock. */
export const RESERVE_TRANSPORTS = ['grpc', 'rest', 'rmq', 'kafka'] as const;
export type ReserveTransport = (typeof RESERVE_TRANSPORTS)[number];

export interface StockReserver {
  readonly transport: ReserveTransport;
  /** Rejects with AppError OUT_OF_STOCK (409), UNKNOWN_SKU (400), INVENTORY_UNAVAILABLE (503), … */
  reserve(request: ReservationRequest): Promise<Reservation>;
  /** Compensation when the order cannot be stored after the stock was reserved. */
  release(reservationId: string): Promise<void>;
}

export const STOCK_RESERVERS = Symbol('STOCK_RESERVERS');
