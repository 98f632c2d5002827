import { LIVE_FEED, type LiveFeed, OutboxRelay } from '@commlab/messaging';
import type { Database } from '@commlab/persistence';
import { Inject, Injectable, Optional } from '@nestjs/common';

import { enqueueInventoryEvent } from '../events/enqueue-inventory-event';
import { type EventCause, resolveEventCause } from '../events/event-cause';
import { stockReleasedEvent } from '../events/stock-released.event';
import { reservationNotFound } from '../stock/inventory-errors';
import { StockRepository } from '../stock/stock.repository';
import { DATABASE } from '../store/store.module';
import { runTransaction } from '../store/run-transaction';
import { ReservationRepository } from './reservation.repository';
import { bySku } from './reservation-items';
import type { ReleaseResult } from './reservation.types';

/**
 * ReleaseStock: puts a reservation's units back (a StockReleased event per SKU, appended with the same
 * optimistic version check as reservations; a conflict re-runs the command). Idempotent: the second
 * release answers `released: false` with no lines. The reservation row (the reservation aggregate, not
 * stock) is locked first, so two concurrent releases cannot both return the stock.
 * A release that gave units back is announced as `commlab.stock.released.v1` through the transactional
 * outbox, in the same transaction; a repeated release announces nothing.
 */
@Injectable()
export class ReleaseStockService {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly stock: StockRepository,
    private readonly reservations: ReservationRepository,
    // Optional so the use case can be built by hand (tests); without it the relay's next poll publishes.
    @Optional() @Inject(OutboxRelay) private readonly outboxRelay?: Pick<OutboxRelay, 'notify'>,
    @Optional() @Inject(LIVE_FEED) private readonly feed?: Pick<LiveFeed, 'publish'>,
  ) {}

  /** `cause`: see ReserveStockService.reserve (default: the request's correlation id). */
  async release(reservationId: string, cause: EventCause = {}): Promise<ReleaseResult> {
    const eventCause = resolveEventCause(cause);
    const result = await runTransaction(this.database, async (tx): Promise<ReleaseResult> => {
      const reservation = await this.reservations.find(tx, reservationId, true);
      if (reservation === undefined) throw reservationNotFound(reservationId);
      if (reservation.status === 'released') return { reservationId, released: false, lines: [] };

      const levels = new Map(
        (
          await this.stock.readStreams(
            tx,
            reservation.lines.map((line) => line.sku),
          )
        ).map((level) => [level.sku, level]),
      );
      for (const line of bySku(reservation.lines)) {
        const level = levels.get(line.sku);
        if (level === undefined)
          throw new Error(`reservation ${reservationId} holds unknown SKU ${line.sku}`);
        await this.stock.append(tx, level, [
          { type: 'StockReleased', quantity: line.quantity, reservationId },
        ]);
      }
      await this.reservations.markReleased(tx, reservationId);
      const lines = reservation.lines.map(({ sku, quantity }) => ({ sku, quantity }));
      await enqueueInventoryEvent(
        tx,
        stockReleasedEvent({ reservationId, orderId: reservation.orderId, items: lines }, eventCause),
      );
      return { reservationId, released: true, lines };
    });
    if (result.released) {
      this.outboxRelay?.notify();
      this.feed?.publish('stock.released', { reservationId });
    }
    return result;
  }
}
