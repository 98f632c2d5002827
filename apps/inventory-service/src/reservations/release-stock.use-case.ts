import { EventPublisher, type TransactionRunner, type UnitOfWork } from '@commlab/messaging';
import type { Database } from '@commlab/persistence';
import { Inject, Injectable } from '@nestjs/common';

import { type EventCause, provenanceOf, resolveEventCause } from '../events/event-cause';
import { stockReleasedEvent } from '../events/stock-released.event';
import { reservationNotFound } from '../stock/inventory-errors';
import { StockRepository } from '../stock/stock.repository';
import { DATABASE } from '@commlab/service-kit';
import { runTransaction } from '../store/run-transaction';
import { decideRelease } from './decide-reservation';
import { ReservationRepository, type StoredReservation } from './reservation.repository';
import type { ReleaseResult } from './reservation.types';

/**
 * ReleaseStock: puts a reservation's units back (a StockReleased event per SKU, appended with the same
 * optimistic version check as reservations; a conflict re-runs the command), stored with the cause's
 * correlation and causation ids as a reservation's events are. Idempotent: the second
 * release answers `released: false` with no lines. The reservation row (the reservation aggregate, not
 * stock) is locked first, so two concurrent releases cannot both return the stock.
 * A release that gave units back is published as `commlab.stock.released.v1` in the same transaction
 * (the outbox) and announced on the live feed after the commit; a repeated release publishes nothing, and
 * neither does the release of a reservation recorded only as cancelled (it never held stock).
 */
@Injectable()
export class ReleaseStock {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly stock: StockRepository,
    private readonly reservations: ReservationRepository,
    private readonly events: EventPublisher,
  ) {}

  /** `cause`: see ReserveStock.execute (default: the request's correlation id). */
  async execute(reservationId: string, cause: EventCause = {}): Promise<ReleaseResult> {
    const eventCause = resolveEventCause(cause);
    return this.events.transaction(async (unit) => {
      const reservation = await this.reservations.find(unit.tx, reservationId, true);
      if (reservation === undefined) throw reservationNotFound(reservationId);
      return this.releaseLocked(unit, reservation, eventCause);
    }, this.runner);
  }

  /** Re-runs a transaction that lost an optimistic-concurrency race on a stock stream. */
  readonly runner: TransactionRunner = (work) => runTransaction(this.database, work);

  /**
   * The release itself, inside the caller's transaction (`unit`), of a reservation the caller found and
   * locked (`find(…, true)`): also what an order's cancellation runs, in the transaction that records its
   * message in the inbox. A reservation that is not active gives nothing back.
   */
  async releaseLocked(
    unit: UnitOfWork,
    reservation: StoredReservation,
    cause: EventCause,
  ): Promise<ReleaseResult> {
    const { reservationId } = reservation;
    if (reservation.status !== 'active') return { reservationId, released: false, lines: [] };

    const levels = await this.stock.readLevels(
      unit.tx,
      reservation.lines.map((line) => line.sku),
    );
    await this.stock.appendAll(unit.tx, decideRelease(reservation, levels), provenanceOf(cause));
    await this.reservations.markReleased(unit.tx, reservationId);
    const lines = reservation.lines.map(({ sku, quantity }) => ({ sku, quantity }));
    await unit.publish(
      stockReleasedEvent({ reservationId, orderId: reservation.orderId, items: lines }, cause),
    );
    unit.announce('stock.released', { reservationId });
    return { reservationId, released: true, lines };
  }
}
