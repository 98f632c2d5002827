import {
  createEnvelope,
  STOCK_RESERVED_V1,
  type StockReservedV1,
  type StockReservedV1Message,
} from '@commlab/contracts';

import type { Reservation } from '../reservations/reservation.types';
import type { EventCause } from './event-cause';
import { envelopeBase } from './inventory-event';

/** `commlab.stock.reserved.v1`: every item of a new reservation was reserved, at these prices. */
export function stockReservedEvent(
  reservation: Reservation,
  cause: EventCause,
  at: Date = new Date(),
): StockReservedV1Message {
  const data: StockReservedV1 = {
    reservationId: reservation.reservationId,
    orderId: reservation.orderId,
    items: reservation.lines.map(({ sku, quantity, unitPriceCents }) => ({ sku, quantity, unitPriceCents })),
    totalCents: reservation.totalCents,
    currency: reservation.currency,
    reservedAt: at.toISOString(),
  };
  return createEnvelope({
    type: STOCK_RESERVED_V1,
    ...envelopeBase(reservation.reservationId, cause, at),
    data,
  });
}
