import { z } from 'zod';

import type { Envelope } from '../envelope';
import { id, isoTime, orderLine } from '../common/primitives';

/**
 * An order that was PENDING or CONFIRMED was given up: the customer cancelled it (CANCELLED), or an async
 * order waited past its deadline for inventory's answer and order-service expired it (EXPIRED, `reason`
 * `TIMED_OUT`). Either way it is final, and inventory releases the reservation `reservationId`
 * (compensation), or refuses it if its ReserveStock command comes later. Subject: order id.
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
  /**
   * Who gave the order up: `CUSTOMER` (POST /orders/{id}/cancel; also what a message without the field
   * means: it was added later, optional) or `TIMED_OUT` (a PENDING async order expired past its deadline).
   */
  reason: z.enum(['CUSTOMER', 'TIMED_OUT']).optional(),
});

export type OrderCancelledV1 = z.infer<typeof orderCancelledV1Schema>;
export type OrderCancelledV1Message = Envelope<typeof ORDER_CANCELLED_V1, OrderCancelledV1>;
/** Why an order was given up (OrderCancelled's `reason`); absent means CUSTOMER. */
export type CancellationReason = NonNullable<OrderCancelledV1['reason']>;
