import {
  createEnvelope,
  type RejectionReason,
  STOCK_REJECTED_V1,
  type StockRejectedV1,
  type StockRejectedV1Message,
} from '@commlab/contracts';

import type { EventCause } from './event-cause';
import { envelopeBase } from './inventory-event';

export interface RejectedReservation {
  reservationId: string;
  orderId: string;
  reason: RejectionReason;
  /** The SKUs the refusal is about (for OUT_OF_STOCK: the short ones). */
  skus: readonly string[];
}

/** `commlab.stock.rejected.v1`: a reservation was refused and nothing was reserved. */
export function stockRejectedEvent(
  rejection: RejectedReservation,
  cause: EventCause,
  at: Date = new Date(),
): StockRejectedV1Message {
  const data: StockRejectedV1 = {
    reservationId: rejection.reservationId,
    orderId: rejection.orderId,
    reason: rejection.reason,
    skus: [...rejection.skus],
    rejectedAt: at.toISOString(),
  };
  return createEnvelope({
    type: STOCK_REJECTED_V1,
    ...envelopeBase(rejection.reservationId, cause, at),
    data,
  });
}
