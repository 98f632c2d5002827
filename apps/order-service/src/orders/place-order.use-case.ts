import { randomUUID } from 'node:crypto';

import { EventPublisher } from '@commlab/messaging';
import { annotateActiveSpan, currentCorrelationId, ORDER_ID_ATTRIBUTE } from '@commlab/service-kit';
import { Inject, Injectable, Logger } from '@nestjs/common';

import type { Principal } from '../auth/principal';
import { reportDownstreamCall } from '../live/downstream-call';
import { type ReserveTransport, STOCK_RESERVERS, type StockReserver } from '../inventory/stock-reserver';
import type { Order } from './order';
import { OrderRepository } from './order.repository';
import { notificationJob } from './order-completion.events';
import { orderPlacedEvent } from './order-placed.event';
import type { PlaceOrderBody } from './order.schemas';
import type { AlsoInTransaction } from './also-in-transaction';

/**
 * The sync order: reserve the stock now (over the chosen transport), then store the CONFIRMED order.
 * The reservation id is the order id, so a retried reservation is idempotent on inventory's side. If the
 * order cannot be stored, the reservation is released (compensation) before the error surfaces.
 * The order, its `commlab.order.placed.v1` event (Kafka `orders` and the `commlab.events` exchange) and the
 * customer's notification job (`notifications.send`) commit together (transactional outbox); the relay
 * publishes them afterwards, so a slow or missing broker never delays the response.
 */
@Injectable()
export class PlaceOrder {
  private readonly logger = new Logger(PlaceOrder.name);
  private readonly reservers: Map<ReserveTransport, StockReserver>;

  constructor(
    @Inject(STOCK_RESERVERS) reservers: StockReserver[],
    private readonly orders: OrderRepository,
    private readonly events: EventPublisher,
  ) {
    this.reservers = new Map(reservers.map((reserver) => [reserver.transport, reserver]));
  }

  /** `alsoInTransaction` runs in the order's transaction (its Idempotency-Key's response is recorded there). */
  async execute(
    principal: Principal,
    body: PlaceOrderBody,
    transport: ReserveTransport,
    alsoInTransaction?: AlsoInTransaction,
  ): Promise<Order> {
    const reserver = this.reservers.get(transport);
    if (reserver === undefined) throw new Error(`no stock reserver for transport ${transport}`);
    const orderId = randomUUID();
    annotateActiveSpan({ [ORDER_ID_ATTRIBUTE]: orderId, 'commlab.order.transport': transport });
    const reservation = await reportDownstreamCall(
      this.events,
      { to: 'inventory-service', operation: 'ReserveStock', transport, orderId },
      () => reserver.reserve({ reservationId: orderId, orderId, items: body.items }),
    );
    const order: Order & { currency: string } = {
      id: orderId,
      userId: principal.userId,
      status: 'CONFIRMED',
      mode: 'sync',
      transport,
      items: reservation.lines,
      totalCents: reservation.totalCents,
      currency: reservation.currency,
      rejection: null,
      callbackUrl: body.callbackUrl ?? null,
      createdAt: new Date().toISOString(),
    };
    try {
      const cause = { correlationId: currentCorrelationId() };
      await this.events.transaction(async (unit) => {
        await this.orders.insert(order, unit.tx, principal.email);
        await alsoInTransaction?.(unit.tx, order);
        await unit.publish(orderPlacedEvent(order, cause.correlationId));
        await unit.publish(notificationJob(order, principal.email, 'order-placed', cause));
        unit.announce('order.placed', {
          orderId: order.id,
          mode: 'sync',
          transport,
          totalCents: order.totalCents,
        });
      });
    } catch (error) {
      await reserver.release(orderId).catch((releaseError: unknown) => {
        this.logger.error(
          { err: releaseError, orderId },
          'could not release the reservation of an unsaved order',
        );
      });
      throw error;
    }
    return order;
  }
}
