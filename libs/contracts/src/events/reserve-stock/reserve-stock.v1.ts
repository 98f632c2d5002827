import { z } from 'zod';

import type { Envelope } from '../envelope';
import { id, orderLine } from '../common/primitives';

/**
 * A command, not an event: "reserve these items, all or nothing". Sent by order-service to
 * inventory-service (RabbitMQ `inventory.commands`). The reservation id is the idempotency key:
 * the same command twice reserves once. Subject: reservation id.
 */
export const RESERVE_STOCK_V1 = 'commlab.inventory.reserve-stock.v1';

export const reserveStockV1Schema = z.strictObject({
  reservationId: id,
  orderId: id,
  items: z.array(orderLine).min(1).max(100),
});

export type ReserveStockV1 = z.infer<typeof reserveStockV1Schema>;
export type ReserveStockV1Message = Envelope<typeof RESERVE_STOCK_V1, ReserveStockV1>;
