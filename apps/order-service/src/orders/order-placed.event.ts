import {
  createEnvelope,
  ORDER_PLACED_V1,
  type OrderPlacedV1,
  type OrderPlacedV1Message,
} from '@commlab/contracts';

import type { Order } from './order';

export const ORDER_SERVICE_SOURCE = '/commlab/order-service';

/** The `commlab.order.placed.v1` event of a sync order (stock already reserved, prices known). */
export function orderPlacedEvent(
  order: Order & { currency: string },
  correlationId: string | undefined,
): OrderPlacedV1Message {
  const data: OrderPlacedV1 = {
    orderId: order.id,
    userId: order.userId,
    mode: 'sync',
    items: order.items.map(({ sku, quantity, unitPriceCents }) => ({ sku, quantity, unitPriceCents })),
    totalCents: order.totalCents,
    currency: order.currency,
    placedAt: order.createdAt,
  };
  return createEnvelope({
    type: ORDER_PLACED_V1,
    source: ORDER_SERVICE_SOURCE,
    subject: order.id,
    ...(correlationId === undefined ? {} : { correlationId }),
    time: new Date(order.createdAt),
    data,
  });
}
