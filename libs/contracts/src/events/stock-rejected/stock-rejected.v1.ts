import { z } from 'zod';

import type { Envelope } from '../envelope';
import { id, isoTime, rejectionReason, sku } from '../common/primitives';

/** Inventory refused a reservation; nothing was reserved (all or nothing). Subject: reservation id. */
export const STOCK_REJECTED_V1 = 'commlab.stock.rejected.v1';

export const stockRejectedV1Schema = z.strictObject({
  reservationId: id,
  orderId: id,
  reason: rejectionReason,
  skus: z.array(sku).max(100),
  rejectedAt: isoTime,
});

export type StockRejectedV1 = z.infer<typeof stockRejectedV1Schema>;
export type StockRejectedV1Message = Envelope<typeof STOCK_REJECTED_V1, StockRejectedV1>;
