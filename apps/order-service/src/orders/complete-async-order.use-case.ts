import {
  type CommlabMessage,
  STOCK_REJECTED_V1,
  STOCK_RESERVED_V1,
  type StockRejectedV1Message,
  type StockReservedV1Message,
} from '@commlab/contracts';
import { enqueueOutbox, LIVE_FEED, type LiveFeed, OutboxRelay, processOnce } from '@commlab/messaging';
import type { Database, SqlExecutor } from '@commlab/persistence';
import { Inject, Injectable, Logger } from '@nestjs/common';

import { ORDER_DATABASE } from '../database/order-database.provider';
import {
  completionMessages,
  notificationJob,
  orderConfirmedEvent,
  orderRejectedEvent,
} from './order-completion.events';
import { WebhookDeliveryRepository } from '../webhooks/webhook-delivery.repository';
import { WebhookDispatcher } from '../webhooks/webhook-dispatcher';
import type { Order } from './order';
import { OrderRepository } from './order.repository';

/** The inbox name of order's consumer of inventory events (its Kafka consumer group's). */
export const INVENTORY_EVENTS_CONSUMER = 'order';

export type CompletionResult = 'confirmed' | 'rejected' | 'ignored' | 'duplicate';

/**
 * Completes an async order from inventory's answer on Kafka `inventory`, exactly once (inbox row and
 * effect in one transaction): StockReserved → CONFIRMED with the reserved prices, StockRejected →
 * REJECTED; then OrderConfirmed / OrderRejected (Kafka `orders` + `commlab.events`) and the customer's
 * notification job go out through the outbox. Events about sync orders (already CONFIRMED), unknown orders
 * and other types are acknowledged and ignored.
 */
@Injectable()
export class CompleteAsyncOrder {
  private readonly logger = new Logger(CompleteAsyncOrder.name);

  constructor(
    @Inject(ORDER_DATABASE) private readonly db: Database,
    private readonly orders: OrderRepository,
    @Inject(OutboxRelay) private readonly outboxRelay: Pick<OutboxRelay, 'notify'>,
    private readonly callbacks: WebhookDeliveryRepository,
    private readonly dispatcher: WebhookDispatcher,
    @Inject(LIVE_FEED) private readonly feed: Pick<LiveFeed, 'publish'>,
  ) {}

  async execute(message: CommlabMessage): Promise<CompletionResult> {
    if (message.type !== STOCK_RESERVED_V1 && message.type !== STOCK_REJECTED_V1) return 'ignored';
    const result = await processOnce(this.db, INVENTORY_EVENTS_CONSUMER, message.id, (tx) =>
      this.complete(tx, message),
    );
    if (result.status === 'duplicate') return 'duplicate';
    if (result.result !== 'ignored') {
      this.logger.log({ orderId: message.data.orderId, outcome: result.result }, 'async order completed');
      this.outboxRelay.notify();
      this.dispatcher.notify();
      this.feed.publish(`order.${result.result}`, { orderId: message.data.orderId, mode: 'async' });
    }
    return result.result;
  }

  private async complete(
    tx: SqlExecutor,
    message: StockReservedV1Message | StockRejectedV1Message,
  ): Promise<Exclude<CompletionResult, 'duplicate'>> {
    const order = await this.orders.lockById(tx, message.data.orderId);
    if (order?.status !== 'PENDING') return 'ignored';
    const cause = { correlationId: message.correlationid, causationId: message.id };
    const now = new Date();
    let outgoing;
    let final: Order;
    if (message.type === STOCK_RESERVED_V1) {
      const { items, totalCents, currency } = message.data;
      const priced = {
        items: items.map((item) => ({ ...item, lineTotalCents: item.quantity * item.unitPriceCents })),
        totalCents,
        currency,
      };
      await this.orders.confirm(tx, order.id, priced);
      const confirmed = { ...order, ...priced, status: 'CONFIRMED' as const };
      final = confirmed;
      outgoing = completionMessages(
        orderConfirmedEvent(confirmed, now, cause),
        order.userEmail === null
          ? undefined
          : notificationJob(confirmed, order.userEmail, 'order-confirmed', cause),
      );
    } else {
      const rejection = { reason: message.data.reason, skus: message.data.skus };
      await this.orders.reject(tx, order.id, rejection);
      const rejected = { ...order, rejection, status: 'REJECTED' as const };
      final = rejected;
      outgoing = completionMessages(
        orderRejectedEvent(rejected, rejection, now, cause),
        order.userEmail === null
          ? undefined
          : notificationJob(rejected, order.userEmail, 'order-rejected', cause),
      );
    }
    for (const { envelope, destination, rowId } of outgoing) {
      await enqueueOutbox(tx, envelope, destination, {
        key: order.id,
        ...(rowId === undefined ? {} : { rowId }),
      });
    }
    if (order.callbackUrl !== null) {
      const { userEmail: _email, ...view } = final as Order & { userEmail?: string | null };
      const type = final.status === 'CONFIRMED' ? 'order.confirmed' : 'order.rejected';
      await this.callbacks.schedule(tx, {
        orderId: order.id,
        webhookId: `msg_${order.id}`,
        url: order.callbackUrl,
        // Standard Webhooks payload shape: type, timestamp, data.
        payload: { type, timestamp: now.toISOString(), data: view },
      });
    }
    return message.type === STOCK_RESERVED_V1 ? 'confirmed' : 'rejected';
  }
}
