import { EventPublisher } from '@commlab/messaging';
import { Injectable, Logger } from '@nestjs/common';

import { scheduleOrderCallback } from '../webhooks/schedule-order-callback';
import { WebhookDeliveryRepository } from '../webhooks/webhook-delivery.repository';
import { WebhookDispatcher } from '../webhooks/webhook-dispatcher';
import { decideExpiry } from './decide-expiry';
import { orderCancelledEvent } from './order-cancelled.event';
import { OrderRepository } from './order.repository';

/** PENDING orders past their deadline looked at per query: a backlog goes in short batches. */
const BATCH_SIZE = 100;

/**
 * Expires the async orders inventory did not answer before their deadline (`expires_at`,
 * ORDER_PENDING_TIMEOUT_MS after the 202). Each order in a transaction of its own, under its row lock (as
 * completing and cancelling do): decideExpiry on what is stored now, then the conditional PENDING →
 * EXPIRED, so an answer or a cancellation that committed first wins and the order ends in exactly one
 * final state. With it, in the same transaction: `commlab.order.cancelled.v1` with `reason: TIMED_OUT`
 * (inventory releases the reservation, or records the id so that a late ReserveStock is refused — the
 * cancellation's compensation; notification and reporting see a cancellation), the `order.expired`
 * callback, and the `order.expired` live-feed line after the commit.
 */
@Injectable()
export class ExpirePendingOrders {
  private readonly logger = new Logger(ExpirePendingOrders.name);

  constructor(
    private readonly orders: OrderRepository,
    private readonly events: EventPublisher,
    private readonly callbacks: WebhookDeliveryRepository,
    private readonly dispatcher: WebhookDispatcher,
  ) {}

  /** One pass: every order PENDING past its deadline at `now`. Returns the ids this pass expired. */
  async execute(now = new Date()): Promise<string[]> {
    const expired: string[] = [];
    for (;;) {
      const due = await this.orders.dueForExpiry(now, BATCH_SIZE);
      let expiredInBatch = 0;
      for (const orderId of due) {
        if (await this.expire(orderId, now)) {
          expired.push(orderId);
          expiredInBatch += 1;
        }
      }
      // A short batch is the last; a batch where nothing changed would only repeat itself.
      if (due.length < BATCH_SIZE || expiredInBatch === 0) break;
    }
    if (expired.length > 0) this.dispatcher.notify();
    return expired;
  }

  /** Expires one order if it is still PENDING past its deadline; true when this call expired it. */
  async expire(orderId: string, now: Date): Promise<boolean> {
    const expired = await this.events.transaction(async (unit) => {
      const stored = await this.orders.lockById(unit.tx, orderId);
      if (stored === undefined || decideExpiry(stored, now).kind !== 'expire') return undefined;
      if (!(await this.orders.expire(unit.tx, orderId, now))) return undefined;
      const { userEmail: _email, ...order } = stored;
      await unit.publish(orderCancelledEvent(order, 'PENDING', now, undefined, 'TIMED_OUT'));
      await scheduleOrderCallback(
        this.callbacks,
        unit.tx,
        { ...order, status: 'EXPIRED' },
        'order.expired',
        now,
      );
      unit.announce('order.expired', { orderId, mode: order.mode, deadline: order.expiresAt });
      return order;
    });
    if (expired === undefined) return false;
    this.logger.log(
      { orderId, deadline: expired.expiresAt, createdAt: expired.createdAt },
      'async order expired: inventory did not answer before its deadline; its stock is released',
    );
    return true;
  }
}
