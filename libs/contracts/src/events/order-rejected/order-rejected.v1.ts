import { z } from 'zod';

import type { Envelope } from '../envelope';
import { id, isoTime, rejectionReason, sku } from '../common/primitives';

/** An async order could not get its stock. Subject: order id. */
export const ORDER_REJECTED_V1 = 'commlab.order.rejected.v1';

export const orderRejectedV1Schema = z.strictObject({
  orderId: id,
  userId: id,
  reason: rejectionReason,
  /** The SKUs that caused the rejection (out of stock or unknown). */
  skus: z.array(sku).max(100),
  rejectedAt: isoTime,
});

export type OrderRejectedV1 = z.infer<typeof orderRejectedV1Schema>;
export type OrderRejectedV1Message = Envelope<typeof ORDER_REJECTED_V1, OrderRejectedV1>;
