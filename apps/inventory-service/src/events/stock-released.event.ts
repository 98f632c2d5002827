import {
  createEnvelope,
  STOCK_RELEASED_V1,
  type StockReleasedV1,
  type StockReleasedV1Message,
} from '@commlab/contracts';

import type { ReservationItem } from '../reservations/reservation.types';
import type { EventCause } from './event-cause';
import { envelopeBase } from './inventory-event';

export interface ReleasedReservation {
  reservationId: string;
  orderId: string;
  /** What went back into stock. */
  items: readonly ReservationItem[];
}

/** `commlab.stock.released.v1`: a reservation was released; its items are available again. */
export function stockReleasedEvent(
  release: ReleasedReservation,
  cause: EventCause,
  at: Date = new Date(),
): StockReleasedV1Message {
  const data: StockReleasedV1 = {
    reservationId: release.reservationId,
    orderId: release.orderId,
    items: release.items.map(({ sku, quantity }) => ({ sku, quantity })),
    releasedAt: at.toISOString(),
  };
  return createEnvelope({ type: STOCK_RELEASED_V1, ...envelopeBase(release.reservationId, cause, at), data });
}
