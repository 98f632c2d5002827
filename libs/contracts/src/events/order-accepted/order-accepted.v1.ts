import { z } from 'zod';

import type { Envelope } from '../envelope';
import { id, isoTime, orderLine } from '../common/primitives';

/**
 * An async order was accepted (202, PENDING) and its stock is not reserved yet: the opening event of a
 * choreographed order. Sent by order-service (Kafka `orders`) for an order placed with
 * `?saga=choreography`; inventory-service reacts to it by reserving the stock and answers with
 * StockReserved / StockRejected, as it does for a ReserveStock command. An orchestrated order (the
 * default) is driven by that command instead and announces nothing here.
 *
 * Why not OrderPlaced: OrderPlaced says "placed, stock reserved, prices known" — reporting counts it as a
 * confirmed sale and notification mails it. An accepted async order has no prices and may still be
 * rejected, so it is a fact of its own. Subject: order id.
 */
export const ORDER_ACCEPTED_V1 = 'commlab.order.accepted.v1';

/** How an async order's stock reservation is coordinated (docs/architecture.md, "The two order flows"). */
export const SAGA_STYLES = ['orchestration', 'choreography'] as const;
export type SagaStyle = (typeof SAGA_STYLES)[number];

export const orderAcceptedV1Schema = z.strictObject({
  orderId: id,
  userId: id,
  /** The reservation id inventory uses: the order id, as in ReserveStock (idempotent). */
  reservationId: id,
  items: z.array(orderLine).min(1).max(100),
  /** Who drives the order: `choreography` — inventory reacts to this event; `orchestration` — it does not. */
  saga: z.enum(SAGA_STYLES),
  acceptedAt: isoTime,
  /** The order's deadline: still PENDING then, order-service expires it (and OrderCancelled follows). */
  expiresAt: isoTime,
});

export type OrderAcceptedV1 = z.infer<typeof orderAcceptedV1Schema>;
export type OrderAcceptedV1Message = Envelope<typeof ORDER_ACCEPTED_V1, OrderAcceptedV1>;
