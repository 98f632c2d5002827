import { randomUUID } from 'node:crypto';

import { LIVE_FEED, type LiveFeed, OutboxRelay } from '@commlab/messaging';
import { currentCorrelationId } from '@commlab/service-kit';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';

import type { Principal } from '../auth/principal';
import { reportDownstreamCall } from '../live/downstream-call';
import { type ReserveTransport, STOCK_RESERVERS, type StockReserver } from '../inventory/stock-reserver';
import type { Order } from './order';
import { OrderRepository } from './order.repository';
import { NOTIFICATION_JOBS, notificationJob } from './order-completion.events';
import { ORDER_PLACED_DESTINATION, ORDER_PLACED_FANOUT, orderPlacedEvent } from './order-placed.event';
import type { PlaceOrderBody } from './order.schemas';

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
    @Inject(OutboxRelay) private readonly outboxRelay: Pick<OutboxRelay, 'notify'>,
    @Optional() @Inject(LIVE_FEED) private readonly feed?: Pick<LiveFeed, 'publish'>,
  ) {
    this.reservers = new Map(reservers.map((reserver) => [reserver.transport, reserver]));
  }

  async execute(principal: Principal, body: PlaceOrderBody, transport: ReserveTransport): Promise<Order> {
    const reserver = this.reservers.get(transport);
    if (reserver === undefined) throw new Error(`no stock reserver for transport ${transport}`);
    const orderId = randomUUID();
    const reservation = await reportDownstreamCall(
      this.feed,
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
      const placed = orderPlacedEvent(order, cause.correlationId);
      await this.orders.save(
        order,
        [
          { envelope: placed, destination: ORDER_PLACED_DESTINATION },
          { envelope: placed, destination: ORDER_PLACED_FANOUT, rowId: `${placed.id}:order.placed` },
          {
            envelope: notificationJob(order, principal.email, 'order-placed', cause),
            destination: NOTIFICATION_JOBS,
          },
        ],
        principal.email,
      );
    } catch (error) {
      await reserver.release(orderId).catch((releaseError: unknown) => {
        this.logger.error(
          { err: releaseError, orderId },
          'could not release the reservation of an unsaved order',
        );
      });
      throw error;
    }
    this.outboxRelay.notify();
    this.feed?.publish('order.placed', {
      orderId: order.id,
      mode: 'sync',
      transport,
      totalCents: order.totalCents,
    });
    return order;
  }
}
