import { AppError } from '@commlab/errors';
import { EventPublisher } from '@commlab/messaging';
import { annotateActiveSpan, currentCorrelationId, ORDER_ID_ATTRIBUTE } from '@commlab/service-kit';
import { Injectable, Logger } from '@nestjs/common';

import type { Principal } from '../auth/principal';
import { decideCancellation } from './decide-cancellation';
import type { Order } from './order';
import { orderCancelledEvent } from './order-cancelled.event';
import { OrderRepository } from './order.repository';

export function orderNotFound(orderId: string): AppError {
  return new AppError({
    code: 'ORDER_NOT_FOUND',
    kind: 'not_found',
    message: `no order ${orderId} for this user`,
  });
}

export function orderNotCancellable(orderId: string, status: Order['status']): AppError {
  return new AppError({
    code: 'ORDER_NOT_CANCELLABLE',
    kind: 'failed_precondition',
    message: `order ${orderId} is ${status}: only a PENDING or CONFIRMED order can be cancelled`,
    details: { orderId, status },
  });
}

/**
 * Cancels one of the caller's orders, sync or async: PENDING or CONFIRMED → CANCELLED, and
 * `commlab.order.cancelled.v1` into the outbox in the same transaction (Kafka `orders` + `commlab.events`
 * `order.cancelled`), where inventory picks it up to release the order's reservation (compensation).
 * The order row is locked first (`FOR UPDATE`), as completing an async order does, so a cancellation and
 * inventory's answer are one after the other: whichever commits first wins, and the second sees a final
 * status. Idempotent: a CANCELLED order is answered as it is, nothing published again. REJECTED → 409
 * ORDER_NOT_CANCELLABLE; no order of this user → 404 ORDER_NOT_FOUND (another user's order too).
 */
@Injectable()
export class CancelOrder {
  private readonly logger = new Logger(CancelOrder.name);

  constructor(
    private readonly orders: OrderRepository,
    private readonly events: EventPublisher,
  ) {}

  async execute(principal: Principal, orderId: string): Promise<Order> {
    annotateActiveSpan({ [ORDER_ID_ATTRIBUTE]: orderId });
    const correlationId = currentCorrelationId();
    const outcome = await this.events.transaction(async (unit) => {
      const stored = await this.orders.lockById(unit.tx, orderId);
      if (stored?.userId !== principal.userId) throw orderNotFound(orderId);
      const { userEmail: _email, ...order } = stored;
      const decision = decideCancellation(order.status);
      if (decision.kind === 'not-cancellable') throw orderNotCancellable(orderId, decision.status);
      if (decision.kind === 'already-cancelled') return { order, cancelled: false };
      const at = new Date();
      await this.orders.cancel(unit.tx, orderId, at);
      await unit.publish(orderCancelledEvent(order, decision.previousStatus, at, correlationId));
      unit.announce('order.cancelled', {
        orderId,
        mode: order.mode,
        previousStatus: decision.previousStatus,
      });
      return { order: { ...order, status: 'CANCELLED' as const }, cancelled: true };
    });
    if (outcome.cancelled) this.logger.log({ orderId, mode: outcome.order.mode }, 'order cancelled');
    return outcome.order;
  }
}
