import { z } from 'zod';

import type { Envelope } from '../envelope';
import { cents, currency, id, isoTime, pricedLine } from '../common/primitives';

/**
 * A sync order was placed: its stock is reserved and its prices are known. Subject: order id. (An async
 * order announces itself with its outcome, OrderConfirmed / OrderRejected, once inventory has answered.)
 */
export const ORDER_PLACED_V1 = 'commlab.order.placed.v1';

export const orderPlacedV1Schema = z.strictObject({
  orderId: id,
  userId: id,
  /** Always `sync`: placed with stock already reserved. */
  mode: z.literal('sync'),
  items: z.array(pricedLine).min(1).max(100),
  totalCents: cents,
  currency,
  placedAt: isoTime,
});

export type OrderPlacedV1 = z.infer<typeof orderPlacedV1Schema>;
export type OrderPlacedV1Message = Envelope<typeof ORDER_PLACED_V1, OrderPlacedV1>;
