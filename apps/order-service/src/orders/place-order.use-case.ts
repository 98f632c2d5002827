import { randomUUID } from 'node:crypto';

import { AppError, type ErrorKind } from '@commlab/errors';
import { EventPublisher, type StagingUnit } from '@commlab/messaging';
import { annotateActiveSpan, currentCorrelationId, ORDER_ID_ATTRIBUTE } from '@commlab/service-kit';
import { Inject, Injectable, Logger } from '@nestjs/common';

import type { Principal } from '../auth/principal';
import { reportDownstreamCall } from '../live/downstream-call';
import { RELEASE_RETRY_DELAYS_MS, releaseEventually } from '../inventory/release-eventually';
import { type ReserveTransport, STOCK_RESERVERS, type StockReserver } from '../inventory/stock-reserver';
import type { Order } from './order';
import { OrderRepository } from './order.repository';
import { notificationJob } from './order-completion.events';
import { orderPlacedEvent } from './order-placed.event';
import type { PlaceOrderBody } from './order.schemas';
import type { AlsoInTransaction } from './also-in-transaction';
import { storeNewOrder } from './store-new-order';
import { SyncOrderIds } from './sync-order-ids';

/** What inventory answers when it did not reserve: a refusal, not a lost answer. */
const REFUSALS: ReadonlySet<ErrorKind> = new Set<ErrorKind>([
  'invalid_argument',
  'unauthenticated',
  'permission_denied',
  'not_found',
  'conflict',
  'already_exists',
  'failed_precondition',
  'payload_too_large',
  'rate_limited',
  'not_implemented',
]);

/**
 * Whether a failed ReserveStock may still have reserved the stock: no answer before the deadline, inventory
 * unreachable mid-call, or an unexpected error. inventory may then finish the reservation after order-service
 * gave up, so the reservation must be released — or the stock stays held for an order that does not exist.
 */
export function reservationMayExist(error: unknown): boolean {
  return !(error instanceof AppError) || !REFUSALS.has(error.kind);
}

/**
 * The sync order: reserve the stock now (over the chosen transport), then store the CONFIRMED order.
 * The reservation id is the order id, so a retried reservation is idempotent on inventory's side. If the
 * order cannot be stored, the reservation is released (compensation; the first attempt before the error
 * surfaces, retried in the background if it fails). If the
 * reservation's outcome is unknown (deadline exceeded, inventory unavailable), it is released too, in the
 * background and retried for about a minute: the reservation may land after the deadline (found by
 * `pnpm chaos`: stock held for orders that were never stored).
 * The order, its `commlab.order.placed.v2` event (Kafka `orders` and the `commlab.events` exchange) and the
 * customer's notification job (`notifications.send`) commit together (transactional outbox); the relay
 * publishes them afterwards, so a slow or missing broker never delays the response.
 */
@Injectable()
export class PlaceOrder {
  private readonly logger = new Logger(PlaceOrder.name);
  private readonly reservers: Map<ReserveTransport, StockReserver>;
  /** RELEASE_RETRY_DELAYS_MS; tests shorten it. */
  releaseRetryDelaysMs: readonly number[] = RELEASE_RETRY_DELAYS_MS;

  constructor(
    @Inject(STOCK_RESERVERS) reservers: StockReserver[],
    private readonly orders: OrderRepository,
    private readonly events: EventPublisher,
    private readonly syncOrders: SyncOrderIds = new SyncOrderIds(),
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
    // Before the reservation: inventory's StockReserved about it may reach CompleteAsyncOrder first.
    this.syncOrders.add(orderId);
    annotateActiveSpan({ [ORDER_ID_ATTRIBUTE]: orderId, 'commlab.order.transport': transport });
    let reservation;
    try {
      reservation = await reportDownstreamCall(
        this.events,
        { to: 'inventory-service', operation: 'ReserveStock', transport, orderId },
        () => reserver.reserve({ reservationId: orderId, orderId, items: body.items }),
      );
    } catch (error) {
      if (reservationMayExist(error)) this.releaseEventually(reserver, orderId);
      throw error;
    }
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
      expiresAt: null,
      saga: null,
    };
    try {
      const cause = { correlationId: currentCorrelationId() };
      const stage = async (unit: StagingUnit) => {
        await unit.publish(orderPlacedEvent(order, cause.correlationId));
        await unit.publish(notificationJob(order, principal.email, 'order-placed', cause));
        unit.announce('order.placed', {
          orderId: order.id,
          mode: 'sync',
          transport,
          totalCents: order.totalCents,
        });
      };
      await storeNewOrder(this.events, this.orders, order, principal.email, stage, alsoInTransaction);
    } catch (error) {
      // Retried like a lost ReserveStock answer: inventory's own database may be failing at this moment too.
      this.releaseEventually(reserver, orderId);
      throw error;
    }
    return order;
  }

  /** Releases a reservation that may exist, in the background, retried (releaseEventually). */
  private releaseEventually(reserver: StockReserver, reservationId: string): void {
    releaseEventually(reserver, reservationId, {
      delaysMs: this.releaseRetryDelaysMs,
      logger: this.logger,
      giveUpMessage:
        'gave up releasing the reservation of an order that failed (it never appeared, or inventory stayed unreachable)',
    });
  }
}
