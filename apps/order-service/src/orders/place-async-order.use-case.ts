import { randomUUID } from 'node:crypto';

import type { SagaStyle } from '@commlab/contracts';
import { EventPublisher, type StagingUnit } from '@commlab/messaging';
import { annotateActiveSpan, currentCorrelationId, ORDER_ID_ATTRIBUTE } from '@commlab/service-kit';
import { checkCallbackUrl, type CallbackUrlPolicy } from '@commlab/webhooks';
import { Inject, Injectable } from '@nestjs/common';

import type { Principal } from '../auth/principal';
import { deadlineOf } from './decide-expiry';
import type { Order } from './order';
import { orderAcceptedEvent } from './order-accepted.event';
import { reserveStockCommand } from './order-completion.events';
import { OrderRepository } from './order.repository';
import type { PlaceOrderBody } from './order.schemas';
import type { AlsoInTransaction } from './also-in-transaction';
import { storeNewOrder } from './store-new-order';

export const CALLBACK_URL_POLICY = Symbol('CALLBACK_URL_POLICY');

/** How long an async order may stay PENDING (ORDER_PENDING_TIMEOUT_MS): its deadline is that after the 202. */
export const PENDING_TIMEOUT_MS = Symbol('PENDING_TIMEOUT_MS');

/**
 * The async order (`Prefer: respond-async`): nothing downstream is waited for. The callback URL is checked
 * now (a refused one is a 400 before anything is stored), then the PENDING order and its ReserveStock
 * command (RabbitMQ `inventory.commands`) commit together; the answer is 202. inventory may be down: the
 * command waits in the queue, and the order completes when inventory answers on Kafka `inventory` — or,
 * still PENDING at its deadline (`expiresAt`), it is expired (ExpirePendingOrders).
 *
 * That is the orchestrated saga (the default): order-service tells inventory what to do. A choreographed
 * order (`?saga=choreography`) sends no command: the PENDING order commits with OrderAccepted (Kafka
 * `orders`), inventory reacts to that event on its own and answers the same way, on Kafka `inventory`.
 */
@Injectable()
export class PlaceAsyncOrder {
  constructor(
    private readonly orders: OrderRepository,
    private readonly events: EventPublisher,
    @Inject(CALLBACK_URL_POLICY) private readonly callbackPolicy: CallbackUrlPolicy,
    @Inject(PENDING_TIMEOUT_MS) private readonly pendingTimeoutMs: number,
  ) {}

  /** `alsoInTransaction` runs in the order's transaction (its Idempotency-Key's response is recorded there). */
  async execute(
    principal: Principal,
    body: PlaceOrderBody,
    saga: SagaStyle,
    alsoInTransaction?: AlsoInTransaction,
  ): Promise<Order> {
    if (body.callbackUrl !== undefined) await checkCallbackUrl(body.callbackUrl, this.callbackPolicy);
    const acceptedAt = new Date();
    const expiresAt = deadlineOf(acceptedAt, this.pendingTimeoutMs);
    const order: Order = {
      id: randomUUID(),
      userId: principal.userId,
      status: 'PENDING',
      mode: 'async',
      transport: saga === 'choreography' ? 'kafka-event' : 'rmq-command',
      items: body.items.map(({ sku, quantity }) => ({ sku, quantity, unitPriceCents: 0, lineTotalCents: 0 })),
      totalCents: 0,
      currency: null,
      rejection: null,
      callbackUrl: body.callbackUrl ?? null,
      createdAt: acceptedAt.toISOString(),
      expiresAt,
      saga,
    };
    annotateActiveSpan({ [ORDER_ID_ATTRIBUTE]: order.id, 'commlab.order.mode': 'async' });
    const cause = { correlationId: currentCorrelationId() };
    const opening =
      saga === 'choreography'
        ? orderAcceptedEvent({ ...order, expiresAt, saga }, cause)
        : reserveStockCommand(order, cause);
    const stage = async (unit: StagingUnit) => {
      await unit.publish(opening);
      unit.announce('order.accepted', { orderId: order.id, mode: 'async', status: 'PENDING', saga });
    };
    await storeNewOrder(this.events, this.orders, order, principal.email, stage, alsoInTransaction);
    return order;
  }
}
