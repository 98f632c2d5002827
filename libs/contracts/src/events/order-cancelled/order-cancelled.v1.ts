import { z } from 'zod';

import type { Envelope } from '../envelope';
import { id, isoTime, orderLine } from '../common/primitives';

/**
 * The customer cancelled an order that was PENDING or CONFIRMED: it is final (CANCELLED). Inventory
 * releases the reservation `reservationId` (compensation), or refuses it if its ReserveStock command comes
 * later. Subject: order id.
 */
export const ORDER_CANCELLED_V1 = 'commlab.order.cancelled.v1';

export const orderCancelledV1Schema = z.strictObject({
  orderId: id,
  userId: id,
  /** The reservation inventory holds (or would hold) for the order: its id is the order id. */
  reservationId: id,
  mode: z.enum(['sync', 'async']),
  /** The status the order left: a PENDING order may hold no stock yet, a CONFIRMED one does. */
  previousStatus: z.enum(['PENDING', 'CONFIRMED']),
  items: z.array(orderLine).min(1).max(100),
  cancelledAt: isoTime,
});

export type OrderCancelledV1 = z.infer<typeof orderCancelledV1Schema>;
export type OrderCancelledV1Message = Envelope<typeof ORDER_CANCELLED_V1, OrderCancelledV1>;
