import {
  type CommlabMessage,
  STOCK_REJECTED_V1,
  STOCK_RESERVED_V1,
  type StockRejectedV1Message,
  type StockReservedV1Message,
} from '@commlab/contracts';
import { EventPublisher, type UnitOfWork } from '@commlab/messaging';
import { annotateActiveSpan, ORDER_ID_ATTRIBUTE } from '@commlab/service-kit';
import { Inject, Injectable, Logger } from '@nestjs/common';

import { RELEASE_RETRY_DELAYS_MS, releaseEventually } from '../inventory/release-eventually';
import { STOCK_RESERVERS, type StockReserver } from '../inventory/stock-reserver';
import { scheduleOrderCallback } from '../webhooks/schedule-order-callback';
import { WebhookDeliveryRepository } from '../webhooks/webhook-delivery.repository';
import { WebhookDispatcher } from '../webhooks/webhook-dispatcher';
import type { Order } from './order';
import { decideInventoryAnswer } from './decide-inventory-answer';
import { notificationJob, orderConfirmedEvent, orderRejectedEvent } from './order-completion.events';
import { OrderRepository } from './order.repository';
import { SyncOrderIds } from './sync-order-ids';

/** The inbox name of order's consumer of inventory events (its Kafka consumer group's). */
export const INVENTORY_EVENTS_CONSUMER = 'order';

/** `released`: stock reserved for an EXPIRED order (a late answer) is being released. */
export type CompletionResult = 'confirmed' | 'rejected' | 'released' | 'ignored' | 'duplicate';

/**
 * Completes an async order from inventory's answer on Kafka `inventory`, exactly once (inbox row and
 * effect in one transaction): StockReserved → CONFIRMED with the reserved prices, StockRejected →
 * REJECTED; then OrderConfirmed / OrderRejected (Kafka `orders` + `commlab.events`) and the customer's
 * notification job go out through the outbox. A StockReserved for an order that EXPIRED meanwhile (the
 * answer came after the deadline) is not a confirmation: the reservation is released (in the background,
 * retried — inventory also releases it on the expiry's OrderCancelled; releasing twice is harmless). Events
 * about sync orders (already CONFIRMED), orders cancelled while they waited (CANCELLED: inventory releases
 * or refuses their stock itself), unknown orders and other types are acknowledged and ignored
 * (decideInventoryAnswer) — those about the sync orders this process placed without even reading the
 * order (SyncOrderIds).
 */
@Injectable()
export class CompleteAsyncOrder {
  private readonly logger = new Logger(CompleteAsyncOrder.name);
  private readonly releaser: StockReserver;
  /** RELEASE_RETRY_DELAYS_MS; tests shorten it. */
  releaseRetryDelaysMs: readonly number[] = RELEASE_RETRY_DELAYS_MS;

  constructor(
    private readonly orders: OrderRepository,
    private readonly events: EventPublisher,
    private readonly callbacks: WebhookDeliveryRepository,
    private readonly dispatcher: WebhookDispatcher,
    @Inject(STOCK_RESERVERS) reservers: StockReserver[],
    private readonly syncOrders: SyncOrderIds,
  ) {
    // Releases go over gRPC, the default transport (any would do: the reservation id is the order id).
    const [first] = reservers;
    const grpc = reservers.find((reserver) => reserver.transport === 'grpc') ?? first;
    if (grpc === undefined) throw new Error('no stock reserver to release late reservations with');
    this.releaser = grpc;
  }

  async execute(message: CommlabMessage): Promise<CompletionResult> {
    if (message.type !== STOCK_RESERVED_V1 && message.type !== STOCK_REJECTED_V1) return 'ignored';
    annotateActiveSpan({ [ORDER_ID_ATTRIBUTE]: message.data.orderId });
    // A sync order this process placed: CONFIRMED or never stored, the answer changes nothing (SyncOrderIds).
    if (this.syncOrders.take(message.data.orderId)) return 'ignored';
    // Most of inventory's answers are about sync orders, already CONFIRMED, or about orders already
    // settled: CONFIRMED, REJECTED and CANCELLED are final, so one plain read settles those answers — no
    // inbox row, no transaction. Every other answer goes through the exactly-once path below, where only a
    // PENDING order completes (under its row lock, so a cancellation and a completion never both win).
    const answer = message.type === STOCK_RESERVED_V1 ? 'reserved' : 'rejected';
    const status = await this.orders.statusOf(message.data.orderId);
    if (status !== undefined && status !== 'PENDING') {
      const decision = decideInventoryAnswer(status, answer);
      if (decision.kind !== 'release') return 'ignored';
      this.releaseLateReservation(message.data.orderId);
      return 'released';
    }
    const inbox = { consumer: INVENTORY_EVENTS_CONSUMER, messageId: message.id };
    const result = await this.events.transactionOnce(inbox, (unit) => this.complete(unit, message));
    if (result.status === 'duplicate') return 'duplicate';
    if (result.result === 'released') {
      this.releaseLateReservation(message.data.orderId);
    } else if (result.result !== 'ignored') {
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
    const answer = message.type === STOCK_RESERVED_V1 ? 'reserved' : 'rejected';
    const decision = decideInventoryAnswer(order?.status, answer);
    // Expired between the plain read and this lock: released after the commit.
    if (decision.kind === 'release') return 'released';
    if (order === undefined || decision.kind === 'ignore') return 'ignored';
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
    await scheduleOrderCallback(this.callbacks, unit.tx, final, `order.${outcome}`, now);
    unit.announce(`order.${outcome}`, { orderId: order.id, mode: 'async' });
    return outcome;
  }

  /** A late StockReserved for an EXPIRED order: give the stock back (logged; retried in the background). */
  private releaseLateReservation(orderId: string): void {
    this.logger.log({ orderId }, 'stock reserved for an expired order: releasing it');
    this.events.announce('order.late-reservation-released', { orderId, mode: 'async' });
    releaseEventually(this.releaser, orderId, {
      delaysMs: this.releaseRetryDelaysMs,
      logger: this.logger,
      giveUpMessage: 'gave up releasing the late reservation of an expired order (the reconciliation will)',
    });
  }
}
