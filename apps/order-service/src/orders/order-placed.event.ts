import {
  createEnvelope,
  ORDER_PLACED_V2,
  type OrderPlacedV2,
  type OrderPlacedV2Message,
} from '@commlab/contracts';

import type { Order } from './order';

export const ORDER_SERVICE_SOURCE = '/commlab/order-service';

/**
 * The `commlab.order.placed.v2` event of a sync order (stock already reserved, prices known): every amount
 * with its currency. (v1, sent before, stays readable: its readers upcast it.)
 */
export function orderPlacedEvent(
  order: Order & { currency: string },
  correlationId: string | undefined,
): OrderPlacedV2Message {
  const { currency } = order;
  const data: OrderPlacedV2 = {
    orderId: order.id,
    userId: order.userId,
    mode: 'sync',
    items: order.items.map(({ sku, quantity, unitPriceCents }) => ({
      sku,
      quantity,
      unitPrice: { amountCents: unitPriceCents, currency },
    })),
    total: { amountCents: order.totalCents, currency },
    placedAt: order.createdAt,
  };
  return createEnvelope({
    type: ORDER_PLACED_V2,
    source: ORDER_SERVICE_SOURCE,
    subject: order.id,
    ...(correlationId === undefined ? {} : { correlationId }),
    time: new Date(order.createdAt),
    data,
  });
}
