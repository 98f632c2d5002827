import { z } from 'zod';

import type { Envelope } from '../envelope';
import { cents, currency, id, isoTime, pricedLine } from '../common/primitives';

/** An async order got its stock: it is final. Subject: order id. */
export const ORDER_CONFIRMED_V1 = 'commlab.order.confirmed.v1';

export const orderConfirmedV1Schema = z.strictObject({
  orderId: id,
  userId: id,
  reservationId: id,
  items: z.array(pricedLine).min(1).max(100),
  totalCents: cents,
  currency,
  confirmedAt: isoTime,
});

export type OrderConfirmedV1 = z.infer<typeof orderConfirmedV1Schema>;
export type OrderConfirmedV1Message = Envelope<typeof ORDER_CONFIRMED_V1, OrderConfirmedV1>;
