import { createEnvelope, ORDER_ACCEPTED_V1, type OrderAcceptedV1Message } from '@commlab/contracts';

import type { Order } from './order';
import type { Cause } from './order-completion.events';
import { ORDER_SERVICE_SOURCE } from './order-placed.event';

/**
 * OrderAccepted of a choreographed async order (Kafka `orders`): the only thing order-service says —
 * inventory reacts to it by reserving (the reservation id is the order id, as in ReserveStock).
 */
export function orderAcceptedEvent(
  order: Order & { expiresAt: string; saga: 'choreography' },
  cause: Cause,
): OrderAcceptedV1Message {
  return createEnvelope({
    type: ORDER_ACCEPTED_V1,
    source: ORDER_SERVICE_SOURCE,
    subject: order.id,
    time: new Date(order.createdAt),
    ...(cause.correlationId === undefined ? {} : { correlationId: cause.correlationId }),
    data: {
      orderId: order.id,
      userId: order.userId,
      reservationId: order.id,
      items: order.items.map(({ sku, quantity }) => ({ sku, quantity })),
      saga: order.saga,
      acceptedAt: order.createdAt,
      expiresAt: order.expiresAt,
    },
  });
}
