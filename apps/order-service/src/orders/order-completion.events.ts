import {
  createEnvelope,
  NOTIFICATION_REQUESTED_V1,
  type NotificationRequestedV1Message,
  ORDER_CONFIRMED_V1,
  ORDER_REJECTED_V1,
  type OrderConfirmedV1Message,
  type OrderRejectedV1Message,
  RESERVE_STOCK_V1,
  type RejectionReason,
  type ReserveStockV1Message,
} from '@commlab/contracts';

import type { Order } from './order';
import { ORDER_SERVICE_SOURCE } from './order-placed.event';

/** What an event caused by another message carries: the chain's correlation id and its direct cause. */
export interface Cause {
  correlationId?: string | undefined;
  causationId?: string | undefined;
}

function causeFields(cause: Cause): { correlationId?: string; causationId?: string } {
  return {
    ...(cause.correlationId === undefined ? {} : { correlationId: cause.correlationId }),
    ...(cause.causationId === undefined ? {} : { causationId: cause.causationId }),
  };
}

/** ReserveStock for a PENDING async order; the reservation id is the order id (idempotent on inventory). */
export function reserveStockCommand(order: Order, cause: Cause): ReserveStockV1Message {
  return createEnvelope({
    type: RESERVE_STOCK_V1,
    source: ORDER_SERVICE_SOURCE,
    subject: order.id,
    ...causeFields(cause),
    data: {
      reservationId: order.id,
      orderId: order.id,
      items: order.items.map(({ sku, quantity }) => ({ sku, quantity })),
    },
  });
}

export function orderConfirmedEvent(
  order: Order & { currency: string },
  at: Date,
  cause: Cause,
): OrderConfirmedV1Message {
  return createEnvelope({
    type: ORDER_CONFIRMED_V1,
    source: ORDER_SERVICE_SOURCE,
    subject: order.id,
    time: at,
    ...causeFields(cause),
    data: {
      orderId: order.id,
      userId: order.userId,
      reservationId: order.id,
      items: order.items.map(({ sku, quantity, unitPriceCents }) => ({ sku, quantity, unitPriceCents })),
      totalCents: order.totalCents,
      currency: order.currency,
      confirmedAt: at.toISOString(),
    },
  });
}

export function orderRejectedEvent(
  order: Order,
  rejection: { reason: RejectionReason; skus: string[] },
  at: Date,
  cause: Cause,
): OrderRejectedV1Message {
  return createEnvelope({
    type: ORDER_REJECTED_V1,
    source: ORDER_SERVICE_SOURCE,
    subject: order.id,
    time: at,
    ...causeFields(cause),
    data: { orderId: order.id, userId: order.userId, ...rejection, rejectedAt: at.toISOString() },
  });
}

export type NotificationTemplate = 'order-placed' | 'order-confirmed' | 'order-rejected';

/** The e-mail job for notification-service; its id makes it idempotent (one per order and template). */
export function notificationJob(
  order: Order,
  to: string,
  template: NotificationTemplate,
  cause: Cause,
): NotificationRequestedV1Message {
  return createEnvelope({
    type: NOTIFICATION_REQUESTED_V1,
    source: ORDER_SERVICE_SOURCE,
    subject: order.id,
    ...causeFields(cause),
    data: {
      notificationId: `${order.id}:${template}`,
      orderId: order.id,
      userId: order.userId,
      channel: 'email',
      to,
      template,
      params: { totalCents: order.totalCents, currency: order.currency ?? '', status: order.status },
    },
  });
}
