import { z } from 'zod';

import type { Envelope } from '../envelope';
import { id, isoTime, orderLine } from '../common/primitives';

/**
 * Inventory released a reservation (compensation: the order could not be kept); the items are available
 * again. Subject: reservation id.
 */
export const STOCK_RELEASED_V1 = 'commlab.stock.released.v1';

export const stockReleasedV1Schema = z.strictObject({
  reservationId: id,
  orderId: id,
  items: z.array(orderLine).min(1).max(100),
  releasedAt: isoTime,
});

export type StockReleasedV1 = z.infer<typeof stockReleasedV1Schema>;
export type StockReleasedV1Message = Envelope<typeof STOCK_RELEASED_V1, StockReleasedV1>;
