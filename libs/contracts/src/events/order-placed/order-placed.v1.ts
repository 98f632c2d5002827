import { z } from 'zod';

import type { Envelope } from '../envelope';
import { cents, currency, id, isoTime, pricedLine } from '../shared/primitives';

/** An order was accepted: stock is reserved (sync flow) or about to be (async flow). Subject: order id. */
export const ORDER_PLACED_V1 = 'commlab.order.placed.v1';

export const orderPlacedV1Schema = z.strictObject({
  orderId: id,
  userId: id,
  /** `sync`: placed with stock already reserved; `async`: reservation requested, confirmation follows. */
  mode: z.enum(['sync', 'async']),
  items: z.array(pricedLine).min(1).max(100),
  totalCents: cents,
  currency,
  placedAt: isoTime,
});

export type OrderPlacedV1 = z.infer<typeof orderPlacedV1Schema>;
export type OrderPlacedV1Message = Envelope<typeof ORDER_PLACED_V1, OrderPlacedV1>;
