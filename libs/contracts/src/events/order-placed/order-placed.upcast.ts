import { ORDER_PLACED_V1, type OrderPlacedV1Message } from './order-placed.v1';
import { ORDER_PLACED_V2, type OrderPlacedV2Message } from './order-placed.v2';

/**
 * OrderPlaced v1 as v2, losslessly: v1's one currency goes on every amount. The envelope is kept — the
 * same id (so an inbox that saw the v1 record dedupes it), time, subject, correlation and causation —
 * only the type and the data change. Pure.
 */
export function upcastOrderPlacedV1(message: OrderPlacedV1Message): OrderPlacedV2Message {
  const { data } = message;
  const { currency } = data;
  return {
    ...message,
    type: ORDER_PLACED_V2,
    data: {
      orderId: data.orderId,
      userId: data.userId,
      mode: data.mode,
      items: data.items.map((line) => ({
        sku: line.sku,
        quantity: line.quantity,
        unitPrice: { amountCents: line.unitPriceCents, currency },
      })),
      total: { amountCents: data.totalCents, currency },
      placedAt: data.placedAt,
    },
  };
}

/** Whichever version a topic held, as the latest one: what a reader of OrderPlaced works with. */
export function latestOrderPlaced(
  message: OrderPlacedV1Message | OrderPlacedV2Message,
): OrderPlacedV2Message {
  return message.type === ORDER_PLACED_V1 ? upcastOrderPlacedV1(message) : message;
}
