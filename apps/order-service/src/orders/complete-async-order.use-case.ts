import {
  type CommlabMessage,
  STOCK_REJECTED_V1,
  STOCK_RESERVED_V1,
  type StockRejectedV1Message,
  type StockReservedV1Message,
} from '@commlab/contracts';
import { EventPublisher, type UnitOfWork } from '@commlab/messaging';
import { annotateActiveSpan, ORDER_ID_ATTRIBUTE } from '@commlab/service-kit';
import { Injectable, Logger } from '@nestjs/common';

import { WebhookDeliveryRepository } from '../webhooks/webhook-delivery.repository';
import { WebhookDispatcher } from '../webhooks/webhook-dispatcher';
import type { Order } from './order';
import { isFinal } from './decide-cancellation';
import { notificationJob, orderConfirmedEvent, orderRejectedEvent } from './order-completion.events';
import { OrderRepository } from './order.repository';

/** The inbox name of order's consumer of inventory events (its Kafka consumer group's). */
export const INVENTORY_EVENTS_CONSUMER = 'order';

export type CompletionResult = 'confirmed' | 'rejected' | 'ignored' | 'duplicate';

/**
 * Completes an async order from inventory's answer on Kafka `inventory`, exactly once (inbox row and
 * effect in one transaction): StockReserved → CONFIRMED with the reserved prices, StockRejected →
 * REJECTED; then OrderConfirmed / OrderRejected (Kafka `orders` + `commlab.events`) and the customer's
 * notification job go out through the outbox. Events about sync orders (already CONFIRMED), orders cancelled
 * while they waited (CANCELLED: inventory releases or refuses their stock itself), unknown orders and other
 * types are acknowledged and ignored.
 */
@Injectable()
export class CompleteAsyncOrder {
  private readonly logger = new Logger(CompleteAsyncOrder.name);

  constructor(
    private readonly orders: OrderRepository,
    private readonly events: EventPublisher,
    private readonly callbacks: WebhookDeliveryRepository,
    private readonly dispatcher: WebhookDispatcher,
  ) {}

  async execute(message: CommlabMessage): Promise<CompletionResult> {
    if (message.type !== STOCK_RESERVED_V1 && message.type !== STOCK_REJECTED_V1) return 'ignored';
    annotateActiveSpan({ [ORDER_ID_ATTRIBUTE]: message.data.orderId });
    // Most of inventory's answers are about sync orders, already CONFIRMED, or about orders already
    // settled: CONFIRMED, REJECTED and CANCELLED are final, so one plain read settles those answers — no
    // inbox row, no transaction. Every other answer goes through the exactly-once path below, where only a
    // PENDING order completes (under its row lock, so a cancellation and a completion never both win).
    const status = await this.orders.statusOf(message.data.orderId);
    if (status !== undefined && isFinal(status)) return 'ignored';
    const inbox = { consumer: INVENTORY_EVENTS_CONSUMER, messageId: message.id };
    const result = await this.events.transactionOnce(inbox, (unit) => this.complete(unit, message));
    if (result.status === 'duplicate') return 'duplicate';
    if (result.result !== 'ignored') {
      this.logger.log({ orderId: message.data.orderId, outcome: result.result }, 'async order completed');
      this.dispatcher.notify();
    }
    return result.result;
  }

  private async complete(
    unit: UnitOfWork,
    message: StockReservedV1Message | StockRejectedV1Message,
  ): Promise<Exclude<CompletionResult, 'duplicate'>> {
    const order = await this.orders.lockById(unit.tx, message.data.orderId);
    if (order?.status !== 'PENDING') return 'ignored';
    const cause = { correlationId: message.correlationid, causationId: message.id };
    const now = new Date();
    let final: Order;
    if (message.type === STOCK_RESERVED_V1) {
      const { items, totalCents, currency } = message.data;
      const priced = {
        items: items.map((item) => ({ ...item, lineTotalCents: item.quantity * item.unitPriceCents })),
        totalCents,
        currency,
      };
      await this.orders.confirm(unit.tx, order.id, priced);
      const confirmed = { ...order, ...priced, status: 'CONFIRMED' as const };
      final = confirmed;
      await unit.publish(orderConfirmedEvent(confirmed, now, cause));
    } else {
      const rejection = { reason: message.data.reason, skus: message.data.skus };
      await this.orders.reject(unit.tx, order.id, rejection);
      const rejected = { ...order, rejection, status: 'REJECTED' as const };
      final = rejected;
      await unit.publish(orderRejectedEvent(rejected, rejection, now, cause));
    }
    const outcome = message.type === STOCK_RESERVED_V1 ? 'confirmed' : 'rejected';
    if (order.userEmail !== null) {
      await unit.publish(notificationJob(final, order.userEmail, `order-${outcome}`, cause));
    }
    if (order.callbackUrl !== null) {
      const { userEmail: _email, ...view } = final as Order & { userEmail?: string | null };
      await this.callbacks.schedule(unit.tx, {
        orderId: order.id,
        webhookId: `msg_${order.id}`,
        url: order.callbackUrl,
        // Standard Webhooks payload shape: type, timestamp, data.
        payload: { type: `order.${outcome}`, timestamp: now.toISOString(), data: view },
      });
    }
    unit.announce(`order.${outcome}`, { orderId: order.id, mode: 'async' });
    return outcome;
  }
}
