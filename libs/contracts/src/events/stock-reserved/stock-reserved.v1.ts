import { z } from 'zod';

import type { Envelope } from '../envelope';
import { cents, currency, id, isoTime, pricedLine } from '../common/primitives';

/** Inventory reserved every item of a reservation, at these prices. Subject: reservation id. */
export const STOCK_RESERVED_V1 = 'commlab.stock.reserved.v1';

export const stockReservedV1Schema = z.strictObject({
  reservationId: id,
  orderId: id,
  items: z.array(pricedLine).min(1).max(100),
  totalCents: cents,
  currency,
  reservedAt: isoTime,
});

export type StockReservedV1 = z.infer<typeof stockReservedV1Schema>;
export type StockReservedV1Message = Envelope<typeof STOCK_RESERVED_V1, StockReservedV1>;
