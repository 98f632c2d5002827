import {
  type CancellationReason,
  createEnvelope,
  ORDER_CANCELLED_V1,
  type OrderCancelledV1Message,
} from '@commlab/contracts';

import type { Order } from './order';
import { ORDER_SERVICE_SOURCE } from './order-placed.event';

/**
 * `commlab.order.cancelled.v1` for an order that was PENDING or CONFIRMED: cancelled by its customer
 * (`CUSTOMER`) or expired past its deadline (`TIMED_OUT`). The reservation id is the order id (as in every
 * ReserveStock order-service sends), so inventory knows what to release or refuse — the same compensation
 * for both.
 */
export function orderCancelledEvent(
  order: Order,
  previousStatus: 'PENDING' | 'CONFIRMED',
  at: Date,
  correlationId: string | undefined,
  reason: CancellationReason = 'CUSTOMER',
): OrderCancelledV1Message {
  return createEnvelope({
    type: ORDER_CANCELLED_V1,
    source: ORDER_SERVICE_SOURCE,
    subject: order.id,
    time: at,
    ...(correlationId === undefined ? {} : { correlationId }),
    data: {
      orderId: order.id,
      userId: order.userId,
      reservationId: order.id,
      mode: order.mode,
      previousStatus,
      items: order.items.map(({ sku, quantity }) => ({ sku, quantity })),
      cancelledAt: at.toISOString(),
      reason,
    },
  });
}
